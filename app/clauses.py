"""Who and role answers cut to the clauses that name the person (the rule answerer's span step).

A long attendance sentence names five people, each after their titles, joined by 、 and commas; a
who question about one of them is answered by that person's clause and the titles written before
it, not by the sentence ("中国工程院院士邬贺铨", not the whole list).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from app.evidence import (
    CLAUSE,
    NAME_RUN,
    ROLE_WORD,
    Evidence,
    TermGroup,
    coverage,
    has_person,
    hits_in,
    satisfies,
)
from app.question import PERSON_HINT
from index.annotate import COMMON_NOUN_TAGS, ENTITY_TAGS, ORG_NOUN_TAG, VERBAL_NOUN_TAG, Counted, tag
from index.fold import fold


def _extend_to_joint_subjects(
    ev: Evidence, best: Evidence, clauses: list, groups: list[TermGroup], known: tuple[str, ...] = ()
) -> Evidence:
    """ "副部长陈肇雄、副主任翁杰明出席会议": when the asked-for predicate follows the name, the
    people listed before it with '、' share it; take them in too."""
    folded = fold(best.text)
    name_at = min((folded.find(n) for n in (*ev.passage.names, *known) if n in folded), default=-1)
    hit_at = min(
        (folded.find(a) for g in groups if g.term in best.hits for a in g.alternatives if a in folded), default=-1
    )
    if name_at < 0 or hit_at <= name_at:
        return best
    return _extended_back(ev, best, clauses, lambda item: has_person(item, ev.passage, known))


def _with_titles_before(ev: Evidence, best: Evidence, clauses: list, known: tuple[str, ...]) -> Evidence:
    """ "中国职业技术教育学会会长、教育部原副部长鲁昕": title-only items just before the person's
    item, joined by '、', are that person's titles too (as app/scored/spans.person_span reads them)."""
    return _extended_back(
        ev,
        best,
        clauses,
        lambda item: not has_person(item, ev.passage, known) and bool(ROLE_WORD.search(fold(item))),
    )


def _extended_back(ev: Evidence, best: Evidence, clauses: list, takes: Callable[[str], bool]) -> Evidence:
    """``best`` grown back over the items joined to it by '、' that ``takes`` accepts, nearest first."""
    index = next((i for i, c in enumerate(clauses) if c[0] == best.start), None)
    start = best.start
    while index and ev.text[clauses[index][0] - ev.start - 1] == "、" and takes(clauses[index - 1][2]):
        start, index = clauses[index - 1][0], index - 1
    if start == best.start:
        return best
    text = ev.text[start - ev.start : best.end - ev.start]
    return Evidence(ev.passage, start, best.end, text, best.hits, best.coverage, best.score, True)


NOUN_TAGS = COMMON_NOUN_TAGS | {VERBAL_NOUN_TAG, ORG_NOUN_TAG, *ENTITY_TAGS}  # what ends a noun phrase


def _noun_hits(groups: list[TermGroup], hits: set[str]) -> set[str]:
    """The hits whose words name a thing: the annotator's tag of the word's last part, read alone (the
    same in every clause; 中国工程院 is ORG, 会议 a noun, 出席 a verb)."""
    return {g.term for g in groups if g.term in hits and any(_names_a_thing(a) for a in g.alternatives[:1])}


@lru_cache(maxsize=4096)
def _names_a_thing(word: str) -> bool:
    tokens = [t for t in tag(word) if t.text.strip()]
    return bool(tokens) and tokens[-1].tag in NOUN_TAGS


def narrow_to_clauses(
    ev: Evidence, groups: list[TermGroup], kind: str, known: tuple[str, ...] = (), counted: Counted | None = None
) -> Evidence:
    """For who/role questions in a long sentence, the clause(s) naming the person, as a sub-span."""
    if len(ev.text) <= 60:
        return ev
    clauses = []
    for m in CLAUSE.finditer(ev.text):
        piece = m.group().strip()
        if piece:
            start = ev.start + m.start() + (len(m.group()) - len(m.group().lstrip()))
            clauses.append((start, start + len(piece), piece))

    def span(first: int, last: int) -> tuple[int, int, str]:
        a, b = clauses[first][0], clauses[last][1]
        return a, b, ev.text[a - ev.start : b - ev.start]

    best: Evidence | None = None
    best_key = None
    for i, (_, _, piece) in enumerate(clauses):
        hits = hits_in(groups, fold(piece))
        if not hits:
            continue
        cov = coverage(groups, hits) + (0.5 if any(PERSON_HINT.search(h) for h in hits) else 0.0)
        # a word the question names (中国工程院) counts twice, a verb it shares (参加) once
        nouns = coverage(groups, _noun_hits(groups, hits))
        key = (cov + nouns, cov)
        # "学会会长、教育部原副部长鲁昕": the titles come first, the name a clause or two later.
        for last in range(i, min(i + 3, len(clauses))):
            a, b, text = span(i, last)
            if satisfies(kind, text, ev.passage, known, counted, tuple(a for g in groups for a in g.alternatives)):
                if best_key is None or key > best_key:
                    best, best_key = Evidence(ev.passage, a, b, text, hits, cov, cov, True), key
                break
    if best is None:
        return ev
    best = _with_titles_before(ev, best, clauses, known)
    best = _extend_to_joint_subjects(ev, best, clauses, groups, known)
    # "院士孙优贤、高金吉、李伯虎": carry on over the bare names listed after the clause.
    m = NAME_RUN.match(ev.text[best.end - ev.start :])
    if m:
        end = best.end + m.end()
        best = Evidence(
            ev.passage,
            best.start,
            end,
            ev.text[best.start - ev.start : end - ev.start],
            best.hits,
            best.coverage,
            best.score,
            True,
        )
    return best
