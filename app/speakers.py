"""Who is speaking in a sentence: shared by both answerers' evidence.

A meeting report names its speaker once ("陈肇雄指出,…", or "陈肇雄充分肯定…。他指出,…") and goes on
with what they said for the rest of the paragraph ("我国是制造大国和网络大国…"); a question about
what that person said is answered by those later sentences too.
"""

from __future__ import annotations

import re

from app import cues
from index.fold import fold

SPEECH = cues.any_of("speech_verb")
CLAUSE_END = "。，,；;：:！!？?、\n"  # folded and as written
CLAUSE_SPLIT = r"[。，,；;！!？?\n]"


def reports_speech(folded: str) -> bool:
    """What someone said, not only that they spoke: a speech verb with words after it ("陈肇雄指出,
    …", "他强调要…"), or a word for the speaking itself (cue class ``speech_event``: 讲话, 发言) with
    the rest of its clause after it ("在讲话中感谢…"). "出席会议并讲话。", "参加会议并发言" and a verb
    that ends its sentence ("…的要求。") report no words."""
    events = cues.words("speech_event")
    for m in SPEECH.finditer(folded):
        rest = folded[m.end() :].lstrip("了道")
        if not rest or rest[0] in "。！!？?\n":
            continue
        if m.group() not in events or rest[0] not in CLAUSE_END:
            return True
    return False


def asked_speaker(folded_question: str, known: tuple[str, ...]) -> str:
    """The person whose words a Chinese question asks for: a name the texts know followed, in the
    same clause, by a speech verb ("邬贺铨院士在会上提出了哪些建议", "陈肇雄说…"); "" otherwise.
    Only a sentence that reports that person's words answers it, not one that says they were
    there ("…院士邬贺铨…参加会议")."""
    for name in sorted(known, key=len, reverse=True):
        at = folded_question.find(name)
        if at < 0:
            continue
        rest = re.split(CLAUSE_SPLIT, folded_question[at + len(name) :], maxsplit=1)[0]
        if SPEECH.search(rest):
            return name
    return ""


def speaker_of(folded: str, known: tuple[str, ...]) -> str:
    """The person whose words a sentence reports: a name followed in its clause by a speech verb
    with words after it ("陈肇雄指出,…", "陈肇雄在总结中指出,…", "…副部长陈肇雄表示,要…",
    "高兴夫在讲话中感谢…"); the rest of the paragraph goes on in their words. "陈肇雄、高兴夫出席
    会议并讲话。" reports no words."""
    found = []
    for name in known:
        at = folded.find(name)
        if at < 0:
            continue
        clause = re.split(CLAUSE_SPLIT, folded[at + len(name) :], maxsplit=1)[0]
        if SPEECH.search(clause) and reports_speech(folded[at + len(name) :]):
            found.append((at, name))
    return min(found)[1] if found else ""


def subject_of(folded: str, known: tuple[str, ...]) -> str:
    """The person a sentence opens with, whatever follows ("陈肇雄充分肯定…")."""
    return next((name for name in known if folded.startswith(name)), "")


class Speakers:
    """Reads a passage's sentences in order and says whose words each one reports."""

    def __init__(self, text: str, offset: int, known: tuple[str, ...]) -> None:
        self.text, self.offset, self.known = text, offset, known
        self.speaker = self.subject = ""
        self.last_end = offset

    def before(self, start: int) -> str:
        """The speaker of the sentence at ``start`` as far as the sentences before it tell."""
        if "\n" in self.text[self.last_end - self.offset : start - self.offset]:
            self.speaker = self.subject = ""  # a new paragraph: whoever spoke in the last one is done
        return self.speaker

    def read(self, folded: str, end: int) -> None:
        """Take in the sentence just scored (ending at ``end``)."""
        self.last_end = end
        named = speaker_of(folded, self.known)
        pronoun = next((p for p in cues.words("speaker_pronoun") if folded.startswith(p)), "")
        if not named and self.subject and pronoun and SPEECH.match(folded[len(pronoun) :]):
            named = self.subject  # "陈肇雄充分肯定…。他指出,…"
        self.subject = subject_of(folded, self.known) or self.subject
        self.speaker = named or self.speaker


def speaker_at(text: str, offset: int, start: int, end: int, known: tuple[str, ...]) -> str:
    """Whose words the sentence at ``start``–``end`` of a passage (``text`` at ``offset``) reports:
    its own speaker, else the one the sentences before it in its paragraph name."""
    from ingest.chunker import split_sentences

    speakers = Speakers(text, offset, known)
    for span in split_sentences(text, offset):
        if span.start >= end:
            break
        before = speakers.before(span.start)
        folded = fold(text[span.start - offset : span.end - offset])
        if span.end > start:
            return speaker_of(folded, known) or before
        speakers.read(folded, span.end)
    return ""
