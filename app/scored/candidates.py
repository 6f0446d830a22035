"""Candidate answers and their features.

Every way the texts might answer is a candidate: a retrieved sentence, the document's list of
items, one item, the item a sentence belongs to, an overview from the title, lead and headings.
Each gets the same features (how much of the question's weight it covers, whether it carries the
kind of fact asked for, how retrieval ranked it, ...); the scorer (app/scorer.py), fit on the dev
split, turns them into the probability that the candidate answers.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from app import cues
from app.draft import Claim
from app.english_count import english_counted
from app.scored.grounding import occurs
from app.scored.question import Question
from app.scored.question_words import counted
from app.scored.type_fit import type_fit
from app.speakers import Speakers
from app.terms import SETTINGS as TERM_SETTINGS
from app.terms import Term, pronoun_led
from index.annotate import (
    ENGLISH_TAG,
    ENTITY_TAGS,
    VERBAL_NOUN_TAG,
    Token,
    decode,
    event_names,
    has_date,
    tag,
)
from index.fold import fold
from index.search import Passage, Searcher
from ingest.chunker import split_sentences
from ingest.clean import MASTHEAD
from ingest.structure import without_numbering

SENTENCE_PASSAGES = 6  # sentences are drawn from this many top passages
NOUNS = {"n", "nz", VERBAL_NOUN_TAG, *ENTITY_TAGS, ENGLISH_TAG}  # tags whose absence means a subject is missing
KINDS = ("sentence", "list", "item", "which_item", "summary", "meta")


@dataclass
class Candidate:
    kind: str
    claims: list[Claim]
    rank: int  # rank of the (first) passage in retrieval
    features: dict[str, float] = field(default_factory=dict)
    hits: set[str] = field(default_factory=set)
    prob: float = 0.0

    @property
    def text(self) -> str:
        return "\n".join(c.text for c in self.claims)


_token_cache: dict[tuple[str, str], list[Token]] = {}


def passage_tokens(p: Passage) -> list[Token]:
    """The passage's stored tags, or tags made now for a collection ingested before they were stored."""
    key = (p.chunk_id, p.text)
    tokens = _token_cache.get(key)
    if tokens is None:
        tokens = (decode(p.text, p.tags) if p.tags else []) or tag(p.text)
        if len(_token_cache) > 50000:
            _token_cache.clear()
        _token_cache[key] = tokens
    return tokens


def meetings_named(passages: list[Passage], depth: int = 6) -> list[str]:
    """The names of the meetings the top passages hold ("工业互联网行业应用推进会"), folded: where a
    question's generic 会议 is found, in both answerers (index/annotate.event_names)."""
    names = []
    for p in passages[:depth]:
        names += [fold(p.text[a:b]) for a, b in event_names(passage_tokens(p))]
    return list(dict.fromkeys(names))


def tokens_in(p: Passage, start: int, end: int) -> list[Token]:
    a, b = start - p.start, end - p.start
    return [t for t in passage_tokens(p) if t.start < b and a < t.end]


def hits(terms: list[Term], folded: str) -> set[str]:
    return {t.text for t in terms if any(occurs(a, folded) for a in t.alternatives)}


def _names_a_thing(t: Term, question: str = "") -> bool:
    """Can this absent question word be a thing the texts lack, rather than a way of asking?"""
    if t.tag == "en":
        from app.terms import english_attributive, english_can_name_a_thing

        return english_can_name_a_thing(t.text) and not english_attributive(t.text, _word_after(t.text, question))
    return t.tag in NOUNS and (t.entity or not pronoun_led(t.text))  # 什么样 asks, it names nothing


def _word_after(word: str, question: str) -> str:
    m = re.search(rf"\b{re.escape(word)}\s+([a-z][a-z'-]*)", question.lower())
    return m.group(1) if m else ""


def _share(terms: list[Term], names: set[str]) -> float:
    total = sum(t.weight for t in terms)
    return sum(t.weight for t in terms if t.text in names) / total if total else 0.0


def base_features(
    q: Question, terms: list[Term], folded: str, header: set[str], context: set[str], said_by: set[str] = frozenset()
) -> dict:
    direct = hits(terms, folded) | said_by
    total = sum(t.weight for t in terms) or 1.0
    absent = {t.text for t in terms if not t.present}
    elsewhere = {t.text for t in terms if t.present} - direct - header
    ents = [t for t in terms if t.entity]
    return {
        "cov": _share(terms, direct),
        "cov_header": _share(terms, header - direct),
        "cov_context": _share(terms, context - direct - header),
        "miss_collection": _share(terms, absent),
        "miss_elsewhere": _share(terms, elsewhere),
        "max_miss": max((t.weight for t in terms if t.text in elsewhere | absent), default=0.0) / 6.5,
        "miss_noun": max((t.weight for t in terms if not t.present and t.tag in NOUNS), default=0.0) / 6.5,
        # the same, with an English word that cannot be a noun ("formerly", "organised") not counted;
        # read by the cascade's second tier only (app/scorer.py), not by the fitted model
        "miss_thing": max((t.weight for t in terms if not t.present and _names_a_thing(t, q.raw)), default=0.0) / 6.5,
        "miss_noun_here": max(
            (t.weight for t in terms if t.text not in direct | header and t.tag in NOUNS), default=0.0
        )
        / 6.5,
        "focus_miss": max((t.weight for t in terms if t.text in q.focus and t.text not in direct | header), default=0.0)
        / 6.5,
        "ent_cov": (sum(t.text in direct | header for t in ents) / len(ents)) if ents else 1.0,
        "n_terms": math.log1p(len(terms)),
        "weight": math.log1p(total),
    }


def _retrieval(p: Passage, rank: int) -> dict:
    return {
        "rr_fused": 1.0 / (1 + rank),
        "rr_sparse": 1.0 / (1 + p.sparse_rank) if p.sparse_rank is not None else 0.0,
        "rr_dense": 1.0 / (1 + p.dense_rank) if p.dense_rank is not None else 0.0,
    }


def _kind_features(q: Question, kind: str, fit_typed: float) -> dict:
    f = {f"is_{k}": float(kind == k) for k in KINDS if k != "sentence"}
    f["type_fit"] = fit_typed
    f["typed"] = 1.0 - q.p("what")
    f["list_fit"] = f["is_list"] * (q.p("list") + 0.5 * q.structure)
    f["summary_fit"] = f["is_summary"] * q.p("summary")
    f["which_fit"] = f["is_which_item"] * q.p("which_item")
    f["item_fit"] = f["is_item"] * float(q.ordinal is not None or q.step != 0)
    return f


def _interactions(f: dict) -> None:
    """Products the linear model cannot form itself: a list whose subject is narrower than its items
    (the question's words are in the document but not in its headings), a typed question whose
    candidate lacks the type."""
    f["list_narrower"] = f.get("is_list", 0.0) * f["cov_context"]
    f["typed_unfit"] = f["typed"] * (1.0 - f["type_fit"])


def sentence_candidates(q: Question, terms: list[Term], passages: list[Passage], searcher: Searcher) -> list[Candidate]:
    out = []
    known = tuple(searcher.person_names())
    asked = tuple(t.alternatives[0] for t in terms if t.tag == "PER")
    named = tuple(a for t in terms if t.present for a in t.alternatives) + q.earlier_names
    counts = counted(q.tokens) if q.script != "en" else english_counted(q.raw, searcher.stats)
    dated = set(q.focus) & {t.text for t in terms if t.present} if q.p("when") > 0 else set()
    for rank, p in enumerate(passages[:SENTENCE_PASSAGES]):
        header = hits(terms, searcher.doc_header(p.doc_id))
        context = hits(terms, searcher.doc_context(p.doc_id))
        heading_end = p.start + len(p.text.split("\n", 1)[0]) if p.heading_level >= 0 else -1
        speakers = Speakers(p.text, p.start, known)
        scene: set[str] | None = None
        for span in split_sentences(p.text, p.start):
            text = p.text[span.start - p.start : span.end - p.start]
            folded = fold(text)
            speaker = speakers.before(span.start)
            toks = tokens_in(p, span.start, span.end)
            # the paragraph's speaker ("陈肇雄指出,…") counts as the sentence's own words (what follows
            # is his words as much as the first sentence is); its opening sentence, which sets the
            # scene ("4月23日,…召开…推进会。" for "…出席会议"), counts as the header does
            said_by = hits(terms, speaker) if speaker else set()
            if scene is None or _opens_paragraph(p, span.start):
                scene, set_by = hits(terms, folded), set()
            else:
                set_by = scene
            # a date answers "when was X signed" where the sentence or its document names X
            names_dated = dated <= hits(terms, folded) | header | context | said_by | set_by
            fit = sum(
                w * type_fit(k, folded, toks, known, asked, counts, named) * (names_dated or k != "when")
                for k, w in q.types.items()
            )
            f = base_features(q, terms, folded, header | set_by, context, said_by)
            speakers.read(folded, span.end)
            f |= _retrieval(p, rank)
            f |= _kind_features(q, "sentence", fit)
            _interactions(f)
            f["heading"] = float(span.end <= heading_end)
            f["length"] = math.log1p(len(text)) / 6
            c = Candidate("sentence", [Claim(text, p, span.start, span.end)], rank, f, hits(terms, folded))
            out.append(c)
    return out


def _opens_paragraph(p: Passage, start: int) -> bool:
    """Does the sentence at ``start`` begin a paragraph (the passage's start or a new line)?"""
    before = p.text[: start - p.start].rstrip(" \t\u3000")
    return not before or before.endswith("\n")


def support(f: dict) -> float:
    """Coverage, the sentence's own words first, its document's after, times the type fit."""
    return (f["cov"] + 0.6 * f["cov_header"] + 0.3 * f["cov_context"]) * f["type_fit"]


def add_relative(found: list[Candidate]) -> None:
    """How a candidate compares with the others for the same question: the best coverage the texts
    allow is a better yardstick than an absolute share when some words are nowhere in one sentence."""
    best_cov = max((c.features["cov"] + c.features["cov_header"] for c in found), default=0.0)
    best_fit = max((c.features["type_fit"] for c in found), default=0.0)
    best_support = max((support(c.features) for c in found), default=0.0)
    for c in found:
        cov = c.features["cov"] + c.features["cov_header"]
        c.features["cov_rel"] = cov / best_cov if best_cov else 0.0
        c.features["cov_gap"] = best_cov - cov
        c.features["fit_gap"] = best_fit - c.features["type_fit"]
        c.features["support"] = support(c.features)
        c.features["support_rel"] = support(c.features) / best_support if best_support else 0.0
        c.features["support_best"] = float(best_support > 0 and support(c.features) == best_support)


def structure_items(searcher: Searcher, doc_id: str, least: int = 2) -> list[Passage]:
    """The shallowest level of numbered headings with at least ``least`` items, in order. Two make a
    list; an item asked by its number ("the first section") may be the only one a text has (a
    truncated copy that stops inside its first part)."""
    heads = [p for p in searcher.doc_passages(doc_id) if p.heading_level >= 0]
    for level in sorted({p.heading_level for p in heads}):
        items = [p for p in heads if p.heading_level == level]
        if len(items) >= least:
            return sorted(items, key=lambda p: p.start)
    return []


def heading_claim(p: Passage) -> Claim:
    first = split_sentences(p.text, p.start)[0]
    line_end = p.text.find("\n")
    end = min(first.end, p.start + line_end) if line_end != -1 else first.end
    return Claim(p.text[: end - p.start], p, p.start, end)


def body_claim(p: Passage) -> Claim | None:
    head = heading_claim(p)
    for s in split_sentences(p.text, p.start):
        if s.start >= head.end:
            return Claim(p.text[s.start - p.start : s.end - p.start], p, s.start, s.end)
    return None


def _doc_candidate(
    q: Question, terms: list[Term], searcher: Searcher, kind: str, claims: list[Claim], rank: int, p: Passage
) -> Candidate:
    header = hits(terms, searcher.doc_header(p.doc_id))
    context = hits(terms, searcher.doc_context(p.doc_id))
    folded = fold("\n".join(c.text for c in claims))
    f = base_features(q, terms, folded, header, context)
    f |= _retrieval(p, rank)
    fit = q.p(kind) if kind in q.types else 0.0
    if kind == "list" and q.p("how_many") > 0:
        fit += q.p("how_many") * _counts_the_items(q, searcher, folded + "\n" + searcher.doc_header(p.doc_id))
    f |= _kind_features(q, kind, fit)
    _interactions(f)
    f["heading"] = 1.0
    f["length"] = math.log1p(len(folded)) / 6
    return Candidate(kind, claims, rank, f, hits(terms, folded) | header)


def _counts_the_items(q: Question, searcher: Searcher, folded: str) -> bool:
    """A numbered list answers "how many X" by its length when its items are the X: the counted noun
    is in its headings or its document's header (四举措 for "how many measures"). Without a counted
    noun (一共几条) any list does; a thing no text names, none."""
    counts = counted(q.tokens) if q.script != "en" else english_counted(q.raw, searcher.stats)
    if counts is None or not counts.nouns:
        return counts is None or not counts.absent
    return not counts.absent and any(n in folded for n in counts.nouns)


def document_candidates(
    q: Question, terms: list[Term], passages: list[Passage], searcher: Searcher, doc_id: str | None = None
) -> list[Candidate]:
    """List, item, and overview candidates from the first retrieved document with numbered items."""
    out: list[Candidate] = []
    order = [(r, p) for r, p in enumerate(passages)]
    if doc_id is not None:
        order = [(0, p) for p in searcher.doc_passages(doc_id)[:1]] + order
    for rank, p in order:
        items = structure_items(searcher, p.doc_id)
        if not items:
            continue
        heads = [heading_claim(i) for i in items]
        if q.p("list") > 0 or q.structure or q.p("how_many") > 0:
            out.append(_doc_candidate(q, terms, searcher, "list", heads, rank, p))
        n = _item_number(q, len(items))
        if n is not None and 1 <= n <= len(items):
            claims = [heads[n - 1]] + [b for b in [body_claim(items[n - 1])] if b]
            out.append(_doc_candidate(q, terms, searcher, "item", claims, rank, p))
        if q.p("summary") > 0:
            lead = _lead(searcher, p.doc_id, items[0].start)
            overview = [c for c in (_title(searcher, p.doc_id), lead, *_rest_of_paragraph(searcher, lead)) if c]
            out.append(_doc_candidate(q, terms, searcher, "summary", [*overview, *heads], rank, p))
        break
    return out


def _item_number(q: Question, count: int) -> int | None:
    if q.ordinal is None:
        return None
    return count if q.ordinal == -1 else q.ordinal


META_KINDS = {
    "when": has_date,
    "source": lambda text: cues.has("source", text),
    "site": lambda text: bool(MASTHEAD.match(text.strip())),  # the publishing site's masthead line
}
# asked about the document itself, answered by its title line (``_title``), not a header line
TITLE_KINDS = ("headline",)


def names_nothing(terms: list[Term], question: str = "") -> bool:
    """A question whose words are all wording the texts lack ("On what date was this published?"):
    no term that carries information (``is``, 是 weigh the minimum) is in the texts and none names a
    thing, so "this" can only be the document itself."""
    return not any((t.present and t.weight > TERM_SETTINGS.minimum) or _names_a_thing(t, question) for t in terms)


def meta_candidates(q: Question, terms: list[Term], passages: list[Passage], searcher: Searcher) -> list[Candidate]:
    """ "When was this article published?", "这篇文章的来源是什么？": the line of the document's
    header (before its lead) that carries the date or the source, for a question about the document."""
    kinds = [k for k in META_KINDS if q.p(k) > 0]
    if q.focus and not all(cues.has("document", f) or _after_document_cue(f, q.folded) for f in q.focus):
        # "文章里说的那个会议是哪一天开的": the date asked is the meeting's, not the page's
        kinds = [k for k in kinds if k != "when"]
    titled = any(q.p(k) > 0 for k in TITLE_KINDS)
    if not (q.about_document or names_nothing(terms, q.raw)) or not (kinds or titled) or not passages:
        return []
    doc_id = passages[0].doc_id
    title = _title(searcher, doc_id) if titled else None
    if title is not None:
        return [_doc_candidate(q, terms, searcher, "meta", [title], 0, passages[0])]
    items = structure_items(searcher, doc_id)
    lead = _lead(searcher, doc_id, items[0].start if items else 10**9)
    # the first header line of each kind asked in a clause of its own: "Which website is this page
    # from, and what's the listed source?" asks two lines, answered together; "When was the article
    # published?" asks one (its "published" is no second question)
    groups = _asked_apart(q, kinds)
    lines: dict[int, tuple[Passage, Claim]] = {}
    for p, s, text in _sentences_of(searcher, doc_id):
        past_lead = lead is not None and s.start >= lead.start
        for i, group in enumerate(groups):
            if i in lines:
                continue
            if not past_lead and any(META_KINDS[k](fold(text)) for k in group):
                lines[i] = (p, Claim(text, p, s.start, s.end))
            elif past_lead and "source" in group and credit_line(p, s.start, text):
                lines[i] = (p, Claim(text, p, s.start, s.end))  # "来源:人民邮电报" closing the report
    if not lines:
        return []
    found = sorted({c.start: (p, c) for p, c in lines.values()}.values(), key=lambda pc: pc[1].start)
    return [_doc_candidate(q, terms, searcher, "meta", [c for _, c in found], 0, found[0][0])]


def credit_line(p: Passage, start: int, text: str) -> bool:
    """A line of its own that opens with a source cue and a colon ("来源:人民邮电报-中国信息产业网"):
    how a news report credits its source, before its lead or after its body. Inside the body a source
    cue is ordinary wording ("来自21家企业的代表"), so past the lead only such a line counts."""
    folded = fold(text).strip()
    rest = p.text[start - p.start + len(text) :].lstrip(" \t\u3000")
    own_line = _opens_paragraph(p, start) and (not rest or rest.startswith("\n"))
    return own_line and any(
        folded.startswith(c) and folded[len(c) : len(c) + 1] in ":：" for c in cues.cues()["source"]
    )


CLAUSE_BREAK = re.compile(r"[,，;；]|\band\b|还有|以及")


def _asked_apart(q: Question, kinds: list[str]) -> list[list[str]]:
    """The kinds asked, grouped by the clause of the question their cue sits in: kinds that share a
    clause are one question's wording ("这篇是从哪个网站上转载的": site and source, one line), kinds
    in clauses of their own are questions of their own."""
    breaks = [m.start() for m in CLAUSE_BREAK.finditer(q.folded)]
    groups: dict[int, list[str]] = {}
    for k in kinds:
        found = cues.find(k, q.folded) if k in cues.ANSWER_TYPES else []
        clause = sum(b < found[0].start for b in breaks) if found else 0
        groups.setdefault(clause, []).append(k)
    return list(groups.values())


def _after_document_cue(word: str, folded: str) -> bool:
    """A word right after a document cue names the document too: 稿子 in 这篇稿子 (篇 counts
    written pieces), whatever the asker calls it."""
    at = folded.find(word)
    return at > 0 and any(m.end == at for m in cues.find("document", folded))


def _sentences_of(searcher: Searcher, doc_id: str):
    for p in searcher.doc_passages(doc_id):
        for s in split_sentences(p.text, p.start):
            yield p, s, p.text[s.start - p.start : s.end - p.start]


def _title(searcher: Searcher, doc_id: str) -> Claim | None:
    """The line of the text that is the document's title (the quote must come from the text)."""
    title = fold(str(searcher.manifest["docs"].get(doc_id, {}).get("title", "")))
    for p, s, text in _sentences_of(searcher, doc_id):
        if title and fold(text) == title:
            return Claim(text, p, s.start, s.end)
    return None


def _lead(searcher: Searcher, doc_id: str, before: int) -> Claim | None:
    """The first full sentence of the body before the first item: the document's lead."""
    for p, s, text in _sentences_of(searcher, doc_id):
        if s.end > before:
            break
        if len(text) >= 20 and re.search(r"[。！？!?]$", text):
            return Claim(text, p, s.start, s.end)
    return None


LEAD_PARAGRAPH_SENTENCES = 2  # a news lead: what happened, then who was there


def _rest_of_paragraph(searcher: Searcher, lead: Claim | None) -> list[Claim]:
    """The sentences after the lead in its paragraph, up to ``LEAD_PARAGRAPH_SENTENCES`` in all: a
    report's first paragraph says what happened and who took part ("…召开…推进会。…陈肇雄…出席会议"),
    and an overview that leaves out who spoke leaves out what the report is about."""
    if lead is None:
        return []
    p = lead.passage
    out: list[Claim] = []
    for s in split_sentences(p.text, p.start):
        if len(out) >= LEAD_PARAGRAPH_SENTENCES - 1 or "\n" in p.text[lead.end - p.start : s.start - p.start]:
            break
        if s.start >= lead.end:
            out.append(Claim(p.text[s.start - p.start : s.end - p.start], p, s.start, s.end))
    return out


def which_item_candidates(
    q: Question, terms: list[Term], sentences: list[Candidate], searcher: Searcher
) -> list[Candidate]:
    """ "Which measure covers X?": the heading of the section a well-covering sentence sits in."""
    out = []
    for c in sorted(sentences, key=lambda c: -c.features["cov"])[:3]:
        claim = c.claims[0]
        items = structure_items(searcher, claim.passage.doc_id)
        owner = next((p for p in reversed(items) if p.start <= claim.start), None)
        if owner is None:
            continue
        head = heading_claim(owner)
        claims = [head] if (head.start, head.end) == (claim.start, claim.end) else [head, claim]
        cand = _doc_candidate(q, terms, searcher, "which_item", claims, c.rank, claim.passage)
        out.append(cand)
    return out


def _strip_number(label: str) -> str:
    return without_numbering(label)
