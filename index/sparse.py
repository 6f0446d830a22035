"""BM25 over jieba tokens of folded text (bm25s), held in memory.

Rebuilt from the collection's own documents when a collection is opened, so it
always matches what Chroma holds — embedded or on a server — and never drifts.
"""

from __future__ import annotations

import bm25s
import numpy as np

from index.tokens import tokenize


class SparseIndex:
    def __init__(self, texts: list[str]) -> None:
        self.size = len(texts)
        self._bm25 = bm25s.BM25()
        corpus = [tokenize(t) or ["<empty>"] for t in texts]
        self.vocab = {tok for doc in corpus for tok in doc}
        if texts:
            self._bm25.index(corpus, show_progress=False)

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        tokens = [t for t in query_tokens if t in self.vocab]
        if not tokens or not self.size:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)
