"""Script folding: Traditional and Simplified Chinese meet in one form for matching.

Matching always happens on folded text (NFKC, Simplified, lower case); what a
user sees is never folded, so quotes stay exactly as the source wrote them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from difflib import SequenceMatcher
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


def mainland_wording(text: str, uses: Callable[[str], bool] | None = None) -> str:
    """A Traditional question in the words the texts use: Taiwan usage (網路, 資訊, 網際網路, 聯絡)
    becomes mainland usage (网络, 信息, 互联网, 联系) through OpenCC's phrase tables (tw2sp). Those
    tables also turn ordinary words into IT jargon (建立 → 创建, 文件 → 文档, 指标 → 指针), so a
    phrase is changed only where ``uses`` (does some text have this word?) says the texts write
    the mainland form and not the Taiwan one; without ``uses``, every phrase is changed. A Taiwan
    word with several mainland readings (網路: 网络 or 互联网) first takes the one the texts write
    after the same characters (index/taiwan_terms.py). For analysing a question only: phrases
    change length, so texts are never folded this way."""
    if detect_script(text) != "zh-Hant":
        return text
    if uses is None:
        return _converter("tw2sp").convert(text)
    from index.taiwan_terms import in_context

    text = in_context(text, uses)  # 工業網路 → 工業互联网, as the texts write it
    taiwan = _converter("tw2sp").convert(text)
    plain = to_simplified(text)
    out, last = [], 0
    for i1, i2, j1, j2 in _changed_phrases(plain, taiwan):
        out.append(plain[last:i1])
        k = 1 if i2 - i1 < 2 or j2 - j1 < 2 else 0  # a one-character change is judged with its neighbour
        before, after = plain[max(0, i1 - k) : i2], taiwan[max(0, j1 - k) : j2]
        mainland = bool(after) and uses(after) and not uses(before)
        out.append(taiwan[j1:j2] if mainland else plain[i1:i2])
        last = i2
    out.append(plain[last:])
    return taiwan_words("".join(out), uses)


@lru_cache(maxsize=1)
def _taiwan_glossary() -> tuple[tuple[str, str], ...]:
    """index/taiwan_mainland.tsv: Taiwan words OpenCC's phrase tables leave as they are (雲端運算,
    邊緣運算, 部會), each as its Simplified spelling → the mainland word; longest first."""
    from importlib import resources

    pairs = {}
    text = resources.files("index").joinpath("taiwan_mainland.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            taiwan, mainland = line.split("\t")
            pairs[to_simplified(taiwan)] = mainland
    return tuple(sorted(pairs.items(), key=lambda p: -len(p[0])))


def taiwan_words(text: str, uses: Callable[[str], bool]) -> str:
    """A Taiwan word of the glossary becomes its mainland word where the texts write that one and
    not the Taiwan one (as for OpenCC's phrases above): "雲端運算" → 云计算."""
    for taiwan, mainland in _taiwan_glossary():
        if taiwan in text and taiwan != mainland and not uses(taiwan) and uses(mainland):
            text = text.replace(taiwan, mainland)
    return text


def _changed_phrases(plain: str, taiwan: str) -> list[tuple[int, int, int, int]]:
    """Where two spellings of one question differ, as whole phrases: changes one or two equal
    characters apart are one phrase (网际网路 → 互联网 aligns as 互联 + 网 + 际网路)."""
    regions: list[list[int]] = []
    pending_gap = None
    for op, i1, i2, j1, j2 in SequenceMatcher(None, plain, taiwan, autojunk=False).get_opcodes():
        if op == "equal":
            pending_gap = i2 - i1
            continue
        if regions and pending_gap is not None and pending_gap <= 2:
            regions[-1][1], regions[-1][3] = i2, j2
        else:
            regions.append([i1, i2, j1, j2])
        pending_gap = None
    return [tuple(r) for r in regions]


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
