"""The history rule at the server's edge: how many earlier questions, and how long each may be.

``app.assistant.clean_history(history, settings)`` applies the same rule inside ``Assistant.ask``;
the edge adds what only it can check (types, the count, encodability) and answers in its shape.
"""

from __future__ import annotations

from app.assistant import clean_history as _assistant_clean_history
from app.text_input import check_encodable
from app.web_settings import WebSettings
from index.errors import BadQuestionError
from index.settings import Settings


def clean_history(history: object, settings: Settings, web: WebSettings) -> list[str]:
    """The earlier questions as a list of strings, or BadQuestionError saying which rule they break:
    at most ``web.max_history_turns`` entries, each a string no longer than a question may be."""
    if history is None:
        return []
    if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
        raise BadQuestionError("`history` must be a list of the earlier questions (strings).", 'Send ["…", "…"].')
    if len(history) > web.max_history_turns:
        raise BadQuestionError(
            f"The history has {len(history)} entries; the limit is {web.max_history_turns}.",
            "Send only the most recent questions.",
        )
    limit = settings.max_question_chars
    for n, entry in enumerate(history, 1):
        check_encodable(entry, f"History entry {n}")
        if len(entry.strip()) > limit:
            raise BadQuestionError(
                f"History entry {n} is {len(entry.strip())} characters long; the limit is {limit}, as for a question.",
                "Send the earlier questions as they were asked.",
            )
    if _assistant_clean_history is not None:
        return list(_assistant_clean_history(history, settings))
    return list(history)
