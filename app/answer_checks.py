"""Checks a draft must pass, whichever answerer drafted it: the postprocessor stage between the
answerers and the composer.

Each check reads the question and the draft's claims and says whether the draft answers something
other than what was asked; a draft that fails one is refused. Each lives in its own module, with
its own stage table in the tests:

- app/counted_set.py — a sentence that only counts the set the question asks the members of;
- app/stated_facts.py — an amount of money, a career event's date, a venue, a deadline, an issuing
  date or a field of work that no claim states;
- app/asked_title.py — a title the question names (部长) that no claim holds unmodified;
- app/asked_words.py — a named person's words that no claim reports;
- app/former_role.py — a former post the texts do not mark.
"""

from __future__ import annotations

from app.asked_title import names_no_asked_title
from app.asked_words import reports_none_of_their_words
from app.counted_set import only_counts_the_set
from app.draft import Draft
from app.former_role import states_no_former_post
from app.question import Question
from app.stated_facts import unstated
from index.search import Searcher


def failed_check(asked: str, q: Question, draft: Draft, searcher: Searcher) -> str:
    """The name of the first check the draft fails ("" when it passes them all, or is a refusal)."""
    if draft.abstained or not draft.claims:
        return ""
    people = searcher.person_names()
    checks = (
        ("counted set", lambda: only_counts_the_set(asked, draft)),
        ("stated fact", lambda: bool(unstated(asked, draft))),
        ("asked title", lambda: names_no_asked_title(q, draft, searcher)),
        ("asked words", lambda: reports_none_of_their_words(asked, draft, people)),
        ("former post", lambda: states_no_former_post(asked, draft, people)),
    )
    return next((name for name, failed in checks if failed()), "")


def checked(asked: str, q: Question, draft: Draft, searcher: Searcher) -> Draft:
    """The draft, or a refusal of its kind where it fails a check."""
    return Draft(abstained=True, kind=draft.kind) if failed_check(asked, q, draft, searcher) else draft
