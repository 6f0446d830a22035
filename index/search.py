"""A collection opened for answering: the facade over its retriever, document store and statistics.

A ``Searcher`` is opened once per collection version and reused; ``open_searcher`` reopens it when
the manifest's generation changes (a new ingest), so a serving process sees either the old
collection or the new one. It composes three parts with small interfaces, each in its own module:

- ``retriever`` (index/retriever.py): question → ranked passages (dense + BM25, fused);
- ``doc_store`` (index/document_store.py): passages, document texts, titles and dates, a
  document's passages, the people named;
- ``stats`` (index/corpus_stats.py): which passages contain a folded string, how many, whether
  any does — from a character-gram index, not scans of the whole corpus.

The facade keeps the methods and attributes the answering code has always used, delegating.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import threading
from functools import cached_property

from index.corpus_stats import Accept, CorpusStats
from index.document_store import DocumentStore
from index.errors import IndexMismatchError
from index.passage import Passage, SearchResult
from index.query_embed import load_query_embedder
from index.retriever import RRF_K, SPARSE_K, Retriever
from index.settings import Settings
from index.snapshot import open_snapshot
from index.store import CollectionStore

__all__ = ["RRF_K", "SPARSE_K", "Passage", "SearchResult", "Searcher", "open_searcher"]


class Searcher:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = CollectionStore(settings)
        self.manifest = self.store.read_manifest()
        self.store.check_model(self.manifest)
        stale = self.store.stale_annotations(self.manifest)
        if stale:
            log.warning(
                "%d document(s) of collection '%s' were tagged by an earlier annotator (%s); "
                "run `policy-chat ingest` to re-tag them.",
                len(stale),
                settings.collection,
                ", ".join(stale[:3]) + (" …" if len(stale) > 3 else ""),
            )
        self.generation = self.manifest.get("generation")
        self.embed_query = load_query_embedder(
            settings.embed_model, str(settings.index_dir), self.manifest.get("embed_precision", "fp32")
        )
        self.collection = self.store.collection()
        self._load_chunks()

    def _load_chunks(self) -> None:
        """Load this manifest's snapshot (index/snapshot.py): chunks, folded texts, the BM25 index
        and the character-gram index computed at ingest. Nothing is folded or tokenised here, and
        no Chroma read beyond a count; a collection without a snapshot for its versions gets one
        built (and saved) once."""
        snapshot = open_snapshot(self.store, self.manifest)
        expected = sum(int(d.get("chunks", 0)) for d in self.manifest["docs"].values())
        held = self.collection.count()
        if len(snapshot) != expected or held < expected:
            raise IndexMismatchError(
                f"Chroma holds {min(held, len(snapshot))} chunks but the manifest lists {expected} "
                "(an ingest was interrupted?)"
            )
        self.snapshot_key = snapshot.key
        self.sparse = snapshot.sparse
        self.doc_store = DocumentStore(self.manifest, snapshot.columns, self.store.read_text)
        self.stats = CorpusStats(self.doc_store.folded_passages, snapshot.postings())
        self.retriever = Retriever(
            self.doc_store,
            self.sparse,
            self.embed_query,
            self._dense_ids,
            self.stats,
            self.settings.top_k,
            dense_weight=self.settings.dense_weight,
            sparse_weight=self.settings.sparse_weight,
            header_weight=self.settings.header_weight,
        )
        self.passages = self.doc_store.passages
        self.by_id = self.doc_store.by_id
        self.by_doc = self.doc_store.by_doc
        self.folded_passages = self.doc_store.folded_passages
        self.df_cache: dict[str, int] = {}  # answering code's own per-collection memo

    def _dense_ids(self, embedding: list[float], n: int) -> list[str]:
        # Chroma's own query API: the llama-index wrapper costs a second of imports on every cold start.
        return self.collection.query(query_embeddings=[embedding], n_results=n, include=[])["ids"][0]

    # --- the folded corpus as one string (kept for callers outside the answering path) ----------
    @cached_property
    def folded_corpus(self) -> str:
        """Every folded passage joined by newlines. Built on first use only: the answering path
        asks ``stats`` instead of scanning this (8 million characters at 100,000 chunks)."""
        return "\n".join(self.folded_passages)

    @cached_property
    def passage_starts(self) -> list[int]:
        return list(itertools.accumulate((len(f) + 1 for f in self.folded_passages[:-1]), initial=0))

    def passage_at(self, corpus_pos: int) -> int:
        """The passage holding a position of ``folded_corpus``."""
        return bisect.bisect_right(self.passage_starts, corpus_pos) - 1

    # --- documents (DocumentStore) ------------------------------------------------------
    def document_text(self, doc_id: str, text_hash: str) -> str | None:
        return self.doc_store.document_text(doc_id, text_hash)

    def documents(self) -> list[dict]:
        return self.doc_store.documents()

    def _doc_names(self, doc_id: str) -> list[str]:
        return self.doc_store.doc_names(doc_id)

    def all_doc_names(self) -> str:
        return self.doc_store.all_doc_names()

    def doc_context(self, doc_id: str) -> str:
        return self.doc_store.doc_context(doc_id)

    def doc_header(self, doc_id: str) -> str:
        return self.doc_store.doc_header(doc_id)

    def doc_passages(self, doc_id: str) -> list[Passage]:
        return self.doc_store.doc_passages(doc_id)

    def person_names(self) -> list[str]:
        return self.doc_store.person_names()

    def place_names(self) -> list[str]:
        return self.doc_store.place_names()

    # --- corpus statistics (CorpusStats) --------------------------------------------------
    def uses_word(self, folded_word: str) -> bool:
        """Does some passage have this (folded) word? Remembered by the collection's statistics."""
        return folded_word in self.stats

    def passages_containing(self, folded_term: str, accept: Accept | None = None) -> set[int]:
        """Indexes of passages whose folded text contains the term (``accept(text, pos)`` may veto
        an occurrence; ``text`` is the passage's folded text)."""
        return self.stats.passages_containing(folded_term, accept)

    # --- search (Retriever) ---------------------------------------------------------------
    def query_terms(self, question: str) -> list[str]:
        return self.retriever.query_terms(question)

    def search(self, question: str, k: int | None = None, extra_terms: list[str] | None = None) -> SearchResult:
        return self.retriever.search(question, k, extra_terms)


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
