"""What a sentence or passage states, for the citation checks: words and people (one Chinese tagger),
numbers in any form, dates, the titles a passage binds to each person, names in pinyin.

The tagger (Baidu LAC on ONNX Runtime, PER / ORG / LOC / TIME tags) sits behind ``tagged`` and
``names``, one seam to swap for the project's shared annotator.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from app import cues
from index.annotate import tag as annotate
from index.fold import fold
from index.numerals import EN_NUMBERS as NUMBER_WORDS
from index.numerals import EN_ORDINALS as ORDINAL_WORDS
from index.numerals import ENGLISH_DATE, MONTH_NAMES, ZH_DIGITS, ZH_NUMERAL, english_date_parts, zh_value

SURNAME_KEY = "#"  # pinyin index key prefix for a surname alone ("#wu" → 邬贺铨)
NAME_PART_SYLLABLES = 2  # a surname or given name in pinyin has at most this many syllables

# Cue data: words that link a person to a title ("X 是 院士", "曾任 副部长"), the tagger's tags a
# title or organisation can carry, number words in English.
COPULA = cues.words("copula")
ROLE_TAGS = frozenset({"n", "nz", "nw", "ORG", "LOC"})
ORG_TAGS = frozenset({"ORG", "LOC"})
FUNCTION_TAGS = frozenset({"w", "u", "p", "c", "xc", "m", "q", "r", "d", "f", "TIME"})  # no content
LIST_JOINERS = cues.words("list_joiner")  # between names of one list
CLAUSE_END = frozenset({",", ";", "。", "!", "?", ":", "\n", "，", "；", "：", "！", "？"})
EN_NUMBERS = {w: n for w, n in NUMBER_WORDS.items() if n >= 2}  # "one" and "first" are too often no count
EN_ORDINALS = {w: n for w, n in ORDINAL_WORDS.items() if n >= 2}
MONTHS = {m[:3].lower(): i for i, m in enumerate(MONTH_NAMES, 1)}  # matched on the first three letters
ARABIC = re.compile(r"\d+(?:\.\d+)?")
ZH_DATE = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(?:(\d{1,2})\s*[日号])?")
ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
HONORIFIC = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Prof)\.?\s+$")
CAPITALISED = re.compile(r"[A-Z][a-z]+(?:-[a-z]+)?")
TITLE_BEFORE = re.compile(r"((?:[A-Z][\w-]*\s+(?:(?:of|and|for|the)\s+)*)+)$")
TITLE_AFTER = re.compile(
    r"^\s*(?:,\s*|\(\s*|\s+(?:is|was|serves as|served as)\s+(?:also\s+)?)(?:(?:an?|the)\s+)?([^,.;()\[]+)"
)

# --- the Chinese tagger: the project's one annotator (index/annotate.py) ----------------------------


@lru_cache(maxsize=4096)
def tagged(folded: str) -> tuple[tuple[str, str], ...]:
    """(word, tag) for folded text, line by line; a line break is a clause end."""
    out: list[tuple[str, str]] = []
    for i, line in enumerate(folded.split("\n")):
        if i:
            out.append(("\n", "w"))
        out.extend((t.text, t.tag) for t in annotate(line) if t.text.strip())
    return tuple(out)


def names(sentence: str) -> list[str]:
    """People the sentence names in Chinese (folded), by the tagger's PER tag."""
    return [w for w, tag in tagged(fold(sentence)) if tag == "PER" and len(w) >= 2 and re.search(r"[\u4e00-\u9fff]", w)]


# --- numbers and dates ---------------------------------------------------------------------------


def _arabic(text: str) -> set[str]:
    return {n if "." in n else str(int(n)) for n in ARABIC.findall(text)}


def claim_numbers(folded: str) -> set[str]:
    """Numbers a claim asserts: digits, Chinese numerals the tagger reads as quantities or
    ordinals (一些 / 统一 are not counts, so a bare 一 is left out), English number words."""
    found = _arabic(folded)
    for word, tag in tagged(folded):
        if tag not in {"m", "TIME"}:
            continue
        for run in ZH_NUMERAL.findall(word):
            value = zh_value(run)
            if value is not None and (value >= 2 or word.startswith("第")):
                found.add(str(value))
    for word in re.findall(r"[a-z]+", folded):
        if word in EN_NUMBERS:
            found.add(str(EN_NUMBERS[word]))
        elif word in EN_ORDINALS:
            found.add(str(EN_ORDINALS[word]))
    return found


def _passage_numbers(folded: str) -> set[str]:
    """Every number the passage writes, in any form (a digit sequence counts digit by digit)."""
    found = _arabic(folded)
    for run in ZH_NUMERAL.findall(folded):
        value = zh_value(run)
        found.update([str(value)] if value is not None else (str(ZH_DIGITS.get(ch, "")) for ch in run))
    return found - {""}


def dates(folded: str) -> list[tuple[int | None, int, int | None]]:
    """(year, month, day) of each date written in Chinese, ISO or English form."""
    out: list[tuple[int | None, int, int | None]] = []
    for y, m, d in ISO_DATE.findall(folded):
        out.append((int(y), int(m), int(d)))
    for m in ZH_DATE.finditer(folded):
        out.append((int(m[1]) if m[1] else None, int(m[2]), int(m[3]) if m[3] else None))
    for m in ENGLISH_DATE.finditer(folded):
        year, month, day = english_date_parts(m)
        if day is not None:  # "april 2020" dates nothing a check could hold to
            out.append((year, month, day))
    return [(y, m, d) for y, m, d in out if 1 <= m <= 12]


def date_ok(date: tuple[int | None, int, int | None], known: list, numbers: set[str]) -> bool:
    year, month, day = date
    for y, m, d in known:
        same_day = m == month and (day is None or d == day)
        if same_day and (year is None or y == year or (y is None and str(year) in numbers)):
            return True
    return False


# --- people and their titles ---------------------------------------------------------------------


def _person_windows(tokens: tuple[tuple[str, str], ...]) -> dict[str, list[tuple[str, str]]]:
    """For each person the passage names, the words it binds to them: back to the previous person
    or the clause start ("中国工程院 院士 邬贺铨"), and forward to the next person, 、 or clause end.
    A person listed right after another ("院士孙优贤、高金吉") shares the title before the list."""
    windows: dict[str, list[tuple[str, str]]] = {}
    before_previous: list[tuple[str, str]] = []
    for i, (word, tag) in enumerate(tokens):
        if tag != "PER":
            continue
        before: list[tuple[str, str]] = []
        j = i - 1
        while j >= 0 and tokens[j][1] != "PER" and tokens[j][0] not in CLAUSE_END:
            before.append(tokens[j])
            j -= 1
        if j >= 0 and tokens[j][1] == "PER" and all(w in LIST_JOINERS for w, _ in before):
            before = before_previous
        after: list[tuple[str, str]] = []
        k = i + 1
        while k < len(tokens) and tokens[k][1] != "PER" and tokens[k][0] not in CLAUSE_END | {"、"}:
            after.append(tokens[k])
            k += 1
        windows.setdefault(word, []).extend(before + after)
        before_previous = before
    return windows


def _is_copula(token: tuple[str, str]) -> bool:
    """是 / 任 and the two-character verbs ending in them (也是, 还是, 曾任, 担任; not 主任)."""
    word, tag = token
    return word in COPULA or (tag == "v" and len(word) == 2 and word[-1] in COPULA)


def claimed_titles(tokens: tuple[tuple[str, str], ...], i: int) -> list[tuple[str, str]]:
    """The words a claim binds to the person at ``i``: the nouns right before ("副主任 翁杰明"),
    right after ("翁杰明 副主任"), or across a copula ("院士 是 邬贺铨", "鲁昕 曾任 副部长")."""
    bound: list[tuple[str, str]] = []
    j = i - 1
    if j >= 0 and _is_copula(tokens[j]):
        j -= 1
    while j >= 0 and tokens[j][1] in ROLE_TAGS:
        bound.append(tokens[j])
        j -= 1
    k = i + 1
    while k < len(tokens) and tokens[k][1] == "d":  # 曾, 也, 还
        k += 1
    if k < len(tokens) and _is_copula(tokens[k]):
        k += 1
    while k < len(tokens) and tokens[k][1] in ROLE_TAGS:
        bound.append(tokens[k])
        k += 1
    return bound


def _titles(tokens: tuple[tuple[str, str], ...]) -> set[str]:
    """Words the passage uses as titles: the nouns right before a person (副部长 陈肇雄, 院士 邬贺铨),
    looking past a modifier such as 原."""
    titles: set[str] = set()
    for i, (_, tag) in enumerate(tokens):
        j = i - 1
        while tag == "PER" and j >= 0 and tokens[j][1] in {"n", "nz", "nw", "a"}:
            if tokens[j][1] != "a":
                titles.add(tokens[j][0])
            j -= 1
    return titles


@dataclass
class PassageFacts:
    """What the checks need to know about one passage, computed once per passage text."""

    folded: str
    tokens: tuple[tuple[str, str], ...]
    numbers: set[str]
    dates: list
    windows: dict[str, list[tuple[str, str]]]
    titles: set[str] = field(default_factory=set)
    pinyin: dict[str, str] = field(default_factory=dict)  # squashed pinyin → Chinese name
    place_abbreviations: set[str] = field(default_factory=set)  # one-character places: 京, 沪


@lru_cache(maxsize=512)
def passage_facts(passage_text: str) -> PassageFacts:
    folded = fold(passage_text)
    tokens = tagged(folded)
    windows = _person_windows(tokens)
    titles = _titles(tokens)
    facts = PassageFacts(folded, tokens, _passage_numbers(folded), dates(folded), windows, titles)
    facts.pinyin = _pinyin_index(folded, windows)
    facts.place_abbreviations = {w for w, t in tokens if t == "LOC" and len(w) == 1}
    return facts


# --- people in pinyin (English replies) ----------------------------------------------------------


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    from pypinyin.pinyin_dict import pinyin_dict

    out = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            bare = "".join(c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c))
            out.add(bare.replace("ü", "v"))
            out.add(bare.replace("ü", "u"))
    return frozenset(out)


@lru_cache(maxsize=4096)
def _is_pinyin(word: str) -> bool:
    """Whether ``word`` is one part of a Chinese name in pinyin: one or two syllables (Wu, Hequan =
    he + quan); English words that happen to spell syllables (a-ca-de-mi-ci-an) need more."""
    word = word.lower().replace("-", "")
    syllables = _syllables()
    fewest = [0] + [NAME_PART_SYLLABLES + 1] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            if word[start:end] in syllables:
                fewest[end] = min(fewest[end], fewest[start] + 1)
    return fewest[-1] <= NAME_PART_SYLLABLES


def _pinyin_index(folded: str, windows: dict) -> dict[str, str]:
    """Squashed pinyin (surname first, and given name first) → Chinese, for every run of two to four
    Han characters: a name the tagger missed is still found."""
    from pypinyin import lazy_pinyin

    index: dict[str, str] = {}
    for run in re.findall(r"[\u4e00-\u9fff]+", folded):
        syllables = lazy_pinyin(run)
        for n in (2, 3, 4):
            for i in range(len(syllables) - n + 1):
                chunk = syllables[i : i + n]
                name = run[i : i + n]
                index.setdefault("".join(chunk), name)
                index.setdefault("".join(chunk[1:] + chunk[:1]), name)
    for name in windows:  # the tagger's people win over arbitrary runs
        syllables = lazy_pinyin(name)
        index["".join(syllables)] = name
        index["".join(syllables[1:] + syllables[:1])] = name
        surname = SURNAME_KEY + syllables[0]
        index[surname] = name if index.get(surname, name) == name else ""  # "": more than one person
    return index


def untoned(text: str) -> str:
    """Tone marks off, one character for one (Wū Hèquán → Wu Hequan), so offsets stay valid."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base if base.isascii() else ch)
    return "".join(out)


def pinyin_names(sentence: str) -> list[tuple[str, int, int]]:
    """(name, start, end) for each run of two or three capitalised words that are all pinyin
    ("Wu Hequan", "Zhang Wei"; not "Vice Minister", not "China Telecom"), and each surname after
    a title or honorific ("Academician Wu", "Mr. Zhang")."""
    plain = untoned(sentence)
    words = list(CAPITALISED.finditer(plain))
    found: list[tuple[str, int, int]] = []
    run: list[re.Match] = []
    for m in [*words, None]:
        joined = (
            m is not None
            and run
            and plain[run[-1].end() : m.start()] in (" ", "-")
            and _is_pinyin(m.group())
            and len(run) < 3
        )
        if joined:
            run.append(m)
            continue
        if len(run) >= 2 or (run and _is_surname(plain, run[0])):
            found.append((plain[run[0].start() : run[-1].end()], run[0].start(), run[-1].end()))
        run = [m] if m is not None and _is_pinyin(m.group()) else []
    return found


def _is_surname(plain: str, word: re.Match) -> bool:
    """A lone one-syllable pinyin word right after an honorific or a capitalised title word."""
    if word.group().lower() not in _syllables():
        return False
    before = plain[: word.start()]
    title = re.search(r"([A-Z][a-z]+)\.?\s+$", before)
    return bool(HONORIFIC.search(before) or (title and not _is_pinyin(title.group(1))))
