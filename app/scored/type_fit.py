"""Does a text carry the kind of fact a question asks for (a person, a date, a place, a number, a
length of time, …)? The scored answerer's answer-type fit, one score per kind, weighed by the
question's soft type scores (app/scored/candidates.py)."""

from __future__ import annotations

import re

from app import cues
from app.speakers import SPEECH
from index.annotate import (
    AGE,
    Counted,
    Token,
    count_agrees,
    document_number,
    has_date,
    has_deadline,
    has_duration,
    has_figure,
    new_place,
    outside_titles,
    titles_before,
)
from ingest.clean import MASTHEAD

NUMERAL = re.compile(r"[0-9〇零一二两三四五六七八九十百千]")


def type_fit(
    kind: str,
    folded: str,
    tokens: list[Token],
    known_people: tuple[str, ...],
    asked: tuple[str, ...] = (),
    counts: Counted | None = None,
    named: tuple[str, ...] = (),
) -> float:
    """Does this text carry the kind of fact asked for (a person, a date, a place, a number, ...)?
    ``asked``: the people the question names, whose title a role question wants; ``counts``: what a
    how-many question counts (index/annotate.count_agrees); ``named``: the question's own words,
    whose places do not answer where."""
    tags = {t.tag for t in tokens}
    person = "PER" in tags or any(n in folded for n in known_people)
    if kind == "who":
        return float(person)
    if kind == "role":
        pairs = titles_before(tokens)
        return float(any(not asked or person in asked for _, person in pairs))
    if kind == "when":
        # a date or time word that dates something: not a year inside a 《…》 name, and not a deictic
        # time word with no number in it (现, 当前, 近年来 say when relative to the text, not when)
        undated = outside_titles(folded)
        return float(
            has_date(folded) or any(t.tag == "TIME" and t.text in undated and NUMERAL.search(t.text) for t in tokens)
        )
    if kind == "where":
        return float(any(t.tag == "LOC" and new_place(t.text, named) for t in tokens))
    if kind == "how_many":
        return float(count_agrees(folded, counts))  # a count of the thing asked about, not a date
    if kind in STATED_BY_TEXT:
        return float(STATED_BY_TEXT[kind](folded))
    if kind == "organisation":
        return float("ORG" in tags)
    if kind in {"list", "which_item", "summary"}:
        return 0.0
    return 1.0


# the kinds of fact a text states by its own wording: a pattern or a cue in it is the fit
STATED_BY_TEXT = {
    "said": lambda folded: bool(SPEECH.search(folded)),
    "source": lambda folded: cues.has("source", folded),
    "document_number": lambda folded: document_number(folded) is not None,
    "age": lambda folded: bool(AGE.search(folded)),
    "duration": has_duration,
    "deadline": has_deadline,
    "figure": has_figure,
    "why": lambda folded: cues.has("reason", folded),
    "site": lambda folded: bool(MASTHEAD.match(folded.strip())),
}
