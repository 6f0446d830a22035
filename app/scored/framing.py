"""Which parts of a question only frame it: clauses that ask nothing ("麻烦帮我查一下，…"), and a
cue match less the names a cue pattern lets stand inside it. Shared by both answerers' term
weighting (app/scored/grounding.py, app/evidence.py)."""

from __future__ import annotations

import re
from itertools import pairwise

from app import cues

# an English sentence's full stop too, after a word of four letters or a number ("… exactly right.
# Could you …"), not an abbreviation's ("Dec. 2", "Mr. Chen", "U.S.")
CLAUSE_BREAK = re.compile(r"[,，;；。!！?？]|\s[—–-]\s|(?<=[a-z0-9]{4})\.\s")


def framing_spans(folded: str) -> list[tuple[int, int]]:
    """The clauses of a question of several that ask nothing ("麻烦帮我查一下，…", "I'm writing a
    report for my boss, …"): no asking word (cue class ``asking``) in them. A word the texts lack
    there is the asker's framing, not what they ask about. A question of one clause has none."""
    cuts = [0] + [m.end() for m in CLAUSE_BREAK.finditer(folded)] + [len(folded)]
    clauses = [(a, b) for a, b in pairwise(cuts) if folded[a:b].strip(" ,，;；。!！?？")]
    if len(clauses) < 2:
        return []
    asks = [cues.has("asking", folded[a:b]) for a, b in clauses]
    if not any(asks):
        return []
    return [span for span, asking in zip(clauses, asks, strict=True) if not asking]


def in_framing(folded: str, term: str, spans: list[tuple[int, int]]) -> bool:
    """Does ``term`` stand (first) in one of the question's framing clauses (``framing_spans``)?"""
    return in_spans(folded, term, spans)


def proper_nouns(text: str) -> set[str]:
    """Capitalised English words past a sentence's first word ("Shanghai", "MIIT"), lower-cased."""
    out = set()
    for sentence in re.split(r"(?<=[.?!])\s+", text.strip()):
        words = re.findall(r"[A-Za-z][\w'-]*", sentence)
        out |= {w.lower() for w in words[1:] if w[0].isupper()}
    return out


def cue_spans(match: cues.CueMatch, proper: set[str]) -> list[tuple[int, int]]:
    """A cue match, less the proper nouns a cue pattern let stand inside it ("which (\\w+ ){0,2}
    officials" in "which **Shanghai** officials"): a name says which ones are asked about, and the
    answer must match it; descriptive words ("which two senior officials") stay part of the cue."""
    spans, start = [], match.start
    for w in re.finditer(r"\S+", match.cue):
        if w.group().strip("'") in proper and match.cue.isascii():
            spans.append((start, match.start + w.start()))
            start = match.start + w.end()
    spans.append((start, match.end))
    return [(a, b) for a, b in spans if b > a]


def in_spans(folded: str, term: str, spans: list[tuple[int, int]]) -> bool:
    """Does ``term`` stand (first) inside one of ``spans``?"""
    at = folded.find(term)
    return at >= 0 and any(a <= at < b for a, b in spans)
