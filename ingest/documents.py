"""A loaded, cleaned document with its metadata, ready for the pipeline."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from index.errors import IngestFileError
from ingest.clean import clean
from ingest.loaders import load

_DATE = re.compile(r"\d{4}(-\d{1,2}(-\d{1,2})?)?")


@dataclass
class PreparedDocument:
    doc_id: str
    path: Path
    text: str
    text_hash: str
    title: str
    date: str
    source: str
    issuer: str
    removed: dict[str, int]

    def metadata(self) -> dict[str, str]:
        return {
            "doc": self.doc_id,
            "title": self.title,
            "date": self.date,
            "source": self.source,
            "issuer": self.issuer,
            "text_hash": self.text_hash,
            "path": str(self.path),
        }


def make_doc_id(path: Path) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")[:80]
    return slug or "doc-" + hashlib.sha1(path.name.encode()).hexdigest()[:10]


def _meta_str(value: object) -> str:
    return "" if value is None else str(value).strip()


def prepare(path: Path, doc_id: str | None = None) -> PreparedDocument:
    raw = load(path)
    cleaned = clean(raw.text)
    if not cleaned.text.strip():
        raise IngestFileError(
            str(path), "no text is left after cleaning", "Check that the file holds the document's text."
        )
    fm = raw.front_matter
    date_full = _meta_str(fm.get("date")) or cleaned.date
    m = _DATE.search(date_full)
    return PreparedDocument(
        doc_id=doc_id or make_doc_id(path),
        path=path,
        text=cleaned.text,
        text_hash=hashlib.sha256(cleaned.text.encode("utf-8")).hexdigest()[:16],
        title=_meta_str(fm.get("title")) or cleaned.title or path.stem,
        date=m.group(0) if m else date_full,
        source=_meta_str(fm.get("source")) or cleaned.source,
        issuer=_meta_str(fm.get("issuer")) or cleaned.publisher,
        removed=cleaned.removed,
    )
