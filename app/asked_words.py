"""A question about what a named person said is answered by that person's words.

"What did academician Li Bohu propose at the December 2019 symposium?", "那她(鲁昕)在会上讲了什么?":
the texts list them among those present and report no words of theirs. The rules already keep only
sentences that report the asked speaker's words (app/speakers.asked_speaker, Chinese); this applies
the same test to whichever draft answers, and reads English questions too (a person the texts name,
in pinyin, and an English speech verb: cue class ``speech_verb_en``). A claim is the person's words
when it, or the sentence before it in its paragraph that names a speaker, reports their speech
(app/speakers.speaker_at).
"""

from __future__ import annotations

from app import cues
from app.draft import Draft
from app.speakers import asked_speaker, speaker_at
from index.english_names import names_in_english
from index.fold import detect_script, fold


def asked_english_speaker(question: str, people: list[str]) -> str:
    """The texts' person an English question asks the words of: named in pinyin, with a speech verb."""
    if not cues.has("speech_verb_en", fold(question)):
        return ""
    named = names_in_english(question, people)
    return named[0][1] if len(named) == 1 else ""


def reports_none_of_their_words(question: str, draft: Draft, people: list[str]) -> bool:
    """True when the question asks what a named person said and no claim reports their words."""
    if draft.abstained or not draft.claims:
        return False
    folded, known = fold(question), tuple(people)
    english = detect_script(question) == "en"  # "MIIT–Zhejiang", curly quotes: English all the same
    speaker = asked_english_speaker(question, people) if english else asked_speaker(folded, known)
    if not speaker:
        return False
    for c in draft.claims:
        p = getattr(c, "passage", None)
        if p is not None and speaker_at(p.text, p.start, c.start, c.end, known) == speaker:
            return False
    return True
