"""A loaded, cleaned document with its metadata, ready for the pipeline."""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from index import annotate
from index.errors import IngestFileError
from ingest.clean import clean
from ingest.loaders import load

_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
MAX_META_CHARS = 300  # title, date, source, issuer: each one line, shown with every citation


@dataclass
class PreparedDocument:
    doc_id: str
    path: Path
    text: str
    text_hash: str  # the version of its index entry: text and annotator (``version_hash``)
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


def version_hash(text: str) -> str:
    """The version of a document's index entry: its cleaned text and the annotator that tags its
    chunks (``ANNOTATOR_VERSION``). The same text under a new annotator is a new version, written
    beside the old one and switched to with the manifest, like an edited text."""
    return hashlib.sha256(f"{annotate.ANNOTATOR_VERSION}\n{text}".encode()).hexdigest()[:16]


def make_doc_id(path: Path) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")[:80]
    return slug or "doc-" + hashlib.sha1(path.name.encode()).hexdigest()[:10]


def _meta_str(path: Path, key: str, value: object) -> str:
    """One front-matter value as one line of text, at most MAX_META_CHARS long.

    Only plain values are taken: turning a list or mapping into text could be as long as the whole
    front matter, and a title is shown in every citation."""
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        raise IngestFileError(
            str(path),
            f"its front-matter '{key}' is a {type(value).__name__}, not a single value",
            f"Write it as one line: '{key}: …'.",
        )
    text = " ".join(str(value).split())
    return text if len(text) <= MAX_META_CHARS else text[: MAX_META_CHARS - 1] + "…"


def _date_part(date: str) -> tuple[str, bool]:
    """The date's YYYY[-MM[-DD]] part (or the text as it is), and whether that is a real date."""
    m = _DATE.search(date)
    if not m:
        return date, True
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        datetime.date(year, 1 if month is None else month, 1 if day is None else day)
    except ValueError:
        return m.group(0), False
    return m.group(0), True


def _date(path: Path, front_matter_date: str, header_date: str) -> str:
    """The front matter's date, which the author wrote and must be real; else the one read off the
    text's header lines, dropped when it is not a real date (the text itself still says it)."""
    if front_matter_date:
        date, real = _date_part(front_matter_date)
        if not real:
            raise IngestFileError(
                str(path),
                f"its date '{date}' is not a real date",
                "Write it as YYYY-MM-DD in the front matter (for example date: 2020-04-24).",
            )
        return date
    date, real = _date_part(header_date)
    return date if real else ""


def prepare(path: Path, doc_id: str | None = None) -> PreparedDocument:
    raw = load(path)
    cleaned = clean(raw.text)
    if not cleaned.text.strip():
        raise IngestFileError(
            str(path), "no text is left after cleaning", "Check that the file holds the document's text."
        )
    fm = {key: _meta_str(path, key, raw.front_matter.get(key)) for key in ("title", "date", "source", "issuer")}
    return PreparedDocument(
        doc_id=doc_id or make_doc_id(path),
        path=path,
        text=cleaned.text,
        text_hash=version_hash(cleaned.text),
        title=fm["title"] or cleaned.title or path.stem,
        date=_date(path, fm["date"], cleaned.date),
        source=fm["source"] or cleaned.source,
        issuer=fm["issuer"] or cleaned.publisher,
        removed=cleaned.removed,
    )
