"""The English wordings of the Chinese domain terms the bundled texts use (index/domain_terms.tsv).

CC-CEDICT translates an English question word by word: "disaster-recovery nodes" gives 节点 for
"nodes" and nothing the texts have for "disaster" or "recovery", though the texts say 灾备节点. The
data file, written from the texts alone by a translator (no questions, no code), gives each domain
term the wordings a reader would use. Only English questions read it; it is not the Chinese
question segmenter's dictionary (index/tokens.py), so Chinese questions are cut into words as before.
"""

from __future__ import annotations

import math
from functools import lru_cache

from index.crosslingual import Vocabulary, _glossary_lines, _variants, in_vocabulary
from index.fold import fold


@lru_cache(maxsize=1)
def domain_terms() -> dict[str, list[str]]:
    """index/domain_terms.tsv: the English wordings of the Chinese domain terms the bundled texts use
    ("disaster-recovery nodes" → 灾备节点), for ``phrase_groups`` to widen word groups with."""
    return dict(_glossary_lines("domain_terms.tsv"))


def widen_with_domain_terms(
    words: list[str], groups: list[tuple[int, str, list[str]]], vocabulary_text: Vocabulary, longest: int
) -> None:
    """Add a domain term's Chinese ("disaster recovery nodes" → 灾备节点) to the translations of each
    word group inside the phrase, in place. The words stay their own groups, each weighed as before
    and each still met by its own translation (节点 for "nodes"): the term is one more way to meet
    them, not a phrase that a sentence must hold whole."""
    domain, covered = domain_terms(), set()
    for n in range(longest, 1, -1):
        for i in range(len(words) - n + 1):
            if covered.issuperset(range(i, i + n)):
                continue
            phrase = " ".join(words[i : i + n])
            chinese = [fold(c) for v in _variants(phrase) for c in domain.get(v, [])]
            chinese = [c for c in dict.fromkeys(chinese) if in_vocabulary(c, vocabulary_text)]
            if not chinese:
                continue
            covered.update(range(i, i + n))
            for k, (start, group_phrase, found) in enumerate(groups):
                if i <= start < i + n:
                    groups[k] = (start, group_phrase, list(dict.fromkeys([*found, *chinese])))


WORD_MIN_PHRASES = 4  # a word's rendering is read from this many domain phrases at least
WORD_MIN_SHARE = 0.8  # and must be in this share of them (fit on dev: 0.9 → 0.8 +1; 3 / 4 / 5 phrases: +2 −1 / 0 / 0)


@lru_cache(maxsize=1)
def domain_word_renderings() -> dict[str, str]:
    """One English word → the Chinese word nearly every domain phrase holding it renders it by
    ("integration", in 22 phrases: 融合 in all; "identifier": 标识), read from the data file, not
    typed. For a word CC-CEDICT gives no translation the texts use (its 融合 glosses are "fusion",
    "mixture"): the fallback ``crosslingual._lookup`` takes. The rendering is one of jieba's words
    of the phrases, so no piece across two words (行业跨领) stands for it; of those, the one fewest
    other phrases hold (灾备, not 节点, for "disaster")."""
    from collections import Counter, defaultdict

    from index.crosslingual import is_stopword, lemma
    from index.tokens import fine_words

    phrases: dict[str, list[list[str]]] = defaultdict(list)
    companions: dict[str, Counter[str]] = defaultdict(Counter)  # the other words of a word's phrases
    for english, chinese in domain_terms().items():
        words = {lemma(w) for w in english.replace("-", " ").split() if w.isalpha() and not is_stopword(w)}
        for w in words:
            phrases[w].append([fold(c) for c in chinese])
            companions[w].update(words - {w})

    def pieces(chinese: list[str]) -> set[str]:
        # jieba's fine-grained words, overlapping (两化融合: 两化, 融合, 两化融合): no piece across two
        return {w for c in chinese for w, _, _ in fine_words(c) if len(w) >= 2}

    everywhere: Counter[str] = Counter()  # in how many of all the phrases each piece is
    for chinese in domain_terms().values():
        everywhere.update(pieces([fold(c) for c in chinese]))
    total = len(domain_terms())
    out = {}
    for w, renderings in phrases.items():
        if len(renderings) < WORD_MIN_PHRASES:
            continue
        counts: Counter[str] = Counter()
        for chinese in renderings:
            counts.update(pieces(chinese))
        # held by nearly all of the word's phrases, and by few of the others: 灾备, not 节点, for "disaster"
        words = [
            (math.log(total / everywhere[s]), s) for s, n in counts.items() if n / len(renderings) >= WORD_MIN_SHARE
        ]
        if words:
            out[w] = max(words)[1]
    # a rendering that belongs to a word always beside this one is that word's: 节点 renders "node"
    # in every "disaster recovery node" phrase, 融合 "integration" in "integration of … industrialization"
    return {
        w: r
        for w, r in out.items()
        if not any(
            out.get(u) == r and n / len(phrases[w]) >= WORD_MIN_SHARE and len(phrases[u]) > len(phrases[w])
            for u, n in companions[w].items()
        )
    }


def domain_word(word: str, vocabulary_text: Vocabulary) -> list[str]:
    """The rendering ``domain_word_renderings`` reads for ``word`` (in any of its forms), where some
    text has it."""
    renderings = domain_word_renderings()
    found = [renderings[v] for v in _variants(word) if v in renderings]
    return [c for c in dict.fromkeys(found) if in_vocabulary(c, vocabulary_text)][:1]
