"""The words of a question as the scored analysis reads them: LAC's tokens, re-segmented where
jieba's reading holds more dictionary words; cue phrases matched on word boundaries; the numerals
that ask "how many" and what they count. Shared by the rules (app/question.py), the follow-up
resolver and the scored answerer (app/scored/question.py), so one question is tokenised once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from app import cues
from index.annotate import COMMON_NOUN_TAGS, QUANTITY_TAGS, VERBAL_NOUN_TAG, Counted, Token, tag
from index.tokens import word_spans


def on_word_boundaries(match: cues.CueMatch, tokens: list[Token]) -> bool:
    """A cue inside one word ("哪里" in "在哪里"), or starting and ending where words do ("主要内容");
    not one that straddles two words with neither end on a boundary ("大意" in "重大|意义")."""
    first = next((t for t in tokens if t.start <= match.start < t.end), None)
    last = next((t for t in tokens if t.start < match.end <= t.end), None)
    if first is None or last is None or first is last:
        return True
    return match.start == first.start and match.end == last.end


@lru_cache(maxsize=1024)
def _question_tokens(folded: str) -> tuple[Token, ...]:
    """LAC's words of a question, remembered: the rules, the follow-up resolver and the scored
    answerer all analyse the same question within one answer."""
    return tuple(resegmented(tag(folded), folded))


def resegmented(tokens: list[Token], folded: str) -> list[Token]:
    """LAC's words, except where it joins characters into something no dictionary has (网|安方面,
    人参会) and jieba's reading of the same stretch holds more dictionary words (网安|方面, 人|参会):
    there jieba's words, each tagged by LAC alone. A dictionary word is one that wordfreq's own
    segmenter keeps whole; entities are left as LAC found them."""
    jieba_words = word_spans(folded)
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.entity or len(t.text) < 2 or not _HAN.match(t.text) or _dictionary_word(t.text):
            out.append(t)
            i += 1
            continue
        over = [w for w in jieba_words if w[1] < t.end and w[2] > t.start]
        if not over:  # no jieba word there (cannot happen on folded text; never fail a question on it)
            out.append(t)
            i += 1
            continue
        start, end = min(w[1] for w in over), max(w[2] for w in over)
        first = next((k for k, o in enumerate(out) if o.start == start), None) if start < t.start else len(out)
        last = next((k for k in range(i, len(tokens)) if tokens[k].end == end), None)
        lac_words = [*out[first:], *tokens[i : last + 1]] if first is not None and last is not None else []
        if (
            lac_words
            and not any(o.entity for o in lac_words)
            and _covered_chars(w[0] for w in over) > _covered_chars(o.text for o in lac_words)
        ):
            del out[first:]
            out += [Token(w, _tag_alone(w), s, e) for w, s, e in over]
            i = last + 1
        else:
            out.append(t)
            i += 1
    return out


_HAN = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=8192)
def _dictionary_word(word: str) -> bool:
    from wordfreq import tokenize

    return len(tokenize(word, "zh")) == 1


def _covered_chars(words) -> int:
    return sum(len(w) for w in words if _dictionary_word(w))


def _tag_alone(word: str) -> str:
    found = tag(word)
    return found[0].tag if len(found) == 1 else "n"


def _aligned(kind: str, folded: str, tokens: list[Token]) -> list[cues.CueMatch]:
    """Every occurrence of the kind's Chinese cues, overlaps included ("在哪" and "哪里" in 建在哪里),
    that sits on word boundaries; English cues as ``cues.find`` matches them (whole words). A cue
    ending in 哪 before a numeral or a classifier (在哪|几项) is a which-determiner, not "where"."""
    out = [m for m in cues.find(kind, folded) if m.cue.isascii()]
    for cue in cues.cues().get(kind, ()):
        if cue.isascii():
            continue
        start = folded.find(cue)
        while start != -1:
            match = cues.CueMatch(kind, cue, start, start + len(cue))
            if (on_word_boundaries(match, tokens) or _noun_begun(match, tokens)) and not _before_quantity(
                match, tokens
            ):
                out.append(match)
            start = folded.find(cue, start + 1)
    return sorted(out, key=lambda m: (m.start, -m.end))


def _noun_begun(match: cues.CueMatch, tokens: list[Token]) -> bool:
    """A which-phrase cue whose noun begins the question's longer word for the same noun: 哪个省 in
    哪几个省份, where the tagger reads 省份 as one word. The cue starts on a word and ends inside a
    noun that CC-CEDICT glosses as the cue's (省份 and 省: "province"; not 人才 for 人)."""
    from index.crosslingual import glossed_alike

    if not match.cue.startswith("哪"):
        return False
    first = next((t for t in tokens if t.start == match.start), None)
    last = next((t for t in tokens if t.start < match.end < t.end), None)
    if first is None or last is None or last.start <= match.start or last.tag not in COMMON_NOUN_TAGS:
        return False
    return glossed_alike(match.cue[last.start - match.start :], last.text)


def _before_quantity(match: cues.CueMatch, tokens: list[Token]) -> bool:
    if not match.cue.endswith("哪"):
        return False
    after = next((t for t in tokens if t.start == match.end), None)
    return after is not None and after.tag in QUANTITY_TAGS


def question_numerals(tokens: Sequence[Token]) -> list[cues.CueMatch]:
    """How-many questions by grammar, not by a list of measure words: LAC's numeral that asks
    (几道, 几名, 几大 — a numeral with 几) or 多少. Not after a pronoun: 哪几位 asks which ones, and
    这几年, 那几项, 他们几个 say "these few"; not a time word (近几年 is LAC's TIME)."""
    out = []
    for i, t in enumerate(tokens):
        after_pronoun = i > 0 and (tokens[i - 1].tag == "r" or tokens[i - 1].text.endswith("哪"))
        if not after_pronoun and ((t.tag == "m" and t.text.startswith("几")) or t.text == "多少"):
            out.append(cues.CueMatch("how_many", t.text, t.start, t.end))
    return out


NOUN_TAGS = COMMON_NOUN_TAGS | {VERBAL_NOUN_TAG, "ORG", "LOC"}  # a noun a which-cue can name (no person)


def counted(tokens: Sequence[Token]) -> Counted | None:
    """What the question's asking numeral counts (``Counted``): its measure word (几家 → 家; 多少个 →
    个, which any count may use) and the nouns after it up to the clause's end; where none follows,
    the nouns before it (二级节点要新建多少个: Chinese puts the counted topic first)."""
    numerals = question_numerals(tokens)
    if not numerals:
        return None
    at = next(i for i, t in enumerate(tokens) if t.start == numerals[0].start)
    measure = tokens[at].text.removeprefix("几").removeprefix("多少")
    nouns = []
    for t in tokens[at + 1 :]:
        if t.tag == "w":
            break
        if t.tag == "q" and not measure and not nouns:
            measure = t.text
        elif t.tag in NOUN_TAGS:
            nouns.append(t.text)
    if not nouns:
        nouns = [t.text for t in tokens[:at] if t.tag in NOUN_TAGS]
    return Counted("" if measure == "个" else measure, tuple(nouns))
