"""Sentence-level evidence: which sentences of the retrieved passages answer which terms.

Matching is on folded text (script-independent); spans always point into the
cleaned document, so what is quoted is the source's own text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from app import cues
from app.leaders import english_leader_phrases, is_leader_word, leader_alternatives
from app.question import PERSON_HINT, ROLE_MODIFIERS
from app.rule_settings import RULES
from app.scored.framing import framing_spans, in_framing, in_spans
from app.scored.question import category_spans, summary_requests
from app.speakers import Speakers, reports_speech
from app.terms import SETTINGS as TERM_SETTINGS
from app.terms import english_function_word, english_weight, specificity
from app.titled_names import titled_name
from index.abbreviations import full_forms, known_part
from index.annotate import (
    AGE,
    Counted,
    convening_synonyms,
    count_agrees,
    document_number,
    event_dates,
    event_names,
    has_date,
    has_deadline,
    has_duration,
    has_figure,
    is_entity_name,
    is_salutation,
    new_place,
)
from index.crosslingual import (
    chinese_synonyms,
    phrase_groups,
    strip_phrases,
    translations,
)
from index.english_names import english_entities, names_in_english, strip_names
from index.fold import fold
from index.search import Passage, Searcher
from index.thesaurus import synonyms
from ingest.chunker import split_sentences

ROLE_WORD = cues.any_of("role_word")
DOC_TERM = cues.pattern("document_term")
NAME_RUN = re.compile(r"(?:、[\u4e00-\u9fff]{2,3}(?=[、,，。；]|$))+")
CLAUSE = re.compile(r"[^,，、:：]+")


TYPED_KINDS = {
    "who",
    "when",
    "how_many",
    "role",
    "where",
    "said",
    "document_number",
    "organisation",
    "event_name",
    "age",
    "duration",
    "deadline",
    "why",
    "figure",
    "addressee",
    "source",
}
# The facts an item asked for by number must hold when the question asks for one of them ("how many
# base stations does the first measure build?"); not who (叫什么 names the item itself).
ITEM_FACT_KINDS = {"how_many", "when", "where"}
# kinds answered by a part of a document that speaks for all of it: a notice's number and its
# addressee line say none of the notice's subject, which its title says for them, so the title's
# words count there in full
WHOLE_DOCUMENT_KINDS = {"addressee", "document_number"}


@dataclass
class TermGroup:
    """One question term and the folded strings that count as finding it."""

    term: str
    alternatives: list[str]
    idf: float = 1.0


@dataclass
class Evidence:
    passage: Passage
    start: int
    end: int
    text: str
    hits: set[str] = field(default_factory=set)
    coverage: float = 0.0
    score: float = 0.0
    typed: bool = False
    dated_by: tuple[int, int] | None = None  # the paragraph's date that dates an undated sentence
    speaker: str = ""  # whose words the sentence reports (app/speakers.py), "" when no one's


def is_role(alternative: str) -> bool:
    return bool(PERSON_HINT.search(alternative)) and alternative[0] not in ROLE_MODIFIERS


def names_a_title(term: str, alternatives: list[str]) -> bool:
    """Does a question term name a title that identifies a person (部长, "the minister")? A Chinese
    term by its own word: 领导 ("leader") is no title, though the thesaurus gives it 主任 and 主管 as
    synonyms, so "哪位领导出席" is not a question about a 主任. An English word by its translations."""
    if not term.isascii():
        return is_role(term)
    return any(is_role(a) for a in alternatives)


def _unmodified(text: str, pos: int) -> bool:
    return pos == 0 or text[pos - 1] not in ROLE_MODIFIERS


def occurs(alternative: str, folded_text: str) -> bool:
    """True when the term occurs, not counting role words under a modifier (副部长 ≠ 部长)."""
    if not alternative:
        return False
    start = folded_text.find(alternative)
    role = is_role(alternative)
    while start != -1:
        if not role or _unmodified(folded_text, start):
            return True
        start = folded_text.find(alternative, start + 1)
    return False


def group_terms(terms: list[str], script: str, searcher: Searcher, question: str = "") -> list[TermGroup]:
    """One group per term; for English, per phrase found in the dictionaries ('vice minister'), and
    per person, place or date ``question`` names in English."""
    if script == "en":
        # people, places and dates as the question writes them ("Lu Xin", "Zhejiang", "April 2018")
        named = english_entities(question, searcher.person_names(), searcher.place_names()) if question else []
        groups = [TermGroup(phrase.lower(), found) for phrase, found in named]
        text = strip_phrases(" ".join(terms), [phrase for phrase, _ in named])
        people = names_in_english(text, searcher.person_names())  # "Chen Zhaoxiong" → 陈肇雄
        groups += [TermGroup(pinyin, [name]) for pinyin, name in people]
        leaders = english_leader_phrases(text)  # "boss", "big cheese": resolved below
        groups += [TermGroup(phrase, [phrase]) for phrase in leaders]
        text = strip_phrases(text, leaders)
        groups += [
            TermGroup(phrase, found or [phrase])
            for phrase, found in phrase_groups(strip_names(text, people), searcher.stats, absent_names=True)
        ]
    else:
        groups = [
            TermGroup(term, [term, *chinese_synonyms(term), *convening_synonyms(term), *_latin(term, searcher)])
            for term in terms
        ]
    n = max(len(searcher.passages), 1)
    function = _function_words(question) if script != "en" and question else frozenset()
    folded_question = fold(question)
    framing = framing_spans(folded_question) if question else []
    categories = category_spans(folded_question) if question else []
    forms = form_spans(folded_question) if question else []
    leaders = [g for g in groups if is_leader_word(g.term)]
    for g in leaders:  # "中国电信的老板": a head title on a name the question gives (app/leaders.py)
        others = [o.alternatives for o in groups if o not in leaders and present_anywhere(o, searcher)]
        g.alternatives = leader_alternatives(g.term, others, searcher.stats) or [g.term]
    for g in groups:
        if script != "en" and g not in leaders and not present_anywhere(g, searcher):
            # a word no text uses: its thesaurus synonyms that some text does (以前 → 原先)
            found = [s for s in synonyms(g.term) if _df(searcher, s) > 0]
            # an abbreviation (网安 → 网络安全), else a compound's known part (研究院所 → 研究院)
            g.alternatives += (
                found
                or full_forms(g.term, searcher.stats)
                or known_part(g.term, searcher.stats)
                or titled_name(g.term, searcher.stats, searcher.person_names())  # 陈副部长 → 陈肇雄
            )
        dfs = [_df(searcher, a) for a in g.alternatives]
        df = max([d for d in dfs if d > 0], default=0)
        # A term no text has weighs what it says in the general language (wordfreq): a missing
        # common word ("以前", "kind") costs little, a missing specific one ("预算", a name) a lot.
        g.idf = term_weight(g, df, n, script)
        if not df and in_spans(folded_question, g.term, forms):
            g.idf *= TERM_SETTINGS.framing_factor
        elif not df and framing and not names_an_entity(g) and in_framing(folded_question, g.term, framing):
            g.idf *= TERM_SETTINGS.framing_factor  # "麻烦帮我查一下", "I'm writing a report": framing
        elif not df and not names_an_entity(g) and in_spans(folded_question, g.term, categories):
            g.idf *= TERM_SETTINGS.category_factor  # "哪个部门": the answer's type (app/scored/grounding.py)
        elif g.term in function or (script == "en" and not df and " " not in g.term and english_function_word(g.term)):
            g.idf *= TERM_SETTINGS.function_factor  # the same discount the scored answerer gives (app/terms.py)
        elif not df and (g in leaders or (script == "en" and names_an_entity(g))):
            # "China Mobile" (中国移动) is a name, not two common words; a leader word no head title
            # answers stands for a person the texts do not name
            g.idf = max(g.idf, TERM_SETTINGS.entity_floor)
    return groups


def form_spans(folded: str) -> list[tuple[int, int]]:
    """ "Summarize …", "give me the gist of …": words that ask for the answer's form, not for
    something a text must say (as the scored analysis reads its cues)."""
    return [(m.start, m.end) for m in summary_requests(folded)]


def in_form_cue(group: TermGroup, folded: str) -> bool:
    return in_spans(folded, group.term, form_spans(folded))


def names_an_entity(group: TermGroup) -> bool:
    """An English phrase whose Chinese form LAC tags as one organisation, person or place."""
    return any(is_entity_name(a) for a in group.alternatives if not a.isascii())


def _function_words(question: str) -> frozenset[str]:
    """The question's words LAC tags as function words (adverbs, pronouns, particles: 逐一, 这块),
    shared with the scored answerer's analysis (the same cached LAC call)."""
    from app.scored.question_words import _question_tokens

    folded = fold(re.sub(r"\s+", " ", question)).strip()
    tags = cues.words("function_tag")
    tokens = _question_tokens(folded)
    out: set[str] = set()
    for i, first in enumerate(tokens):
        # a jieba word made only of LAC's function words is one too (那篇 = 那 + 篇, 这场 = 这 + 场)
        text, end = "", first.start
        for t in tokens[i:]:
            if t.tag not in tags or t.start != end:
                break
            text, end = text + t.text, t.end
            out.add(text)
    return frozenset(out)


def _latin(term: str, searcher: Searcher) -> list[str]:
    """An English word or abbreviation inside a Chinese question meets the texts through the same
    dictionaries as an English question ("CAICT" → 中国信息通信研究院)."""
    return translations(term, searcher.stats) if term.isascii() else []


def _df(searcher: Searcher, alternative: str) -> int:
    """Passages holding the term, from the collection's statistics (indexed and remembered there)."""
    if not alternative:
        return 0
    return searcher.stats.document_frequency(alternative, _unmodified if is_role(alternative) else None)


def present_anywhere(group: TermGroup, searcher: Searcher) -> bool:
    """In some text, or in some document's title or date ('2021年12月'). Uses the document
    frequencies already counted (and cached) for the weights: no second scan of the corpus."""
    return any(_df(searcher, a) > 0 or a in searcher.all_doc_names() for a in group.alternatives)


def hits_in(groups: list[TermGroup], folded_text: str) -> set[str]:
    return {g.term for g in groups if any(occurs(a, folded_text) for a in g.alternatives)}


def coverage(groups: list[TermGroup], hits: set[str]) -> float:
    total = sum(g.idf for g in groups)
    return sum(g.idf for g in groups if g.term in hits) / total if total else 0.0


def has_person(text: str, passage: Passage, known: tuple[str, ...] = ()) -> bool:
    """Names tagged at ingest on this chunk, or known anywhere in the collection."""
    folded = fold(text)
    return any(name in folded for name in passage.names) or any(name in folded for name in known)


def has_place(text: str, passage: Passage, named: tuple[str, ...] = ()) -> bool:
    """A place tagged at ingest (``ingest.pipeline.entities``), or one the annotator's words of the
    span tag LOC, single characters included ("在京召开": 京 is Beijing); not a place the question
    names itself (``named``: its words)."""
    folded = fold(text)
    return any(place in folded and new_place(place, named) for place in passage.places) or any(
        t.tag == "LOC" and new_place(t.text, named) for t in _tokens_of(text, passage)
    )


def _tokens_of(text: str, passage: Passage) -> list:
    """The annotator's words of this span of the passage (stored at ingest, or tagged now)."""
    from app.scored.candidates import tokens_in

    start = passage.start + passage.text.find(text)
    return tokens_in(passage, start, start + len(text))


def has_organisation(text: str, passage: Passage) -> bool:
    """An organisation the annotator tagged (ORG) inside this span of the passage."""
    return any(t.tag == "ORG" for t in _tokens_of(text, passage))


def role_clause(text: str, groups: list[TermGroup]) -> bool:
    """A clause that names one of the question's terms together with a role (副部长陈肇雄)."""
    return any(hits_in(groups, fold(m.group())) and ROLE_WORD.search(fold(m.group())) for m in CLAUSE.finditer(text))


def satisfies(
    kind: str,
    text: str,
    passage: Passage,
    known: tuple[str, ...] = (),
    counted: Counted | None = None,
    named: tuple[str, ...] = (),
) -> bool:
    """The sentence has the kind of fact asked for (a how-many question: a count of what it counts)."""
    if kind == "who":
        return has_person(text, passage, known)
    if kind == "when":
        return has_date(text)  # not a year inside a 《…》 name
    if kind == "role":
        return bool(ROLE_WORD.search(fold(text)))
    if kind == "how_many":
        return count_agrees(fold(text), counted)  # a counted thing, not a year
    if kind == "where":
        return has_place(text, passage, named)
    if kind == "said":
        return reports_speech(fold(text))
    if kind == "document_number":
        return document_number(text) is not None
    if kind == "organisation":
        return has_organisation(text, passage)
    if kind == "event_name":
        return bool(event_names(_tokens_of(text, passage)))
    if kind == "age":
        return bool(AGE.search(fold(text)))
    if kind == "duration":
        return has_duration(fold(text))
    if kind == "deadline":
        return has_deadline(fold(text))
    if kind == "figure":
        return has_figure(fold(text))
    if kind == "why":
        return cues.has("reason", fold(text))
    if kind == "addressee":
        return is_salutation(text) and has_organisation(text, passage)
    if kind == "source":  # a page's source line: "来源:工信微报", "消息来源:上海证券报"
        return bool(cues.pattern("source").search(fold(text)))
    return True


def document_level(group: TermGroup) -> bool:
    """Dates and document names place the whole document, not one sentence."""
    return any(DOC_TERM.search(a) for a in (group.term, *group.alternatives))


def sentences(
    passages: list[Passage],
    groups: list[TermGroup],
    kind: str,
    searcher: Searcher | None = None,
    people: tuple[str, ...] = (),
    counted: Counted | None = None,
    category: str = "",
) -> list[Evidence]:
    """Every sentence of the passages with the terms it has (``people``: names known besides the
    searcher's; ``category``: the noun an organisation question asks for instances of)."""
    out = []
    known = (tuple(searcher.person_names()) if searcher is not None else ()) + people
    named = tuple(a for g in groups for a in g.alternatives)  # a place the question names is no answer
    doc_groups = [g for g in groups if document_level(g)]
    for rank, p in enumerate(passages):
        doc_hits, header_hits = set(), set()
        if searcher is not None:
            # Dates and meeting names anywhere in the document, and any term of its title or
            # date (a document number, a meeting's name), place the whole document.
            header_hits = hits_in(groups, searcher.doc_header(p.doc_id))
            doc_hits = hits_in(doc_groups, searcher.doc_context(p.doc_id)) | header_hits
        heading_end = p.start + len(p.text.split("\n", 1)[0]) if p.heading_level >= 0 else -1
        # a section's heading ("三、加强科技创新") is what each sentence under it is about
        section_hits = hits_in(groups, fold(p.text.split("\n", 1)[0])) if p.heading_level >= 0 else set()
        speakers = Speakers(p.text, p.start, known)
        paragraph_date, last_end = None, p.start
        for span in split_sentences(p.text, p.start):
            text = p.text[span.start - p.start : span.end - p.start]
            folded = fold(text)
            speaker = speakers.before(span.start)
            if "\n" in p.text[last_end - p.start : span.start - p.start]:
                paragraph_date = None  # a new paragraph
            last_end = span.end
            # a word inside an organisation's name does not make the sentence about it, except where
            # the names are the answer: a notice's addressees ("基础电信企业" in 中国电信集团有限公司)
            names = _org_spans(p, span.start, span.end) if kind != "addressee" else []
            direct = hits_outside_names(groups, folded, names)
            context = doc_hits | (section_hits if span.start >= heading_end else set())
            # "陈肇雄指出,…。我国是制造大国…": the sentences after the one that names the speaker are
            # still what they said, up to the end of the paragraph: the name is as good as said there
            direct |= hits_in(groups, speaker) if speaker else set()
            speakers.read(folded, span.end)
            hits = direct | context
            # a term the sentence itself says counts more than one only its document or section says
            if kind in WHOLE_DOCUMENT_KINDS:
                direct |= header_hits
            cov = coverage(groups, direct) + RULES.context_weight * coverage(groups, context - direct)
            typed = satisfies(kind, text, p, known, counted, named) if kind != "role" else role_clause(text, groups)
            typed = typed or (kind == "organisation" and names_kinds_of(category, folded))
            # "刘烈宏强调,…。提升安全保障水平。": a sentence the paragraph's speaker goes on saying
            # reports his words as much as the one that names him
            typed = typed or (kind == "said" and bool(speaker))
            date = next(iter(event_dates(text)), None)
            dated_by = None
            if kind == "when" and not typed and paragraph_date is not None:
                # "4月23日,…召开…推进会。…陈肇雄…出席会议": the paragraph's opening date dates the
                # sentences after it, as its speaker speaks them
                typed, dated_by = True, paragraph_date
            if date and paragraph_date is None:
                paragraph_date = (span.start + date.start(), span.start + date.end())
            score = cov + RULES.rank_bonus / (rank + 1) + (RULES.typed_bonus if typed and kind in TYPED_KINDS else 0)
            if span.end <= heading_end:
                score -= RULES.heading_penalty  # a bare heading says less than the sentence under it
            out.append(Evidence(p, span.start, span.end, text, hits, cov, score, typed, dated_by, speakers.speaker))
    out.sort(key=lambda e: -e.score)
    return out


def names_kinds_of(category: str, folded: str) -> bool:
    """Does the text name kinds of the category a which-question asks for? Chinese compounds put
    their head last, so 工业企业 and 信息技术企业 are kinds of 企业: "调查对象包括哪些企业" is answered
    by "…工业企业、信息技术企业等", which names no one organisation."""
    if len(category) < 2 or category.isascii():
        return False
    return bool(re.search(rf"[\u4e00-\u9fff]{{2,}}{re.escape(category)}(?=[、,，和及与等])", folded))


def _org_spans(passage: Passage, start: int, end: int) -> list[tuple[int, int]]:
    """Where the annotator's organisation names lie in this sentence (offsets in the sentence)."""
    from app.scored.candidates import tokens_in

    shift = start - passage.start
    return [(t.start - shift, t.end - shift) for t in tokens_in(passage, start, end) if t.tag == "ORG"]


def hits_outside_names(groups: list[TermGroup], folded: str, names: list[tuple[int, int]]) -> set[str]:
    """``hits_in``, not counting a term inside an organisation's name: "build" is not found in
    住房和城乡建设部, nor "information" in 中国信息通信研究院; a term that begins the name (教育部,
    工信部…), ends it (研究院: the kind of organisation) or is the name still meets it."""
    found = set()
    for g in groups:
        for alt in g.alternatives:
            pos = folded.find(alt) if alt else -1
            while pos != -1:
                # inside a name, unless it ends the name: 研究院 is the kind of 中国信息通信研究院
                interior = any(a < pos < b and pos + len(alt) != b for a, b in names)
                if not interior and (not is_role(alt) or _unmodified(folded, pos)):
                    found.add(g.term)
                    break
                pos = folded.find(alt, pos + 1)
            if g.term in found:
                break
    return found


def absent_weight(term: str, script: str) -> float:
    """The weight of a question term that no text contains, from general-language frequency."""
    return english_weight(term) if script == "en" else specificity(term, "zh")


def term_weight(group: TermGroup, df: int, n: int, script: str) -> float:
    """General-language information of the term (wordfreq), the same scale whether or not the
    collection has it, combined with the collection's own idf where it has the term."""
    general = absent_weight(group.term, script)
    if not df:
        return general
    return math.sqrt(general * math.log(1 + (n + 1) / (df + 0.5)))
