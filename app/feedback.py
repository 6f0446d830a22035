"""Votes and comments from the web chat, stored in the collection's directory, exportable as eval cases.

The file is JSON Lines, appended to and never rewritten: each vote, change of vote, withdrawal or
comment is a new line naming its answer (``answer_id``), and the last line for an answer is its
final state. Every character any line splitter treats as a line break is escaped on write, and
lines are read by ``\\n`` only, so no comment can split or forge an entry.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from app.answer import Answer
from index.settings import Settings

_lock = threading.Lock()
MAX_COMMENT_CHARS = 2000
# json.dumps escapes U+0000–U+001F itself; these three are line breaks to str.splitlines() and to
# many editors and JSON Lines readers, and ensure_ascii=False would write them raw.
_RAW_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
RATINGS = ("up", "down")


def feedback_path(settings: Settings) -> Path:
    return settings.collection_dir() / "feedback.jsonl"


def dumps_line(entry: dict) -> str:
    """One JSON line with every line separator escaped (the result contains no line break at all)."""
    text = json.dumps(entry, ensure_ascii=False)
    for raw, escaped in _RAW_LINE_BREAKS.items():
        text = text.replace(raw, escaped)  # only possible inside JSON strings, where the escape means the same
    return text + "\n"


def record(
    settings: Settings,
    answer: Answer,
    history: list[str],
    rating: str | None,
    comment: str = "",
    answer_id: str = "",
) -> dict:
    """Append the current state of the vote on one answer (``rating`` None = the vote was withdrawn)."""
    if rating not in (*RATINGS, None):
        raise ValueError(f"rating must be one of {RATINGS} or None")
    entry = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "answer_id": answer_id,
        "collection": settings.collection,
        "question": answer.question,
        "history": history,
        "script": answer.script,
        "rating": rating,
        "comment": comment[:MAX_COMMENT_CHARS],
        **answer.public(),
    }
    path = feedback_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _lock, path.open("a", encoding="utf-8", newline="\n") as fh:
        fh.write(dumps_line(entry))
    return entry


@dataclass
class FeedbackLog:
    entries: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "line 7: not JSON", one per skipped line


def load(settings: Settings) -> FeedbackLog:
    """Every readable entry, and the lines that were not (named, so nothing is lost silently)."""
    path = feedback_path(settings)
    log = FeedbackLog()
    if not path.exists():
        return log
    raw = path.read_bytes().decode("utf-8", errors="replace")
    for number, line in enumerate(raw.split("\n"), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            log.problems.append(f"line {number}: not JSON (a torn write or an edit)")
            continue
        if not isinstance(entry, dict):
            log.problems.append(f"line {number}: not a JSON object")
            continue
        missing = [k for k in ("question", "rating") if k not in entry]
        if missing or entry.get("rating") not in (*RATINGS, None):
            what = f"missing {', '.join(missing)}" if missing else f"unknown rating {entry.get('rating')!r}"
            log.problems.append(f"line {number}: {what}")
            continue
        entry["_line"] = number
        log.entries.append(entry)
    return log


def read(settings: Settings) -> list[dict]:
    return load(settings).entries


def final_votes(entries: list[dict]) -> list[dict]:
    """One entry per answer: its last state, without withdrawn votes (old entries without an id count alone)."""
    last: dict[str, dict] = {}
    for entry in entries:
        key = entry.get("answer_id") or f"line-{entry.get('_line', id(entry))}"
        last[key] = entry
    return [e for e in last.values() if e.get("rating") in RATINGS]


def as_eval_cases(entries: list[dict]) -> list[dict]:
    """Eval cases (eval JSONL format) to review: a thumbs-up answer becomes the expected behaviour,
    a thumbs-down one is flagged with the user's comment. Facts are left for a person to fill in."""
    cases = []
    for i, e in enumerate(final_votes(entries), 1):
        abstained = bool(e.get("abstained", False))
        answered_well = e["rating"] == "up" and not abstained
        cases.append(
            {
                "id": f"feedback-{i:04d}",
                "question": e["question"],
                "lang": e.get("script", "zh-Hant"),
                "answerable": answered_well or (e["rating"] == "down" and abstained),
                "facts": [],
                "history": e.get("history", []),
                "evidence": [c.get("text", "") for c in e.get("citations", []) if isinstance(c, dict)]
                if answered_well
                else [],
                "collection": e.get("collection", "default"),
                "review": f"{e['rating']}: {e.get('comment', '')}".strip(),
            }
        )
    return cases
