"""What retrieval hands to answering: a passage (a chunk with its place in its document) and a
search result. Their own module so the document store, the retriever and the answering code share
them without importing each other."""

from __future__ import annotations

from dataclasses import dataclass, field

from index.fold import fold


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
