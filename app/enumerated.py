"""Ordinal follow-ups on an answer that lists things inside one sentence.

"会上提到要培养哪几类人才？" is answered by a sentence that lists them inline ("加快科技领军型、应用创新
型、复合型和技能型人才培养"); "其中第三类是什么？" asks for the third of those, not the third heading of
the document. The items come from the annotator's enumeration reader (index/annotate.py), at the
source's offsets.
"""

from __future__ import annotations

import re

from app.draft import Claim, Draft
from app.scored.conversation import Context
from app.scored.question import Question
from index.annotate import enumerations
from index.fold import fold

STRUCTURED_KINDS = {"list", "count", "item", "which_item", "summary"}  # answers already made of items


def enumerated_item(q: Question, ctx: Context) -> Draft | None:
    """The ``q.ordinal``-th item of the inline list in the earlier answer; None where that answer was
    itself a list of the document's items, names nothing new, or lists fewer."""
    if q.ordinal is None or q.ordinal < 1 or ctx.kind in STRUCTURED_KINDS or not ctx.claims:
        return None
    if any(t.weight > CONTENT_WEIGHT for t in q.terms):
        return None  # "第三项举措是什么" names what it counts: the document's own items
    asked = [t.text for t in ctx.previous.terms]
    for claim in ctx.claims:
        items = _the_list_asked_about(claim.text, asked)
        if q.ordinal <= len(items):
            start, end = items[q.ordinal - 1]
            item = Claim(claim.text[start:end], claim.passage, claim.start + start, claim.start + end)
            return Draft([item], kind="item", item=q.ordinal)
    return None


def _the_list_asked_about(text: str, asked: list[str]) -> list[tuple[int, int]]:
    """Of a sentence's inline lists, the one whose clause says most of the earlier question's words
    (人才 for "哪几类人才", not the 数据采集、流转、使用 of the same sentence); the longest on a tie."""
    folded = fold(text)

    def said(items: list[tuple[int, int]]) -> int:
        clause = folded[items[0][0] : _clause_end(folded, items[-1][1])]
        return sum(w in clause for w in asked)

    return max(enumerations(text), key=lambda items: (said(items), len(items)), default=[])


def _clause_end(folded: str, pos: int) -> int:
    m = CLAUSE_END.search(folded, pos)
    return m.start() if m else len(folded)


CLAUSE_END = re.compile(r"[,，。;；:：!！?？\n]")
CONTENT_WEIGHT = 1.0  # app/terms.py: a word under this weight asks nothing of its own ("是", "one")
