"""English forms of the texts' people, places and dates, both ways: 陈肇雄 ↔ "Chen Zhaoxiong",
浙江 ↔ "Zhejiang", 4月23日 ↔ "April 23" (pypinyin for names, the annotator's DATE for dates).

Split from index/crosslingual.py, which keeps the dictionary lookups (CC-CEDICT and the glossary):
names and dates are matched by their sound and shape, not looked up.
"""

from __future__ import annotations

import re
from functools import lru_cache

from index.numerals import ENGLISH_DATE, MONTH_NAMES, english_date_parts


def _squash(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


@lru_cache(maxsize=4096)
def pinyin_of(name: str) -> str:
    """'陈肇雄' → 'Chen Zhaoxiong' (surname, then given name), as English texts write Chinese names."""
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(name)
    if len(syllables) < 2:
        return "".join(syllables).title()
    return syllables[0].title() + " " + "".join(syllables[1:]).title()


def names_in_english(question: str, names: list[str]) -> list[tuple[str, str]]:
    """(pinyin as written in the question, Chinese name) for the texts' people named in pinyin."""
    squashed = _squash(question)
    found = []
    for name in names:
        pinyin = pinyin_of(name)
        key = _squash(pinyin)
        if len(key) >= 6 and key in squashed:
            found.append((pinyin, name))
    return found


def strip_names(question: str, found: list[tuple[str, str]]) -> str:
    for pinyin, _ in found:
        parts = pinyin.split()
        pattern = r"\b" + r"[\s\-]*".join(re.escape(p) for p in parts) + r"('s)?\b"
        question = re.sub(pattern, " ", question, flags=re.I)
    return question


_MONTHS = MONTH_NAMES


def english_date(folded: str, document_date: str = "") -> list[str]:
    """'2019年12月2日' → 'December 2, 2019'; '4月23日' → 'April 23' (with the document's year when it
    has one); '2020-04-24' → 'April 24, 2020'. A year inside a 《…》 name dates nothing
    (《工业互联网发展行动计划(2018-2020年)》 names a plan), so it is not given as a date."""
    from index.annotate import event_dates

    out = []
    year_of_doc = document_date[:4] if re.match(r"\d{4}", document_date or "") else ""
    for m in event_dates(folded):
        d = re.match(r"(?:(\d{4})\s*[年-])?\s*(?:(\d{1,2})\s*[月-])?\s*(?:(\d{1,2}))?", m.group())
        if not d:
            continue
        year, month, day = d.group(1), d.group(2), d.group(3)
        if month and 1 <= int(month) <= 12:
            name = _MONTHS[int(month) - 1]
            text = f"{name} {int(day)}" if day else name
            year = year or year_of_doc
            out.append(f"{text}, {year}" if year and day else f"{text} {year}".strip())
        elif year:
            out.append(year)
    return out


# A surname alone ("Chen said…") names a person only when it is capitalised in the question and is
# not itself a common English word ("He", "Ma", "Long" are): general-language frequency decides.
SURNAME_MAX_ZIPF = 4.0
_PLACE_SUFFIX = re.compile(r"(?<=..)(省|市|区|县|自治区)$")


@lru_cache(maxsize=1)
def _pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (about 420), from pypinyin's character readings."""
    import unicodedata

    from pypinyin.pinyin_dict import pinyin_dict

    out = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            out.add("".join(c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c)))
    return frozenset(s for s in out if s.isascii() and s.isalpha())


@lru_cache(maxsize=4096)
def pinyin_name(word: str, question: str) -> bool:
    """Is ``word`` a Chinese name written in pinyin ("Jiangsu", "Huawei", "Liu Liehong" word by word):
    capitalised in the question, two pinyin syllables or more and nothing else, and not a common
    English word (general-language frequency, as for a surname alone)?"""
    from wordfreq import zipf_frequency

    if not re.search(rf"\b{re.escape(word[:1].upper() + word[1:])}\b", question) or len(word) < 4:
        return False
    if zipf_frequency(word, "en") >= SURNAME_MAX_ZIPF:
        return False
    syllables = _pinyin_syllables()
    lower = word.lower()
    ends = {0: 0}  # position → fewest syllables reaching it
    for i in range(len(lower)):
        if i not in ends:
            continue
        for j in range(i + 1, min(len(lower), i + 6) + 1):
            if lower[i:j] in syllables:
                ends[j] = min(ends.get(j, 99), ends[i] + 1)
    return ends.get(len(lower), 0) >= 2


def _syllables(chinese: str) -> list[str]:
    from pypinyin import lazy_pinyin

    return [s for s in lazy_pinyin(chinese) if s.isalpha()]


def _pinyin_pattern(syllables: list[str]) -> str:
    """'zhao','xiong' → 'zhao[\\s\\-]?xiong': English writes given names joined, split or hyphenated."""
    return r"[\s\-]?".join(re.escape(s) for s in syllables)


def english_entities(question: str, people: list[str], places: list[str]) -> list[tuple[str, list[str]]]:
    """(the words as the question writes them, the Chinese forms the texts use) for the people,
    places and dates an English question names in English: 'Chen Zhaoxiong' or 'Lu Xin' → 陈肇雄 /
    鲁昕, a capitalised surname alone ('Chen') → everyone of that name, 'Zhejiang' → 浙江,
    'April 2018' → 2018年4月, 'April 23' → 4月23日."""
    found: list[tuple[str, list[str]]] = []
    taken: list[tuple[int, int]] = []

    def free(m: re.Match) -> bool:
        return not any(m.start() < e and s < m.end() for s, e in taken)

    def add(m: re.Match, alternatives: list[str]) -> None:
        taken.append(m.span())
        found.append((m.group(), alternatives))

    for name in people:
        syl = _syllables(name)
        if len(syl) < 2:
            continue
        pattern = rf"\b{re.escape(syl[0])}[\s\-]+{_pinyin_pattern(syl[1:])}\b|\b{_pinyin_pattern(syl[1:])}\s+{re.escape(syl[0])}\b"
        for m in re.finditer(pattern, question, re.I):
            if free(m):
                add(m, [name])
    by_surname: dict[str, list[str]] = {}
    for name in people:
        syl = _syllables(name)
        if len(syl) >= 2:
            by_surname.setdefault(syl[0], []).append(name)
    from wordfreq import zipf_frequency

    for surname, names in by_surname.items():
        if zipf_frequency(surname, "en") >= SURNAME_MAX_ZIPF:
            continue
        for m in re.finditer(rf"\b{surname.title()}\b", question):
            if free(m):
                add(m, names)
    for place in dict.fromkeys(_PLACE_SUFFIX.sub("", p) for p in places):
        syl = _syllables(place)
        if len(syl) < 2:
            continue
        for m in re.finditer(rf"\b{_pinyin_pattern(syl)}\b", question, re.I):
            if free(m):
                add(m, [place])
    for m in ENGLISH_DATE.finditer(question):
        if free(m) and _written_as_a_date(m):
            add(m, chinese_dates(m))
    return found


def _written_as_a_date(m: re.Match) -> bool:
    """A question's month is capitalised ("may" is a verb), and an abbreviated one ("Apr.") has a
    day or a year with it."""
    month = m.group("month")
    if not month[0].isupper():
        return False
    return month.strip(".") in _MONTHS or bool(m.group("d1") or m.group("d2") or m.group("year"))


def chinese_dates(m: re.Match) -> list[str]:
    """The ways the texts write an English date match ('April 23, 2020' → 2020年4月23日, 4月23日)."""
    year, month, day = english_date_parts(m)
    if day and year:
        return [f"{year}年{month}月{day}日", f"{month}月{day}日"]
    if day:
        return [f"{month}月{day}日"]
    if year:
        return [f"{year}年{month}月"]
    return [f"{month}月"]
