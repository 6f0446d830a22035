"""Checks a model's reply before anything is shown: markers, facts, exact quotes.

Each sentence of the reply keeps only the markers that point to a given source; a sentence is kept
only if every number, date and name in it occurs in one of its cited passages; each kept citation
gets an exact quote (the passage sentence that best supports the claim, with its offsets).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.fold import fold
from index.search import Passage
from ingest.chunker import split_sentences

MARKER = re.compile(r"\[(\d{1,3})\]")
FACT_NUMBER = re.compile(r"\d+(?:\.\d+)?")
HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2,4}")
REFUSAL = re.compile(r"文本沒有提到|文本没有提到|does not say|not mentioned|无法回答|無法回答", re.I)
SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?(?:\s*\[\d{1,3}\])*")


@dataclass
class CheckedClaim:
    text: str  # the model's sentence, markers removed
    passage: Passage
    start: int
    end: int
    quote: str


@dataclass
class CheckResult:
    claims: list[CheckedClaim]
    refused: bool
    dropped: list[str]


def _names(sentence: str) -> list[str]:
    import jieba.posseg as pseg

    return [w for w, flag in pseg.cut(sentence) if flag == "nr" and len(w) >= 2]


def _overlap_ok(folded: str, folded_passage: str) -> bool:
    """The claim must say what the passage says: most of its Han characters, or for an English
    claim some of its words' dictionary translations, occur in the passage."""
    han = {ch for ch in folded if "\u4e00" <= ch <= "\u9fff"}
    if han:
        return len(han & set(folded_passage)) / len(han) >= 0.6
    from index.crosslingual import english_words, translate

    content = english_words(folded)
    if not content:
        return False
    found = [w for w in content if translate(w, folded_passage, max_terms=3) or w in folded_passage]
    return len(found) >= max(1, int(0.3 * len(content)))


def supported(sentence: str, passage_text: str) -> bool:
    folded_passage = fold(passage_text)
    folded = fold(sentence)
    if not _overlap_ok(folded, folded_passage):
        return False
    for number in FACT_NUMBER.findall(folded):
        if number not in folded_passage:
            return False
    return all(fold(name) in folded_passage for name in _names(sentence))


def best_quote(claim: str, passage: Passage) -> tuple[int, int, str]:
    """The passage sentence sharing most characters with the claim: exact offsets, source text."""
    folded_claim = set(fold(claim))
    best = None
    for span in split_sentences(passage.text, passage.start):
        text = passage.text[span.start - passage.start : span.end - passage.start]
        overlap = len(folded_claim & set(fold(text)))
        if best is None or overlap > best[0]:
            best = (overlap, span.start, span.end, text)
    assert best is not None
    return best[1], best[2], best[3]


def check_reply(reply: str, passages: list[Passage]) -> CheckResult:
    claims: list[CheckedClaim] = []
    dropped: list[str] = []
    if REFUSAL.search(reply) and not MARKER.search(reply):
        return CheckResult([], True, [])
    for m in SENTENCE.finditer(reply):
        sentence = m.group().strip()
        if not sentence:
            continue
        numbers = [int(n) for n in MARKER.findall(sentence)]
        text = MARKER.sub("", sentence).strip()
        valid = [n for n in dict.fromkeys(numbers) if 1 <= n <= len(passages)]
        kept = [n for n in valid if supported(text, passages[n - 1].text)]
        if not text or not kept:
            dropped.append(sentence)
            continue
        for n in kept[:2]:
            p = passages[n - 1]
            start, end, quote = best_quote(text, p)
            claims.append(CheckedClaim(text, p, start, end, quote))
    return CheckResult(claims, False, dropped)
