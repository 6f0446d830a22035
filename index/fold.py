"""Script folding: Traditional and Simplified Chinese meet in one form for matching.

Matching always happens on folded text (NFKC, Simplified, lower case); what a
user sees is never folded, so quotes stay exactly as the source wrote them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LATIN = re.compile(r"[A-Za-z]")


@lru_cache(maxsize=4)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    return _converter("s2t").convert(text)


@lru_cache(maxsize=1)
def _variants() -> tuple[tuple[str, str], ...]:
    """index/variants.tsv: same-length spellings of one word (甚么 → 什么)."""
    from importlib import resources

    pairs = []
    for line in resources.files("index").joinpath("variants.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            left, right = line.split("\t")
            if len(left) != len(right):
                raise ValueError(f"index/variants.tsv: {left} → {right} changes the length")
            pairs.append((left, right))
    return tuple(pairs)


def fold(text: str) -> str:
    """NFKC + Traditional→Simplified + one spelling per word + lower case; length-preserving for CJK."""
    folded = to_simplified(unicodedata.normalize("NFKC", text)).lower()
    for left, right in _variants():
        if left in folded:
            folded = folded.replace(left, right)
    return folded


def mainland_wording(text: str) -> str:
    """A Traditional question in the words the texts use: Taiwan usage (網路, 資訊, 網際網路, 數位)
    becomes mainland usage (网络, 信息, 互联网, 数字) through OpenCC's phrase tables (tw2sp). For
    analysing a question only: phrases change length, so texts are never folded this way."""
    return _converter("tw2sp").convert(text) if detect_script(text) == "zh-Hant" else text


def detect_script(text: str) -> str:
    """'zh-Hant', 'zh-Hans' or 'en' — the script an answer should be written in."""
    han = len(HAN.findall(text))
    latin = len(LATIN.findall(text))
    if han == 0 or latin > han * 3:
        return "en"
    simplified = to_simplified(text)
    traditional = to_traditional(text)
    if simplified != text and traditional == text:
        return "zh-Hant"
    if traditional != text and simplified == text:
        return "zh-Hans"
    changed_t = sum(a != b for a, b in zip(text, simplified, strict=False))
    changed_s = sum(a != b for a, b in zip(text, traditional, strict=False))
    if changed_t or changed_s:
        return "zh-Hant" if changed_t >= changed_s else "zh-Hans"
    return "zh-Hant"


def to_script(text: str, script: str) -> str:
    if script == "zh-Hans":
        return to_simplified(text)
    if script == "zh-Hant":
        return to_traditional(text)
    return text
