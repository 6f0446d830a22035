"""Who is speaking in a sentence: shared by both answerers' evidence.

A meeting report names its speaker once ("陈肇雄指出,…") and goes on with what they said for the
rest of the paragraph ("我国是制造大国和网络大国…"); a question about what that person said is
answered by those later sentences too.
"""

from __future__ import annotations

from app import cues

SPEECH = cues.any_of("speech_verb")


def speaker_of(folded: str, known: tuple[str, ...]) -> str:
    """The person a sentence opens with, when a speech verb follows ("陈肇雄指出", "陈肇雄强调"):
    whose words the rest of the paragraph reports."""
    for name in known:
        if folded.startswith(name) and SPEECH.match(folded[len(name) :]):
            return name
    return ""


def new_paragraph(text: str, offset: int, last_end: int, start: int) -> bool:
    """A line break between the last sentence (ending at ``last_end``) and this one (at ``start``);
    offsets are the document's, ``text`` starts at ``offset``."""
    return "\n" in text[last_end - offset : start - offset]
