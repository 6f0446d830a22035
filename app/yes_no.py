"""A yes/no question the cited sentences confirm is answered "yes" before the quotes.

"Does the article mention 5G?" answered with the sentence that mentions 5G leaves the asker to
draw the conclusion; a demanding reader expects "Yes." first. The verdict is given only when the
quotes themselves hold every word the question names — each content term (or one of its forms in
the texts: synonyms, translations, full names) is found in them — so a quote that holds the topic
but not the thing asked ("Is Ke Ruiwen China Mobile's chairman?" next to 中国电信集团董事长柯瑞文)
gets no verdict, and "no" is never inferred: a text that does not say something is no denial.
"""

from __future__ import annotations

from app.draft import Claim
from app.evidence import group_terms, hits_in
from app.question import STRUCTURE_NOUNS, Question, merge_with_texts
from app.scored.framing import framing_spans, in_framing
from index.fold import fold
from index.search import Searcher


def confirmed(q: Question, claims: list[Claim], searcher: Searcher) -> bool:
    """Is ``q`` a yes/no question whose every content word the claims' text holds?"""
    if not claims or not asks_yes_or_no(q.raw):
        return False
    terms = list(q.terms) if q.script == "en" else merge_with_texts(q, list(q.terms), searcher.stats)
    framing = framing_spans(q.folded)  # "想确认一下，…": the asker's words, not what is asked about
    groups = [
        g
        for g in group_terms(terms, q.script, searcher, q.raw)
        if g.term not in STRUCTURE_NOUNS and not in_framing(q.folded, g.term, framing)
    ]
    said = fold(" ".join(c.text for c in claims))
    return bool(groups) and len(hits_in(groups, said)) == len({g.term for g in groups})


def asks_yes_or_no(question: str) -> bool:
    """Is yes/no what the question asks, as the scored analysis reads it (a yes/no cue that stands
    for the whole question: "Does it mention 5G?", not the "did" of "which meetings did he attend")?"""
    from app.scored.question import analyze as analyze_scored

    types = analyze_scored(question).types
    return types.get("yesno", 0.0) > 0.0 and types["yesno"] >= max(types.values())
