"""Checks a model's reply before anything is shown: markers, facts, people, exact quotes.

A fluent model is wrong quietly: a right claim beside an invented one, "five measures" where the
text has four, the 25th where it says the 23rd, a person the text never names, a real person with
someone else's title. So each sentence of the reply is checked on its own against the sources it
cites, and kept only if

- its markers point to sources that were given (others are ignored; no valid marker, no claim);
- it says what a cited passage says: most of its words, weighted by how much each says (rare words
  much, common ones little), occur there, or for English translate to words there; and no clause
  of it is mostly new (a right clause cannot carry an invented one);
- every number (Arabic, Chinese numerals, English number words) occurs as a number in the passage,
  and every date (month and day, and the year where given) is a date of the passage;
- every person it names (Chinese, or in pinyin in an English sentence) is named in the passage, and
  a title it gives them is a title the passage gives that person (部长 is not 副部长); a sentence
  that starts with 他 / 她 / He / She is checked as being about the person named just before.

A list sentence whose items carry their own markers is checked item by item.

Each kept claim gets an exact quote: the passage sentence that best supports it, with its offsets.
What a sentence states (words, people, numbers, dates, titles) comes from ``app.llm_facts``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from app import cues
from app.llm_facts import (
    CAPITALISED,
    FUNCTION_TAGS,
    MONTHS,
    ORG_TAGS,
    SURNAME_KEY,
    TITLE_AFTER,
    TITLE_BEFORE,
    PassageFacts,
    claim_numbers,
    claimed_titles,
    date_ok,
    dates,
    names,
    passage_facts,
    pinyin_names,
    tagged,
    untoned,
)
from index.fold import fold
from index.search import Passage
from ingest.chunker import split_sentences

# [1], [1, 2], [1][2], 【1】, and the labelled forms small models write: [source 1], [来源1], [資料 2]
_MARK = r"[\[【]\s*(?:(?:sources?|来源|來源|资料|資料)\s*)?\d{1,3}(?:\s*[,，、]\s*\d{1,3})*\s*[\]】]"
MARKER = re.compile(
    r"[\[【]\s*(?:(?:sources?|来源|來源|资料|資料)\s*)?(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\s*[\]】]", re.I
)
REFUSAL = re.compile(
    r"文本沒有提到|文本没有提到|沒有提及|没有提及|未提及|未提到|无法回答|無法回答"
    r"|does not say|do not say|not mentioned|does not mention|do not mention",
    re.I,
)
# A sentence ends at a Chinese or exclamation/question mark, or at an English full stop followed by
# a space, a marker or the end (so 1.5 and 5G stay whole); markers right after the end belong to it.
SENTENCE = re.compile(rf"[^。！？!?\n]+?(?:[。！？!?]|\.(?=\s|\[|【|$)|(?=\n)|$)(?:\s*{_MARK})*", re.I)
LIST_BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)]|\(\d{1,2}\))\s+")
# what is left of a list's separator before an item: punctuation, then one joiner (cue class
# ``list_joiner``: 和, 及, 以及, 与, "and")
LIST_JOINER = re.compile(
    r"^[\s、,，;；.]*(?:"
    + "|".join(
        re.escape(w) + (r"\s+" if w.isascii() else "")
        for w in sorted(cues.words("list_joiner"), key=lambda w: (-len(w), w))
        if w != "、"
    )
    + ")?"
)
HAN_TEXT = re.compile(r"[\u4e00-\u9fff]+")
MARKDOWN = re.compile(r"\*\*|__|`")

HAN_OVERLAP_MIN = 0.6  # share of a Chinese claim's weighted content words found in the passage
RARE_ZIPF = 8.0  # a word's weight is RARE_ZIPF minus its Zipf frequency in general Chinese...
MIN_WORD_WEIGHT = 0.5  # ...and never below this, so even 是 counts a little
ENGLISH_OVERLAP_MIN = 0.5  # share of an English claim's weighted content words translated there
CLAUSE_OVERLAP_MIN = 0.34  # every clause of a claim must have at least this share covered...
CLAUSE_MIN_WEIGHT = 4.0  # ...if it says that much (about one specific word); 此外 / however say nothing
ENGLISH_CLAUSE = re.compile(r"[,;:]|\s+(?:and|while|where|which|but)\s+")
CLAUSE_END = frozenset({",", ";", ":", "。", "!", "?"})  # in folded text, where ，；： are , ; :
# a sentence about the last person: a linking word (cue class ``sentence_link``), then 他 / 她 (not 他们)
ZH_PRONOUN = re.compile(
    rf"^((?:{cues.any_of('sentence_link').pattern})?[,，]?\s*)(?:{cues.any_of('speaker_pronoun').pattern})(?!们|們)"
)
EN_PRONOUN = re.compile(rf"^(?:{cues.any_of('speaker_pronoun_en').pattern})\b", re.I)
ANCHOR_WEIGHT = 1  # a quote is chosen by the claim's anchors it holds (see best_quote), then by characters
QUOTES_PER_CLAIM = 2  # a claim citing several sources is quoted from at most this many
FACT_TAGS = frozenset({"m", "TIME"})  # dates and counts: checked exactly elsewhere, so covered content here


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


def _title_fits(word: str, tag: str, window: list[tuple[str, str]], titles: set[str]) -> bool:
    """An organisation must be spelt from the person's own words (国资委 from 国务院国有资产监督管理
    委员会); a title the passage uses for anyone (or part of one: 部长 in 副部长) must be one of the
    person's own words, whole. Other words are not titles and are left to the overlap check."""
    if tag in ORG_TAGS:
        chars = {ch for w, _ in window for ch in w}
        return set(word) <= chars
    if any(word in t or t in word for t in titles):
        return word in {w for w, _ in window}
    return True


def _english_people_ok(sentence: str, facts: PassageFacts) -> tuple[bool, list[str]]:
    """Every pinyin name is someone in the passage, with a title the passage gives them; also
    returns the names found, so the overlap check does not count them as unknown words."""
    from index.crosslingual import phrase_groups

    names = []
    for name, start, end in pinyin_names(sentence):
        key = re.sub(r"[^a-z]", "", name.lower())
        chinese = facts.pinyin.get(key if " " in name or "-" in name else SURNAME_KEY + key)
        if chinese is None:
            return False, names
        names.append(name)
        window = facts.windows.get(chinese)
        if window is None:
            continue
        before = TITLE_BEFORE.search(sentence[:start])
        after = TITLE_AFTER.match(sentence[end:])
        role = " ".join(x for x in (before and before.group(1), after and after.group(1)) if x)
        for _, terms in phrase_groups(role, facts.folded):
            if not terms:
                continue
            if any(_title_fits(t, "n", window, facts.titles) and _title_like(t, facts) for t in terms):
                continue
            if any(_title_like(t, facts) for t in terms):
                return False, names
    return True, names


def _title_like(term: str, facts: PassageFacts) -> bool:
    return any(term in t or t in term for t in facts.titles)


def _chinese_people_ok(folded: str, facts: PassageFacts) -> bool:
    """Every person the claim names is in the passage, with a title the passage gives them; every
    place too, written out or by the one-character form the passage uses (在京 for 北京)."""
    tokens = tagged(folded)
    for i, (word, tag) in enumerate(tokens):
        if not HAN_TEXT.search(word):  # the tagger's guesses on English words; pinyin is checked apart
            continue
        if tag == "LOC" and word not in facts.folded and not any(a in word for a in facts.place_abbreviations):
            return False
        if tag != "PER" or len(word) < 2:
            continue
        if word not in facts.folded:
            return False
        window = facts.windows.get(word)
        if window is None:
            continue
        if not all(_title_fits(w, t, window, facts.titles) for w, t in claimed_titles(tokens, i)):
            return False
    return True


# --- the checks ----------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _weight(word: str, language: str = "zh") -> float:
    """How much a word says: rare words (名字, 预算, 基站) much, common ones (是, 进行) little."""
    from wordfreq import zipf_frequency

    return max(MIN_WORD_WEIGHT, RARE_ZIPF - zipf_frequency(word, language))


def _han_coverage(tokens: list[tuple[str, str]], facts: PassageFacts) -> tuple[float, float]:
    """(covered, total) weight of the claim's content, each word weighted by how much it says; a
    word is covered if the passage writes it, an organisation if it is spelt from the passage's
    characters (工信部 from 工业和信息化部), a date or count always (they are checked exactly by the
    number and date rules, which drop the claim if they are wrong)."""
    chars = set(facts.folded)
    total = covered = 0.0
    for word, tag in tokens:
        if tag in FUNCTION_TAGS - FACT_TAGS or not re.search(r"[\u4e00-\u9fff\d]", word):
            continue
        weight = _weight(word)
        total += weight
        if tag in FACT_TAGS or word in facts.folded or (tag in ORG_TAGS and set(word) <= chars):
            covered += weight
    return covered, total


def _han_clauses(folded: str) -> list[list[tuple[str, str]]]:
    """The claim's words, cut into clauses at commas, semicolons and conjunctions (并, 而且, 和)."""
    clauses: list[list[tuple[str, str]]] = [[]]
    for word, tag in tagged(folded):
        if tag == "c" or (tag == "w" and word in CLAUSE_END):
            clauses.append([])
        else:
            clauses[-1].append((word, tag))
    return [c for c in clauses if c]


def _english_coverage(folded: str, facts: PassageFacts, known_words: frozenset[str]) -> tuple[float, float]:
    """(covered, total) weight of an English claim's content words: covered if their phrase has a
    dictionary translation in the passage, or they are a name or place written in pinyin that the
    passage writes in Chinese (Wu Hequan, Hangzhou)."""
    from index.crosslingual import phrase_groups

    total = covered = 0.0
    for phrase, found in phrase_groups(folded, facts.folded):
        for word in phrase.split():
            weight = _weight(word, "en")
            total += weight
            if found or word in known_words or word[:3] in MONTHS or word.isdigit():
                covered += weight  # dates and numbers are checked exactly by their own rules
    return covered, total


def _framing(clauses: list[list[tuple[str, str]]]) -> int:
    """1 if the first clause only frames what follows ("会议指出，…", "陈肇雄表示，…": a subject and a
    verb), so the clause rule skips it (its words still count in the whole); else 0."""
    first = [(w, t) for w, t in clauses[0] if t not in FUNCTION_TAGS]
    return int(len(clauses) > 1 and 0 < len(first) <= 2 and first[-1][1] == "v")


def _chinese_overlap_ok(folded: str, facts: PassageFacts) -> bool:
    clauses = _han_clauses(folded)
    covered, total = _han_coverage([t for clause in clauses for t in clause], facts)
    if not total or covered / total < HAN_OVERLAP_MIN:
        return False
    parts = [_han_coverage(clause, facts) for clause in clauses[_framing(clauses) :]]
    return all(t < CLAUSE_MIN_WEIGHT or c / t >= CLAUSE_OVERLAP_MIN for c, t in parts)


def _english_overlap_ok(folded: str, facts: PassageFacts, known_words: frozenset[str], alone: bool) -> bool:
    """As for Chinese; English words inside a Chinese claim (5G, APP) are held to it only if they
    say as much as a clause does."""
    covered, total = _english_coverage(folded, facts, known_words)
    if not alone and total < CLAUSE_MIN_WEIGHT:
        return True
    if not total or covered / total < ENGLISH_OVERLAP_MIN:
        return False
    parts = [_english_coverage(clause, facts, known_words) for clause in ENGLISH_CLAUSE.split(folded)]
    return all(t < CLAUSE_MIN_WEIGHT or c / t >= CLAUSE_OVERLAP_MIN for c, t in parts)


def _overlap_ok(folded: str, facts: PassageFacts, known_words: frozenset[str] = frozenset()) -> bool:
    """The claim must say what the passage says: most of its weighted words occur there (Chinese),
    or translate to words there (English); and no clause of it may be mostly new, so a right
    claim cannot carry an invented one ("鄔賀銓參加了會議，並發表了主旨演講"). A claim mixing both
    ("Wu Hequan (邬贺铨) gave a keynote") is held to both."""
    han = HAN_TEXT.findall(folded)
    latin = HAN_TEXT.sub(" ", folded)
    if han and not _chinese_overlap_ok(folded, facts):
        return False
    return _english_overlap_ok(latin, facts, known_words, alone=not han)


def supported(sentence: str, passage_text: str) -> bool:
    """Whether one claim (markers removed) says only what the passage says; see the module doc."""
    facts = passage_facts(passage_text)
    sentence = untoned(sentence)
    folded = fold(sentence)
    chinese = bool(HAN_TEXT.search(folded))
    people_ok, pinyin = _english_people_ok(sentence, facts)
    if not people_ok:
        return False
    known = frozenset(w for name in pinyin for w in re.findall(r"[a-z]+", name.lower())) | {
        w.lower() for w in CAPITALISED.findall(sentence) if w.lower().replace("-", "") in facts.pinyin
    }
    if not _overlap_ok(folded, facts, known):
        return False
    if not claim_numbers(folded) <= facts.numbers:
        return False
    if not all(date_ok(d, facts.dates, facts.numbers) for d in dates(folded)):
        return False
    return not chinese or _chinese_people_ok(folded, facts)


def anchors(sentence: str, passage_text: str) -> list[str]:
    """The Chinese words (folded) a claim states that the passage writes: its people (named in
    Chinese, or in pinyin in English) and, for English, its words' dictionary translations."""
    facts = passage_facts(passage_text)
    folded = fold(sentence)
    if re.search(r"[\u4e00-\u9fff]", folded):
        return [w for w in names(sentence) if w in facts.folded]
    from index.crosslingual import translate

    people = [facts.pinyin.get(re.sub(r"[^a-z]", "", n.lower())) for n, _, _ in pinyin_names(sentence)]
    return [p for p in people if p] + translate(sentence, facts.folded)


def best_quote(claim: str, passage: Passage) -> tuple[int, int, str]:
    """The passage sentence that best supports the claim, with exact offsets and source text: the
    one holding most of the claim's anchors (people first), then most of its characters."""
    folded_claim = set(fold(claim))
    words = anchors(claim, passage.text)
    best = None
    for span in split_sentences(passage.text, passage.start):
        text = passage.text[span.start - passage.start : span.end - passage.start]
        folded = fold(text)
        score = (sum(ANCHOR_WEIGHT * len(w) for w in words if w in folded), len(folded_claim & set(folded)))
        if best is None or score > best[0]:
            best = (score, span.start, span.end, text)
    assert best is not None
    return best[1], best[2], best[3]


def sentences(reply: str) -> list[str]:
    """The reply's sentences, each with its markers; list bullets and markdown emphasis removed."""
    out = []
    for line in MARKDOWN.sub("", reply).splitlines():
        line = LIST_BULLET.sub("", line)
        out += [m.group().strip() for m in SENTENCE.finditer(line) if m.group().strip()]
    return out


def warm_up() -> None:
    """Load the tagger, the word frequencies and the dictionaries once, before the first reply
    (about five seconds cold), so no visitor waits for them."""
    passage = "4月23日,中国工程院院士邬贺铨参加会议。"
    supported("中国工程院院士邬贺铨参加了会议。", passage)
    supported("Academician Wu Hequan attended the meeting on April 23.", passage)


def _last_person(text: str) -> str | None:
    """The person a sentence names last (Chinese as written, or pinyin), whom a following 他 / she
    refers to."""
    if re.search(r"[\u4e00-\u9fff]", text):
        people = names(text)
        return people[-1] if people else None
    pinyin = pinyin_names(text)
    return pinyin[-1][0] if pinyin else None


def _resolve_pronoun(text: str, person: str | None) -> str:
    """ "他还是董事长" after a sentence about 邬贺铨 claims that 邬贺铨 is; check it as such."""
    if person is None:
        return text
    if re.search(r"[\u4e00-\u9fff]", person):
        return ZH_PRONOUN.sub(lambda m: m.group(1) + person, text, count=1)
    return EN_PRONOUN.sub(person, text, count=1)


def items(sentence: str) -> list[str]:
    """A list sentence whose items each end with their own marker ("分别是：A[1]、B[2]、C[3]。",
    "The measures are: A [1]; B [2]; and C [3].") becomes one claim per item; the lead-in before
    the colon has no marker of its own and is not shown. Any other sentence stays whole."""
    marks = list(MARKER.finditer(sentence))
    tail = sentence[marks[-1].end() :] if marks else sentence
    between = [sentence[a.end() : b.start()] for a, b in itertools.pairwise(marks)]
    if len(marks) < 2 or re.search(r"\w", tail) or not any(re.search(r"\w", t) for t in between):
        return [sentence]
    out, start = [], 0
    for m in marks:
        piece = sentence[start : m.end()]
        start = m.end()
        if not out and re.search(r"[:：]", MARKER.sub("", piece)):
            piece = re.split(r"[:：]", piece, maxsplit=1)[1]
        piece = LIST_JOINER.sub("", piece).strip()
        if MARKER.sub("", piece).strip():
            out.append(piece)
        elif out:
            out[-1] += piece  # [1][2]: both markers belong to the item before
    return out


def check_reply(reply: str, passages: list[Passage]) -> CheckResult:
    claims: list[CheckedClaim] = []
    dropped: list[str] = []
    if REFUSAL.search(reply) and not MARKER.search(reply):
        return CheckResult([], True, [])
    person = None
    for sentence in (item for whole in sentences(reply) for item in items(whole)):
        numbers = [int(n) for group in MARKER.findall(sentence) for n in re.split(r"[,，、]", group)]
        text = MARKER.sub("", sentence).strip()
        text = re.sub(r"\s+([。！？!?.,，])", r"\1", text)
        claim = _resolve_pronoun(text, person)
        person = _last_person(text) or person
        valid = [n for n in dict.fromkeys(numbers) if 1 <= n <= len(passages)]
        kept = [n for n in valid if supported(claim, passages[n - 1].text)]
        if not text or not kept:
            dropped.append(sentence)
            continue
        for n in kept[:QUOTES_PER_CLAIM]:
            p = passages[n - 1]
            start, end, quote = best_quote(claim, p)
            claims.append(CheckedClaim(text, p, start, end, quote))
    refused = not claims and any(REFUSAL.search(d) for d in dropped)  # a refusal with a stray marker
    return CheckResult(claims, refused, [] if refused else dropped)
