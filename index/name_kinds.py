"""The kind of thing an English name is built on: "Ministry of Education" is a ministry, "Zhejiang
province" a province. An English question that says "the ministry" or "which provinces" means one of
the names of that kind the texts give (index/crosslingual.py ``instances_of``), because CC-CEDICT
translates such a noun only as a character that is no word of its own (部, 省).
"""

from __future__ import annotations

import re
from functools import lru_cache

# a name of capitalised words and then a lower-case word that says what it is ("Deqing county in …")
NAME_THEN_KIND = re.compile(r"([A-Z][a-z]+(?: [A-Z][a-z]+)*) ([a-z]+)")


def name_case(english: str) -> str:
    """A glossary name as CC-CEDICT writes one: "Ministry of Industry and Information Technology"."""
    return " ".join(w if w in {"of", "and", "for", "the"} else w.capitalize() for w in english.split())


NAME_GLOSS = re.compile(r"[A-Z][a-z]+(?: (?:[A-Z][a-z]+|of|and|for|the))*(?: [a-z]+)?")


def name_head_noun(gloss: str) -> str:
    """The common noun an organisation's or place's English name is built on, lower case: "Ministry
    of Education" → "ministry", "National Health Commission" → "commission", "Zhejiang province in
    east China" → "province"; "" for a gloss that is no such name. An English question that says
    "the ministry" or "which provinces" means one of the names built on it (``instances_of``)."""
    gloss = re.sub(r"\(.*?\)", "", gloss).split(",")[0].split(";")[0].strip()
    if " " in gloss and NAME_GLOSS.fullmatch(gloss):
        words = (gloss.split(" of ")[0] if " of " in gloss else gloss).split()
        head = words[-1].lower()
    elif (m := NAME_THEN_KIND.match(gloss)) and _only_a_noun(m.group(2)):  # "Deqing county in Huzhou"
        head = m.group(2)  # not "Guangxi autonomous region": an adjective names no kind
    else:
        return ""
    from index.crosslingual import is_stopword

    return "" if is_stopword(head) or len(head) < 3 else head


@lru_cache(maxsize=4096)
def readings(word: str) -> frozenset[str]:
    """The parts of speech LemmInflect's lexicon gives a word (none for a word it lacks)."""
    from lemminflect import getAllLemmas

    return frozenset(getAllLemmas(word))


def _only_a_noun(word: str) -> bool:
    return readings(word) == {"NOUN"}
