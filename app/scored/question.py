"""What a question asks: its script, soft scores for the kinds of answer it wants, and its content
terms with weights. Cue phrases come from app/data/cues.tsv, words and entities from the shared
annotator (LAC), weights from general-language statistics (app/terms.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app import cues
from app.scored.framing import cue_spans, in_spans, proper_nouns
from app.scored.question_words import _aligned, _question_tokens, question_numerals
from app.terms import SETTINGS, Term, english_weight, pronoun_led, weight
from index.annotate import (
    DATE,
    ENGLISH_TAG,
    NAME_TAGS,
    TIME_TAG,
    VERBAL_NOUN_TAG,
    Token,
    date_parts,
)
from index.crosslingual import english_word_spans
from index.fold import detect_script, fold
from index.numerals import EN_NUMBERED_ORDINALS, EN_NUMBERS, EN_ORDINALS, zh_value

# "the third measure", "the last one", "measure two": the shared number words (index/numerals.py)
_EN_ORDINALS = {**{w: n for w, n in EN_ORDINALS.items() if n <= 6}, "last": -1}
_EN_ORDINALS |= {w: n for w, n in EN_ORDINALS.items() if n > 6} | EN_NUMBERED_ORDINALS
_EN_NUMBERS = {w: n for w, n in EN_NUMBERS.items() if n >= 1}
MAX_ORDINAL = 999  # shown as ">999" in a notice: nobody's list reaches it
TYPE_PRIOR = 0.5  # the weight of the plain "what" reading when some type cue matched


@dataclass
class Question:
    raw: str
    script: str
    folded: str
    types: dict[str, float]  # soft scores over app.cues.ANSWER_TYPES plus "what"; they sum to 1
    terms: list[Term] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    ordinal: int | None = None
    pronoun: bool = False
    ellipsis: bool = False
    step: int = 0  # +1 "the next one", -1 "the previous one"
    structure: bool = False  # names the document's own items (举措, measures)
    about_document: bool = False  # "这篇文章", "this article": asks about the document itself
    entities: dict[str, list[str]] = field(default_factory=dict)
    focus: list[str] = field(default_factory=list)  # the noun the question word asks about ("部长" in 部长是谁)
    # where a type cue names its category itself ("哪个部门", "which ministry"): see ``category_noun``
    category_spans: list[tuple[int, int]] = field(default_factory=list)
    # what earlier turns named (folded): "Where was that meeting held?" after a question about the
    # Zhejiang meeting does not ask for 浙江, as a place the question names itself is no answer
    earlier_names: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        """The strongest type, for display and for choosing how to shape a span."""
        return max(self.types, key=lambda t: self.types[t])

    def p(self, kind: str) -> float:
        return self.types.get(kind, 0.0)

    @property
    def follow_up(self) -> bool:
        return self.pronoun or self.ellipsis or self.step != 0 or (self.ordinal is not None and not self.terms)


def _chinese_number(text: str) -> int | None:
    """一 … 九十九 (十二, 二十, 二十一) as an ordinal writes it; None for anything else."""
    if len(text) == 1:
        return zh_value(text) if text != "〇" else None
    if text.count("十") != 1 or text[0] in "零〇":
        return None
    value = zh_value(text)
    return value if value is not None and 10 <= value < 100 else None


# an ordinal, one more character, and then what ends the item asked for (as the unit pattern's end)
ORDINAL_WITH_ONE_MORE = re.compile(r"第([一二三四五六七八九十两]{1,3}|\d+)[\u4e00-\u9fff](?=$|呢|是|的|？|\?|,|，)")


def _measured_ordinal(folded: str) -> re.Match[str] | None:
    """第三招, 第二波: an ordinal with a measure word the unit list lacks, where LAC reads the
    ordinal and the character after it as one numeral word (tag ``m``); 第三方 ("a third party") it
    reads as a noun, so it is no ordinal."""
    from index.annotate import tag

    tokens = tag(folded)
    for m in ORDINAL_WITH_ONE_MORE.finditer(folded):
        if any(t.start == m.start() and t.end == m.end() and t.tag == NUMERAL_TAG for t in tokens):
            return m
    return None


NUMERAL_TAG = "m"


def ordinal_of(text: str) -> int | None:
    """第三项 / the third measure / item 3 → 3; 'the last one' → -1; None when no ordinal. What an
    ordinal counts and the nouns it is about are cue data (classes ``ordinal_unit``, ``last_unit``,
    ``ordinal_noun``, ``numbered_noun``, ``follow_up_lead``)."""
    folded = fold(re.sub(r"\s+", " ", text))
    units = cues.any_of("ordinal_unit").pattern
    # "第(二)条" as the texts number their sub-items; of several ("第一部分第(二)条"), the last is the
    # innermost: the item asked for inside the part the first one names
    found = list(
        re.finditer(
            rf"第\s*[(（]?\s*([一二三四五六七八九十两零]{{1,3}}|\d+)\s*[)）]?\s*(?={units}|$|呢|是|的|？|\?)", folded
        )
    )
    m = found[-1] if found else _measured_ordinal(folded)
    if m:
        g = m.group(1)
        return int(g) if g.isdigit() else _chinese_number(g)
    # 最后一项 / 最后那条 / "最后呢？": the last item; 最后 alone before a verb is "in the end" (最后交给…)
    last = cues.any_of("last_unit").pattern
    if re.search(rf"最后\s*(一|那|这)?\s*(?:{last})|最后\s*(呢|一个呢)?\s*[?？]?$", folded):
        return -1
    # "And the third?", "What about the last?": an elliptical follow-up that is only an ordinal
    leads = cues.any_of("follow_up_lead").pattern
    bare = re.sub(rf"^(?:{leads})\s+|^the\s+|[\s?？.!。]+$", "", folded.strip())
    bare = re.sub(r"^the\s+", "", bare)
    if bare in _EN_ORDINALS:
        return _EN_ORDINALS[bare]
    nouns = cues.any_of("ordinal_noun").pattern
    for w, n in _EN_ORDINALS.items():
        if re.search(rf"\b{w}\b", folded) and re.search(rf"\b(?:{nouns})s?\b", folded):
            return n
    numbers = "|".join(_EN_NUMBERS)
    numbered = cues.any_of("numbered_noun").pattern
    m = re.search(rf"\b(?:{numbered})\s*(\d+|{numbers})\b", folded)
    if not m:
        return None
    return int(m.group(1)) if m.group(1).isdigit() else _EN_NUMBERS[m.group(1)]


def date_terms(folded: str) -> list[str]:
    """Dates in the question, in the forms the texts write them ('2019年12月2日' → '12月2日', '2019年',
    '2020-04-24' → '4月24日', '2020年'), found by the annotator's one date pattern; both answerers'
    question analysis uses this."""
    out = []
    for m in DATE.finditer(folded):
        year, month, day = date_parts(m)
        if not (year or month):
            out.append(m.group())  # 十二月二日: as written
        elif month and day:
            out.append(f"{month}月{day}日")
            if year:
                out.append(f"{year}年")
        else:
            out.append(f"{year}年" if not month else f"{year}年{month}月")
    return out


def category_spans(folded: str) -> list[tuple[int, int]]:
    """Where a type cue names its own category ("哪个部门", "which ministry"), for an answerer that
    has not analysed the question this way (the rules: app/evidence.py)."""
    tokens = list(_question_tokens(folded)) if detect_script(folded) != "en" else []
    return [(m.start, m.end) for m in type_scores(folded, tokens)[1] if m.cls in UNFRAMED_TYPES]


def category_noun(q: Question, term: str) -> bool:
    """Is ``term`` the category a type cue names ("部门" in "哪个部门", "ministry" in "which
    ministry")? Where no text uses the word, the answer is an instance of it (工业和信息化部), which
    the answer-type fit checks; the word itself is not something a passage must say."""
    return in_spans(q.folded, term, q.category_spans)


def type_scores(folded: str, tokens: list[Token] | None = None) -> tuple[dict[str, float], list[cues.CueMatch]]:
    """Soft answer types from the cues the question holds; with the question's words (``tokens``,
    Chinese), only cues that sit on word boundaries count, and LAC's asking numerals are how-many
    cues (``question_numerals``)."""
    matched: list[cues.CueMatch] = []
    for kind in cues.ANSWER_TYPES:
        found = _aligned(kind, folded, tokens) if tokens else cues.find(kind, folded)
        if kind == "how_many" and tokens:
            seen = {(m.start, m.end) for m in found}
            found += [m for m in question_numerals(tokens) if (m.start, m.end) not in seen]
        matched += found
    if not tokens and not any(m.cls == "source" for m in matched):
        # "Where is this article from?": a stranded "from" asks for an origin (the cue file's pattern)
        origin = next((m for m in cues.pattern("source").finditer(folded) if m.group().startswith("where")), None)
        if origin:
            matched.append(cues.CueMatch("source", origin.group(), origin.start(), origin.end()))
    matched = [m for m in matched if m.cls != "summary" or not opens_time_clause(folded, m)]
    matched = _without_subordinate(_without_embedded_yesno(matched, folded), folded)
    kinds = list(dict.fromkeys(m.cls for m in matched))  # in ANSWER_TYPES order: ``kind`` breaks ties by it
    total = len(kinds) + TYPE_PRIOR if kinds else 1.0
    scores = {k: 1.0 / total for k in kinds}
    scores["what"] = (TYPE_PRIOR if kinds else 1.0) / total
    return scores, matched


def opens_time_clause(folded: str, cue: cues.CueMatch) -> bool:
    """ "做总结时", "总结的时候": the cue's event opens a time clause ("when he summed up"); the cue
    asks for nothing there (cue class time_clause)."""
    return folded.startswith(tuple(cues.words("time_clause")), cue.end)


def summary_requests(folded: str) -> list[cues.CueMatch]:
    """The summary cues that ask for a summary: not one opening a time clause."""
    return [m for m in cues.find("summary", folded) if not opens_time_clause(folded, m)]


def _without_embedded_yesno(matched: list[cues.CueMatch], folded: str = "") -> list[cues.CueMatch]:
    """A yes/no cue after a question word is an auxiliary or an embedded question, not a yes/no
    question: "When did the meeting take place?", "你知道会议是哪天开的吗?" ask for the date. An
    English auxiliary asks yes or no only where it opens its clause ("Did Lu Xin attend?"); inside
    one it is inverted after a question phrase ("What kinds of tech does the measure want?")."""
    matched = [m for m in matched if m.cls != "yesno" or not m.cue.isascii() or _opens_clause(folded, m.start)]
    asking = [m.start for m in matched if m.cls != "yesno"]
    if not asking:
        return matched
    return [m for m in matched if m.cls != "yesno" or m.start < min(asking)]


def _without_subordinate(matched: list[cues.CueMatch], folded: str) -> list[cues.CueMatch]:
    """An English question word after an earlier one, inside its clause, opens a relative or
    subordinate clause and asks nothing: "When did MIIT hold the meeting **where** …" asks a date,
    "What did he say **when** he spoke?" asks what was said. One that opens a clause of its own
    ("When was it, and where?") still asks."""
    subordinating = set(cues.cues().get("subordinating", ()))
    asking = [m.start for m in matched if m.cls != "yesno"]
    if len(asking) < 2:
        return matched
    first = min(asking)
    return [
        m for m in matched if not (m.cue in subordinating and m.start > first and not _opens_clause(folded, m.start))
    ]


_CLAUSE_OPENING = re.compile(r"(?:^|[,;:.!?—–-]|\b(?:and|so|but|then|also|or))\W*$")


def _opens_clause(folded: str, start: int) -> bool:
    return bool(_CLAUSE_OPENING.search(folded[:start]))


def _covered(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < end and start < b for a, b in spans)


RELATIVE_TIME_TAG = "t"  # LAC's TIME outside a date (现在, 目前, 近年来): points at a time, names none


def _chinese_terms(folded: str, tokens: list[Token], frame: list[tuple[int, int]]) -> list[Term]:
    dates = [(m.start(), m.end()) for m in DATE.finditer(folded)]
    terms = [Term(d, [d], weight(d, "TIME", "zh"), "TIME", True) for d in date_terms(folded)]
    seen = {t.text for t in terms}
    for t in tokens:
        word = t.text.strip()
        if not word or _covered(t.start, t.end, frame + dates) or not re.search(r"\w", word):
            continue
        if t.tag in cues.words("function_tag"):
            continue
        if word in seen:
            continue
        seen.add(word)
        tag_, entity = (RELATIVE_TIME_TAG, False) if t.tag == TIME_TAG else (t.tag, t.entity)
        w = weight(word, tag_, "zh")
        if not entity and pronoun_led(word):
            w *= SETTINGS.function_factor
        terms.append(Term(word, [word], w, tag_, entity, spans=[(t.start, t.end)]))
    return terms


def _english_terms(folded: str, frame: list[tuple[int, int]]) -> list[Term]:
    out = []
    for word, start, end in english_word_spans(folded):  # "miit's" → "miit", offsets kept
        if not _covered(start, end, frame):
            out.append(Term(word, [word], english_weight(word), "en", spans=[(start, end)]))
    return out


FOCUS_GAP = 3  # characters (or, in English, one short word) allowed between the question word and its noun
FOCUS_TAGS = {"n", "nz", VERBAL_NOUN_TAG, ENGLISH_TAG, *NAME_TAGS}  # what a question can be about
FOCUS_MIN_WEIGHT = 0.5  # words too common to be what a question is about ("the", "is")


def focus_terms(terms: list[Term], matched: list[cues.CueMatch], folded: str) -> list[str]:
    """The nearest noun on each side of a question word: what the question asks about ("部长" in
    "工信部部长是谁", "院士" in "哪位院士"; in English the word after which/what: "which company")."""
    candidates = [t for t in terms if t.tag in FOCUS_TAGS and t.spans and t.weight > FOCUS_MIN_WEIGHT]
    skip = {"list", "yesno", "summary", "source", *UNFRAMED_TYPES}  # an unframed cue holds the noun itself
    anchors = [(m.start, m.end) for m in matched if m.cls not in skip]
    anchors += [(m.start(), m.end()) for m in re.finditer(r"\b(which|what)\b", folded)]
    out = []
    for start, end in anchors:
        out += _nearest(candidates, folded, start, end)
    return list(dict.fromkeys(out))


def _nearest(candidates: list[Term], folded: str, start: int, end: int) -> list[str]:
    """The nearest term before the question word and the head of the phrase after it."""
    out = []
    before = [t for t in candidates if t.spans[0][1] <= start and start - t.spans[0][1] <= FOCUS_GAP]
    after = [t for t in candidates if t.spans[0][0] >= end and t.spans[0][0] - end <= FOCUS_GAP + 6]
    if before:
        near = max(before, key=lambda t: t.spans[0][1])
        if not re.search(r"[，,。？?！!]", folded[near.spans[0][1] : start]):
            out.append(near.text)
    if after:
        first = min(after, key=lambda t: t.spans[0][0])
        if not re.search(r"[，,。？?！!]", folded[end : first.spans[0][0]]):
            # Chinese noun phrases end in their head ("中国工程院院士" → 院士)
            out.append(first.text if first.text.isascii() else _head_of_run(first, candidates).text)
    return out


def _head_of_run(first: Term, candidates: list[Term]) -> Term:
    """The last term of the contiguous run that starts at ``first`` ("中国工程院" "院士" → "院士")."""
    head = first
    for t in sorted(candidates, key=lambda t: t.spans[0][0]):
        if t.spans[0][0] == head.spans[0][1]:
            head = t
    return head


def analyze(text: str) -> Question:
    script = detect_script(text)
    folded = fold(re.sub(r"\s+", " ", text)).strip()
    tokens = list(_question_tokens(folded)) if script != "en" else []
    types, matched = type_scores(folded, tokens)
    conversation = cues.find("pronoun", folded) + cues.find("ellipsis", folded)
    steps = cues.find("next", folded) + cues.find("previous", folded)
    ordinal = ordinal_of(folded)
    # an organisation cue ("which company") keeps its noun: it is what the question asks about (focus)
    framing = [m for m in matched if m.cls not in UNFRAMED_TYPES]
    proper = proper_nouns(text) if script == "en" else set()
    frame = [
        span for m in framing + conversation + steps + cues.find("document", folded) for span in cue_spans(m, proper)
    ]
    if ordinal is not None:
        frame += [(m.start(), m.end()) for m in re.finditer(r"第\s*\S{1,3}?[项个条点]?", folded)]
    if script == "en":
        terms = _english_terms(folded, frame)
        pronoun = any(m.cls == "pronoun" for m in conversation)
    else:
        terms = _chinese_terms(folded, tokens, frame)
        # a pronoun cue counts where the tagger reads a pronoun there ("其他" is not "其")
        pronoun = any(t.tag == "r" and t.text in cues.words("pronoun") for t in tokens)
    ellipsis = any(m.cls == "ellipsis" for m in conversation)
    step = 1 if cues.find("next", folded) else -1 if cues.find("previous", folded) else 0
    focus = focus_terms(terms, matched, folded)
    ents: dict[str, list[str]] = {}
    for t in tokens:
        if t.entity:
            ents.setdefault(t.tag, []).append(t.text)
    q = Question(
        raw=text,
        script=script,
        folded=folded,
        types=types,
        terms=terms,
        tokens=tokens,
        ordinal=ordinal,
        pronoun=pronoun,
        ellipsis=ellipsis,
        step=step,
        structure=cues.has("structure", folded),
        about_document=cues.has("document", folded),
        entities=ents,
        focus=focus,
        category_spans=[(m.start, m.end) for m in matched if m.cls in UNFRAMED_TYPES],
    )
    if asks_overview(q):
        q.types = {"summary": 1.0}
    return q


# The most specific word an overview request may carry besides its cues ("give", "me", "讲"): a word
# under this weight (app/terms.py: about 1 in 30,000 words of general text or more common) asks
# nothing of its own.
OVERVIEW_MAX_WEIGHT = 1.0
UNFRAMED_TYPES = {"organisation"}
OVERVIEW_TYPES = {"said", "role", "yesno", "summary", "what"}  # what a question about "it" may ask


def asks_overview(q: Question) -> bool:
    """ "这篇讲了啥", "What is this article about?", "Give me the gist": the document as a whole is
    asked for, by a summary cue or by a question about the document that names nothing else."""
    if not (q.p("summary") > 0 or q.about_document) or not set(q.types) <= OVERVIEW_TYPES:
        return False
    return all(t.weight < OVERVIEW_MAX_WEIGHT for t in q.terms)
