"""Which embedder an ingest uses: the model's int8 ONNX graph when it keeps retrieval, else fp32.

Embedding is nearly all of ingest time. The int8 graph (index/onnx_models.py) embeds several times
faster than sentence-transformers here, but quantisation moves vectors a little, so it is used only
when a parity check passes: on the eval questions over the bundled texts, the assistant's retrieval
top-5 with the int8 graph must overlap that with the fp32 graph by at least ``PARITY_MIN_OVERLAP`` on
average, and the eval must not get worse: no fewer cases passed, and no other metric worse case by
case beyond chance (``paired_worse``). The verdict depends on the two graphs and the eval cases, so
it is computed once per machine and cached beside the graphs.

A collection keeps the precision it was created with (``embed_precision`` in its manifest): a later
ingest into an fp32 collection stays fp32 even where int8 would pass, so chunks of one collection
never mix vector spaces, and questions use the same graph (index/query_embed.py).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.embedder import OnnxEmbedding, load_embedder
from index.errors import IndexMismatchError
from index.onnx_models import cached_graph, graph_path
from index.query_embed import embed_texts, max_seq_length, resolve_model_path
from index.settings import Settings
from index.store import atomic_write

PARITY_MIN_OVERLAP = 0.95
PARITY_TOP_K = 5
PARITY_VERSION = "retrieval-eval-4"  # a new way of measuring is a new verdict file
# The cases it runs: a fixed-size sample of the eval cases in a stable order (by a hash of each id), so
# that adding dev batches does not make the check (run once per machine, and once per CI run) grow with
# them. 800 cases on each graph is about a minute here; the sign test still sees a real shift.
PARITY_CASES = 800
# A metric is worse with int8 when more cases lose on it than gain and an exact two-sided sign test
# (McNemar's on a yes/no metric) makes that split this unlikely by chance: on 1,400 questions, near
# ties move a few retrieval hits either way (fp32 → int8: 3 lost, 2 gained) without any answer moving.
PARITY_ALPHA = 0.05

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class EmbedChoice:
    embedder: Any
    precision: str  # "int8" or "fp32": what the manifest records and questions must use
    backend: str  # "onnx", "sentence-transformers" or "hash"
    parity: dict | None = None
    notice: str | None = None


def choose_embedder(settings: Settings, manifest: dict, load=load_embedder) -> EmbedChoice:
    """``load`` makes the hash and sentence-transformers embedders (the pipeline's, so tests can swap it)."""
    name, batch = settings.embed_model, settings.embed_batch_size
    if name.startswith("hash:"):
        return EmbedChoice(load(name, batch), "fp32", "hash")
    existing = manifest.get("embed_precision") or ("fp32" if manifest["docs"] else None)
    precision = existing or ("fp32" if settings.embed_precision == "fp32" else "int8")
    parity = notice = None
    if existing is None and settings.embed_precision == "auto":
        parity = parity_check(name, settings.cache_dir)
        if parity is None or not parity["passed"]:
            precision = "fp32"
            notice = f"Embedding in fp32: the int8 model failed its parity check ({_failure(parity)}), " + (
                "so this ingest is slower but retrieval is unchanged."
            )
    try:
        graph = cached_graph(name, settings.cache_dir, precision)
    except OSError:  # an unwritable per-machine cache: sentence-transformers, the same fp32 vectors
        graph = None
    if graph is None:
        if precision != "fp32":
            raise IndexMismatchError(
                f"collection '{settings.collection}' is {precision} but '{name}' cannot be exported"
            )
        return EmbedChoice(load(name, batch), "fp32", "sentence-transformers")
    embedder = OnnxEmbedding(
        model_name=name,
        graph=str(graph),
        model_dir=resolve_model_path(name),
        inner_batch_size=batch,
        workers=settings.ingest_embed_workers or os.cpu_count() or 1,
        onnx_threads=settings.ingest_onnx_threads,
        onnx_spinning=settings.ingest_onnx_spinning,
        embed_batch_size=2048,  # llama-index hands over this many; they are length-sorted inside
        cache_file=str(settings.embed_cache) if settings.embed_cache else None,
    )
    return EmbedChoice(embedder, precision, "onnx", parity, notice)


def _failure(parity: dict | None) -> str:
    if parity is None:
        return "it could not be made here"
    worse = parity.get("eval_worse") or []
    overlap = f"retrieval top-5 overlap {parity['top5_overlap']:.3f}, needs {PARITY_MIN_OVERLAP}"
    return overlap + (f"; worse eval metrics: {', '.join(worse)}" if worse else "")


def parity_cases() -> list:
    """The eval cases the check measures on: ``PARITY_CASES`` of them, first by a hash of the id."""
    from eval.cases import default_case_files, load_cases

    cases = load_cases(default_case_files())
    return sorted(cases, key=lambda c: hashlib.sha1(c.id.encode()).hexdigest())[:PARITY_CASES]


def _parity_texts() -> tuple[list[str], list[str]]:
    """The eval questions and the chunks of the bundled texts (what the eval retrieves from)."""
    from ingest.chunker import chunk_document
    from ingest.documents import prepare

    questions = [case.question for case in parity_cases()]
    chunks = []
    for path in sorted((ROOT / "data").rglob("*.txt")):
        doc = prepare(path)
        chunks += [c.text for c in chunk_document(doc.doc_id, doc.text)]
    return questions, chunks


def top_k_overlap(q_a: np.ndarray, c_a: np.ndarray, q_b: np.ndarray, c_b: np.ndarray, k: int) -> float:
    top_a = np.argsort(-(q_a @ c_a.T), axis=1, kind="stable")[:, :k]
    top_b = np.argsort(-(q_b @ c_b.T), axis=1, kind="stable")[:, :k]
    return float(np.mean([len(set(a) & set(b)) / k for a, b in zip(top_a, top_b, strict=True)]))


def mean_overlap(lists_a: list[list[str]], lists_b: list[list[str]]) -> float:
    """Mean share of each question's top-k (by the fp32 model) that the other model also returns."""
    shares = [len(set(a) & set(b)) / max(1, len(a)) for a, b in zip(lists_a, lists_b, strict=True)]
    return float(np.mean(shares)) if shares else 1.0


def paired_worse(metric: str, per_case: dict[str, dict[str, dict]]) -> tuple[int, int, bool]:
    """(cases int8 loses on ``metric``, cases it gains, whether that is worse beyond chance)."""
    from scipy.stats import binomtest

    from eval.gate import LOWER_IS_BETTER

    lost = gained = 0
    for case, b in per_case["fp32"].items():
        x, y = per_case["int8"].get(case, {}).get(metric), b.get(metric)
        if x is None or y is None or x != x or y != y or x == y:  # absent, NaN or the same
            continue
        if (x > y) == (metric in LOWER_IS_BETTER):
            lost += 1
        else:
            gained += 1
    unlikely = lost > gained and binomtest(lost, lost + gained, 0.5).pvalue < PARITY_ALPHA
    return lost, gained, unlikely


def verdict(
    retrieval_overlap: float, metrics: dict[str, dict], per_case: dict[str, dict[str, dict]] | None = None
) -> dict:
    """The issue's rule: retrieval top-5 overlap with fp32 ≥ 0.95 and the eval unchanged, read as "no
    fewer cases passed, and no quality metric worse" (the gate's metrics and directions). Given the
    per-case values, a metric other than the passed count is worse only case by case beyond chance
    (``paired_worse``); without them, any drop of its mean is. Every metric that moved is recorded."""
    from eval.gate import LOWER_IS_BETTER, QUALITY

    fp32, int8 = metrics["fp32"], metrics["int8"]
    changed = sorted(m for m in fp32 if fp32[m] != int8.get(m))

    def dropped(m: str) -> bool:
        a, b = int8.get(m, float("nan")), fp32[m]
        return a > b if m in LOWER_IS_BETTER else not a >= b

    paired = {m: paired_worse(m, per_case) for m in QUALITY if m in fp32} if per_case else {}
    worse_metrics = [
        m
        for m in [*QUALITY, "passed"]
        if m in fp32 and dropped(m) and (m == "passed" or m not in paired or paired[m][2])
    ]
    return {
        "top5_overlap": round(retrieval_overlap, 4),
        "eval_changed": changed,
        "eval_worse": worse_metrics,
        "eval_paired": {m: list(v[:2]) for m, v in paired.items() if v[0] or v[1]},  # [lost, gained] per metric
        "passed": retrieval_overlap >= PARITY_MIN_OVERLAP and not worse_metrics,
    }


def _dense_overlap(name: str, cache_dir: Path, int8: Path) -> tuple[float, float]:
    """Top-5 of the dense model alone over the bundled chunks, and the lowest chunk cosine: recorded
    beside the verdict. The dense ranking alone moves more (0.85) than the assistant's retrieval,
    which fuses it with BM25, because this English-only model scores Chinese chunks close together."""
    import onnxruntime as ort
    from tokenizers import Tokenizer

    model_dir = Path(resolve_model_path(name))
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_seq_length(model_dir))
    questions, chunks = _parity_texts()
    vectors = {}
    for precision, graph in (("fp32", graph_path(name, cache_dir, "fp32")), ("int8", int8)):
        session = ort.InferenceSession(str(graph), providers=["CPUExecutionProvider"])
        vectors[precision] = (embed_texts(session, tokenizer, questions), embed_texts(session, tokenizer, chunks))
    (q32, c32), (q8, c8) = vectors["fp32"], vectors["int8"]
    cosine = (c32 * c8).sum(1) / (np.linalg.norm(c32, axis=1) * np.linalg.norm(c8, axis=1))
    return top_k_overlap(q32, c32, q8, c8, PARITY_TOP_K), float(cosine.min())


def _retrieval_and_eval(name: str, cache_dir: Path) -> tuple[list[list[list[str]]], dict[str, dict], dict]:
    """Build the eval's collections with each graph (in a scratch folder of the cache), run every eval
    case through the assistant, and collect each question's top-5 chunk ids from its retrieval, the
    summary metrics and each case's own metric values."""
    import tempfile

    from eval.metrics import METRICS
    from eval.runner import run
    from index.search import Searcher

    cases = parity_cases()
    tops, metrics, per_case = [], {}, {}
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="parity-", dir=cache_dir) as work:
        for precision in ("fp32", "int8"):
            settings = Settings(  # local, extractive and uncached whatever the environment says
                index_dir=Path(work) / precision,
                embed_model=name,
                embed_precision=precision,
                cache_dir=cache_dir,
                chroma_url=None,
                llm="extractive",
                embed_cache=None,
            )
            results, summary = run(settings, cases, PARITY_TOP_K)
            metrics[precision] = {m: round(summary["overall"][m], 4) for m in [*METRICS, "passed"]}
            per_case[precision] = {r.id: {m: float(getattr(r, m)) for m in METRICS} for r in results}
            searchers: dict[str, Searcher] = {}
            top = []
            for case in cases:
                if case.collection not in searchers:
                    searchers[case.collection] = Searcher(settings.model_copy(update={"collection": case.collection}))
                passages = searchers[case.collection].search(case.question, PARITY_TOP_K).passages
                top.append([p.chunk_id for p in passages[:PARITY_TOP_K]])
            tops.append(top)
    return tops, metrics, per_case


def _verdict_path(int8: Path) -> Path:
    """Beside the int8 graph, named by the check's version and the eval cases it was measured on."""
    digest = hashlib.sha1(PARITY_VERSION.encode())
    for case in parity_cases():  # the cases it runs
        digest.update(case.model_dump_json().encode())
    return int8.with_name(f"{int8.stem}.parity-{digest.hexdigest()[:12]}.json")


def parity_check(name: str, cache_dir: Path) -> dict | None:
    """int8 against fp32 on the eval questions; cached per machine beside the int8 graph.

    Measured as the issue states it: the assistant's retrieval top-5 (dense + BM25, what answers are
    built from) must overlap the fp32 collection's by ≥ ``PARITY_MIN_OVERLAP`` on average, and the
    eval metrics must not change. The dense-only overlap is recorded too. Costs about a minute,
    once per machine (two small collections per precision and ``PARITY_CASES`` eval cases)."""
    try:
        int8 = cached_graph(name, cache_dir, "int8")
    except OSError:
        return None
    if int8 is None:
        return None
    path = _verdict_path(int8)
    if path.exists():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            pass
    dense_overlap, min_cosine = _dense_overlap(name, cache_dir, int8)
    (top32, top8), metrics, per_case = _retrieval_and_eval(name, cache_dir)
    result = {
        **verdict(mean_overlap(top32, top8), metrics, per_case),
        "dense_top5_overlap": round(dense_overlap, 4),
        "min_chunk_cosine": round(min_cosine, 4),
        "questions": len(top32),
        "metrics": metrics,
    }
    try:
        atomic_write(path, json.dumps(result))
    except OSError:
        pass  # an unwritable cache only means measuring again next time
    return result
