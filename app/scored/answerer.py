"""The default answerer: deterministic, extractive, no LLM. Stages with seams:

1. ground the question's terms in the collection (app/grounding.py);
2. generate candidates — sentences of the retrieved passages, the document's list, one item, the
   item a sentence belongs to, an overview (app/candidates.py);
3. score each with the calibrated model and keep the best (app/scorer.py);
4. abstain when its probability is under the language's threshold (fit on the dev split);
5. cut it to the smallest span that answers (app/spans.py).
"""

from __future__ import annotations

from app import cues
from app.alternatives import alternatives, names_a_side
from app.draft import Claim, Draft
from app.english_count import english_counted
from app.scored.candidates import (
    Candidate,
    add_relative,
    document_candidates,
    meetings_named,
    meta_candidates,
    sentence_candidates,
    structure_items,
    which_item_candidates,
)
from app.scored.grounding import ground
from app.scored.question import MAX_ORDINAL, Question
from app.scored.question_words import counted
from app.scored.slots import question_slot
from app.scored.spans import asked_date_part, narrow, slot_span
from app.scorer import Model, load_model
from app.terms import Term
from index.annotate import meeting_heads
from index.fold import fold
from index.search import Passage, Searcher

SPAN_KINDS = {"who", "role", "when", "where", "how_many", "document_number"}
SECOND_CLAIM_RATIO = 0.8  # a second sentence joins the answer when it scores this close and adds terms


class ExtractiveAnswerer:
    def __init__(self, searcher: Searcher, model: Model | None = None) -> None:
        self.searcher = searcher
        self.model = model or load_model()

    def candidates(
        self, q: Question, passages: list[Passage], doc_id: str | None = None
    ) -> tuple[list[Term], list[Candidate]]:
        """Every candidate with its features (calibration fits on these)."""
        terms = ground(q, self.searcher)
        names = meetings_named(passages)
        for t in terms:
            if t.text in meeting_heads() and names:
                t.alternatives = [*t.alternatives, *names]  # 会议 is found in 推进会's name, as in the rules
        sentences = sentence_candidates(q, terms, passages, self.searcher)
        found = sentences + document_candidates(q, terms, passages, self.searcher, doc_id)
        found += meta_candidates(q, terms, passages, self.searcher)
        if q.p("which_item") > 0:
            found += which_item_candidates(q, terms, sentences, self.searcher)
        add_relative(found)
        for c in found:
            c.prob = self.model.prob(c.features)
        return terms, found

    def _rank(self, q: Question, passages: list[Passage], doc_id: str | None) -> tuple[list[Term], list[Candidate]]:
        terms, found = self.candidates(q, passages, doc_id)
        if q.ordinal is not None:
            found = [c for c in found if c.kind != "item" or self._holds_asked_kind(q, c)]
        # A numbered item or an overview is a lookup in the document's own structure, not a guess.
        lookups = (("item", q.ordinal is not None), ("summary", q.kind == "summary"), ("meta", True))
        for kind, asked in lookups:
            if asked and any(c.kind == kind for c in found):
                found = [c for c in found if c.kind == kind]
        if sides := alternatives(q.folded, [t.text for t in terms], q.script):
            # "online or in person?": a candidate naming neither side does not say which (as in the rules)
            found = [c for c in found if names_a_side(sides, c.hits, fold(c.text))]
        return terms, sorted(found, key=lambda c: -c.prob)

    def _holds_asked_kind(self, q: Question, c: Candidate) -> bool:
        """ "How many base stations does the first measure build?": the item answers only if it holds
        the kind of fact asked (a count), as in the rules (app/extractive.py)."""
        from app.evidence import ITEM_FACT_KINDS, satisfies
        from app.question import kind_of

        asked = kind_of(q.folded, None, q.script)
        if asked not in ITEM_FACT_KINDS:
            return True
        p = c.claims[0].passage
        return satisfies(asked, p.text, p, tuple(self.searcher.person_names()))

    def ranked(self, q: Question, passages: list[Passage], doc_id: str | None = None) -> list[Candidate]:
        if self._no_such_item(q, passages, doc_id) is not None:
            return []
        return self._rank(q, passages, doc_id)[1]

    def draft(
        self, q: Question, passages: list[Passage], doc_id: str | None = None, threshold: float | None = None
    ) -> Draft:
        no_item = self._no_such_item(q, passages, doc_id)
        if no_item is not None:
            return no_item
        terms, found = self._rank(q, passages, doc_id)
        if not found:
            return Draft(abstained=True, kind=q.kind)
        best = found[0]
        if best.kind == "sentence" and not _holds_named_titles(best, terms):
            return Draft(abstained=True, kind=q.kind, prob=best.prob, candidate=best)
        # an item asked for by number is a lookup in the document's own list, not a guess
        floor = self.model.threshold(q.script) if threshold is None else threshold
        if best.prob < floor and best.kind not in {"item", "summary", "meta"}:
            return Draft(abstained=True, kind=q.kind, prob=best.prob, candidate=best)
        claims = list(best.claims)
        if best.kind == "sentence":
            claims = self._shape(q, terms, best, found)
        return Draft(claims, kind=best.kind, prob=best.prob, candidate=best, item=self._item_of(best))

    def _shape(self, q: Question, terms: list[Term], best: Candidate, found: list[Candidate]) -> list[Claim]:
        kind = q.kind
        people = tuple(self.searcher.person_names())
        slot = question_slot(q.folded, q.tokens, terms) if q.script != "en" else None
        if kind == "who" and (filled := slot_span(best.claims[0], slot)) is not None:
            return [filled]  # "贯彻落实谁的决策部署": what stands in the slot, not the speaker named elsewhere
        if kind in SPAN_KINDS:
            counts = counted(q.tokens) if q.script != "en" else english_counted(q.raw, self.searcher.stats)
            report = cues.has("document", q.folded)  # "那条消息是哪天发布的": the report's own date
            return [narrow(best.claims[0], kind, terms, people, counts, asked_date_part(q.folded), report)]
        if (filled := slot_span(best.claims[0], slot)) is not None:
            return [filled]
        claims = list(best.claims)
        covered = set(best.hits)
        for c in found[1:4]:
            if c.kind != "sentence" or c.prob < SECOND_CLAIM_RATIO * best.prob:
                continue
            claim = c.claims[0]
            if c.hits - covered and not any(
                x.passage.doc_id == claim.passage.doc_id and x.start < claim.end and claim.start < x.end for x in claims
            ):
                claims.append(claim)
                break
        return sorted(claims, key=lambda c: (c.passage.doc_id, c.start))

    def _item_of(self, c: Candidate) -> int | None:
        if c.kind not in {"item", "which_item"}:
            return None
        head = c.claims[0]
        items = structure_items(self.searcher, head.passage.doc_id)
        return next((i for i, p in enumerate(items, 1) if p.start == head.passage.start), None)

    def _no_such_item(self, q: Question, passages: list[Passage], doc_id: str | None) -> Draft | None:
        """ "第五项" of a four-item list, or item 0: say the list's length instead of guessing."""
        if q.ordinal is None or q.ordinal == -1:
            return None
        docs = ([doc_id] if doc_id else []) + [p.doc_id for p in passages]
        for d in docs:
            items = structure_items(self.searcher, d)
            if items:
                if 1 <= q.ordinal <= len(items):
                    return None
                shown = q.ordinal if q.ordinal <= MAX_ORDINAL else f"{str(q.ordinal)[:12]}…"
                return Draft(
                    abstained=True,
                    kind="item",
                    notice_key="no_such_item",
                    notice_vars={"count": len(items), "n": shown},
                )
        return None


def _holds_named_titles(best: Candidate, terms: list[Term]) -> bool:
    """ "Who is the minister?", "总经理是谁": a title the question names identifies the person; a
    sentence without it (only a 副部长) is about someone else — as in the rules (app/extractive.py)."""
    from app.evidence import names_a_title

    return all(t.text in best.hits for t in terms if names_a_title(t.text, t.alternatives))
