"""A person's appearances across the collection: "Across these texts, which meetings did vice
minister Chen Zhaoxiong attend? Give me the dates.", "陈肇雄出席过哪几场会议?".

Such a question is about several documents at once, and no one sentence answers it: the
answerers, which pick the best sentence or two, gave one meeting. Here each document that names
the person gives two quotes, in the order the documents are dated: the sentence that dates what
the document reports (its dateline lead, "2019年12月2日,…座谈会在北京召开"), and the first sentence
that names the person ("工业和信息化部副部长陈肇雄出席会议"). A reader sees each meeting, its date and
the person's part in it, every piece quoted at its offsets.

A postprocessor like app/summary.py: it answers only questions that name one person the texts
name and ask for meetings or events in the plural (cue pattern ``events_of_person``), in a
collection of several documents; any other question keeps the answerers' draft.
"""

from __future__ import annotations

from app import cues
from app.draft import Claim, Draft
from app.scored.topic_document import several_documents
from index.annotate import convening_verbs, event_dates
from index.english_names import pinyin_of
from index.fold import fold
from index.search import Searcher
from ingest.chunker import split_sentences

KIND = "appearances"  # the draft's kind: quotes in order, neither a list of items nor one answer


def asks_events_of(question: str) -> bool:
    """Does the question ask for meetings or events in the plural (which meetings, 哪几场会议)?"""
    return bool(cues.pattern("events_of_person").search(fold(question)))


def named_person(question: str, searcher: Searcher) -> str | None:
    """The one person of the texts the question names, in Chinese or in pinyin; None for none or
    several (the appearances of two people are two questions)."""
    folded = fold(question)
    named = [n for n in searcher.person_names() if n in folded or fold(pinyin_of(n)) in folded]
    return named[0] if len(named) == 1 else None


def appearances(question: str, searcher: Searcher) -> Draft | None:
    """Per document that names the asked person, dated order: its dating sentence and the person's."""
    if not several_documents(searcher) or not asks_events_of(question):
        return None
    person = named_person(question, searcher)
    if person is None:
        return None
    docs = searcher.manifest.get("docs", {})
    claims: list[Claim] = []
    for doc_id in sorted(docs, key=lambda d: (docs[d].get("date", ""), d)):
        sentences = list(_sentences(doc_id, searcher))
        naming = next((c for c in sentences if person in fold(c.text)), None)
        if naming is None:
            continue
        dated = [c for c in sentences if event_dates(fold(c.text))]
        # the date of the meeting the document reports, not of the page ("2020-04-24"): a dated
        # sentence with a verb that convenes one (召开, 举行: index/meeting_words.tsv)
        dating = next((c for c in dated if any(v in fold(c.text) for v in convening_verbs())), None)
        dating = dating or next(iter(dated), None)
        if dating is not None and (dating.start, dating.end) != (naming.start, naming.end):
            claims.append(dating)
        claims.append(naming)
    return Draft(claims, kind=KIND) if claims else None


def _sentences(doc_id: str, searcher: Searcher):
    """The document's sentences in reading order, each a claim at its offsets."""
    for p in searcher.doc_passages(doc_id):
        for s in split_sentences(p.text, p.start):
            yield Claim(p.text[s.start - p.start : s.end - p.start], p, s.start, s.end)
