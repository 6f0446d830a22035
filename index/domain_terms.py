"""The English wordings of the Chinese domain terms the bundled texts use (index/domain_terms.tsv).

CC-CEDICT translates an English question word by word: "disaster-recovery nodes" gives 节点 for
"nodes" and nothing the texts have for "disaster" or "recovery", though the texts say 灾备节点. The
data file, written from the texts alone by a translator (no questions, no code), gives each domain
term the wordings a reader would use. Only English questions read it; it is not the Chinese
question segmenter's dictionary (index/tokens.py), so Chinese questions are cut into words as before.
"""

from __future__ import annotations

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
