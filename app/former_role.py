"""A question about a person's former post needs a text that states one.

"他之前在哪家公司任职？" (after 柯瑞文) and "What did Chen Zhaoxiong do before he became vice minister?"
are near misses: the texts give each man's title at the meeting (中国电信集团董事长柯瑞文), not an
earlier one, and the sentence that names him would otherwise be given as the answer. Where a text does
state an earlier post, it marks it in the title (教育部原副部长鲁昕: cue class ``former_stated``).
Shared by both answerers: a postprocessor on whichever draft answers.
"""

from __future__ import annotations

import re

from app import cues
from app.draft import Draft
from index.english_names import names_in_english
from index.fold import fold

# what ends a person's titles going back from the name: the clause before, or the person before
TITLE_START = re.compile(r"[,，;；。:：!！?？\n]")
# answers that are not about a post: a date or a count has no title to check
UNCHECKED_KINDS = frozenset({"when", "how_many", "count", "list", "item", "summary", "which_item"})


def asked_people(question: str, people: list[str]) -> list[str]:
    """The texts' people (folded names) a question names, in Chinese or in pinyin."""
    folded = fold(question)
    named = [p for p in people if len(p) >= 2 and p in folded]
    return named or [name for _pinyin, name in names_in_english(question, people)]


def titles_of(person: str, folded_text: str, people: list[str]) -> list[str]:
    """What stands before each mention of ``person`` as their titles: back to the clause's start or
    to the person named before them ("…出席会议,中国职业技术教育学会会长、教育部原副部长" for 鲁昕)."""
    out = []
    for m in re.finditer(re.escape(person), folded_text):
        before = folded_text[: m.start()]
        cut = max((before.rfind(p) + len(p) for p in people if p != person and p in before), default=0)
        breaks = [b.end() for b in TITLE_START.finditer(before)]
        out.append(before[max([cut, *breaks]) :])
    return out


def states_no_former_post(question: str, draft: Draft, people: list[str]) -> bool:
    """True when the question asks for a person's earlier post (cue class ``former_asked``) and the
    answer's passages name that person only with present titles: no ``former_stated`` mark."""
    if draft.abstained or not draft.claims or draft.kind in UNCHECKED_KINDS:
        return False
    if not cues.has("former_asked", fold(question)):
        return False
    asked = asked_people(question, people)
    texts = [fold(c.passage.text) for c in draft.claims]
    titles = [t for p in asked for text in texts for t in titles_of(p, text, people)]
    return bool(titles) and not any(cues.has("former_stated", t) for t in titles)
