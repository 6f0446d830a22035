"""What a question asks: its script, the kind of answer it wants, its content terms.

Rules, not a model: they are few, tested, and work the same for every document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from app import cues
from app.english_count import english_counted
from app.scored.question import date_terms, ordinal_of
from app.scored.question_words import _aligned, _question_tokens, counted, question_numerals
from index.annotate import COMMON_NOUN_TAGS, DATE, NAME_TAGS, Counted, meeting_heads
from index.crosslingual import Vocabulary, english_tokens
from index.fold import detect_script, fold
from index.tokens import dictionary_word, word_spans, words

if TYPE_CHECKING:
    from index.corpus_stats import CorpusStats

# The vocabulary and the kind patterns live in the cue file (app/data/cues.tsv), not here.
QUESTION_WORDS = cues.words("question_word")
STRUCTURE_NOUNS = cues.words("structure_noun")
# Words that name the kind of answer wanted rather than what the text must say ("有什么要求",
# "曾经担任", "哪位领导人"): they count where some text has them and are dropped where none does.
ANSWER_FRAME_WORDS = cues.words("answer_frame")
ROLE_MODIFIERS = cues.chars("role_modifier")
EDGE_CHARS = cues.chars("edge_char")
PERSON_HINT = cues.ending_with("title_suffix")
WHO, WHEN, WHERE, SOURCE = (cues.pattern(n) for n in ("who", "when", "where", "source"))
HOW_MANY, LIST, COUNT, FOLLOW_UP = (cues.pattern(n) for n in ("how_many", "list", "count", "follow_up"))
WHICH_ITEM, ROLE, SAID = (cues.pattern(n) for n in ("which_item", "role", "said"))
_COUNTED = cues.pattern("counted")
DOCUMENT_NUMBER_CUE = cues.any_of("document_number")
ORGANISATION_CUE = cues.any_of("organisation")
EVENT_NAME = cues.pattern("event_name")
AGE_CUE = cues.pattern_of("age")
DURATION_CUE = cues.pattern_of("duration")
DEADLINE_CUE = cues.pattern_of("deadline")
FIGURE_CUE = cues.pattern_of("figure")
WHY_CUE = cues.pattern_of("why")


@dataclass
class Question:
    raw: str
    script: str
    folded: str
    kind: str  # who | when | where | how_many | count | list | item | which_item | role | said | document_number | event_name | age | why | source | addressee | duration | deadline | figure | organisation | what
    terms: list[str] = field(default_factory=list)
    ordinal: int | None = None
    follow_up: bool = False
    words: list[str] = field(default_factory=list)  # every jieba word, in order, for merging


def _with_modifier(term: str, folded: str) -> str:
    """Keep 副/原/前 on a role word (副部长 is not 部长) even when jieba splits it off."""
    i = folded.find(term)
    if i > 0 and folded[i - 1] in ROLE_MODIFIERS and PERSON_HINT.search(term):
        return folded[i - 1] + term
    return term


def content_terms(text: str, script: str) -> list[str]:
    if script == "en":
        return english_tokens(text)  # phrases are grouped against the texts later
    folded = fold(text)
    dates = date_terms(folded)
    text = A_NOT_A.sub(" ", DATE.sub(" ", folded))
    # a question word is dropped before its edges are stripped: 为什么 is not 为什
    kept = [w for w in (without_asking_part(w) for w in words(text)) if w and w not in QUESTION_WORDS]
    # a particle glued on by the segmenter goes (的会 → 会); a dictionary word keeps its first
    # character (对象 is not 象, 了解 not 解)
    terms = _english_runs([_with_modifier(_unglued(w), text) for w in kept], text)
    quoted = quoted_terms(folded)
    rest = [
        w
        for w in dict.fromkeys(terms)
        if w not in quoted
        and w not in QUESTION_WORDS
        and not re.fullmatch(r"[\W\d_]+", w)
        and not _COUNTED.match(w)
        and (len(w) > 1 or w in meeting_heads())  # 会 in "这次开的会": the meeting, found by its name
    ]
    return dates + quoted + rest


# The A-not-A question form (是不是, 能不能, 有没有): a verb, 不 or 没, the verb again. It asks yes or
# no, whatever the verb; the segmenter keeps some whole (是不是) and cuts others (能|不能).
A_NOT_A = re.compile(r"([\u4e00-\u9fff])[不没]\1")


@lru_cache(maxsize=8192)
def without_asking_part(word: str) -> str:
    """A word the segmenter keeps whole around an asking pronoun (干什么, 干啥, 多少钱): the pronoun
    asks (LAC reads it alone as one, and it is an ``asking`` cue), so only the rest can be content;
    a verb of one character left over (干) names nothing a sentence must hold."""
    from app.terms import PRONOUN_TAG
    from index.annotate import tag

    parts = [t for t in tag(word) if t.text.strip()]
    if len(parts) < 2 or not any(t.tag == PRONOUN_TAG and t.text in ASKING for t in parts):
        return word
    rest = "".join(t.text for t in parts if not (t.tag == PRONOUN_TAG and t.text in ASKING))
    return rest if len(rest) > 1 else ""


ASKING = cues.words("asking")


def _unglued(word: str) -> str:
    return word if dictionary_word(word) else word.strip(EDGE_CHARS)


def quoted_terms(folded: str) -> list[str]:
    """Words the asker set in quotation marks (打好什么“赛”, 「团体赛」; cue pattern ``quoted``): quoted
    from the text, kept whole whatever their length, where jieba would cut them or drop a single
    character."""
    return list(dict.fromkeys(m.group(1) for m in cues.pattern("quoted").finditer(folded)))


def _english_runs(terms: list[str], folded: str) -> list[str]:
    """English words next to each other in a Chinese question are one phrase ("工信部 vice minister
    是谁": "vice minister" → 副部长, where "vice" alone translates to nothing)."""
    out: list[str] = []
    for term in terms:
        if out and _LATIN.fullmatch(term) and _LATIN.fullmatch(out[-1]) and f"{out[-1]} {term}" in folded:
            out[-1] = f"{out[-1]} {term}"
        else:
            out.append(term)
    return out


_LATIN = re.compile(r"[a-z][a-z\-']*(?: [a-z][a-z\-']*)*")


# The rule answerer's question kinds, tried in this order; the first whose cue pattern matches wins.
KIND_ORDER = (
    ("document_number", DOCUMENT_NUMBER_CUE),
    ("addressee", cues.pattern_of("addressee")),  # before who: 发给谁 asks the notice's addressees
    ("event_name", EVENT_NAME),
    ("age", AGE_CUE),
    ("duration", DURATION_CUE),  # before when: 多长时间 asks a length, though 时间 is a time cue
    ("deadline", DEADLINE_CUE),  # before when: 最晚什么时候 asks a date something is due by
    ("why", WHY_CUE),
    ("figure", FIGURE_CUE),  # before said: "他用什么比喻来讲" asks the figure, not his words
    ("which_item", WHICH_ITEM),
    ("said", SAID),
    ("role", ROLE),
    ("organisation", ORGANISATION_CUE),
    ("who", WHO),
    ("when", WHEN),  # before where: 在哪天 asks a day, though 在哪 is a place cue
    ("source", SOURCE),  # before where: "Where did this news come from?", 来源在哪里 ask the source
    ("where", WHERE),
    ("count", COUNT),
    ("how_many", HOW_MANY),
    ("list", LIST),
)


def kind_of(folded: str, ordinal: int | None, script: str = "en") -> str:
    """An item number asks for that item; otherwise the first kind in ``KIND_ORDER`` whose cues the
    question holds ("来源在哪里" asks for the source, not a place), a Chinese question's asking
    numeral (几道题: ``question_numerals``, shared with the scored answerer) counting as a how-many
    cue; "what" when none does."""
    if ordinal is not None:
        return "item"
    for kind, pattern in KIND_ORDER:
        if kind == "event_name":
            if any(_names_the_meeting(m, folded) for m in pattern.finditer(folded)):
                return kind
            continue
        if kind == "where":
            if not SOURCE.search(folded) and _asks_a_place(folded, script):
                return kind
            continue
        if kind in {"count", "list"} and script != "en":
            if any(_counts_a_structure_noun(m, folded) for m in pattern.finditer(folded)):
                return kind
            continue
        if pattern.search(folded):
            return kind
        if kind == "how_many" and script != "en" and question_numerals(_question_tokens(folded)):
            return kind
    return "what"


def _counts_a_structure_noun(match: re.Match[str], folded: str) -> bool:
    """ "有多少项任务", "多少个重点任务", "有哪些重点任务": a count or list of a document's parts. The
    structure noun a cue ends with must head what is asked for: Chinese compounds put their head
    last, so "多少个重点行业龙头企业" counts 企业 (a how-many question) and "哪些重点企业" asks for
    companies, though both open with 重点. The phrase is the run of nouns (LAC's tags) from the
    word that ends the cue on; the cue must still read with the run's last noun in its place."""
    tokens = _question_tokens(folded)
    last = next((t for t in tokens if t.start < match.end() <= t.end), None)
    if last is None or last.tag not in NOUN_TAGS:
        return True  # the cue ends with no noun ("举措有哪些"): nothing to head
    run = [t for t in tokens if t.start >= last.start]
    run = run[: next((i for i, t in enumerate(run) if t.tag not in NOUN_TAGS), len(run))]
    if run[-1].end <= match.end():
        return True
    return bool(match.re.fullmatch(folded[match.start() : last.start] + run[-1].text))


def _asks_a_place(folded: str, script: str) -> bool:
    """A where-cue that asks for a place: in Chinese, not 哪 determining a counted noun (在哪几个方面,
    在哪些领域: "in which", by the tagger's numerals and classifiers, as the scored analysis reads it)."""
    if script == "en":  # "where", or a which-phrase the cue data names a place by ("which two cities")
        return bool(WHERE.search(folded)) or any(m.cue.startswith("which") for m in cues.find("where", folded))
    # 哪些城市 and 哪几个省 as the data's 哪个城市 (app/cues.ENTITY_KINDS)
    return any(WHERE.fullmatch(cues.base_cue(m.cue)) for m in _aligned("where", folded, _question_tokens(folded)))


def _names_with_a_question_word(part: list[str], question: str) -> bool:
    """A word the question list drops for how askers use it (政策: "这个政策" is the document) with a
    content word beside it (政策 + 环境, 主要 + 调查): where the texts write the two as one phrase (the
    heading 完善政策环境), the question names that phrase. Not a function word (LAC's tags: 关于 is
    a preposition, and "国务院关于" names nothing)."""
    from app.evidence import _function_words

    return (
        len(part) == 2
        and all(len(w) >= 2 for w in part)
        and sum(w in QUESTION_WORDS for w in part) == 1
        and not _function_words(question).intersection(part)
    )


def _two_characters(part: list[str]) -> bool:
    """Two characters jieba left single ("打" + "好" in 说的打好团体赛): a word of the texts' when
    they write it between word boundaries, unless either is a grammatical edge (是, 的, 在 …)."""
    return all(len(w) == 1 and w not in EDGE_CHARS for w in part) and "".join(part) not in QUESTION_WORDS


@lru_cache(maxsize=64)
def _on_word_edges(length: int):
    """An occurrence test for ``CorpusStats``: the ``length`` characters at ``pos`` begin and end on
    jieba's word boundaries of the text around them."""

    def accept(text: str, pos: int) -> bool:
        a = max(0, pos - WORD_WINDOW)
        spans = word_spans(text[a : pos + length + WORD_WINDOW])
        edges = {a + start for _, start, _ in spans} | {a + end for _, _, end in spans}
        return pos in edges and pos + length in edges

    return accept


WORD_WINDOW = 8  # characters read on each side to segment an occurrence


NOUN_TAGS = COMMON_NOUN_TAGS | NAME_TAGS  # what can stand between a meeting word and a name word


def _names_the_meeting(m: re.Match[str], folded: str) -> bool:
    """An event-name cue asks the meeting's name only where the meeting word is the last noun before
    the name word: "会议的全称叫什么" does, "出席会议的院士叫什么名字" asks the academician's name."""
    if m.group(1) is None:  # the English alternatives
        return True
    between = [
        t
        for t in _question_tokens(folded)
        if m.end(1) <= t.start and t.end <= m.start(2) and t.tag in NOUN_TAGS and t.text not in cues.words("name_word")
    ]
    return not between


def analyze(text: str) -> Question:
    # a line break or space inside a Chinese question ("有哪些\n举措") is not a word boundary
    text = re.sub(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])", "", text.strip())
    script = detect_script(text)
    folded = fold(text)
    ordinal = ordinal_of(text)
    kind = kind_of(folded, ordinal, script)
    short = len(re.sub(r"\W", "", folded)) <= 8
    return Question(
        raw=text,
        script=script,
        folded=folded,
        kind=kind,
        terms=content_terms(text, script),
        ordinal=ordinal,
        follow_up=bool(FOLLOW_UP.search(folded.strip())) or (short and kind == "item"),
        words=[] if script == "en" else words(DATE.sub(" ", folded)),
    )


def counted_of(question: Question, vocabulary: Vocabulary) -> Counted | None:
    """What a how-many question counts (app/scored/question.counted, app/english_count: shared by
    both answerers)."""
    if question.script == "en":
        return english_counted(question.raw, vocabulary)
    return counted(_question_tokens(question.folded))


def merge_with_texts(question: Question, terms: list[str], corpus: CorpusStats) -> list[str]:
    """Re-join words jieba split off in the question ("推进" + "会") when the texts write them as one
    word: the joined string must start and end on the texts' own word boundaries somewhere ("行业
    应用|推进|会"), not straddle a word ("负责人参加" holds 人参加 but 人 ends 负责人)."""
    seq, merged, i = question.words, [], 0
    while i < len(seq):
        for n in (3, 2):
            part = seq[i : i + n]
            joined = "".join(part)
            if (
                len(part) == n
                and (
                    (
                        any(len(w) == 1 and w not in EDGE_CHARS for w in part)
                        and (2 < len(joined) <= 5 or _two_characters(part))
                    )
                    or _names_with_a_question_word(part, question.raw)
                )
                and corpus.occurs(joined, _on_word_edges(len(joined)))
            ):
                merged.append(joined)
                i += n
                break
        else:
            i += 1
    if not merged:
        return terms
    return merged + [t for t in terms if not any(t in m for m in merged)]
