"""How the rules answerer settles on its quotes once sentences are ranked (app/extractive.py):
which of the usable sentences date the thing asked, which clause a who-question's focus picks,
the segment a date or place question quotes, the slot a clause fills. Kept apart from the
answerer's control flow so each step can be tested on its own (tests/test_answer_types.py,
tests/test_stages.py).
"""

from __future__ import annotations

import re
from dataclasses import replace

from app import cues
from app.draft import Claim
from app.evidence import Evidence, TermGroup, present_anywhere
from app.question import Question
from app.scored.framing import framing_spans, in_framing
from index.annotate import VERB_TAG, Counted
from index.fold import fold
from index.search import Passage, Searcher


def slot_filled(q: Question, claim: Claim) -> Claim | None:
    """The clause that fills the question's slot (app/scored/slots.py), as the scored answerer
    quotes it: "支持大中小企业协同发展" for 要支持哪些企业协同发展."""
    from app.scored.question import analyze as analyze_scored
    from app.scored.slots import question_slot
    from app.scored.spans import slot_span

    sq = analyze_scored(q.raw)
    return slot_span(claim, question_slot(sq.folded, sq.tokens, sq.terms))


def with_meetings_named(groups: list[TermGroup], passages: list[Passage]) -> list[TermGroup]:
    """ "会议是什么时候开的": the generic 会议 is found in the name of a meeting the retrieved
    passages hold ("…行业应用推进会"), as the annotator reads names (index/annotate.event_names)."""
    from app.scored.candidates import meetings_named
    from index.annotate import meeting_heads

    generic = [g for g in groups if g.term in meeting_heads()]
    if not generic:
        return groups
    names = meetings_named(passages)
    return [replace(g, alternatives=[*g.alternatives, *names]) if g in generic else g for g in groups]


FOCUS_FACTOR = 2.0  # a clause naming what the question word asks about ("which academician") counts double


DATED_KINDS = {"when"}


def asks_an_event_no_text_has(q: Question, groups: list[TermGroup], searcher: Searcher) -> bool:
    """ "邬贺铨是哪一年当选院士的", "这份计划是什么时候正式发布的": a when-question dates its verb, and
    where no text has that verb (LAC's ``v``, two characters or more), nor a thesaurus synonym of it,
    every date the texts give dates something else — the meeting the sentence reports, not the
    election asked about. Chinese only: English verbs meet the texts through a dictionary whose
    gaps would refuse answerable questions (measured: `test` −1 in English)."""
    if q.script == "en":
        return False
    from app.scored.question import analyze as analyze_scored

    scored = analyze_scored(q.raw)
    framing = framing_spans(scored.folded)  # "麻烦帮我查一下": the asker's framing dates nothing
    verbs = {
        t.text
        for t in scored.tokens
        if t.tag == VERB_TAG and len(t.text) >= 2 and not in_framing(scored.folded, t.text, framing)
    }
    return any(g.term in verbs and not present_anywhere(g, searcher) for g in groups)


def dating_the_focus(q: Question, usable: list[Evidence], groups: list[TermGroup]) -> list[Evidence]:
    """A date answers "when was X signed" only where the sentence, its section or its document
    names X: "4月8日,…联席会议在北京召开" dates the meeting, not the 协议 asked about. X is the noun
    the question word determines (``focus``), where it is one of the terms the texts have."""
    from app.scored.question import analyze as analyze_scored

    focus = set(analyze_scored(q.raw).focus) & {g.term for g in groups}
    if not focus:
        return usable
    return [e for e in usable if focus <= e.hits]


def focus_first(q: Question, groups: list[TermGroup]) -> list[TermGroup]:
    """The noun the question word determines ("院士" in 哪位院士, "academician" in which academician)
    says which clause holds the person asked for; the other terms only place the sentence."""
    from app.scored.question import analyze as analyze_scored

    focus = set(analyze_scored(q.raw).focus)
    return [replace(g, idf=g.idf * FOCUS_FACTOR) if g.term in focus else g for g in groups]


SPAN_KINDS = {
    "when",
    "where",
    "how_many",
    "document_number",
    "event_name",
}  # answered by the segment holding the date, place or number, not the whole sentence


def segment_of(
    claim: Claim, kind: str, groups: list[TermGroup], counts: Counted | None = None, folded_question: str = ""
) -> Claim:
    """The segment of the sentence that holds the date or place asked for (app/scored/spans.py)."""
    from app.scored.spans import asked_date_part, narrow
    from app.terms import Term

    terms = [Term(g.term, g.alternatives, g.idf) for g in groups]
    report = cues.has("document", folded_question)  # "那条消息是哪天发布的": the report's own date
    found = narrow(claim, kind, terms, (), counts, asked_date_part(folded_question), report)
    return Claim(found.text, found.passage, found.start, found.end)


def overlaps(e: Evidence, chosen: list[Evidence]) -> bool:
    return any(c.passage.doc_id == e.passage.doc_id and c.start < e.end and e.start < c.end for c in chosen)


# the words a which-question asks an instance of: "which (three-year) plan", 哪个规划, 哪份文件
WHICH_PHRASE = re.compile(r"\bwhich((?:[ -][\w'-]+){1,4})|哪(?:一|几)?(?:个|份|项|部|些)?([\u4e00-\u9fff]{2,6})")
WORK_TITLE = re.compile(r"《[^《》]*》")
AUXILIARY = re.compile(r"\b(?:did|does|do|was|were|is|are|has|have|had|should|will|would|can|could|must)\b")


def naming_an_instance(q: Question, usable: list[Evidence], groups: list[TermGroup]) -> list[Evidence]:
    """ "Which plan did Chen tell local authorities to follow?" asks for a plan by its name: where a
    sentence names one (按照《云计算发展三年行动计划(2017-2019年)》要求), one that only uses the word
    in passing (有计划地推动企业上云) does not say which. The kind of work is the which-phrase's term
    that some sentence has inside a title in 《…》; with none, the sentences stay as they are."""
    windows = [AUXILIARY.split(m.group(1) or m.group(2))[0] for m in WHICH_PHRASE.finditer(q.folded)]
    # the phrase's head, its last term ("which new application technologies": technologies)
    heads = [max((g for g in groups if g.term in w), key=lambda g: w.rfind(g.term), default=None) for w in windows]
    asked = [g for g in heads if g is not None]
    if not asked or not usable:
        return usable
    kinds = [a for g in asked for a in g.alternatives if a]

    def titled(e: Evidence) -> bool:
        # the kind ends the title (its head, Chinese being head-final), a year span after it at most
        return any(
            re.search(rf"{re.escape(k)}(?:\([^()]*\))?》", t) for t in WORK_TITLE.findall(fold(e.text)) for k in kinds
        )

    top = usable[0].passage.doc_id  # within the document the question found, not another one's title
    return [e for e in usable if e.passage.doc_id == top and titled(e)] or usable
