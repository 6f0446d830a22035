"""An answer that only says the question back is no answer.

"工业互联网标识解析管理办法具体规定了哪些内容?" found "出台工业互联网标识解析管理办法。", and
"刘烈宏讲提升安全保障水平时,具体要落实哪些制度?" found "提升安全保障水平。": sentences that hold
every word of the question and nothing the question asks for — the texts name the thing and say
no more about it. A quote answers only where it names something beyond the question's own words: a
noun, a name, a number, a date or an adjective (the annotator's tags, the same LAC words ingest
stored) outside every place where a word of the question occurs. A verb alone ("出台") adds nothing
asked.

A postprocessor on either answerer's draft, as app/summary.py is. It leaves alone what answers by
the document's structure (its items, their count, a summary, the person's meetings) and yes/no
questions, whose answer is the question's own words found in the text.
"""

from __future__ import annotations

from app.draft import Claim, Draft
from app.evidence import group_terms
from app.question import analyze, merge_with_texts
from app.yes_no import asks_yes_or_no
from index.annotate import COMMON_NOUN_TAGS, NAME_TAGS, QUANTITY_TAGS
from index.fold import fold
from index.search import Searcher

# words that name or describe something a question may ask for (LAC: nouns, names, numbers, dates,
# verbal nouns, adjectives — "什么样的外部环境" is answered by 健康有序), not a plain verb
INFORMATIVE_TAGS = COMMON_NOUN_TAGS | NAME_TAGS | QUANTITY_TAGS | {"TIME", "vn", "a", "ad", "an"}
# drafts that answer by the document's own structure, not by a sentence's words
STRUCTURAL = {"list", "count", "item", "which_item", "summary", "appearances"}


def echoes(question: str, draft: Draft, searcher: Searcher) -> bool:
    """Does every quote of the draft say nothing beyond the question's own words?"""
    if draft.abstained or not draft.claims or draft.kind in STRUCTURAL:
        return False
    if sum(len(c.text) for c in draft.claims) > len(question):
        return False  # quotes longer than the question say more than its words (and cost no analysis)
    if asks_yes_or_no(question):
        return False
    q = analyze(question)
    if q.kind in STRUCTURAL:
        return False
    terms = list(q.terms) if q.script == "en" else merge_with_texts(q, list(q.terms), searcher.stats)
    words = {a for g in group_terms(terms, q.script, searcher, q.raw) for a in (g.term, *g.alternatives) if a}
    return not any(_says_more(c, words) for c in draft.claims)


def _says_more(claim: Claim, words: set[str]) -> bool:
    """Does the quote hold an informative word outside every occurrence of the question's words?"""
    from app.scored.candidates import tokens_in

    folded = fold(claim.text)
    covered = [False] * len(folded)
    for w in words:
        at = folded.find(w)
        while at != -1:
            covered[at : at + len(w)] = [True] * len(w)
            at = folded.find(w, at + 1)
    shift = claim.start - claim.passage.start
    for t in tokens_in(claim.passage, claim.start, claim.end):
        a, b = max(0, t.start - shift), min(len(folded), t.end - shift)
        if t.tag in INFORMATIVE_TAGS and a < b and not all(covered[a:b]):
            return True
    return False
