"""The embedded default answerer: deterministic, extractive, no LLM.

It picks the sentences (or, for "who" questions, the clauses) that answer, or the
document's own numbered headings for list and "item n" questions, and abstains
when the question's key terms are not in the texts or no sentence carries the
kind of fact asked for (a name, a date, a number).
"""

from __future__ import annotations

import re
from dataclasses import replace

from app import cues
from app.alternatives import alternatives, names_a_side
from app.clauses import narrow_to_clauses
from app.draft import Claim, Draft
from app.evidence import (
    ITEM_FACT_KINDS,
    Evidence,
    TermGroup,
    coverage,
    document_level,
    group_terms,
    hits_in,
    in_form_cue,
    is_role,
    names_a_title,
    names_an_entity,
    present_anywhere,
    satisfies,
    sentences,
)
from app.followup_entities import replaced_english_names, replaced_entities
from app.question import ANSWER_FRAME_WORDS, STRUCTURE_NOUNS, Question, counted_of, kind_of, merge_with_texts
from app.rule_settings import RULES
from app.scored.candidates import structure_items
from app.scored.question import MAX_ORDINAL
from app.sentence_choice import (
    DATED_KINDS,
    SPAN_KINDS,
    asks_an_event_no_text_has,
    dating_the_focus,
    focus_first,
    naming_an_instance,
    overlaps,
    segment_of,
    slot_filled,
    with_meetings_named,
)
from app.speakers import asked_speaker
from index.english_names import pinyin_name
from index.fold import fold
from index.search import Passage, Searcher
from ingest.chunker import split_sentences
from ingest.structure import without_numbering

NARROW = {"who", "role"}
RULES_ONLY_KINDS = {"addressee"}  # kinds the scored answerer has no reading of (app/assistant.py)


def _asks_who_one_is() -> str:
    """After a name, "是谁" asks what the person is ("陈肇雄是谁"): cue classes ``copula``, ``who_is``."""
    return rf"\s*(?:{cues.any_of('copula').pattern})\s*(?:{cues.any_of('who_is').pattern})"


def _kind_words(kind: str) -> frozenset[str]:
    """The single words of a kind's cues (app/data/cues.tsv): "what date" gives "date"."""
    return frozenset(w for cue in cues.words(kind) for w in cue.split())


def heading_core(label: str) -> str:
    """'一、加快設施建設' → '加快设施建设' (folded, numbering removed)."""
    core = fold(without_numbering(label))
    return core if len(core) >= 2 else "\x00"


def names_heading(core: str, question: str) -> bool:
    """The question names the heading: all of it, or four or more of its characters in a row."""
    if core in question:
        return True
    return any(core[i : i + 4] in question for i in range(len(core) - 3))


def heading_span(p: Passage) -> tuple[int, int, str]:
    first = split_sentences(p.text, p.start)[0]
    line_end = p.text.find("\n")
    end = min(first.end, p.start + line_end) if line_end != -1 else first.end
    return p.start, end, p.text[: end - p.start]


def _item_sentence(item: Passage, groups: list[TermGroup]) -> Claim | None:
    """The sentence of an item's own text (after its heading) that says most of the question."""
    _h_start, h_end, _ = heading_span(item)
    body = [
        Claim(item.text[s.start - item.start : s.end - item.start], item, s.start, s.end)
        for s in split_sentences(item.text, item.start)
        if s.start >= h_end
    ]
    if not body or not groups:
        return None
    return max(body, key=lambda c: coverage(groups, hits_in(groups, fold(c.text))))


def body_first_sentence(p: Passage) -> tuple[int, int, str] | None:
    spans = split_sentences(p.text, p.start)
    _h_start, h_end, _ = heading_span(p)
    for s in spans:
        if s.start >= h_end:
            return s.start, s.end, p.text[s.start - p.start : s.end - p.start]
    return None


def as_written(terms: list[str], raw: str) -> tuple[str, ...]:
    """Question terms in the order the question has them, each as written there where it is found
    whole (an English word's case; neighbouring words of one name joined: "Zhang Wei"). A term the
    raw question does not hold as such (a folded Chinese word of a Traditional question) stays as it
    is; it is shown in the asker's script later."""
    spans = []
    for term in terms:
        pattern = rf"(?<!\w){re.escape(term)}(?!\w)" if term.isascii() else re.escape(term)  # Han words abut
        m = re.search(pattern, raw, re.IGNORECASE)
        spans.append((m.start(), m.end()) if m else (len(raw), len(raw)))
    order = sorted(range(len(terms)), key=lambda i: spans[i])
    out: list[str] = []
    last_end = -2
    for i in order:
        start, end = spans[i]
        if start == len(raw):
            out.append(terms[i])
        elif out and raw[last_end:start].strip() == "" and start >= last_end >= 0:
            out[-1] += raw[last_end:end]  # the next word of the same phrase
        else:
            out.append(raw[start:end])
        last_end = end if start < len(raw) else -2
    return tuple(out)


YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")  # a year as texts write it: 2025年, 2018-2020


class ExtractiveAnswerer:
    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self._asked: set[str] = set()  # a follow-up's own words, not those carried from the earlier turn

    def _missing_share(self, groups: list[TermGroup]) -> float:
        total = sum(g.idf for g in groups)
        missing = sum(g.idf for g in groups if not present_anywhere(g, self.searcher))
        return missing / total if total else 0.0

    def _for_coverage(self, groups: list[TermGroup], script: str) -> list[TermGroup]:
        """The terms a sentence's coverage is counted over. A term no text has is already weighed
        by the missing-term limit; in a sentence's coverage it counts ``RULES.absent_in_coverage`` of its
        weight (fit on dev), so one absent word does not refuse a question twice."""
        factor = RULES.absent_in_coverage[script]
        out = [g if present_anywhere(g, self.searcher) else replace(g, idf=g.idf * factor) for g in groups]
        return out if any(g.idf > 0 for g in out) else groups

    def _without_absent_frames(self, groups: list[TermGroup], kind: str, folded: str = "") -> list[TermGroup]:
        """Drop answer-frame words ("要求", "目标") that no text has, when what is left still names a
        specific subject (not just "会议" or a date, which would match any sentence of a document).
        The cue words of the question's own kind ("日期" in a when-question, "头衔" or "title" in a
        role question) are frames too: the kind is checked on the sentence instead. A word the
        tagger cut out of the cue the question matched (发给 of "发给谁": Chinese cues have no spaces
        between their words) is dropped when absent even where nothing specific is left ("这个通知是
        发给谁的？" in a conversation about one notice): it asks, and never names the subject."""
        frames = ANSWER_FRAME_WORDS | _kind_words(kind) | cues.words("document")  # "这篇报导": the page itself
        asking = {g.term for g in groups for m in cues.find(kind, folded) if g.term in m.cue}
        absent = [g for g in groups if g.term in frames | asking and not present_anywhere(g, self.searcher)]
        rest = [g for g in groups if g not in absent]
        subject = [g for g in rest if g.term not in STRUCTURE_NOUNS and not document_level(g)]
        if absent and subject:
            return rest
        return [g for g in groups if not (g.term in asking and g in absent)] or groups

    def _list_doc(
        self, passages: list[Passage], groups: list[TermGroup], least: int = 2
    ) -> tuple[str, list[Passage]] | None:
        """The numbered items of the document the question found first. A list question about a
        document without items ("在哪些方面取得初步进展" of a text whose headings are not numbered)
        is answered from its sentences, not with the items of the next document retrieved."""
        if not passages:
            return None
        items = structure_items(self.searcher, passages[0].doc_id, least)
        return (passages[0].doc_id, items) if items else None

    def draft(self, q: Question, passages: list[Passage], context: Question | None = None) -> Draft:
        from app.scored.question import analyze as analyze_scored
        from app.scored.question import asks_overview

        if asks_overview(analyze_scored(q.raw)):
            return Draft(abstained=True, kind="summary")  # the document's overview: the scored answerer's
        kind = q.kind
        terms = list(q.terms)
        if context is not None and q.follow_up:
            # "那中国电信呢" after "国资委是谁出席": 国资委 goes
            replaced = (
                replaced_english_names(q, context, self.searcher) if q.script == "en" else replaced_entities(q, context)
            )
            carried = [t for t in context.terms if t not in terms and t not in replaced]
            terms = [t for t in terms if t not in STRUCTURE_NOUNS]
            self._asked = set(terms)
            terms += carried
            if kind == "what" and context.kind in {"who", "when", "how_many"}:
                kind = context.kind
        if q.script != "en":
            terms = merge_with_texts(q, terms, self.searcher.stats)
        groups = self._without_absent_frames(group_terms(terms, q.script, self.searcher, q.raw), kind, q.folded)
        groups = with_meetings_named(groups, passages)
        content = [g for g in groups if g.term not in STRUCTURE_NOUNS]
        limit = RULES.max_missing_yes_no[q.script] if cues.has("yesno", q.folded) else RULES.max_missing[q.script]
        if content and self._missing_share(content) > limit:
            return Draft(abstained=True, kind=kind, missing_terms=True, absent=self._absent(content, q.raw))
        names = [
            g
            for g in content
            if (pinyin_name(g.term, q.raw) or names_an_entity(g))
            and not present_anywhere(g, self.searcher)
            and not in_form_cue(g, q.folded)
        ]
        if q.script == "en" and names:  # a Chinese name no text has ("Jiangsu", "China Mobile")
            return Draft(
                abstained=True, kind=kind, missing_terms=True, absent=as_written([g.term for g in names], q.raw)
            )
        if years := self._years_no_text_has(groups):  # "到2025年定了什么目标": no text speaks of 2025
            return Draft(abstained=True, kind=kind, missing_terms=True, absent=tuple(years))
        if kind == "who" and self._who_is_named(q, groups):
            kind = "role"  # "陈肇雄是谁？" asks what the named person is: their title
        elif kind == "what" and self._asks_a_named_persons_role(q, groups):
            kind = "role"  # "What is the title of Lu Xin?": a role word next to a person the texts name
        if kind == "role" and q.script == "en" and not self._about_someone(q, groups, context):
            kind = "what"  # "What role does the industrial internet play?": no one's title is asked
        if kind == "said" and not any(
            a in self.searcher.person_names() for g in groups for a in (g.term, *g.alternatives)
        ):
            kind = "what"  # "文件强调了什么": what the text says, not what a person said
        if kind in {"list", "count", "item"}:
            return self._structured(q, kind, passages, content)
        if kind == "which_item":
            return self._which_item(q, passages, content)
        return self._sentences(q, kind, passages, groups)

    def _years_no_text_has(self, groups: list[TermGroup]) -> list[str]:
        """The years a question names (2025年, "by 2035") that no passage, title or date writes: a
        time the texts say nothing about (a date is found by its year, wherever the text writes it)."""
        years = {y for g in groups for a in (g.term, *g.alternatives) for y in YEAR.findall(a)}
        names = self.searcher.all_doc_names()
        return sorted(y for y in years if not self.searcher.stats.occurs(y) and y not in names)

    def _which_item(self, q: Question, passages: list[Passage], groups: list[TermGroup]) -> Draft:
        """ "Which measure covers X?": the heading of the section whose sentence mentions X, and of
        every other item whose own text says as much of the question (5G is in the first measure
        and in the third: naming one would be half an answer)."""
        draft = self._sentences(q, "what", passages, groups)
        if draft.abstained or not draft.claims:
            return draft
        claim = draft.claims[0]
        items = structure_items(self.searcher, claim.passage.doc_id)
        owner = next((p for p in reversed(items) if p.start <= claim.start), None)
        if owner is None:
            return draft
        counted = self._for_coverage(groups, q.script)
        needed = coverage(counted, hits_in(counted, fold(claim.text)))
        claims: list[Claim] = []
        for item in items:
            body = _item_sentence(item, counted) if item is not owner else claim
            if body is None or (item is not owner and coverage(counted, hits_in(counted, fold(body.text))) < needed):
                continue
            start, end, text = heading_span(item)
            claims.append(Claim(text, item, start, end))
            if (start, end) != (body.start, body.end):
                claims.append(body)
        return Draft(claims, kind="which_item")

    def _structured(self, q: Question, kind: str, passages: list[Passage], content: list[TermGroup]) -> Draft:
        found = self._list_doc(passages, content) or (
            self._list_doc(passages, content, least=1) if kind == "item" and q.ordinal == 1 else None
        )
        if not found:
            return self._sentences(q, "what", passages, content)
        doc_id, items = found
        doc_text = fold("\n".join(p.text for p in self.searcher.doc_passages(doc_id)))
        counted = self._for_coverage(content, q.script)
        if content and coverage(counted, hits_in(counted, doc_text)) < RULES.min_coverage[q.script]:
            return Draft(abstained=True, kind=kind)
        if kind == "list" and self._narrower_than_list(doc_id, items, content, doc_text):
            return self._sentences(q, "what", passages, content)
        if kind == "list":
            # "加快設施建設包括哪些內容？" names one heading: the question is about that item.
            named = [i for i, p in enumerate(items, 1) if names_heading(heading_core(heading_span(p)[2]), q.folded)]
            if len(named) == 1:
                kind, q = "item", replace(q, ordinal=named[0])
        if kind == "item":
            n = len(items) if q.ordinal in (None, -1) else q.ordinal  # -1: "the last one"
            if not 1 <= n <= len(items):  # item 0, or past the end: say how many there are
                shown = n if n <= MAX_ORDINAL else f"{str(n)[:12]}…"
                return Draft(
                    abstained=True, kind=kind, notice_key="no_such_item", notice_vars={"count": len(items), "n": shown}
                )
            p = items[n - 1]
            asked = kind_of(q.folded, None, q.script)  # "how many base stations does the first measure build?"
            if asked in ITEM_FACT_KINDS and not satisfies(asked, p.text, p, tuple(self.searcher.person_names())):
                return Draft(abstained=True, kind=asked)  # the item does not hold the kind of fact asked
            h = heading_span(p)
            claims = [Claim(h[2], p, h[0], h[1])]
            body = body_first_sentence(p)
            if body:
                claims.append(Claim(body[2], p, body[0], body[1]))
            return Draft(claims, kind=kind, item=n)  # the item, for "it" and "the next one" after it
        claims = []
        for p in items:
            start, end, text = heading_span(p)
            claims.append(Claim(text, p, start, end))
        return Draft(claims, kind=kind, notice_vars={"count": len(items)})

    def _who_is_named(self, q: Question, groups: list[TermGroup]) -> bool:
        known = set(self.searcher.person_names())
        if q.script == "en":
            # "who is Wu Hequan?", also after a framing clause ("In the April report, who is …")
            names = [g.term for g in groups if known.intersection(g.alternatives)]
            return any(re.search(rf"\bwho(?: is| was|'s) {re.escape(n)}\b", q.folded, re.I) for n in names)
        return any(re.search(n + _asks_who_one_is(), q.folded) for n in known)

    def _about_someone(self, q: Question, groups: list[TermGroup], context: Question | None) -> bool:
        """Does a role question ask about a person: one the texts name, a title (副部长), a
        person pronoun (他, she), or an earlier turn's person?"""
        known = set(self.searcher.person_names())
        named = any(known.intersection(g.alternatives) or any(is_role(a) for a in g.alternatives) for g in groups)
        return named or bool(cues.find("person_pronoun", q.folded)) or (context is not None and q.follow_up)

    def _asks_a_named_persons_role(self, q: Question, groups: list[TermGroup]) -> bool:
        """A role cue (app/data/cues.tsv, shared with the scored answerer's answer types) in a
        question that names someone the texts name."""
        known = set(self.searcher.person_names())
        named = any(known.intersection(g.alternatives) for g in groups)
        return named and cues.has("role", q.folded)

    @staticmethod
    def _naming_someone_else(q: Question, usable: list[Evidence], known: tuple[str, ...]) -> list[Evidence]:
        """ "陈肇雄提到了哪位领导人？" asks for someone other than 陈肇雄: a sentence whose only person
        is the one the question names does not answer it ("陈肇雄是谁？" still does)."""
        asked = [n for n in known if n in q.folded]
        if not asked or any(re.search(n + _asks_who_one_is(), q.folded) for n in asked):
            return usable
        others = tuple(n for n in known if n not in asked)
        return [
            e
            for e in usable
            if any(n in fold(e.text) for n in others)
            or any(n not in asked and n in fold(e.text) for n in e.passage.names)
        ]

    def _narrower_than_list(self, doc_id: str, items: list[Passage], content: list[TermGroup], doc_text: str) -> bool:
        """ "法律法规方面有什么措施？": a subject the document's title and headings do not name, but its
        text does, asks about that subject, not for the whole list. A word no text has (报导 in "那篇
        報導裡") is wording: it neither frames nor narrows."""
        frame = fold(self.searcher.doc_header(doc_id) + "\n" + "\n".join(heading_span(p)[2] for p in items))
        # a meeting, notice or date names the document whose list it is ("这次会议提出了哪些举措")
        said = [g for g in content if present_anywhere(g, self.searcher) and not document_level(g)]
        narrower = [g for g in said if not hits_in([g], frame)]
        return bool(narrower) and all(hits_in([g], doc_text) for g in narrower)

    def _own(self, groups: list[TermGroup]) -> list[TermGroup]:
        """In a follow-up, the groups of its own words ("And the former vice minister of education among
        them?"): they pick the clause or segment of the sentence the whole context found, not the words
        carried from the earlier turn (an English group is a phrase: all its words are the asker's)."""
        own = [g for g in groups if g.term in self._asked or set(g.term.split()) <= self._asked]
        return own or groups

    def _absent(self, content: list[TermGroup], raw: str) -> tuple[str, ...]:
        """The weightiest question words no text has (``Draft.absent``), in the question's order and
        as the asker wrote them ("Zhang Wei", not "zhang" and "wei")."""
        missing = [g for g in content if g.idf >= RULES.absent_named_min and not present_anywhere(g, self.searcher)]
        kept = sorted(missing, key=lambda g: -g.idf)[: RULES.absent_named]
        return as_written([g.term for g in kept], raw)

    def _sentences(self, q: Question, kind: str, passages: list[Passage], groups: list[TermGroup]) -> Draft:
        if not groups:
            return Draft(abstained=True, kind=kind)
        if kind == "when" and asks_an_event_no_text_has(q, groups, self.searcher):
            return Draft(abstained=True, kind=kind, missing_terms=True)
        counts = counted_of(q, self.searcher.stats) if kind == "how_many" else None
        category = asked_category(q.folded) if kind == "organisation" else ""
        ranked = sentences(
            passages[:6], self._for_coverage(groups, q.script), kind, self.searcher, counted=counts, category=category
        )
        threshold = RULES.min_coverage[q.script]
        usable = [e for e in ranked if e.coverage >= threshold and e.typed]
        if not usable:
            return Draft(abstained=True, kind=kind)
        known = tuple(self.searcher.person_names())
        # "Who is the minister?", "总理出席了吗": a title the question names identifies the person; a
        # sentence without it (only a 副部长) is about someone else
        titles = [g for g in groups if names_a_title(g.term, g.alternatives)]
        usable = [e for e in usable if all(g.term in e.hits for g in titles)]
        if kind == "who":
            usable = self._naming_someone_else(q, usable, known)
        if kind in DATED_KINDS:
            usable = dating_the_focus(q, usable, groups)
        usable = naming_an_instance(q, usable, groups)
        if q.script != "en" and (speaker := asked_speaker(q.folded, known)):
            usable = [e for e in usable if e.speaker == speaker]  # "邬贺铨提出了哪些建议": his words
        if not usable:
            return Draft(abstained=True, kind=kind)
        if choice := alternatives(q.folded, [g.term for g in groups], q.script):
            # "线上开的还是线下开的": a sentence naming neither side does not say which
            usable = [e for e in usable if names_a_side(choice, e.hits, fold(e.text))]
            if not usable:
                return Draft(abstained=True, kind=kind)
        best = usable[0]
        # "和陈肇雄一起出席的是谁": the person a who-question names is not the one it asks for, so
        # their name does not pick the clause.
        named = set(known) if kind == "who" else set()
        pick = [g for g in groups if not named.intersection(g.alternatives)] or groups
        pick = focus_first(q, self._own(pick)) if kind in NARROW else pick
        chosen: list[Evidence] = [narrow_to_clauses(best, pick, kind, known, counts) if kind in NARROW else best]
        covered = set(best.hits)
        for e in usable[1:4]:
            if len(chosen) >= 2:
                break
            new = e.hits - covered
            if new and e.score >= RULES.second_claim_ratio * best.score and not overlaps(e, chosen):
                chosen.append(narrow_to_clauses(e, pick, kind, known, counts) if kind in NARROW else e)
                covered |= e.hits
        chosen.sort(key=lambda e: (e.passage.doc_id, e.start))
        claims = [Claim(e.text, e.passage, e.start, e.end) for e in chosen]
        if kind in SPAN_KINDS and best.dated_by is not None:
            # the date that dates the sentence, then the sentence that says what happened
            a, b = best.dated_by
            p = best.passage
            date = Claim(p.text[a - p.start : b - p.start], p, a, b)
            return Draft([date, Claim(best.text, p, best.start, best.end)], kind=kind)
        if kind == "who" and len(claims) == 1 and q.script != "en" and (filled := slot_filled(q, claims[0])):
            return Draft([filled], kind=kind)  # "贯彻落实谁的决策部署": the slot, not the speaker elsewhere
        if kind in SPAN_KINDS:
            # "那标识注册量的目标呢？": the follow-up's own words pick the segment, not the earlier turn's
            claims = [segment_of(c, kind, self._own(groups), counts, q.folded) for c in claims[:1]]
        elif len(claims) == 1 and q.script != "en":
            claims = [slot_filled(q, claims[0]) or claims[0]]
        return Draft(claims, kind=kind)


def asked_category(folded: str) -> str:
    """The noun an organisation cue names ("企业" in 哪些企业, "机构" in 哪几个机构), as the cue data
    writes it after its which-determiner."""
    for m in cues.find("organisation", folded):
        base = cues.base_cue(m.cue)
        if base.startswith("哪个"):
            return base[len("哪个") :]
    return ""
