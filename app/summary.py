"""A summary of one thing the texts hold ("概括一下2021年3月那次座谈会", "Give me the gist of what
vice minister Chen said"), as opposed to the overview of "this" document (asked with nothing else
named: app/scored/question.asks_overview, answered by the scored answerer's summary candidate).

The answerers find the document such a question names as they find any answer, and refuse it as
they refuse any: this stage only widens their answer into a summary of that answer's document,
as a postprocessor on the draft (the answerers stay as they are):

- a person the question names: what that person said there, in order (app/speakers.py reads
  whose words each sentence reports); where they say nothing there, the answer stays as it was;
- otherwise the document's opening sentences: for news reports and notices the lead is the
  summary their writers put first (lead-N is the baseline news summarisation keeps failing to beat);
- a document with numbered items adds their headings, its own table of contents.

Every piece is a sentence of the text at its offsets, so the quotes check like any other.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from pydantic import BaseModel

from app import cues
from app.draft import Claim, Draft
from app.speakers import Speakers
from index.annotate import VERB_TAG
from index.fold import fold
from index.search import Searcher
from ingest.chunker import split_sentences


class SummarySettings(BaseModel):
    # a summary is a few lines: at most this many sentences besides the item headings, and no more
    # characters than a reader takes in at a glance (the first sentence is always kept)
    max_sentences: int = 4
    max_chars: int = 320
    # a line shorter than this is a title, a dateline or a caption, not a sentence of the body
    min_sentence_chars: int = 12


SUMMARY = SummarySettings()
# answers that are already a summary or a document's own structure
STRUCTURED = {"summary", "list", "count", "item", "which_item", "appearances"}
SENTENCE_END = re.compile(r"[。！？!?；;:：]$")


def asks_summary(question: str) -> bool:
    """A summary asked for: a summary cue ("概括一下", "gist", "sum up": app/data/cues.tsv, class
    summary) in a clause that asks nothing else. "他在总结里说发展到了什么阶段" and "把特征概括成哪几个
    化" use the word inside a question of their own; "the gist of what Chen said" asks for a speech,
    which is what a summary of it gives. A cue that opens a time clause ("总结时") is no request."""
    from app.scored.framing import CLAUSE_BREAK
    from app.scored.question import analyze, summary_requests

    q = analyze(question)
    if q.p("summary") <= 0:
        return False
    cuts = [0] + [m.end() for m in CLAUSE_BREAK.finditer(q.folded)] + [len(q.folded)]
    for start, end in pairwise(cuts):
        forms = [m for m in summary_requests(q.folded) if start <= m.start < end]
        if not forms:
            continue
        asking = cues.find("asking", q.folded[start:end])
        if all(_object_of(forms, start + a.start, q.folded) for a in asking) or q.p("said") > 0:
            return True
    return False


def _object_of(forms: list[cues.CueMatch], at: int, folded: str) -> bool:
    """Is the question word at ``at`` part of a summary request: inside its cue, or, in English,
    the wh-word opening the request's object ("summarise **what** came out of the meeting": an
    embedded question, as in "the gist of what Chen said")? Chinese puts no such clause right after
    the verb ("把特征概括成哪几个化" asks which)."""
    return any(
        f.start <= at < f.end or (f.cue.isascii() and at >= f.end and not folded[f.end : at].strip()) for f in forms
    )


def summarised(question: str, draft: Draft, searcher: Searcher) -> Draft:
    """``draft`` widened into a summary of its document when ``question`` asks for a summary and
    the draft answers it with sentences; any other draft as it is."""
    if draft.abstained or not draft.claims or draft.kind in STRUCTURED or not asks_summary(question):
        return draft
    doc_id = draft.claims[0].passage.doc_id
    if item := named_item(question, doc_id, searcher):  # "概括一下「深化融合应用」这项举措": that item
        return replace(draft, claims=item, kind="summary", item=None)
    people = _people(question, searcher)
    # what a named person said; one who says nothing in the document leaves the answer as it is
    claims = speech_of(people, doc_id, searcher) if people else lead_of(doc_id, searcher)
    claims = claims + [c for c in _headings(doc_id, searcher) if not _overlaps(c, claims)]
    if not claims:
        return draft
    return replace(draft, claims=sorted(claims, key=lambda c: c.start), kind="summary", item=None)


def _people(question: str, searcher: Searcher) -> tuple[str, ...]:
    """The texts' people the question names (in Chinese or in pinyin; "Chen" may be several)."""
    from app.scored.grounding import ground
    from app.scored.question import analyze

    known = set(searcher.person_names())
    terms = ground(analyze(question), searcher)
    return tuple(a for t in terms if t.tag == "PER" and t.present for a in t.alternatives if a in known)


def _body_sentences(doc_id: str, searcher: Searcher):
    """(claim, speaker) for each sentence of the document's body, in order, headings left out."""
    known = tuple(searcher.person_names())
    for p in searcher.doc_passages(doc_id):
        heading_end = p.start + len(p.text.split("\n", 1)[0]) if p.heading_level >= 0 else -1
        speakers = Speakers(p.text, p.start, known)
        for s in split_sentences(p.text, p.start):
            text = p.text[s.start - p.start : s.end - p.start]
            folded = fold(text)
            speaker = speakers.before(s.start)
            speakers.read(folded, s.end)
            if s.end <= heading_end or len(text) < SUMMARY.min_sentence_chars or not SENTENCE_END.search(text):
                continue
            if not _states(p, s.start, s.end):
                continue
            yield Claim(text, p, s.start, s.end), speakers.speaker or speaker


def _states(p, start: int, end: int) -> bool:
    """A sentence with a verb (LAC's ``v``) says something; one without is an address line ("各省、
    自治区…主管部门:"), a caption or a list of names."""
    from app.scored.candidates import tokens_in

    return any(t.tag == VERB_TAG for t in tokens_in(p, start, end))


def speech_of(people: tuple[str, ...], doc_id: str, searcher: Searcher) -> list[Claim]:
    """What the first of ``people`` who speaks in the document said there, within the budget."""
    if not people:
        return []
    said: dict[str, list[Claim]] = {}
    for claim, speaker in _body_sentences(doc_id, searcher):
        if speaker in people:
            said.setdefault(speaker, []).append(claim)
    first = next((p for p in people if p in said), None)
    return _within_budget(said[first]) if first else []


def lead_of(doc_id: str, searcher: Searcher) -> list[Claim]:
    """The document's opening sentences, within the budget."""
    return _within_budget([claim for claim, _ in _body_sentences(doc_id, searcher)])


def _within_budget(claims: list[Claim]) -> list[Claim]:
    kept: list[Claim] = []
    used = 0
    for c in claims:
        if kept and (len(kept) >= SUMMARY.max_sentences or used + len(c.text) > SUMMARY.max_chars):
            break
        kept.append(c)
        used += len(c.text)
    return kept


def named_item(question: str, doc_id: str, searcher: Searcher) -> list[Claim]:
    """The numbered item of the document whose heading the question names (all of it, or four or
    more of its characters in a row, as the rules read a named heading): its heading and the
    sentences of its passage within the budget. Nothing when the question names no item, or several."""
    from app.extractive import heading_core, names_heading
    from app.scored.candidates import heading_claim, structure_items

    folded = fold(question)
    named = [p for p in structure_items(searcher, doc_id) if names_heading(heading_core(heading_claim(p).text), folded)]
    if len(named) != 1:
        return []
    item = named[0]
    # the item's own passage: a section runs on to the next heading, and the paragraph after the last
    # item (the announcement's attendance list) is no part of the fourth measure
    body = [c for c, _ in _body_sentences(doc_id, searcher) if c.passage.chunk_id == item.chunk_id]
    return [heading_claim(item), *_within_budget(body)]


def _headings(doc_id: str, searcher: Searcher) -> list[Claim]:
    from app.scored.candidates import heading_claim, structure_items

    return [heading_claim(p) for p in structure_items(searcher, doc_id)]


def _overlaps(c: Claim, claims: list[Claim]) -> bool:
    return any(x.passage.doc_id == c.passage.doc_id and x.start < c.end and c.start < x.end for x in claims)
