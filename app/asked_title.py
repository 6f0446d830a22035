"""A title the question names must be the answering sentence's: a 副部长 is someone else's title.

"Who was the MIIT minister at the time of the December 2019 symposium?", "工信部部长在这次会上讲了
什么?": the texts name a vice minister (工业和信息化部副部长陈肇雄), never the minister. The rules
already keep only sentences that hold the title unmodified (app/evidence.occurs: 副部长 is not 部长);
this applies the same test to whichever draft answers, the scored answerer's too. A yes/no question
about a title, or an alternative one ("Is he the minister, or something lower?"), is answered by the
title the text gives, so it is not checked; nor is an English title word that relates a person to a
body ("the head of CAICT" is whoever leads it, whatever the text calls the post: 院长); nor a question
that names the person ("Who's Ke Ruiwen? He was at the meeting with the academician.": the title is
someone else's).
"""

from __future__ import annotations

from app.alternatives import alternatives
from app.draft import Draft
from app.evidence import group_terms, names_a_title, occurs
from app.former_role import asked_people
from app.question import STRUCTURE_NOUNS, Question
from app.yes_no import asks_yes_or_no
from index.fold import fold
from index.search import Searcher


def names_no_asked_title(q: Question, draft: Draft, searcher: Searcher) -> bool:
    """True when the question names a title no claim of the answer holds unmodified."""
    if draft.abstained or not draft.claims or asks_yes_or_no(q.raw) or alternatives(q.folded, q.terms, q.script):
        return False
    if asked_people(q.raw, searcher.person_names()):
        return False  # the person is named: a title beside the name does not pick out someone else
    # a structure noun names a part of the text, never a post ("heading" is looked up as "head": 主任)
    groups = group_terms([t for t in q.terms if t not in STRUCTURE_NOUNS], q.script, searcher, q.raw)
    titles = [g for g in groups if names_a_title(g.term, g.alternatives) and not _relational(g.term, q.folded)]
    texts = [fold(c.text) for c in draft.claims]
    return any(not any(occurs(a, t) for a in (g.term, *g.alternatives) for t in texts) for g in titles)


def _relational(term: str, folded: str) -> bool:
    return term.isascii() and f"{term} of " in folded
