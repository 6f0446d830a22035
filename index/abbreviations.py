"""Chinese abbreviations a question uses where the texts write the full form (网安 → 网络安全,
参会 → 参加会议).

A Chinese abbreviation (缩略语) keeps the first character of each word of the full name: 网络安全 →
网安, 参加会议 → 参会. So a question word no text has is looked for as such a shortening: a run of
the texts' characters, with no punctuation, that starts with the word's first character and holds
each of its characters as the first character of one of its words (jieba's fine-grained words), no
more than ``MAX_GAP`` characters apart. The full form the texts use most often is taken. A name list
of abbreviations would hold one batch of questions' worth; the pattern is the language's.

A coordinate abbreviation joins two words that share their first part (研究院所 = 研究院 + 研究所,
中小企业); where no text writes it, its longest fine-grained part that a text does stands for it
(``known_part``).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Protocol

import numpy as np

MAX_GAP = 3  # characters between two of the abbreviation's characters in its full form
MIN_CHARS, MAX_CHARS = 2, 4  # an abbreviation's length in characters
MAX_PASSAGES = 2000  # passages read to find full forms: the rest add nothing new


class Passages(Protocol):
    folded_passages: list[str]

    def candidates(self, term: str) -> tuple[np.ndarray, bool]: ...


def full_forms(word: str, stats: Passages) -> list[str]:
    """The texts' full forms of ``word`` read as an abbreviation, most frequent first (at most one)."""
    if not (MIN_CHARS <= len(word) <= MAX_CHARS) or not all("\u4e00" <= c <= "\u9fff" for c in word):
        return []
    ids = None
    for char in word:
        found, _ = stats.candidates(char)
        ids = found if ids is None else np.intersect1d(ids, found)
        if not len(ids):
            return []
    pattern = _pattern(word)
    counts: Counter[str] = Counter()
    for i in ids[:MAX_PASSAGES]:
        text = stats.folded_passages[int(i)]
        for m in pattern.finditer(text):
            form = _word_initial_form(word, text, [m.start(k) for k in range(1, len(word) + 1)])
            if form and form != word:
                counts[form] += 1
    return [form for form, _ in counts.most_common(1)]


@lru_cache(maxsize=1024)
def _pattern(word: str) -> re.Pattern[str]:
    """Each character in a group, at most MAX_GAP Chinese characters apart; in a lookahead, so
    overlapping occurrences are all tried ("网络建设…网络安全")."""
    gap = rf"[\u4e00-\u9fff]{{0,{MAX_GAP}}}?"
    return re.compile("(?=" + gap.join(f"({re.escape(c)})" for c in word) + ")")


FORM_TAIL = 4  # characters read past the last matched one, to finish its word


def _word_initial_form(word: str, text: str, positions: list[int]) -> str:
    """The full form if each matched character starts one of the run's words (jieba's fine-grained
    words); it ends where the shortest word starting at the last character ends."""
    from index.tokens import fine_words

    first, last = positions[0], positions[-1]
    run = text[first : last + 1 + FORM_TAIL]
    starts: dict[int, int] = {}
    for _, start, end in fine_words(run):
        starts[start] = min(end, starts.get(start, end))
    if any(p - first not in starts for p in positions):
        return ""
    return run[: starts[last - first]]


MIN_COMPOUND, MIN_PART = 4, 3  # a compound of four characters or more, a known part of three or more


def known_part(word: str, stats: Passages) -> list[str]:
    """A compound no text has, read as its longest fine-grained word that some text does: 研究院所
    ("research institutes": 研究院 and 研究所 in one word) → 研究院. Two-character parts (资料 in
    资料中心) say too little of the whole to stand for it."""
    from index.tokens import fine_words

    if len(word) < MIN_COMPOUND or not all("\u4e00" <= c <= "\u9fff" for c in word):
        return []
    parts = sorted({w for w, _, _ in fine_words(word) if MIN_PART <= len(w) < len(word)}, key=lambda w: (-len(w), w))
    return next(([w] for w in parts if len(stats.candidates(w)[0]) and _occurs(w, stats)), [])


def _occurs(part: str, stats: Passages) -> bool:
    ids, _ = stats.candidates(part)
    return any(part in stats.folded_passages[int(i)] for i in ids[:MAX_PASSAGES])
