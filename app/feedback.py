"""Thumbs up/down from the web chat, stored in the collection's directory, exportable as eval cases."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from app.answer import Answer
from index.settings import Settings

_lock = threading.Lock()


def feedback_path(settings: Settings) -> Path:
    return settings.collection_dir() / "feedback.jsonl"


def record(settings: Settings, answer: Answer, history: list[str], liked: bool, comment: str = "") -> dict:
    entry = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "collection": settings.collection,
        "question": answer.question,
        "history": history,
        "script": answer.script,
        "rating": "up" if liked else "down",
        "comment": comment[:2000],
        **answer.public(),
    }
    path = feedback_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _lock, path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return entry


def read(settings: Settings) -> list[dict]:
    path = feedback_path(settings)
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            continue  # a torn last line from a crash costs one entry, never the file
    return out


def as_eval_cases(entries: list[dict]) -> list[dict]:
    """Eval cases (eval JSONL format) to review: a thumbs-up answer becomes the expected behaviour,
    a thumbs-down one is flagged with the user's comment. Facts are left for a person to fill in."""
    cases = []
    for i, e in enumerate(entries, 1):
        answered_well = e["rating"] == "up" and not e["abstained"]
        cases.append(
            {
                "id": f"feedback-{i:04d}",
                "question": e["question"],
                "lang": e.get("script", "zh-Hant"),
                "answerable": answered_well or (e["rating"] == "down" and e["abstained"]),
                "facts": [],
                "history": e.get("history", []),
                "evidence": [c["text"] for c in e.get("citations", [])] if answered_well else [],
                "collection": e.get("collection", "default"),
                "review": f"{e['rating']}: {e.get('comment', '')}".strip(),
            }
        )
    return cases
