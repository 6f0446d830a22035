"""The packaged sentence-transformers model and real Chroma, end to end (slower)."""

from pathlib import Path

import numpy as np
import pytest

import index.query_embed as query_embed
from app.assistant import Assistant
from index.embedder import load_embedder
from index.onnx_models import graph_path
from index.query_embed import OnnxQueryEmbedder, load_query_embedder, max_seq_length, onnx_path, resolve_model_path
from index.settings import DEFAULT_MODEL, Settings
from index.store import CollectionStore
from ingest.pipeline import Ingestor

pytestmark = pytest.mark.real_model


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    settings = Settings(index_dir=tmp_path_factory.mktemp("real"), embed_model=DEFAULT_MODEL)
    Ingestor(settings).ingest()
    return Assistant(settings)


def test_the_packaged_model_answers_the_academician_question(real):
    answer = real.ask("哪位中國工程院院士參加了會議？")
    assert "鄔賀銓" in answer.text


def test_the_packaged_model_lists_the_four_measures_and_refuses_the_budget(real):
    assert len(real.ask("工信部推动工业互联网的四项举措是什么？").citations) == 4
    assert real.ask("這項政策的財政預算是多少？").abstained


def test_the_packaged_model_vectors_are_stored_in_chroma(real):
    got = real.searcher.store.collection().get(include=["embeddings"], limit=1)
    assert len(got["embeddings"][0]) == 384


def test_query_embeddings_without_torch_match_sentence_transformers_in_three_scripts(real):
    settings = real.settings
    precision = real.searcher.manifest["embed_precision"]  # int8 where its parity check passed
    assert isinstance(load_query_embedder(settings.embed_model, str(settings.index_dir), precision), OnnxQueryEmbedder)
    model_dir = Path(resolve_model_path(settings.embed_model))
    fp32_graph = graph_path(settings.embed_model, settings.cache_dir, "fp32")  # what int8 is quantised from
    embed = OnnxQueryEmbedder(model_dir, fp32_graph, max_seq_length(model_dir))
    texts = ["哪位院士參加了會議？", "哪位院士参加了会议？", "Which academician attended the meeting?"]
    want = load_embedder(settings.embed_model).get_text_embedding_batch(texts)
    for text, expected in zip(texts, want, strict=True):
        assert float(np.dot(embed(text), expected)) > 0.9999


def test_a_second_index_reuses_the_machines_onnx_export_instead_of_exporting_again(real, tmp_path, monkeypatch):
    def no_export(*args):
        raise AssertionError("exported again")

    monkeypatch.setattr(query_embed, "export_onnx", no_export)
    settings = Settings(index_dir=tmp_path / "second", embed_model=DEFAULT_MODEL)
    Ingestor(settings).ingest()
    precision = CollectionStore(settings).read_manifest()["embed_precision"]
    assert onnx_path(settings.index_dir, DEFAULT_MODEL, precision).exists()
    assert "鄔賀銓" in Assistant(settings).ask("哪位中國工程院院士參加了會議？").text


def test_an_unwritable_cache_only_costs_the_export(real, tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be")
    settings = Settings(index_dir=tmp_path / "third", embed_model=DEFAULT_MODEL, cache_dir=blocker)
    Ingestor(settings).ingest()
    assert onnx_path(settings.index_dir, DEFAULT_MODEL).exists()


def test_length_sorted_embedding_keeps_each_vector_with_its_text(real):
    embedder = load_embedder(real.settings.embed_model)
    texts = [("工業互聯網" * (i % 7 + 1)) + f"第{i}條" for i in range(40)]
    reports: list[tuple[int, int]] = []
    old = embedder.inner_batch_size
    embedder.inner_batch_size = 2  # slices of 32 texts: two slices and a progress report each
    embedder._progress = lambda n, of: reports.append((n, of))
    try:
        got = embedder.get_text_embedding_batch(texts)
    finally:
        embedder.inner_batch_size = old
        embedder._progress = None
    want = embedder._model.encode(texts, normalize_embeddings=True)
    assert all(float(np.dot(g, w)) > 0.9999 for g, w in zip(got, want, strict=True))
    assert reports == [(32, 40), (40, 40)]


def test_an_index_without_its_onnx_query_model_says_so_and_still_answers(real, tmp_path, monkeypatch):
    monkeypatch.setattr(query_embed, "export_onnx", lambda *args: False)
    settings = Settings(index_dir=tmp_path / "no-onnx", embed_model=DEFAULT_MODEL, cache_dir=tmp_path / "cache")
    report = Ingestor(settings).ingest()
    assert any("`onnx`" in w for w in report.warnings)
    assert not onnx_path(settings.index_dir, DEFAULT_MODEL).exists()
    assert "鄔賀銓" in Assistant(settings).ask("哪位中國工程院院士參加了會議？").text
