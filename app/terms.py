"""How much a question word matters, from data rather than stop lists.

A word's weight is its specificity in the general language: the information it carries,
``-log10 p(word)`` from ``wordfreq`` (Chinese or English), less a floor that common words fall
under. A missing common word ("以前", "最终", "kind") then costs little and a missing specific one
(a name, "预算", "基站") a lot. Words tagged as function words by LAC weigh almost nothing; entities
(people, organisations, places, dates) weigh at least ``ENTITY_FLOOR``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from pydantic import BaseModel

from app import cues


class TermWeighting(BaseModel):
    """Named settings of the weighting (``9 - zipf`` is the word's information in log10 units)."""

    information_floor: float = 2.5  # subtracted from -log10 p: words more common than 1 in ~300 weigh ~0
    minimum: float = 0.2
    maximum: float = 6.5
    function_factor: float = 0.1
    framing_factor: float = 0.0  # a word the texts lack in a clause that asks nothing ("麻烦帮我查一下")
    entity_floor: float = 3.0
    category_factor: float = 0.0  # an absent category noun inside a type cue ("哪个部门", "which ministry")


SETTINGS = TermWeighting()


@dataclass
class Term:
    """One content term of a question and the folded strings that count as finding it."""

    text: str
    alternatives: list[str]
    weight: float = 1.0
    tag: str = "n"
    entity: bool = False
    present: bool = True  # somewhere in the collection
    spans: list[tuple[int, int]] = field(default_factory=list)  # where it sits in the folded question


@lru_cache(maxsize=20000)
def zipf(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency

    try:
        return zipf_frequency(word, lang)
    except Exception:  # wordfreq's tokenizer refuses some inputs; treat them as unknown words
        return 0.0


def specificity(word: str, lang: str, settings: TermWeighting = SETTINGS) -> float:
    """Information of ``word`` above the floor, clipped to [minimum, maximum]."""
    info = 9.0 - zipf(word, lang) - settings.information_floor
    return min(settings.maximum, max(settings.minimum, info))


def weight(word: str, tag: str, lang: str, settings: TermWeighting = SETTINGS) -> float:
    w = specificity(word, lang, settings)
    if tag in cues.words("function_tag"):
        w *= settings.function_factor
    if tag in {"PER", "ORG", "LOC", "TIME"}:
        w = max(w, settings.entity_floor)
    return w


def english_weight(phrase: str, settings: TermWeighting = SETTINGS) -> float:
    """A phrase weighs what its most specific word does ("vice minister" → "vice")."""
    return max((specificity(w, "en", settings) for w in phrase.split()), default=settings.minimum)


NOUN_READINGS = {"NOUN", "PROPN"}


@lru_cache(maxsize=8192)
def english_can_name_a_thing(phrase: str) -> bool:
    """Can this English phrase name a thing (a noun)? By LemmInflect's lexicon of each word's possible
    parts of speech: "formerly" (an adverb) and "organised" (a verb) cannot; "budget", "place" (noun or
    verb) and words the lexicon lacks ("honcho", a name) can. The English counterpart of LAC's tags
    telling an absent noun — a thing the texts lack — from an absent way of asking."""
    from lemminflect import getAllLemmas

    from index.crosslingual import is_verb_phrase

    if is_verb_phrase(phrase):  # "take place": a verb, though "place" alone can be a noun
        return False
    for word in phrase.replace("-", " ").split():
        readings = getAllLemmas(word.strip("'"))
        if (not readings and not closed_class(word)) or NOUN_READINGS & set(readings):
            return True
    return False


@lru_cache(maxsize=8192)
def closed_class(word: str) -> bool:
    """A closed-class English word ("during", "among", "because", "upon", "per") that LemmInflect's
    lexicon, made for inflecting open-class words, has no reading for at all: one that scikit-learn's
    English stop-word list (the Glasgow IR list) also has, and that is no number word. Two libraries
    agreeing, so no word is typed here; a listed word the lexicon reads as a content word ("bill",
    "system", "fire") is not one."""
    from lemminflect import getAllLemmas
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from index.numerals import EN_NUMBERS

    w = word.strip("'").lower()
    return w in ENGLISH_STOP_WORDS and w not in EN_NUMBERS and not getAllLemmas(w)


@lru_cache(maxsize=8192)
def english_attributive(word: str, following: str) -> bool:
    """Does ``word`` read as an adjective here: it can be one and the next word of the question can
    be a noun ("former job", "original source")? LemmInflect's lexicon lists every reading a word
    has ("former" is also a noun, one who forms), so a word out of context names a thing more often
    than a reader takes it to; before a noun, the adjective is the reading an asker means."""
    from lemminflect import getAllLemmas

    if " " in word or not following:
        return False
    return "ADJ" in getAllLemmas(word.strip("'")) and bool(NOUN_READINGS & set(getAllLemmas(following.strip("'"))))


FUNCTION_READINGS = {"ADV", "ADP", "AUX", "CCONJ", "SCONJ", "DET", "PRON", "PART"}


@lru_cache(maxsize=8192)
def english_function_word(word: str) -> bool:
    """An English word whose only readings are function parts of speech ("formerly", "before"):
    the counterpart of the LAC tags (adverbs, prepositions, pronouns…) Chinese question words are
    discounted by."""
    from lemminflect import getAllLemmas

    readings = set(getAllLemmas(word.strip("'")))
    return (bool(readings) and readings <= FUNCTION_READINGS) or closed_class(word)


PRONOUN_TAG = "r"


@lru_cache(maxsize=8192)
def pronoun_led(word: str) -> bool:
    """A word LAC reads as one noun whose first part it reads alone as a pronoun: 什么样 (什么 +
    样), 哪方面, 这方面, 我国. It asks or points rather than names a thing the texts must have, so it
    weighs as a function word does."""
    from index.annotate import tag

    for n in range(1, min(3, len(word))):
        head = [t for t in tag(word[:n]) if t.text.strip()]
        if len(head) == 1 and head[0].tag == PRONOUN_TAG:
            return True
    return False
