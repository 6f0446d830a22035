"""The retriever: a question → ranked passages, dense (Chroma) and BM25 fused by reciprocal rank.

Ranking is the one stage that needs the embedding model and the vector store; keeping it apart from
the document store (index/document_store.py) and the corpus statistics (index/corpus_stats.py) lets
the fusion be tested on a tiny corpus with stand-in rankers, and lets answering code that only needs
lookups never touch Chroma.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from index.crosslingual import glossary_synonyms_in, translate
from index.document_store import DocumentStore
from index.english_names import english_entities
from index.fold import detect_script
from index.passage import Passage, SearchResult
from index.tokens import tokenize

# Reciprocal-rank fusion, lexical first: a small k for BM25 keeps its order at the top, the usual
# k=60 for dense ranks makes them a tie-breaker. With the English-only default model the dense list
# is close to noise for Chinese; equal k let a chunk that is merely in both lists outrank BM25's
# clear first hit (seen on the corpus eval). With a multilingual model, raise dense_weight.
SPARSE_K = 5
RRF_K = 60


def top_positive(scores: np.ndarray, depth: int) -> list[int]:
    """Positions of the ``depth`` highest positive scores, best first, ties in position order: the
    prefix of a stable descending sort, without sorting every passage (a full argsort of 100,000
    scores cost 8 ms, twice per answer)."""
    positive = np.flatnonzero(scores > 0)
    if len(positive) > depth:
        threshold = -np.partition(-scores[positive], depth - 1)[depth - 1]
        positive = positive[scores[positive] >= threshold]  # every tie at the threshold, in order
    order = np.argsort(-scores[positive], kind="stable")
    return positive[order][:depth].tolist()


def fuse(
    dense_ranked: Sequence[int | None],
    sparse_scores: np.ndarray,
    depth: int,
    dense_weight: float,
    sparse_weight: float,
) -> tuple[list[tuple[int, float]], dict[int, int], dict[int, int]]:
    """Reciprocal-rank fusion of a dense ranking (passage positions, best first; None for a hit this
    version does not hold, which still takes its rank) and BM25 scores (one per passage; only the
    ``depth`` best positive ones count). Returns (position, fused score) best first, and each
    position's dense and sparse rank."""
    fused: dict[int, float] = {}
    dense_rank: dict[int, int] = {}
    for rank, i in enumerate(dense_ranked):
        if i is None:
            continue
        dense_rank[i] = rank
        fused[i] = fused.get(i, 0.0) + dense_weight / (RRF_K + rank + 1)
    sparse_rank: dict[int, int] = {}
    for rank, i in enumerate(top_positive(sparse_scores, depth)):
        sparse_rank[i] = rank
        fused[i] = fused.get(i, 0.0) + sparse_weight / (SPARSE_K + rank + 1)
    return sorted(fused.items(), key=lambda kv: -kv[1]), dense_rank, sparse_rank


class DocumentHeaders:
    """BM25 over each document's header (its title and its date in the forms texts write it).

    In a collection of several documents a question often names the one it is about by its title
    words and date ("2020年3月那份推动工业互联网加快发展的通知，文号是多少？"); passage BM25 sees the
    title but not the date, and "3月" in another document's dateline outscored it. The header score
    is a document prior, llama-index's "document summary then chunks" retrieval made soft: each
    candidate passage gains ``weight`` times its document's header score over the best one, so
    documents whose headers match alike keep their order, and one document changes nothing."""

    def __init__(self, documents: DocumentStore) -> None:
        from index.sparse import SparseIndex

        self.doc_ids = sorted(documents.by_doc)
        self.index = SparseIndex([documents.doc_header(d) for d in self.doc_ids])
        self.of_passage = documents.doc_ids()

    def lift(self, ranked: list[tuple[int, float]], terms: list[str], weight: float) -> list[tuple[int, float]]:
        """``ranked`` (passage position, fused score) re-ranked with each passage's document prior."""
        if len(self.doc_ids) < 2 or not ranked:
            return ranked
        scores = self.index.scores(terms)
        best = float(scores.max()) if len(scores) else 0.0
        if best <= 0:
            return ranked
        prior = {d: float(s) / best for d, s in zip(self.doc_ids, scores, strict=True)}
        lifted = [(i, score + weight * prior[self.of_passage[i]]) for i, score in ranked]
        return sorted(lifted, key=lambda kv: -kv[1])


class Retriever:
    """Hybrid search over one collection version.

    ``sparse`` scores query terms per passage (index/sparse.py), ``embed_query`` embeds a question,
    ``dense_ids(embedding, n)`` returns the n nearest chunk ids (Chroma), ``vocabulary`` answers
    ``word in vocabulary`` for the English→Chinese lookups (index/corpus_stats.py)."""

    def __init__(
        self,
        documents: DocumentStore,
        sparse: Any,
        embed_query: Callable[[str], list[float]],
        dense_ids: Callable[[list[float], int], list[str]],
        vocabulary: Any,
        top_k: int,
        dense_weight: float = 1.0,
        sparse_weight: float = 1.0,
        header_weight: float = 0.0,
    ) -> None:
        self.documents = documents
        self.sparse = sparse
        self.embed_query = embed_query
        self.dense_ids = dense_ids
        self.vocabulary = vocabulary
        self.top_k = top_k
        self.dense_weight = dense_weight
        self.sparse_weight = sparse_weight
        self.header_weight = header_weight
        self._headers: DocumentHeaders | None = None

    def headers(self) -> DocumentHeaders:
        if self._headers is None:
            self._headers = DocumentHeaders(self.documents)
        return self._headers

    def query_terms(self, question: str) -> list[str]:
        terms = tokenize(question)
        if detect_script(question) == "en":
            # Tokenised like the texts, so '边缘计算' meets the '边缘' '计算' that jieba indexed.
            terms += [tok for term in translate(question, self.vocabulary) for tok in tokenize(term)]
            # the people, places and dates it names in English, found as the answerer finds them
            named = english_entities(question, self.documents.person_names(), self.documents.place_names())
            terms += [tok for _, forms in named for form in forms for tok in tokenize(form)]
        else:
            # an abbreviation meets the full name the texts write (国资委 → 国务院国有资产监督管理委员会),
            # through the glossary the answerer matches terms with
            terms += [tok for other in glossary_synonyms_in(question) for tok in tokenize(other)]
        return terms

    def search(self, question: str, k: int | None = None, extra_terms: list[str] | None = None) -> SearchResult:
        k = k or self.top_k
        t0 = time.perf_counter()
        terms = self.query_terms(question) + list(extra_terms or [])
        sparse_scores = self.sparse.scores(terms)
        t1 = time.perf_counter()
        embedding = self.embed_query(question)
        t2 = time.perf_counter()
        passages = self.documents.passages
        n = min(len(passages), max(k * 3, 20))
        by_id = self.documents.by_id
        dense_ranked = [by_id.get(cid) for cid in self.dense_ids(embedding, n)]
        t3 = time.perf_counter()
        ranked, dense_rank, sparse_rank = fuse(dense_ranked, sparse_scores, n, self.dense_weight, self.sparse_weight)
        if self.header_weight:
            ranked = self.headers().lift(ranked, terms, self.header_weight * self.sparse_weight / (SPARSE_K + 1))
        out = []
        for i, score in ranked[:k]:
            p = passages[i]
            out.append(
                Passage(
                    **{**p.__dict__, "score": score, "dense_rank": dense_rank.get(i), "sparse_rank": sparse_rank.get(i)}
                )
            )
        timings = {
            "sparse_ms": (t1 - t0) * 1e3,
            "embed_ms": (t2 - t1) * 1e3,
            "dense_ms": (t3 - t2) * 1e3,
            "fuse_ms": (time.perf_counter() - t3) * 1e3,
        }
        return SearchResult(out, terms, timings)
