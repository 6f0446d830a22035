"""Questions that ask for a kind of fact only a sentence stating it can answer.

The sentence that names what a question is about is not always an answer to what it asks:

- **an amount of money** — "What's the total budget of the 2018–2020 action plan?", "南京灾备节点的投资
  额是多少?": the texts name the plan and the node and never what either costs. Only an amount (the
  annotator's ``MONEY``: 1.5亿元, 300万元, 10 billion yuan) answers; the ask is cue pattern
  ``money_asked`` (多少资金, 投资额是多少, "how much funding", "the total budget"), not a mention of
  money ("Does it say anything about financial support?" asks what, not how much).
- **when a career event happened** — "When was Liu Liehong appointed vice minister?", "他是哪一年当
  上副司长的?": the texts give a person's title at a meeting and the meeting's date, which dates the
  meeting. Only a sentence stating the event (任命, 担任, 卸任, "appointed": cue class
  ``appointment_stated``) dates it; the ask is a when-cue with a career-event word (``appointment_asked``).
- **a venue** — "在北京哪家酒店开的?", "Which venue in Beijing hosted it?": "在北京召开" gives the city.
  Only a named building (…酒店, …会议中心, "… Hotel": cue class ``venue_stated``) answers; the ask is
  cue pattern ``venue_asked``.
- **a deadline** — "What's the deadline for SMEs to move onto the cloud?", "有没有说要在什么时间之前完
  成?": the sentence that sets the task gives no date. Only a claim with a date (the annotator's
  ``DATE``: 8月17日前, 2020年底) answers; the ask is cue pattern ``deadline_asked``.
- **when a document was issued or signed** — "那份部省合作协议是哪一年签署的?", "2018年那份调查摸底通知是
  哪天印发的?": the meeting that mentions the agreement is dated, the signing is not; a notice's reply
  deadline is no issuing date. Only a sentence stating the issuing (印发, 签署, "signed": cue class
  ``issued_stated``) dates it; the ask is a when-cue with ``issued_asked``, about a document other
  than the page itself ("这篇文章是哪天发的" is answered by its dateline).
- **what a person works on** — "What is academician Wu Hequan's area of expertise?", "邬贺铨院士主要研究
  哪个领域?": "中国工程院院士邬贺铨" gives his title. Only a sentence stating the work (从事, 专长,
  研究方向: cue class ``expertise_stated``) answers; the ask is cue pattern ``expertise_asked``.

Where a question asks for one of these and no claim of the answer states it, the draft is refused.
Shared by both answerers: a postprocessor on whichever draft answers. One table, so a new kind of
fact is a row (its two cue entries), not another module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app import cues
from app.draft import Draft
from index.annotate import DATE, MONEY
from index.fold import fold


@dataclass(frozen=True)
class StatedFact:
    name: str
    asked: Callable[[str], bool]  # on the folded question
    stated: Callable[[str], bool]  # on a claim's folded text
    dateline_states: bool = False  # a document's own dateline states it (its issuing date)


def _asked(pattern: str, also: str = "") -> Callable[[str], bool]:
    return lambda folded: (
        bool(cues.pattern(pattern).search(folded)) and (not also or bool(cues.pattern(also).search(folded)))
    )


def _issuance_asked(folded: str) -> bool:
    """When a document was issued or signed, not when the page itself went up ("这篇文章是哪天发的":
    its dateline answers; cue class ``document``)."""
    return _asked("issued_asked", "when")(folded) and not cues.has("document", folded)


STATED_FACTS = (
    StatedFact("money", _asked("money_asked"), lambda text: bool(MONEY.search(text))),
    StatedFact("appointment", _asked("appointment_asked", "when"), lambda t: cues.has("appointment_stated", t)),
    StatedFact("venue", _asked("venue_asked"), lambda text: cues.has("venue_stated", text)),
    StatedFact("deadline", _asked("deadline_asked"), lambda text: bool(DATE.search(text))),
    StatedFact("issuance", _issuance_asked, lambda text: cues.has("issued_stated", text), dateline_states=True),
    StatedFact("expertise", _asked("expertise_asked"), lambda text: cues.has("expertise_stated", text)),
)


def asked_facts(question: str) -> list[str]:
    """The kinds of fact (``STATED_FACTS``) the question asks for."""
    folded = fold(question)
    return [f.name for f in STATED_FACTS if f.asked(folded)]


def unstated(question: str, draft: Draft) -> str | None:
    """The kind of fact the question asks for that no claim of the answer states, if any."""
    if draft.abstained or not draft.claims:
        return None
    folded = fold(question)
    texts = [fold(c.text) for c in draft.claims]
    datelines = any(_dateline(c) for c in draft.claims)
    for f in STATED_FACTS:
        if f.asked(folded) and not any(f.stated(t) for t in texts) and not (f.dateline_states and datelines):
            return f.name
    return None


def _dateline(claim) -> bool:
    """A date on a line of its own ("2020-04-24" under the headline): the document's own date, which
    states when it was issued — "发布日期呢?" after a question about the article is answered by it."""
    p = getattr(claim, "passage", None)
    if p is None or not DATE.fullmatch(fold(claim.text).strip()):
        return False
    before = p.text[: claim.start - p.start].rstrip(" \t")
    after = p.text[claim.end - p.start :].lstrip(" \t")
    return (not before or before.endswith("\n")) and (not after or after.startswith("\n"))
