"""BM25 over jieba tokens of folded text (bm25s).

Tokenising a collection is the slow part (about 9 s per 10,000 chunks with jieba), so the index is
built at ingest from token ids and saved with the collection's snapshot (index/snapshot.py); a
process that opens the collection memory-maps the saved matrices instead of re-tokenising.
"""

from __future__ import annotations

import json
from pathlib import Path

import bm25s
import numpy as np

from index.npy import NPY_LOCK
from index.tokens import tokenize

EMPTY = "<empty>"  # the one token of a chunk without words, so every chunk has a column


class SparseIndex:
    def __init__(self, texts: list[str] | None = None, *, bm25: bm25s.BM25 | None = None, size: int = 0) -> None:
        """From texts (tokenised here), or around an already built or loaded ``bm25``."""
        if bm25 is None:
            tokens = [tokenize(t) or [EMPTY] for t in texts or []]
            vocab: dict[str, int] = {}
            ids = [np.array([vocab.setdefault(tok, len(vocab)) for tok in doc], dtype=np.int32) for doc in tokens]
            other = SparseIndex.from_token_ids(ids, list(vocab))
            bm25, size = other._bm25, other.size
        self._bm25 = bm25
        self.size = size
        self.vocab = bm25.vocab_dict if size else {}

    @classmethod
    def from_token_ids(cls, token_ids: list[np.ndarray], vocab: list[str]) -> SparseIndex:
        """Build from per-chunk token ids into ``vocab``: no tokenising, only counting."""
        bm25 = bm25s.BM25()
        if token_ids:
            bm25.index(([ids.tolist() for ids in token_ids], {t: i for i, t in enumerate(vocab)}), show_progress=False)
        return cls(bm25=bm25, size=len(token_ids))

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "size.json").write_text(json.dumps({"size": self.size}), encoding="utf-8")
        if self.size:
            self._bm25.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path) -> SparseIndex:
        """Memory-mapped: pages of the score matrix are read when a query touches them."""
        size = int(json.loads((folder / "size.json").read_text(encoding="utf-8"))["size"])
        with NPY_LOCK:  # bm25s opens its arrays with np.load (index/npy.py)
            bm25 = bm25s.BM25.load(str(folder), mmap=True) if size else bm25s.BM25()
        return cls(bm25=bm25, size=size)

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        tokens = [t for t in query_tokens if t in self.vocab]
        if not tokens or not self.size:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)
