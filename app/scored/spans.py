"""The smallest span that answers: a name with its title, a date, a place, a number with its clause.

A sentence is cut at its punctuation into segments (，；：) and a segment into items (、). For a
"who" or "role" question the answer is the person items that the question's own words point to —
with the title-only items just before them ("学会会长、教育部原副部长鲁昕") — or, when the
question's words are a shared predicate ("参加会议"), every person of the segment that says it.
Spans are exact offsets into the cleaned document; the whole sentence stays in the source panel.
"""

from __future__ import annotations

import re

from app import cues
from app.scored.candidates import Claim, hits, tokens_in
from app.scored.slots import Slot
from app.terms import Term
from index.annotate import (
    DATE,
    NAME_TAGS,
    ORG_NOUN_TAG,
    TIME_TAG,
    Counted,
    count_agrees,
    date_parts,
    document_number,
    event_dates,
    event_names,
    new_place,
)
from index.fold import fold

SEGMENT = re.compile(r"[^,，;；:：。！？!?]+")
ITEM = re.compile(r"[^、]+")
MAX_SPAN = 40  # a typed answer longer than this falls back to the segment's core
NOUN_TAGS = {*NAME_TAGS, "n", "nz", ORG_NOUN_TAG, TIME_TAG}  # the terms that pick one name of a list


def _pieces(claim: Claim, pattern: re.Pattern[str], start: int = 0, end: int | None = None) -> list[Claim]:
    text = claim.text[start : len(claim.text) if end is None else end]
    out = []
    for m in pattern.finditer(text):
        piece = m.group()
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if piece:
            a = claim.start + start + m.start() + lead
            out.append(Claim(piece, claim.passage, a, a + len(piece)))
    return out


def _has(claim: Claim, tag: str, named: tuple[str, ...] = ()) -> bool:
    """The claim has a word of this tag; a place only if the question does not name it itself."""
    return any(
        t.tag == tag and (tag != "LOC" or new_place(t.text, named))
        for t in tokens_in(claim.passage, claim.start, claim.end)
    )


def _weight(terms: list[Term], claim: Claim, tags: set[str] | None = None) -> float:
    """The weight of the question's words the claim says (with ``tags``: only nouns and entities;
    an English word by the tag the annotator gives its Chinese here: 中国电信 is ORG, 出席 a verb)."""
    found = hits(terms, fold(claim.text))
    return sum(t.weight for t in terms if t.text in found and (tags is None or _tagged(t, tags, claim)))


def _tagged(t: Term, tags: set[str], claim: Claim) -> bool:
    if t.tag != "en":
        return t.tag in tags or t.entity
    folded = fold(claim.text)
    spots = [(m.start(), m.end()) for a in t.alternatives if a for m in re.finditer(re.escape(a), folded)]
    shift = claim.start - claim.passage.start
    return any(
        tok.tag in tags and any(tok.start - shift < b and a < tok.end - shift for a, b in spots)
        for tok in tokens_in(claim.passage, claim.start, claim.end)
    )


def _join(first: Claim, last: Claim) -> Claim:
    p = first.passage
    return Claim(p.text[first.start - p.start : last.end - p.start], p, first.start, last.end)


def person_span(claim: Claim, terms: list[Term], people: tuple[str, ...]) -> Claim:
    def person(c: Claim) -> bool:
        return _has(c, "PER") or any(n in fold(c.text) for n in people)

    segments = [s for s in _pieces(claim, SEGMENT) if person(s)]
    if not segments:
        return claim
    seg = max(segments, key=lambda s: (_weight(terms, s), -s.start))
    items = _pieces(seg, ITEM)
    named = [i for i, it in enumerate(items) if person(it) and _weight(terms, it, NOUN_TAGS) > 0]
    if not named:
        return seg if len(seg.text) <= MAX_SPAN * 2 else claim
    first, last = named[0], named[-1]
    while first > 0 and not person(items[first - 1]):
        first -= 1  # title-only items belong to the person named after them
    return _join(items[first], items[last])


def _segment_with(claim: Claim, found, terms: list[Term] = (), fits=lambda found: True) -> Claim | None:
    """The segment holding what ``found`` looks for; where several do, one whose find ``fits`` the
    question (a date with the day asked for), then the one that says most of the question's words,
    then the one nearest to where the sentence says them (a sentence may carry a report date and,
    next to the meeting's name, the meeting's date)."""
    folded = fold(claim.text)
    spots = [m.start() for t in terms for a in t.alternatives if a for m in re.finditer(re.escape(a), folded)]
    best, best_key = None, None
    for seg in _pieces(claim, SEGMENT):
        m = found(seg)
        if m:
            at = seg.start - claim.start
            distance = min((abs(at - p) for p in spots), default=0)
            key = (fits(m), _weight(list(terms), seg), -distance)
            if best_key is None or key > best_key:
                best, best_key = (seg if len(seg.text) <= MAX_SPAN else m), key
    return best


DATE_PARTS = ("day", "month", "year")  # cue classes date_day, date_month, date_year


def asked_date_part(folded: str) -> str | None:
    """The finest part of a date a question asks for: "哪天开的" the day, "哪一年" the year."""
    return next((part for part in DATE_PARTS if cues.has(f"date_{part}", folded)), None)


def _gives(date: str, part: str | None) -> bool:
    """Does this date say the part asked for? "2021年" gives no day; "12月10日" gives no year."""
    if part is None:
        return True
    m = DATE.search(date)
    return m is not None and date_parts(m)[DATE_PARTS[::-1].index(part)] is not None


def date_span(
    claim: Claim, terms: list[Term] = (), part: str | None = None, report_asked: bool = False
) -> Claim | None:
    """The date's segment, where one can, a date that gives the ``part`` asked for (``asked_date_part``).
    A date the question states itself ("2021年那场座谈会是哪一天") places the document; it is not the
    date asked for, so it neither answers nor picks the segment."""
    given = {fold(a) for t in terms if DATE.search(t.text) for a in t.alternatives}
    # ``report_asked``: the question names the report itself ("那条消息是哪天发布的"), whose own date
    # is then the one asked; otherwise a dateline's date is no event's

    def found(seg: Claim) -> Claim | None:
        dates = [m for m in event_dates(seg.text) if fold(m.group()) not in given]  # not a year in 《…》
        for m in sorted(dates, key=lambda m: not _gives(m.group(), part)):
            return Claim(m.group(), seg.passage, seg.start + m.start(), seg.start + m.end())
        toks = [t for t in tokens_in(seg.passage, seg.start, seg.end) if t.tag == "TIME" and t.text not in given]
        if toks:
            a = max(seg.passage.start + toks[0].start, seg.start)
            b = min(seg.passage.start + toks[-1].end, seg.end)
            return Claim(seg.passage.text[a - seg.passage.start : b - seg.passage.start], seg.passage, a, b)
        return None

    def fits(date: Claim) -> tuple[bool, bool]:
        return _gives(date.text, part), reports(date) == report_asked

    return _segment_with(claim, found, [t for t in terms if not DATE.search(t.text)], fits)


REPORT_MARK = re.compile(r"\s*(?:电|消息)")  # "12月13日消息", "10月11日电": the date a report was filed


def reports(date: Claim) -> bool:
    """Is the date a news dateline's ("据工业和信息化部12月13日消息,12月10日,…召开")? It dates the
    report, not what the report tells: a date of the event in the same sentence answers first,
    unless the question asks about the report itself."""
    p = date.passage
    return bool(REPORT_MARK.match(p.text, date.end - p.start))


def tagged_span(claim: Claim, tag: str, terms: list[Term] = ()) -> Claim | None:
    named = tuple(a for t in terms for a in t.alternatives)
    return _segment_with(claim, lambda seg: seg if _has(seg, tag, named) else None, terms)


def number_span(claim: Claim, terms: list[Term] = (), counts: Counted | None = None) -> Claim | None:
    """The segment with a count of what the question counts (index/annotate.count_agrees)."""
    return _segment_with(claim, lambda seg: seg if count_agrees(fold(seg.text), counts) else None, terms)


def document_number_span(claim: Claim) -> Claim | None:
    """The document number itself ("工信厅信管〔2020〕8号"), at its offsets in the source."""
    m = document_number(claim.text)
    if m is None:
        return None
    start, end = claim.start + m.start(), claim.start + m.end()
    return Claim(claim.text[m.start() : m.end()], claim.passage, start, end)


def event_name_span(claim: Claim) -> Claim | None:
    """The longest meeting name in the claim (index/annotate.event_names), at its source offsets."""
    tokens = tokens_in(claim.passage, claim.start, claim.end)
    base = claim.passage.start
    names = [(a, b) for a, b in event_names(tokens) if claim.start <= base + a and base + b <= claim.end]
    if not names:
        return None
    a, b = max(names, key=lambda ab: ab[1] - ab[0])
    p = claim.passage
    return Claim(p.text[a:b], p, p.start + a, p.start + b)


def slot_span(claim: Claim, slot: Slot | None) -> Claim | None:
    """The segments holding what fills the question's slot ("支持大中小企业协同发展" for 要支持哪些
    企业协同发展), at their source offsets; None where the claim leaves no such gap."""
    folded = fold(claim.text)
    found = slot.fill(folded) if slot and len(folded) == len(claim.text) else None  # offsets shared
    if found is None:
        return None
    segments = [
        s for s in _pieces(claim, SEGMENT) if s.start - claim.start < found[1] and found[0] < s.end - claim.start
    ]
    span = _join(segments[0], segments[-1]) if segments else None
    return span if span is not None and len(span.text) <= MAX_SPAN else None


def narrow(
    claim: Claim,
    kind: str,
    terms: list[Term],
    people: tuple[str, ...],
    counts: Counted | None = None,
    date_part: str | None = None,
    report_asked: bool = False,
) -> Claim:
    """The answering part of ``claim`` for a typed question; the claim itself otherwise."""
    if kind in {"who", "role"}:
        return person_span(claim, terms, people)
    found = None
    if kind == "when":
        found = date_span(claim, terms, date_part, report_asked)
    elif kind == "where":
        found = tagged_span(claim, "LOC", terms)
    elif kind == "how_many":
        found = number_span(claim, terms, counts)
    elif kind == "document_number":
        found = document_number_span(claim)
    elif kind == "event_name":
        found = event_name_span(claim)
    return found or claim
