"""Question terms meet the collection: which strings count as finding each term, and whether the
collection has it at all.

Chinese terms gain their glossary synonyms (工信部 = 工业和信息化部); English words and phrases
their CC-CEDICT / glossary translations that occur in the texts, and people named in pinyin their
Chinese names. A role word under a modifier does not count as the bare role (副部长 is not 部长).
"""

from __future__ import annotations

from app import cues
from app.leaders import english_leader_phrases, is_leader_word, leader_alternatives
from app.scored.framing import framing_spans, in_framing
from app.scored.question import Question, category_noun
from app.terms import SETTINGS, Term, english_weight
from app.titled_names import titled_name
from index.abbreviations import full_forms, known_part
from index.annotate import is_entity_name
from index.corpus_stats import CorpusStats
from index.crosslingual import (
    chinese_synonyms,
    dictionary_names,
    names_a_kind,
    phrase_groups,
    strip_phrases,
    translations,
)
from index.english_names import english_entities, names_in_english, strip_names
from index.fold import fold
from index.search import Searcher
from index.thesaurus import synonyms

ROLE_MODIFIERS = cues.chars("role_modifier")  # 副部长 is not 部长


def occurs(alternative: str, folded_text: str) -> bool:
    """True when the term occurs, not counting a word right after a modifier when the word itself
    has none (asking for 部长 is not answered by 副部长)."""
    if not alternative:
        return False
    start = folded_text.find(alternative)
    while start != -1:
        if start == 0 or folded_text[start - 1] not in ROLE_MODIFIERS or len(alternative) < 2:
            return True
        start = folded_text.find(alternative, start + 1)
    return False


def _present(term: Term, searcher: Searcher) -> bool:
    """In some text or some document's title or date; each string's answer is kept on the searcher,
    so a large collection is scanned once per string, not once per question."""
    names = searcher.all_doc_names()
    return any(_in_corpus(a, searcher.stats) or a in names for a in term.alternatives)


def _unmodified(folded_text: str, pos: int) -> bool:
    return pos == 0 or folded_text[pos - 1] not in ROLE_MODIFIERS


def _in_corpus(alternative: str, stats: CorpusStats) -> bool:
    """``occurs`` in some passage, answered (and remembered) by the collection's statistics."""
    if not alternative:
        return False
    return stats.occurs(alternative, _unmodified if len(alternative) >= 2 else None)


def ground(question: Question, searcher: Searcher) -> list[Term]:
    if question.script == "en":
        terms = _english(question, searcher)
    else:
        terms = [
            Term(
                t.text,
                [t.text, *chinese_synonyms(t.text), *_latin(t.text, searcher)],
                t.weight,
                t.tag,
                t.entity,
                spans=t.spans,
            )
            for t in question.terms
        ]
        terms = _merge_split_words(terms, searcher.stats)
    framing = framing_spans(question.folded)
    leaders = [t for t in terms if is_leader_word(t.text)]
    for t in terms:
        if t in leaders:
            continue
        t.present = _present(t, searcher)
        if not t.present and question.script != "en":
            # a word no text uses: its thesaurus synonyms that some text does (以前 → 原先)
            found = [s for s in synonyms(t.text) if _in_corpus(s, searcher.stats)]
            found = found or full_forms(t.text, searcher.stats)  # an abbreviation: 网安 → 网络安全
            found = found or known_part(t.text, searcher.stats)  # a compound's known part: 研究院所 → 研究院
            found = found or titled_name(t.text, searcher.stats, searcher.person_names())  # 陈副部长 → 陈肇雄
            if found:
                t.alternatives += found
                t.present = True
        if not t.present and not t.entity and framing and in_framing(question.folded, t.text, framing):
            t.weight *= SETTINGS.framing_factor  # "麻烦帮我查一下": the asker's framing
        elif not t.present and not t.entity and category_noun(question, t.text):
            t.weight *= SETTINGS.category_factor  # "哪个部门": the answer's type, checked by type fit
    for t in leaders:  # "中国电信的老板": a head title on a name the question gives (app/leaders.py)
        others = [o.alternatives for o in terms if o.present and o not in leaders]
        found = leader_alternatives(t.text, others, searcher.stats) or []
        t.alternatives, t.present = (found or t.alternatives), bool(found)
        if not found:  # it stands for a person the texts do not name: a missing name costs a lot
            t.weight = max(t.weight, SETTINGS.entity_floor)
    return terms


def _latin(term: str, searcher: Searcher) -> list[str]:
    """An English word inside a Chinese question ("CAICT有没有人参会") meets the texts through the
    dictionaries an English question uses."""
    return translations(term, searcher.stats) if term.isascii() else []


def _english(question: Question, searcher: Searcher) -> list[Term]:
    people, places = searcher.person_names(), searcher.place_names()
    named = english_entities(question.raw, people, places)
    terms = [Term(phrase.lower(), found, 6.0, _entity_tag(found, people, places), True) for phrase, found in named]
    text = strip_phrases(" ".join(t.text for t in question.terms), [phrase for phrase, _ in named])
    people = names_in_english(text, searcher.person_names())  # "Chen Zhaoxiong" → 陈肇雄
    terms += [Term(pinyin, [name], 6.0, "PER", True) for pinyin, name in people]
    leaders = english_leader_phrases(text)  # "boss", "big cheese": resolved in ``ground``
    terms += [Term(phrase, [phrase], english_weight(phrase), "en") for phrase in leaders]
    text = strip_phrases(text, leaders)
    for phrase, found in phrase_groups(strip_names(text, people), searcher.stats, verb_phrases=True):
        # a dictionary name ("Jiangsu" → 江苏, "China Telecom" → 中国电信) is a name, as the same word in
        # a Chinese question is: it must be in the answer's passage, and weighs at least a name's floor
        named = any(is_entity_name(w) for w in found or dictionary_names(phrase)[:4]) and not names_a_kind(phrase)
        weight = max(english_weight(phrase), SETTINGS.entity_floor) if named else english_weight(phrase)
        terms.append(Term(phrase, found or [phrase], weight, "en", named))
    return [t for t in terms if not _kind_of_a_name(t, terms, question.folded)]


def _kind_of_a_name(term: Term, terms: list[Term], folded: str) -> bool:
    """ "province" in "Jiangsu province": the kind a name the question gives is of says nothing more
    than the name, and any other province in a passage must not stand in for it. Not where the two
    words are one name themselves ("China Mobile": 中国移动, which no text may have)."""
    if term.entity or not names_a_kind(term.text):
        return False
    return any(
        n.entity and f"{n.text} {term.text}" in folded and not dictionary_names(f"{n.text} {term.text}") for n in terms
    )


def _entity_tag(found: list[str], people: list[str], places: list[str]) -> str:
    """The annotator's tag for what an English question names ("Lu Xin", "Zhejiang", "April 2018"),
    as the same words in a Chinese question get it: a date is no person."""
    if any(f in people for f in found):
        return "PER"
    return "LOC" if any(f in places for f in found) else "TIME"


def _merge_split_words(terms: list[Term], stats: CorpusStats) -> list[Term]:
    """Two neighbouring question words the texts only write together ("行业" "应用" where a name is
    "行业应用推进会") stay separate terms; a word the texts lack whose neighbour pair they have
    ("推进" + "会" → "推进会") is joined."""
    out: list[Term] = []
    for t in terms:
        if (
            out
            and not _in_corpus(t.text, stats)
            and out[-1].spans
            and t.spans
            and out[-1].spans[-1][1] == t.spans[0][0]
        ):
            joined = out[-1].text + t.text
            if _in_corpus(joined, stats):
                prev = out.pop()
                out.append(Term(joined, [joined], max(prev.weight, t.weight), "n", prev.entity or t.entity))
                continue
        out.append(t)
    return out


def fold_all(texts: list[str]) -> list[str]:
    return [fold(t) for t in texts]
