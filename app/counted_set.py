"""A question that says how many things it asks for is not answered by a sentence that only counts them.

"Which 21 companies attended?", "那21家企业具体都是哪些?": the report says "来自石化、钢铁…等领域的21家
企业…进行深入交流" — there were 21 companies, from eight sectors — and names none of them. That
sentence restates the asker's own count: it describes the set, it does not list its members. Where a
claim restates the question's count and no claim lists as many items as that count (the annotator's
inline enumerations, or one claim per item, as a list of headings gives), the draft is refused.
"Which two cities host the disaster-recovery nodes?" answered by "启动南京、贵阳两大灾备节点" lists
its two and stands. Shared by both answerers: a postprocessor on whichever draft answers.
"""

from __future__ import annotations

import re

from app import cues
from app.draft import Draft
from index.annotate import COUNT, enumerations
from index.fold import fold
from index.numerals import EN_NUMBERS, zh_value

MIN_MEMBERS = 2  # "the one company" asks for a thing, not a set's members
# an English count before the noun it counts ("the 21 companies", "three platforms"); four-digit
# numbers are years ("the March 2021 symposium"), not counts
_ENGLISH_COUNT = re.compile(r"\b(\d{1,3}|" + "|".join(EN_NUMBERS) + r")\s+[a-z]")
ASKING_CLASSES = ("list", "organisation", "which_determiner", "asks_members")


def _value(numeral: str) -> int | None:
    numeral = numeral.strip()
    if numeral.isdigit():
        return int(numeral)
    return EN_NUMBERS.get(numeral) if numeral.isascii() else zh_value(numeral)


def asked_counts(question: str) -> list[tuple[int, str]]:
    """The counts a question gives for what it asks (21, "家" for 21家企业; 21, "" for "the 21
    companies"): only in a question that asks for members (which, list, name them), and only where
    its question word asks for the counted thing itself, not another ("那21家企业来自哪些领域" asks
    for sectors)."""
    folded = fold(question)
    if not any(cues.has(c, folded) for c in ASKING_CLASSES):
        return []
    counts = [(m, m.group(2)) for m in COUNT.finditer(folded)]
    counts += [(m, "") for m in _ENGLISH_COUNT.finditer(folded)]
    return [
        (n, unit)
        for m, unit in counts
        if (n := _value(m.group(1))) is not None and n >= MIN_MEMBERS and _asks_the_counted(folded, m, unit)
    ]


# a question word and what it determines, to the clause's end: 哪些领域, 哪几家, "which sectors"
_CHINESE_ASKING = re.compile(r"(?:哪些|哪几|哪个|哪家|哪|什么)([^,，。;；!！?？\s]*)")
_ENGLISH_WHICH = re.compile(r"\bwhich\s+(\w+)")


def _asks_the_counted(folded: str, count: re.Match[str], unit: str) -> bool:
    """Does the question word ask for what ``count`` counts? Nothing after it (都是哪些), the count's
    own measure word (哪几家) or its noun (哪21家企业) does; another noun (哪些领域) does not."""
    if unit:
        counted = folded[count.end() : count.end() + 2]  # the noun's first two characters: 企业
        asked = [
            m.group(1)
            for m in _CHINESE_ASKING.finditer(folded)
            if m.start() < count.start() or m.start() >= count.end()
        ]
        return any(not a or a.startswith(unit) or counted in a or a[:1].isdigit() for a in asked) if asked else True
    noun = re.match(r"\w+", folded[count.end() - 1 :]).group()  # "companies" in "the 21 companies"
    which = [m.group(1) for m in _ENGLISH_WHICH.finditer(folded)]
    return not which or any(w in (count.group(1), noun) for w in which)


def only_counts_the_set(question: str, draft: Draft) -> bool:
    """True when a claim restates the question's count of what it asks for and no claim lists that
    many items."""
    if draft.abstained or not draft.claims:
        return False
    texts = [fold(c.text) for c in draft.claims]
    for n, unit in asked_counts(question):
        restated = any(
            _value(m.group(1)) == n and (not unit or m.group(2) == unit) for t in texts for m in COUNT.finditer(t)
        )
        listed = max((len(items) for t in texts for items in enumerations(t)), default=0)
        if restated and listed < n and len(draft.claims) < n:
            return True
    return False
