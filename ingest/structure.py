"""Headings of Chinese policy texts: 第X章/條, 一、, （一）, 1. — a section path per line."""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUM = "一二三四五六七八九十百零〇两兩"
HEADING_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (0, re.compile(rf"^第[{_NUM}\d]+[章編编節节]")),
    (1, re.compile(rf"^[{_NUM}]+\s*、")),
    (2, re.compile(rf"^[（(][{_NUM}]+[）)]")),
    (2, re.compile(rf"^第[{_NUM}\d]+[條条]")),
    (3, re.compile(r"^\d{1,2}\s*[.、．](?!\d)")),
    (3, re.compile(r"^[（(]\d{1,2}[）)]")),
]
MAX_HEADING_LABEL = 40


@dataclass(frozen=True)
class Heading:
    level: int
    label: str
    start: int
    end: int


def heading_of(line: str) -> tuple[int, str] | None:
    """(level, label) when the line opens a numbered section; the label is its first sentence."""
    for level, pattern in HEADING_PATTERNS:
        if pattern.match(line):
            label = re.split(r"[。！？；;]", line, maxsplit=1)[0].strip()
            if len(label) > MAX_HEADING_LABEL:
                label = label[:MAX_HEADING_LABEL] + "…"
            return level, label
    return None


def without_numbering(label: str) -> str:
    """'一、加快设施建设' → '加快设施建设': a heading's words without the number that opened it (the
    same patterns that find headings, so answering and ingest read one numbering)."""
    for _, pattern in HEADING_PATTERNS:
        m = pattern.match(label)
        if m:
            return label[m.end() :].lstrip()
    return label


def find_headings(text: str) -> list[Heading]:
    headings: list[Heading] = []
    pos = 0
    for line in text.split("\n"):
        found = heading_of(line.strip())
        if found:
            level, label = found
            headings.append(Heading(level, label, pos, pos + len(line)))
        pos += len(line) + 1
    return headings


def section_paths(text: str, headings: list[Heading]) -> list[tuple[int, list[str]]]:
    """For each heading start, the full path of labels in force from there on."""
    stack: list[Heading] = []
    out: list[tuple[int, list[str]]] = []
    for h in headings:
        while stack and stack[-1].level >= h.level:
            stack.pop()
        stack.append(h)
        out.append((h.start, [s.label for s in stack]))
    return out
