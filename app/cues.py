"""Cue data (app/data/cues.tsv): which phrases signal which kind of answer, a follow-up, speech,
the document's own items, and which part-of-speech tags carry no content.

The vocabulary lives in the data file; this module only loads and matches it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

ANSWER_TYPES = (
    "who",
    "when",
    "where",
    "how_many",
    "role",
    "said",
    "list",
    "which_item",
    "summary",
    "yesno",
    "source",
    "document_number",
    "headline",
    "organisation",
    "site",
    "age",
    "duration",
    "deadline",
    "why",
    "figure",
)


@dataclass(frozen=True)
class CueMatch:
    cls: str
    cue: str
    start: int
    end: int


@lru_cache(maxsize=1)
def cues() -> dict[str, tuple[str, ...]]:
    text = resources.files("app").joinpath("data/cues.tsv").read_text(encoding="utf-8")
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith(("#", "re:")):
            continue
        cls, _, cue = line.partition("\t")
        out.setdefault(cls.strip(), []).extend(_spellings(cue.strip().lower()))
    for cls in ENTITY_KINDS:
        out[cls] = out.get(cls, []) + [v for cue in out.get(cls, []) for v in _determiner_variants(cue, out)]
    return {k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in out.items()}


# Kinds whose answer is an entity (a place, a website): "哪些城市" asks the same kind as the cue
# "哪个城市", only for several — as "which cities" already matches "which city". Organisation cues
# are not among them: with them `dev` lost one (哪个司局 made an unanswerable follow-up an
# organisation question; README, twenty-eighth session).
ENTITY_KINDS = ("where", "site")


def _determiner_variants(cue: str, out: dict[str, list[str]]) -> list[str]:
    """A Chinese cue opened by a which-determiner (哪个城市), with every determiner of the class
    ``which_determiner`` (哪些城市, 哪几个城市, 哪一家公司)."""
    determiners = sorted(out.get("which_determiner", []), key=len, reverse=True)
    det = next((d for d in determiners if cue.startswith(d) and len(cue) > len(d)), None)
    return [d + cue[len(det) :] for d in determiners] if det else []


def base_cue(cue: str) -> str:
    """A determiner variant read back as the cue the data lists with 哪个 (哪些城市 → 哪个城市)."""
    determiners = sorted(cues().get("which_determiner", ()), key=len, reverse=True)
    det = next((d for d in determiners if cue.startswith(d) and len(cue) > len(d)), None)
    return "哪个" + cue[len(det) :] if det else cue


def _spellings(cue: str) -> list[str]:
    """An English cue in both spellings ('summarise', 'summarize'; breame's word lists), so the
    data lists each word once and British and American askers both match it."""
    if not cue.isascii():
        return [cue]
    from breame.spelling import get_american_spelling, get_british_spelling

    words = cue.split()
    return list(
        dict.fromkeys([cue, " ".join(map(get_american_spelling, words)), " ".join(map(get_british_spelling, words))])
    )


# "which company" also in "which state-owned company", "what exact date", "which two cities": up to
# three modifiers between the question word and the noun that says what kind of answer is asked for
_MODIFIERS = r"(?:[a-z][\w'-]*\s+){0,3}"


def _noun_forms(noun: str) -> str:
    """The noun and its plural ("city", "cities"; "official", "officials")."""
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return re.escape(noun[:-1]) + "(?:y|ies)"
    return re.escape(noun) + "(?:e?s)?"


@lru_cache(maxsize=64)
def _pattern(cls: str) -> re.Pattern[str]:
    parts = []
    for cue in cues().get(cls, ()):
        head, _, noun = cue.partition(" ")
        if head in {"which", "what"} and noun and " " not in noun and noun not in {"is", "are", "does", "do"}:
            parts.append(rf"\b{head}\s+{_MODIFIERS}{_noun_forms(noun)}\b")
            continue
        escaped = re.escape(cue).replace(r"\ ", r"\s+")
        parts.append(rf"\b{escaped}\b" if re.match(r"[a-z]", cue) else escaped)
    return re.compile("|".join(parts) or r"(?!)")


def find(cls: str, folded: str) -> list[CueMatch]:
    """Every match of a cue class in folded text, longest cue first at each place."""
    return [CueMatch(cls, m.group(), m.start(), m.end()) for m in _pattern(cls).finditer(folded)]


def has(cls: str, folded: str) -> bool:
    return bool(_pattern(cls).search(folded))


def words(cls: str) -> frozenset[str]:
    return frozenset(cues().get(cls, ()))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, str]:
    text = resources.files("app").joinpath("data/cues.tsv").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if line.startswith("re:"):
            name, _, pattern = line[3:].partition("\t")
            out[name.strip()] = pattern.strip()
    return out


@lru_cache(maxsize=64)
def pattern(name: str) -> re.Pattern[str]:
    """A regular expression kept in the cue file (``re:name``), case-insensitive, exactly as written."""
    return re.compile(_patterns()[name], re.I)


def chars(cls: str) -> str:
    """A class of single characters ("副原前代") as one string, for ``in`` tests."""
    return "".join(sorted(words(cls)))


def ending_with(cls: str) -> re.Pattern[str]:
    """True-ish when a word ends with one of the class's cues ("副部长" ends with a title)."""
    return re.compile("(" + "|".join(re.escape(c) for c in cues().get(cls, ())) + ")$")


def pattern_of(cls: str) -> re.Pattern[str]:
    """A class's cues as one pattern, English ones as whole words ("age" is not in "page")."""
    return _pattern(cls)


@lru_cache(maxsize=64)
def any_of(cls: str) -> re.Pattern[str]:
    """Any of a class's cues, anywhere (no word boundaries), longest first."""
    return re.compile("|".join(re.escape(c) for c in cues().get(cls, ())) or r"(?!)")


@lru_cache(maxsize=1)
def _spoken() -> tuple[tuple[str, str], ...]:
    pairs = [c.split("=", 1) for c in cues().get("spoken", ())]
    return tuple((a, b) for a, b in pairs)


def written_wording(text: str) -> str:
    """A question's spoken question words in their written form ("这个会是啥时候开的" → 什么时候),
    so every cue and pattern written with 什么 or 怎么 also meets the spoken form. For analysing a
    question only."""
    for spoken, written in _spoken():
        text = text.replace(spoken, written)
    return text
