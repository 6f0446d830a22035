"""The document a conversation is about, in a collection of several.

"有哪几位院士参加？" after "2019年12月那次座谈会在哪里召开？" asks about that symposium: a follow-up
that names no document of its own stays in the document the earlier answer came from. Without
this, the follow-up is answered from whichever document its few words match best (the announcement's
attendee sentence, another meeting's place). A question that names something the earlier document
lacks — a person, an organisation, a place or a date no passage of it has ("那2018年那次呢？"), or
a word of another document's title ("云计算那次会议上…") — has moved on, and is answered from the
whole collection again.
"""

from __future__ import annotations

from dataclasses import replace

from app.scored.grounding import ground
from app.scored.question import analyze
from index.passage import SearchResult
from index.search import Searcher


def stays_in(question: str, doc_id: str | None, searcher: Searcher) -> bool:
    """Does ``question`` still ask about ``doc_id`` (the earlier answer's document)? Only in a
    collection of several documents, and only when every name or date the question holds, and
    every word it shares with some document's title or date (云计算, 2017年, "action plan"), is one
    that document has."""
    if doc_id is None or not several_documents(searcher):
        return False
    folded = searcher.doc_context(doc_id)
    titles = searcher.all_doc_names()
    named = [
        t
        for t in ground(analyze(question), searcher)
        if t.present and (t.entity or any(a in titles for a in t.alternatives))
    ]
    return all(any(a in folded for a in t.alternatives) for t in named)


def several_documents(searcher: Searcher) -> bool:
    """A conversation has a document to stay in only where there is more than one."""
    return len(searcher.manifest.get("docs", {})) > 1


WIDER = 4  # how many times the usual number of passages is retrieved before keeping one document's


def within(query: str, doc_id: str, searcher: Searcher) -> SearchResult:
    """The passages of ``doc_id`` retrieved for ``query`` from a wider search, best first, then the
    document's other passages in reading order up to the usual number: a short document is read
    whole, whatever the retriever ranked from elsewhere."""
    k = searcher.settings.top_k
    result = searcher.search(query, k * WIDER)
    ranked = [p for p in result.passages if p.doc_id == doc_id][:k]
    seen = {p.chunk_id for p in ranked}
    rest = [p for p in searcher.doc_passages(doc_id) if p.chunk_id not in seen]
    return replace(result, passages=ranked + rest[: max(0, k - len(ranked))])
