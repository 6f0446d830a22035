"""A question that asks for an amount of money needs a text that states one.

"What's the total budget attached to the 2018–2020 action plan?", "南京灾备节点的投资额是多少?": the
texts name the plan and the node, and say nothing of what either costs. The sentence that names them
answers what the question is about, not what it asks; an amount of money (the annotator's ``MONEY``:
1.5亿元, 300万元, 10 billion yuan) is the only answer of this type. The question's ask is the cue
pattern ``money_asked`` (an amount: 多少资金, 投资额是多少, "how much funding", "the total budget") —
not a mention of money ("Does it say anything about financial support?" asks what, not how much).
Shared by both answerers: a postprocessor on whichever draft answers.
"""

from __future__ import annotations

from app import cues
from app.draft import Draft
from index.annotate import MONEY
from index.fold import fold


def asks_an_amount_of_money(question: str) -> bool:
    return bool(cues.pattern("money_asked").search(fold(question)))


def states_no_amount(question: str, draft: Draft) -> bool:
    """True when the question asks for an amount of money and no claim of the answer states one."""
    if draft.abstained or not draft.claims or not asks_an_amount_of_money(question):
        return False
    return not any(MONEY.search(fold(c.text)) for c in draft.claims)
