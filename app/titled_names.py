"""A person asked by surname and title ("陈副部长", "陈部长", "刘司长"), as Chinese speakers refer to
officials, found as the one person the texts name with that surname and that title.

Such a word is in no text ("陈副部长" is written 副部长陈肇雄), so it would count as a missing name
and the question be refused. It is read as a surname (one or two characters) and a title of the
cue classes ``title_suffix`` / ``role_word`` (a leading 副 allowed), and stands for the tagged person
name (``names``, the collection's LAC PER tags) that starts with the surname and stands next to the
title in some passage (副部长陈肇雄, 陈肇雄副部长). A title without 副 also finds a deputy's (陈部长
for 副部长陈肇雄): people often drop it. Two such people, or none, and nothing is found.
"""

from __future__ import annotations

import re
from functools import lru_cache

from app import cues
from index.corpus_stats import CorpusStats

MAX_SURNAME = 2  # characters: 陈, 欧阳


@lru_cache(maxsize=1)
def _titled() -> re.Pattern[str]:
    titles = {t for cls in ("title_suffix", "role_word") for t in cues.words(cls) if len(t) >= 2 and not t.isascii()}
    alternation = "|".join(sorted(titles, key=len, reverse=True))
    return re.compile(rf"(?P<surname>[\u4e00-\u9fff]{{1,{MAX_SURNAME}}}?)(?P<title>副?(?:{alternation}))")


def titled_name(word: str, stats: CorpusStats, people: list[str]) -> list[str]:
    """The one person ``word`` (surname + title) stands for, as ``[name]``; ``[]`` when none or
    several fit."""
    m = _titled().fullmatch(word)
    if not m:
        return []
    surname, title = m.group("surname"), m.group("title")
    found = {
        p
        for p in people
        if p.startswith(surname) and len(p) > len(surname) and (stats.occurs(title + p) or stats.occurs(p + title))
    }
    return sorted(found) if len(found) == 1 else []
