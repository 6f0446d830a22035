"""Hybrid retrieval: dense (Chroma through llama-index) + BM25, fused by reciprocal rank.

A ``Searcher`` is opened once per collection and reused; it reloads itself when
the manifest's generation changes (a new ingest), so a serving process sees
either the old collection or the new one.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import re
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from index.crosslingual import names_in_english, translate
from index.errors import IndexMismatchError
from index.fold import detect_script, fold
from index.query_embed import load_query_embedder
from index.settings import Settings
from index.snapshot import PassageList, open_snapshot
from index.store import CollectionStore
from index.tokens import tokenize

# Reciprocal-rank fusion, lexical first: a small k for BM25 keeps its order at the top, the usual
# k=60 for dense ranks makes them a tie-breaker. With the English-only default model the dense list
# is close to noise for Chinese; equal k let a chunk that is merely in both lists outrank BM25's
# clear first hit (seen on the corpus eval). With a multilingual model, raise dense_weight.
SPARSE_K = 5
RRF_K = 60


@dataclass
class Passage:
    chunk_id: str
    doc_id: str
    title: str
    date: str
    section: str
    start: int
    end: int
    text: str
    heading_level: int = -1
    text_hash: str = ""
    names: tuple[str, ...] = ()  # person names (folded), tagged at ingest
    places: tuple[str, ...] = ()
    tags: str = ""  # the annotator's encoded words and tags (index.annotate.encode), stored at ingest
    score: float = 0.0
    dense_rank: int | None = None
    sparse_rank: int | None = None

    @property
    def folded(self) -> str:
        return fold(self.text)


@dataclass
class SearchResult:
    passages: list[Passage]
    query_terms: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


class Searcher:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = CollectionStore(settings)
        self.manifest = self.store.read_manifest()
        self.store.check_model(self.manifest)
        self.generation = self.manifest.get("generation")
        self.embed_query = load_query_embedder(
            settings.embed_model, str(settings.index_dir), self.manifest.get("embed_precision", "fp32")
        )
        self.collection = self.store.collection()
        self._load_chunks()
        self._texts: dict[tuple[str, str], str | None] = {}
        self._doc_context: dict[str, str] = {}
        self._names: list[str] | None = None

    def _load_chunks(self) -> None:
        """Load this manifest's snapshot (index/snapshot.py): chunks, folded texts and the BM25
        index computed at ingest. Nothing is folded or tokenised here, and no Chroma read beyond a
        count; a collection without a snapshot for its versions gets one built (and saved) once."""
        snapshot = open_snapshot(self.store, self.manifest)
        expected = sum(int(d.get("chunks", 0)) for d in self.manifest["docs"].values())
        held = self.collection.count()
        if len(snapshot) != expected or held < expected:
            raise IndexMismatchError(
                f"Chroma holds {min(held, len(snapshot))} chunks but the manifest lists {expected} "
                "(an ingest was interrupted?)"
            )
        columns = snapshot.columns
        self.snapshot_key = snapshot.key
        self.passages = PassageList(columns, Passage)
        self.by_id = dict(zip(columns["id"], range(len(snapshot)), strict=True))
        self.sparse = snapshot.sparse
        self.folded_passages = columns["folded"]
        self.folded_corpus = "\n".join(self.folded_passages)
        self.passage_starts = list(itertools.accumulate((len(f) + 1 for f in self.folded_passages[:-1]), initial=0))
        self.by_doc: dict[str, list[int]] = {}
        for i, doc_id in enumerate(columns["doc"]):
            self.by_doc.setdefault(doc_id, []).append(i)
        self.df_cache: dict[str, int] = {}

    # --- documents -----------------------------------------------------------------
    def document_text(self, doc_id: str, text_hash: str) -> str | None:
        key = (doc_id, text_hash)
        if key not in self._texts:
            self._texts[key] = self.store.read_text(doc_id, text_hash)
        return self._texts[key]

    def documents(self) -> list[dict]:
        return [{"doc_id": d, **info} for d, info in sorted(self.manifest["docs"].items())]

    def _doc_names(self, doc_id: str) -> list[str]:
        """Folded title and the date in the forms texts write it (2019年, 2019年12月, 12月2日)."""
        info = self.manifest["docs"].get(doc_id, {})
        parts = [fold(str(info.get("title", "")))]
        m = re.match(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", str(info.get("date", "")))
        if m:
            y, mo, d = m.group(1), m.group(2), m.group(3)
            parts.append(f"{y}年")
            if mo:
                parts.append(f"{y}年{int(mo)}月")
            if mo and d:
                parts.append(f"{int(mo)}月{int(d)}日 {y}年{int(mo)}月{int(d)}日")
        return parts

    def all_doc_names(self) -> str:
        if "__all__" not in self._doc_context:
            self._doc_context["__all__"] = "\n".join(n for d in self.by_doc for n in self._doc_names(d))
        return self._doc_context["__all__"]

    def doc_context(self, doc_id: str) -> str:
        """Folded title, date and full text of one document."""
        if doc_id not in self._doc_context:
            texts = [self.folded_passages[i] for i in self.by_doc.get(doc_id, [])]
            self._doc_context[doc_id] = "\n".join(self._doc_names(doc_id) + texts)
        return self._doc_context[doc_id]

    def doc_header(self, doc_id: str) -> str:
        """Folded title and date: what names the document."""
        key = "header:" + doc_id
        if key not in self._doc_context:
            self._doc_context[key] = "\n".join(self._doc_names(doc_id))
        return self._doc_context[key]

    def doc_passages(self, doc_id: str) -> list[Passage]:
        return [self.passages[i] for i in self.by_doc.get(doc_id, [])]

    def passages_containing(self, folded_term: str, accept=None) -> set[int]:
        """Indexes of passages whose folded text contains the term (``accept(text, pos)`` may veto an
        occurrence); scans the joined corpus once in C instead of every passage in Python."""
        corpus, starts = self.folded_corpus, self.passage_starts
        found: set[int] = set()
        pos = corpus.find(folded_term)
        while pos != -1:
            if accept is None or accept(corpus, pos):
                found.add(bisect.bisect_right(starts, pos) - 1)
            pos = corpus.find(folded_term, pos + 1)
        return found

    # --- search ---------------------------------------------------------------------
    def query_terms(self, question: str) -> list[str]:
        terms = tokenize(question)
        if detect_script(question) == "en":
            # Tokenised like the texts, so '边缘计算' meets the '边缘' '计算' that jieba indexed.
            terms += [tok for term in translate(question, self.folded_corpus) for tok in tokenize(term)]
            terms += [name for _, name in names_in_english(question, self.person_names())]
        return terms

    def person_names(self) -> list[str]:
        """Every person name tagged in the collection (folded)."""
        if self._names is None:
            self._names = sorted({n for p in self.passages for n in p.names})
        return self._names

    def place_names(self) -> list[str]:
        """Every place tagged in the collection (folded)."""
        if getattr(self, "_places", None) is None:
            self._places = sorted({n for p in self.passages for n in p.places})
        return self._places

    def search(self, question: str, k: int | None = None, extra_terms: list[str] | None = None) -> SearchResult:
        k = k or self.settings.top_k
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        terms = self.query_terms(question) + list(extra_terms or [])
        sparse_scores = self.sparse.scores(terms)
        t1 = time.perf_counter()
        embedding = self.embed_query(question)
        t2 = time.perf_counter()
        n = min(len(self.passages), max(k * 3, 20))
        # Chroma's own query API: the llama-index wrapper costs a second of imports on every cold start.
        dense_ids = self.collection.query(query_embeddings=[embedding], n_results=n, include=[])["ids"][0]
        t3 = time.perf_counter()
        fused: dict[int, float] = {}
        dense_rank: dict[int, int] = {}
        for rank, cid in enumerate(dense_ids):
            i = self.by_id.get(cid)
            if i is not None:
                dense_rank[i] = rank
                fused[i] = fused.get(i, 0.0) + self.settings.dense_weight / (RRF_K + rank + 1)
        sparse_rank: dict[int, int] = {}
        if sparse_scores.any():
            order = np.argsort(-sparse_scores, kind="stable")[:n]
            for rank, i in enumerate(order):
                if sparse_scores[i] <= 0:
                    break
                sparse_rank[int(i)] = rank
                fused[int(i)] = fused.get(int(i), 0.0) + self.settings.sparse_weight / (SPARSE_K + rank + 1)
        ranked = sorted(fused.items(), key=lambda kv: -kv[1])[:k]
        out = []
        for i, score in ranked:
            p = self.passages[i]
            out.append(
                Passage(
                    **{**p.__dict__, "score": score, "dense_rank": dense_rank.get(i), "sparse_rank": sparse_rank.get(i)}
                )
            )
        timings.update(
            sparse_ms=(t1 - t0) * 1e3,
            embed_ms=(t2 - t1) * 1e3,
            dense_ms=(t3 - t2) * 1e3,
            fuse_ms=(time.perf_counter() - t3) * 1e3,
        )
        return SearchResult(out, terms, timings)


_cache: dict[tuple, Searcher] = {}
_lock = threading.Lock()
log = logging.getLogger("policy_chat.search")


def _version(manifest: dict) -> tuple:
    """What identifies a state of the collection: the generation and the Chroma collection it names
    (a rebuild writes a new Chroma collection, so a rebuild is noticed even if the count repeats)."""
    return manifest.get("generation"), manifest.get("chroma_collection")


def open_searcher(settings: Settings) -> Searcher:
    """A cached Searcher, reopened (and logged) when the collection's manifest changes."""
    key = (str(settings.index_dir.resolve()), settings.collection, settings.embed_model, settings.chroma_url)
    with _lock:
        current = _cache.get(key)
        if current is not None:
            try:
                version = CollectionStore(settings).manifest_version()
            except Exception:
                return current
            if version == _version(current.manifest):
                return current
        try:
            searcher = Searcher(settings)
        except Exception as exc:
            if current is not None:
                log.error("Collection '%s' changed but could not be reopened: %s", settings.collection, exc)
            raise
        if current is not None:
            log.warning(
                "Collection '%s' changed (generation %s -> %s, Chroma collection %s); reopened it: %d chunks.",
                settings.collection,
                current.manifest.get("generation"),
                searcher.manifest.get("generation"),
                searcher.store.chroma_name,
                len(searcher.passages),
            )
            from index.crosslingual import in_vocabulary

            in_vocabulary.cache_clear()  # it remembers lookups in the old corpus text; let that go
        _cache[key] = searcher
        return searcher
