"""The earlier turn's names a follow-up replaces.

"那中国电信呢？" after "国资委是谁出席的？" asks the same of 中国电信, not of both: the rule answerer
drops the earlier question's terms of a kind (person, organisation, place) the follow-up names anew.
Kept apart from app/extractive.py, which only asks for the set of replaced terms.
"""

from __future__ import annotations

from app.question import Question
from index.fold import fold
from index.search import Searcher


def replaced_entities(q: Question, context: Question) -> set[str]:
    """The earlier question's people, organisations and places of a type the follow-up names anew:
    "那中国电信呢？" after "国资委是谁出席的？" asks the same of 中国电信, not of both."""
    from app.scored.question import analyze as analyze_scored

    now, before = _entities(analyze_scored(q.raw).entities, q), _entities(analyze_scored(context.raw).entities, context)
    return {e for tag, names in before.items() if now.get(tag) for e in names if e not in now[tag]}


def replaced_english_names(q: Question, context: Question, searcher: Searcher) -> set[str]:
    """The English words of the earlier question's name of a kind the follow-up names anew ("And the
    China Academy of Industrial Internet?" after a question about CAICT drops "caict")."""
    now, before = _english_names(q, searcher), _english_names(context, searcher)
    return {
        w
        for kind, names in before.items()
        if now.get(kind)
        for c, words in names.items()
        if c not in now[kind]
        for w in words
    }


def _english_names(q: Question, searcher: Searcher) -> dict[str, dict[str, list[str]]]:
    """kind → {Chinese name: its English words} for the question's phrases that translate to one
    person, organisation or place as the annotator reads it alone."""
    from index.annotate import tag
    from index.crosslingual import phrase_groups

    out: dict[str, dict[str, list[str]]] = {}
    for phrase, found in phrase_groups(q.folded, searcher.stats, absent_names=True):
        for chinese in found:
            alone = [t for t in tag(chinese) if t.text.strip()]
            if len(alone) == 1 and alone[0].entity:
                out.setdefault(alone[0].tag, {})[chinese] = phrase.split()
    return out


def _entities(tagged: dict[str, list[str]], q: Question) -> dict[str, set[str]]:
    """The annotator's entities of a question, and the glossary's organisation names among its terms
    (LAC reads "国资委派谁" as 国资 + 委派; the segmenter knows 国资委 from the glossary)."""
    from index.annotate import tag
    from index.crosslingual import glossary_chinese_names

    out = {kind: {fold(n) for n in names} for kind, names in tagged.items()}
    for name in set(glossary_chinese_names()).intersection(q.terms):
        alone = [t for t in tag(name) if t.text.strip()]
        if len(alone) == 1 and alone[0].entity:  # a name, not a glossary word such as 出席
            out.setdefault(alone[0].tag, set()).add(name)
    return out
