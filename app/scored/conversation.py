"""Follow-ups: pronouns, ellipsis and "the next one" resolved against the earlier turns.

The earlier question is answered again (extractively, a few milliseconds), and what it was about —
the person its answer names, the document and item it answered from, the kind of answer it
wanted — fills in what the follow-up leaves out:

- "他是什么职务？" after "哪位院士参加了会议？" → the person of that answer, 邬贺铨;
- "那政策环境呢？" after "加快设施建设包括什么？" → the new subject, asked the earlier way;
- "下一项呢？" / "the first one" → an item of the list the earlier answer came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from app import cues
from app.scored.candidates import Claim, passage_tokens
from app.scored.question import Question, analyze
from index.english_names import pinyin_of
from index.fold import fold

MAX_DEPTH = 3  # how many earlier turns a chain of follow-ups may lean on
# How a rewritten follow-up names the item an earlier answer gave (both read back as an ordinal by
# app/question.py and app/scored/question.py): (Chinese, English)
ITEM_REFERENCE = ("第{n}项", "item {n}")
ITEM_QUESTION = ("第{n}项是什么？", "What is item {n}?")  # "下一项呢？" after item 2 stands alone as item 3


@dataclass
class Context:
    previous: Question
    claims: list[Claim] = field(default_factory=list)
    kind: str = "what"
    item: int | None = None  # the item number the earlier answer gave, for "the next one"
    doc_id: str | None = None
    # the earlier question's words as the texts write them, with their weights (app/scored/grounding.py)
    asked: list[tuple[list[str], float]] = field(default_factory=list)

    @property
    def person(self) -> str | None:
        """Whom "he" or "she" now means: of the people the earlier answer names, the one the earlier
        question asked about ("Tell me about Lu Xin." answered by a sentence that lists five people),
        else the first; else the person the earlier question named."""
        people, clauses = [], []
        for c in self.claims:
            p = c.passage
            for t in passage_tokens(p):
                if t.tag == "PER" and c.start <= p.start + t.start < c.end:
                    people.append(t.text)
                    clauses.append(_clause_of(p.text, t.start, t.end))
        if people:
            return asked_about(people, self.previous, clauses, self.asked)
        named = self.previous.entities.get("PER", [])
        return named[0] if named else None

    @property
    def topic(self) -> str | None:
        terms = sorted(self.previous.terms, key=lambda t: -t.weight)
        return terms[0].text if terms else None


CLAUSE_EDGE = re.compile(r"[、，,；;。！？!?\n]")  # a person's title and verb stay inside one clause


def _clause_of(text: str, start: int, end: int) -> str:
    """The clause around a name: its title before it, its verb after it ("中国电信集团董事长柯瑞文参加会议")."""
    before = [m.end() for m in CLAUSE_EDGE.finditer(text, 0, start)]
    after = CLAUSE_EDGE.search(text, end)
    return text[before[-1] if before else 0 : after.start() if after else len(text)]


def asked_about(
    people: list[str],
    previous: Question,
    clauses: list[str] | None = None,
    asked: list[tuple[list[str], float]] | None = None,
) -> str:
    """Of the people an answer names, the one its question named (in Chinese or in pinyin); else
    the one whose clause holds the most of the question's weight ("Who represented Zhejiang
    province?" answered by "工业和信息化部副部长陈肇雄、浙江省副省长高兴夫出席会议": 高兴夫, whose
    title says 浙江); else the first."""
    named = [n for n in people if n in previous.folded or fold(pinyin_of(n)) in previous.folded]
    if named or not clauses or not asked:
        return (named or people)[0]
    held = [sum(w for alternatives, w in asked if any(a and a in fold(c) for a in alternatives)) for c in clauses]
    best = max(held)
    return people[held.index(best)] if best > 0 else people[0]


def needs_context(q: Question) -> bool:
    return q.follow_up or not q.terms


def standalone(q: Question, ctx: Context) -> Question:
    """The follow-up as a question that stands alone."""
    prev = ctx.previous
    types = q.types if q.p("what") < 1.0 else prev.types
    if q.pronoun and cues.has("partitive", q.folded):
        # "which one of them came from CASIC?": one of the earlier answer's set, found by the
        # follow-up's own words with the earlier question as context, not "them" read as its topic
        return replace(q, types=types, pronoun=False, ellipsis=False)
    if q.pronoun and ctx.item is not None and not _asks_person(q):
        # "它包括哪些内容？" after "第一项举措是什么？": "it" is the item that answer gave
        named = ITEM_REFERENCE[q.script == "en"].format(n=ctx.item)
        rewritten = analyze(_replace_pronoun(q, named))
        return replace(rewritten, types=types, pronoun=False, ellipsis=False, script=q.script)
    if q.pronoun:
        who = ctx.person
        subject = who if who and _asks_person(q) else ctx.topic or who
        if subject:
            shown = pinyin_of(subject) if q.script == "en" and subject == who else subject
            rewritten = analyze(_replace_pronoun(q, shown))
            return replace(rewritten, types=types, pronoun=False, ellipsis=False, script=q.script)
    if q.ordinal is not None or q.step:
        ordinal = q.ordinal if q.ordinal is not None else (ctx.item or 0) + q.step
        kept = [t for t in q.terms if not t.text.isdigit()]
        raw = ITEM_QUESTION[q.script == "en"].format(n=ordinal) if q.step and ordinal > 0 else q.raw
        return replace(q, raw=raw, ordinal=ordinal, step=0, terms=kept or prev.terms, types=types, ellipsis=False)
    if q.terms:
        # "那政策环境呢？": the new subject, asked the way the earlier question asked
        return replace(q, types=types, ellipsis=False)
    return replace(prev, raw=q.raw, script=q.script)


def _asks_person(q: Question) -> bool:
    return cues.has("person_pronoun", q.folded)


def _replace_pronoun(q: Question, subject: str) -> str:
    found = cues.find("pronoun", q.folded)
    if q.script != "en":  # only where the tagger reads a pronoun ("其他" is not "其")
        starts = {t.start for t in q.tokens if t.tag == "r"}
        found = [m for m in found if m.start in starts]
    if not found:
        return subject + " " + q.folded
    m = found[0]
    rest = q.folded[m.end :]
    if q.script == "en" and m.cue in cues.words("possessive") and (m.cue != "her" or re.match(r"\s+[a-z]", rest)):
        subject += "'s"  # "what is his position" → "what is Weng Jieming's position"
    return q.folded[: m.start] + subject + rest


def retrieval_text(q: Question) -> str:
    """What to retrieve with: the question's content terms (and its own words when it has none)."""
    return " ".join(t.text for t in q.terms) or q.raw


def fold_claims(claims: list[Claim]) -> str:
    return fold(" ".join(c.text for c in claims))
