"""The document store: a collection version's passages and what names each document.

Answering needs more than ranked passages: a document's other passages (the items of a list, the
lead), its title and date as the texts write them, its cleaned text to check a quote against, and
the people named anywhere. These are lookups over one snapshot (index/snapshot.py), kept apart from
ranking (index/retriever.py) and from corpus statistics (index/corpus_stats.py) so each can be
tested and changed alone.
"""

from __future__ import annotations

import re
from typing import Any

from index.fold import fold
from index.passage import Passage
from index.snapshot import PassageList


class DocumentStore:
    """Passages by position, by chunk id and by document; document texts read once and kept."""

    def __init__(self, manifest: dict, columns: dict[str, list], read_text: Any) -> None:
        """``read_text(doc_id, text_hash)`` reads a cleaned document (``CollectionStore.read_text``)."""
        self.manifest = manifest
        self._columns = columns
        self.passages = PassageList(columns, Passage)
        self.folded_passages: list[str] = columns["folded"]
        self.by_id = dict(zip(columns["id"], range(len(columns["id"])), strict=True))
        self.by_doc: dict[str, list[int]] = {}
        for i, doc_id in enumerate(columns["doc"]):
            self.by_doc.setdefault(doc_id, []).append(i)
        self._read_text = read_text
        self._texts: dict[tuple[str, str], str | None] = {}
        self._context: dict[str, str] = {}
        self._names: list[str] | None = None
        self._places: list[str] | None = None

    def __len__(self) -> int:
        return len(self.passages)

    def document_text(self, doc_id: str, text_hash: str) -> str | None:
        """The cleaned document a citation's offsets point into (None if it is gone)."""
        key = (doc_id, text_hash)
        if key not in self._texts:
            self._texts[key] = self._read_text(doc_id, text_hash)
        return self._texts[key]

    def documents(self) -> list[dict]:
        return [{"doc_id": d, **info} for d, info in sorted(self.manifest["docs"].items())]

    def doc_names(self, doc_id: str) -> list[str]:
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
        """Every document's folded title and dates, one per line (a question may name a document)."""
        if "__all__" not in self._context:
            self._context["__all__"] = "\n".join(n for d in self.by_doc for n in self.doc_names(d))
        return self._context["__all__"]

    def doc_context(self, doc_id: str) -> str:
        """Folded title, date and full text of one document."""
        if doc_id not in self._context:
            texts = [self.folded_passages[i] for i in self.by_doc.get(doc_id, [])]
            self._context[doc_id] = "\n".join(self.doc_names(doc_id) + texts)
        return self._context[doc_id]

    def doc_header(self, doc_id: str) -> str:
        """Folded title and date: what names the document."""
        key = "header:" + doc_id
        if key not in self._context:
            self._context[key] = "\n".join(self.doc_names(doc_id))
        return self._context[key]

    def doc_ids(self) -> list[str]:
        """Each passage's document, by position."""
        return self._columns["doc"]

    def doc_passages(self, doc_id: str) -> list[Passage]:
        """A document's passages in reading order."""
        return [self.passages[i] for i in self.by_doc.get(doc_id, [])]

    def person_names(self) -> list[str]:
        """Every person name tagged in the collection (folded), read from the stored column rather
        than by making every passage object (100,000 of them at scale)."""
        if self._names is None:
            self._names = self._tagged("names")
        return self._names

    def place_names(self) -> list[str]:
        """Every place tagged in the collection (folded)."""
        if self._places is None:
            self._places = self._tagged("places")
        return self._places

    def _tagged(self, column: str) -> list[str]:
        return sorted({n for joined in self._columns[column] for n in joined.split("|") if n})
