"""Numbers written in words, in one place: Chinese numerals (四, 二十三, 三百), English number and
ordinal words (four, fourth, 4th) and English month names.

Question analysis reads "第三项" and "the third measure" with these (app/scored/question.py), the
LLM citation checks read the numbers and dates a reply states with them (app/llm_facts.py), and
English answers name months with them (index/english_names.py). Each used to keep its own table,
and the tables had drifted apart (one knew "twelfth", another only up to "tenth").
"""

from __future__ import annotations

import re

ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
ZH_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
ZH_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")

_EN_CARDINALS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty"
).split()
_EN_ORDINALS = (
    "_ first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()
EN_NUMBERS = {w: i for i, w in enumerate(_EN_CARDINALS)}  # zero … twenty
EN_ORDINALS = {w: i for i, w in enumerate(_EN_ORDINALS) if i}  # first … twentieth


def _suffix(n: int) -> str:
    if n % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


EN_NUMBERED_ORDINALS = {f"{n}{_suffix(n)}": n for n in range(1, 100)}  # 1st … 99th
MONTH_NAMES = "January February March April May June July August September October November December".split()


def zh_value(numeral: str) -> int | None:
    """四 → 4, 二十三 → 23, 三百 → 300, 十二 → 12, 一千零五 → 1005; a bare digit sequence (一二三, 十四五) is no number."""
    total = section = digit = 0
    last_was_digit = False
    for ch in numeral:
        if ch in "零〇" and not last_was_digit and (section or total):
            continue  # a place holder after a unit: 一千零五 is 1005
        if ch in ZH_DIGITS:
            if last_was_digit:
                return None
            digit, last_was_digit = ZH_DIGITS[ch], True
        elif ch in ZH_UNITS:
            section += (digit or 1) * ZH_UNITS[ch]
            digit, last_was_digit = 0, False
        elif ch in ZH_BIG_UNITS:
            total += (section + digit) * ZH_BIG_UNITS[ch]
            section = digit = 0
            last_was_digit = False
        else:
            return None
    return total + section + digit


_MONTH_WORDS = sorted({*MONTH_NAMES, *(m[:3] for m in MONTH_NAMES), "Sept"}, key=len, reverse=True)
# An English date: "April 23, 2020", "23 April 2020", "the 23rd of April", "Apr. 23", "April 2020".
# Every part but the month is optional; each reader says which parts it needs.
ENGLISH_DATE = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?)?(?P<month>{'|'.join(_MONTH_WORDS)})\b\.?"
    rf"(?:\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b)?(?:,?\s+(?:of\s+)?(?P<year>\d{{4}})\b)?",
    re.I,
)


def month_number(word: str) -> int:
    """January / jan / Sept. → its number (1–12); 0 for anything else."""
    key = word.strip(".").lower()[:3]
    return next((i for i, m in enumerate(MONTH_NAMES, 1) if m[:3].lower() == key), 0)


def english_date_parts(m: re.Match[str]) -> tuple[int | None, int, int | None]:
    """(year, month, day) of an ``ENGLISH_DATE`` match; None for a part it does not give."""
    day, year = m.group("d1") or m.group("d2"), m.group("year")
    return (int(year) if year else None, month_number(m.group("month")), int(day) if day else None)
