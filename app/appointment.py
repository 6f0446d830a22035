"""A when-question about a career event needs a text that states one.

"When was Liu Liehong appointed vice minister?", "徐晓兰是哪一年开始担任院长的?", "他是哪一年当上副司长
的?": the texts give each person's title at a meeting and the meeting's date; the date dates the
meeting, not the appointment. Only a sentence that states the event (任命, 担任, 当选, 卸任,
"appointed": cue class ``appointment_stated``) dates it; where no claim of the answer states one, the
draft is refused. The question's ask is a when-cue with a career-event word (cue pattern
``appointment_asked``). Shared by both answerers: a postprocessor on whichever draft answers.
"""

from __future__ import annotations

from app import cues
from app.draft import Draft
from index.fold import fold


def asks_when_of_an_appointment(question: str) -> bool:
    folded = fold(question)
    return bool(cues.pattern("when").search(folded) and cues.pattern("appointment_asked").search(folded))


def dates_no_appointment(question: str, draft: Draft) -> bool:
    """True when the question asks when someone took up or left a post and no claim states that."""
    if draft.abstained or not draft.claims or not asks_when_of_an_appointment(question):
        return False
    return not any(cues.has("appointment_stated", fold(c.text)) for c in draft.claims)
