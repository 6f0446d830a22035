"""The head of an organisation asked without a title ("中国电信的老板是谁？", "Who's the boss of
China Telecom?").

A text names a head by a title on the organisation's name (中国电信集团董事长); a person asking
says 老板, 一把手, "boss" or "head" (cue class ``leader``). Such a word stands for the places where
a name the question gives is followed by a head title (cue class ``head_title``), a few characters
apart and with no modifier before the title: 中国电信集团董事长 answers "中国电信的老板", while
工业和信息化部副部长 does not answer "工信部的一把手", nor 中国职业技术教育学会会长 "教育部的
一把手". Found nowhere, the word is absent like any other, and the question is refused.
"""

from __future__ import annotations

import re
from functools import lru_cache

from app import cues
from index.corpus_stats import CorpusStats

MAX_GAP = 4  # characters between a name and its title (集团, 公司, 党组): more is another clause


def is_leader_word(word: str) -> bool:
    return word.lower() in cues.words("leader")


@lru_cache(maxsize=1)
def _title_after() -> re.Pattern[str]:
    titles = "|".join(sorted(cues.words("head_title"), key=len, reverse=True))
    modifiers = "".join(cues.words("role_modifier"))
    return re.compile(rf"[^{modifiers},，、;；:：。\s]{{0,{MAX_GAP}}}?(?<![{modifiers}])(?:{titles})")


def heads_of(names: list[str], stats: CorpusStats) -> list[str]:
    """The folded strings "name … head title" the collection holds, for any of ``names`` (the
    question's other words and their alternatives): what a leader word is found as."""
    found: list[str] = []
    pattern = _title_after()
    for name in names:
        if len(name) < 2 or name.isascii():
            continue
        for i in stats.passage_ids(name):
            text = stats.folded_passages[i]
            for m in re.finditer(re.escape(name), text):
                head = pattern.match(text, m.end())
                if head:
                    found.append(text[m.start() : head.end()])
    return list(dict.fromkeys(found))


def leader_alternatives(word: str, others: list[list[str]], stats: CorpusStats) -> list[str] | None:
    """For a leader word, the "name … head title" strings the texts hold for the question's other
    words (``others``: each word's alternatives); ``[]`` when there is none, so the word is absent.
    ``None`` for any other word."""
    if not is_leader_word(word):
        return None
    names = [a for alternatives in others for a in alternatives]
    return heads_of(names, stats)


def english_leader_phrases(question: str) -> list[str]:
    """The leader words of an English question as it writes them ("boss", "big cheese")."""
    return [m.cue for m in cues.find("leader", question.lower())]
