"""Sentence-bounded chunks with exact character offsets into the cleaned text.

A chunk never splits a sentence and never runs across a heading: a heading opens
a new chunk together with the first sentences under it, so the chunk carries
both the label and its content.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass

from ingest.structure import find_headings, section_paths

SENTENCE_END = re.compile(r"[。！？；!?;]+[”」』’\"')）]*|\n+")
MAX_CHUNK_CHARS = 220


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Chunk:
    chunk_id: str
    doc_id: str
    start: int
    end: int
    text: str
    section: str
    heading_level: int


def split_sentences(text: str, offset: int = 0) -> list[Span]:
    """Sentence spans (no surrounding whitespace) of ``text``, shifted by ``offset``."""
    spans: list[Span] = []
    pos = 0
    for m in SENTENCE_END.finditer(text):
        end = m.end() if not m.group().startswith("\n") else m.start()
        _add(spans, text, pos, end, offset)
        pos = m.end()
    _add(spans, text, pos, len(text), offset)
    return spans


def _add(spans: list[Span], text: str, start: int, end: int, offset: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    spans.append(Span(offset + start + lead, offset + start + lead + len(stripped)))


def chunk_id(doc_id: str, start: int, end: int, text: str, version: str = "") -> str:
    """Stable across runs; distinct per document version so versions can live side by side."""
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    return f"{doc_id}@{version}:{start}-{end}:{digest}" if version else f"{doc_id}:{start}-{end}:{digest}"


def chunk_document(doc_id: str, text: str, max_chars: int = MAX_CHUNK_CHARS, version: str = "") -> list[Chunk]:
    headings = find_headings(text)
    heading_starts = {h.start for h in headings}
    heading_level = {h.start: h.level for h in headings}
    paths = section_paths(text, headings)
    path_starts = [p[0] for p in paths]

    def section_at(pos: int) -> str:
        i = bisect.bisect_right(path_starts, pos) - 1
        return " > ".join(paths[i][1]) if i >= 0 else ""

    chunks: list[Chunk] = []
    group: list[Span] = []

    def flush() -> None:
        if not group:
            return
        start, end = group[0].start, group[-1].end
        piece = text[start:end]
        chunks.append(
            Chunk(
                chunk_id(doc_id, start, end, piece, version),
                doc_id,
                start,
                end,
                piece,
                section_at(start),
                heading_level.get(start, -1),
            )
        )
        group.clear()

    for span in split_sentences(text):
        opens_section = span.start in heading_starts
        size = span.end - group[0].start if group else 0
        if group and (opens_section or size > max_chars or section_at(span.start) != section_at(group[0].start)):
            flush()
        group.append(span)
    flush()
    return chunks
