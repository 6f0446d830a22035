"""Which embedder an ingest uses: the model's int8 ONNX graph when it keeps retrieval, else fp32.

Embedding is nearly all of ingest time. The int8 graph (index/onnx_models.py) embeds several times
faster than sentence-transformers here, but quantisation moves vectors a little, so it is used only
when a parity check passes: on the eval questions over the bundled texts, the top-5 chunks by the
int8 graph must overlap those of the fp32 graph by at least ``PARITY_MIN_OVERLAP`` on average. The
verdict depends only on the two graphs, so it is computed once per machine and cached beside them.

A collection keeps the precision it was created with (``embed_precision`` in its manifest): a later
ingest into an fp32 collection stays fp32 even where int8 would pass, so chunks of one collection
never mix vector spaces, and questions use the same graph (index/query_embed.py).
"""

from __future__ import annotations

import json
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
            overlap = "not measured" if parity is None else f"{parity['top5_overlap']:.3f}"
            notice = (
                f"Embedding in fp32: the int8 model failed its parity check (top-5 overlap {overlap}, "
                f"needs {PARITY_MIN_OVERLAP}), so this ingest is slower but retrieval is unchanged."
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
        embed_batch_size=2048,  # llama-index hands over this many; they are length-sorted inside
        cache_file=str(settings.embed_cache) if settings.embed_cache else None,
    )
    return EmbedChoice(embedder, precision, "onnx", parity, notice)


def _parity_texts() -> tuple[list[str], list[str]]:
    """The eval questions and the chunks of the bundled texts (what the eval retrieves from)."""
    from ingest.chunker import chunk_document
    from ingest.documents import prepare

    questions = []
    for path in sorted((ROOT / "eval" / "cases").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                questions.append(json.loads(line)["question"])
    chunks = []
    for path in sorted((ROOT / "data").rglob("*.txt")):
        doc = prepare(path)
        chunks += [c.text for c in chunk_document(doc.doc_id, doc.text)]
    return questions, chunks


def top_k_overlap(q_a: np.ndarray, c_a: np.ndarray, q_b: np.ndarray, c_b: np.ndarray, k: int) -> float:
    top_a = np.argsort(-(q_a @ c_a.T), axis=1, kind="stable")[:, :k]
    top_b = np.argsort(-(q_b @ c_b.T), axis=1, kind="stable")[:, :k]
    return float(np.mean([len(set(a) & set(b)) / k for a, b in zip(top_a, top_b, strict=True)]))


def parity_check(name: str, cache_dir: Path) -> dict | None:
    """int8 against fp32 retrieval on the eval questions; cached per machine beside the int8 graph."""
    try:
        int8 = cached_graph(name, cache_dir, "int8")
    except OSError:
        return None
    if int8 is None:
        return None
    verdict = int8.with_suffix(".parity.json")
    if verdict.exists():
        try:
            return json.loads(verdict.read_text(encoding="utf-8"))
        except ValueError:
            pass
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
    overlap = top_k_overlap(q32, c32, q8, c8, PARITY_TOP_K)
    cosine = (c32 * c8).sum(1) / (np.linalg.norm(c32, axis=1) * np.linalg.norm(c8, axis=1))
    result = {
        "top5_overlap": round(overlap, 4),
        "min_chunk_cosine": round(float(cosine.min()), 4),
        "questions": len(questions),
        "chunks": len(chunks),
        "passed": overlap >= PARITY_MIN_OVERLAP,
    }
    atomic_write(verdict, json.dumps(result))
    return result
