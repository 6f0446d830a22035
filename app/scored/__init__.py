"""The scored answerer: soft question types, data-weighted terms, candidates with features, one
calibrated probability (app/scorer.py), span answers and follow-up resolution.

``ScoredPipeline(searcher).draft(question, history)`` is what the Assistant consults; it is
deterministic and offline. ``candidates`` exposes every scored candidate for calibration.
"""

from __future__ import annotations

from dataclasses import replace

from app.scored.answerer import Draft, ExtractiveAnswerer
from app.scored.candidates import Candidate
from app.scored.conversation import MAX_DEPTH, Context, needs_context, standalone
from app.scored.grounding import ground
from app.scored.question import Question, analyze
from app.scored.topic_document import within
from index.search import Searcher


class ScoredPipeline:
    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.answerer = ExtractiveAnswerer(searcher)

    def understand(self, text: str, history: list[str], topic: str | None = None) -> tuple[Question, list, str | None]:
        """The standalone question, the passages retrieved for it (only the conversation's
        document's, given ``topic``), and the document an item number refers to."""
        q = analyze(text)
        ctx = self.context(history, MAX_DEPTH) if history and needs_context(q) else None
        sq = standalone(q, ctx) if ctx else q
        if topic is not None:  # still the same document: what the conversation named is not news
            previous = (ctx or self.context(history, MAX_DEPTH)).previous
            earlier = tuple(
                a for t in ground(previous, self.searcher) if t.entity and t.present for a in t.alternatives
            )
            sq = replace(sq, earlier_names=earlier)
        if topic is not None:
            passages = within(sq.raw, topic, self.searcher).passages
        else:
            passages = self.searcher.search(sq.raw).passages
        doc_id = ctx.doc_id if ctx is not None and sq.ordinal is not None else None
        return sq, passages, doc_id

    def draft(
        self, text: str, history: list[str], threshold: float | None = None, topic: str | None = None
    ) -> tuple[Question, Draft]:
        sq, passages, doc_id = self.understand(text, history, topic)
        return sq, self.answerer.draft(sq, passages, doc_id, threshold)

    def candidates(self, text: str, history: list[str]) -> list[Candidate]:
        sq, passages, doc_id = self.understand(text, history)
        return self.answerer.ranked(sq, passages, doc_id)

    def context(self, history: list[str], depth: int) -> Context:
        """The last turn, itself resolved against the turns before it, and what its answer was about."""
        prev = analyze(history[-1])
        doc_hint = None
        if depth > 1 and len(history) > 1 and needs_context(prev):
            earlier = self.context(history[:-1], depth - 1)
            prev = standalone(prev, earlier)
            doc_hint = earlier.doc_id if prev.ordinal is not None else None
        draft = self.answerer.draft(prev, self.searcher.search(prev.raw).passages, doc_hint)
        doc_id = draft.claims[0].passage.doc_id if draft.claims else doc_hint
        asked = [(t.alternatives, t.weight) for t in ground(prev, self.searcher) if t.present]
        return Context(prev, draft.claims, draft.kind, draft.item, doc_id, asked)
