"""Two-part questions: "When and in which city did MIIT and Zhejiang hold their joint meeting?",
"座谈会是哪天、在哪里开的?". The rules answer one kind per question (the first cue in
``app.question.KIND_ORDER``); a further span kind the question asks in its own right (the scored
analysis' answer types, which already drop a question word inside another's clause: "the meeting
where …") is answered by the same rules on the same passages, and its claim joins the answer. Only
person, date and place parts: each is checked on the sentence by its own type (a name, a date, a
place). A part about another document, or one the texts do not answer, adds nothing: half an answer,
cited, beats a refusal, and the asker sees which half is there."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from app.draft import Claim, Draft

SPAN_PARTS = ("who", "when", "where")


def further_parts(text: str, kind: str) -> list[str]:
    """The span kinds ``text`` asks besides ``kind`` (the one the rules answered)."""
    from app.scored.question import analyze

    types = analyze(text).types
    return [k for k in SPAN_PARTS if types.get(k, 0.0) > 0.0 and k != kind]


def _overlaps(claim: Claim, claims: list[Claim]) -> bool:
    return any(c.passage.doc_id == claim.passage.doc_id and c.start < claim.end and claim.start < c.end for c in claims)


def with_further_parts(draft: Draft, text: str, answer_part: Callable[[str], Draft]) -> Draft:
    """``draft`` with a claim for each further part question ``text`` asks; ``answer_part(kind)`` is
    the rules' draft of the same question asked for that kind."""
    if draft.abstained or draft.kind not in SPAN_PARTS or not draft.claims:
        return draft
    doc_id = draft.claims[0].passage.doc_id
    claims = list(draft.claims)
    for kind in further_parts(text, draft.kind):
        part = answer_part(kind)
        if part.abstained or not part.claims or part.kind != kind:
            continue
        added = [c for c in part.claims if c.passage.doc_id == doc_id and not _overlaps(c, claims)]
        claims += added[:1]
    return draft if len(claims) == len(draft.claims) else replace(draft, claims=claims)
