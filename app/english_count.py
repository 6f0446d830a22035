"""What an English how-many question counts, in the texts' words.

A Chinese how-many question names what it counts (几家企业: 家, 企业), and an answer's count must
count that (index/annotate.count_agrees: 21家企业, not 十九大). An English question names it too —
"how many companies", "how much funding" — but without it every count in a sentence on the topic
answered ("两大灾备节点" for the funding set aside for the two nodes). The counted noun phrase is the
run of words after the how-many cue that can stand in a noun phrase (LemmInflect's readings: a
noun, an adjective, or a word it lacks such as "5G"), up to a framing word or a verb; its head is the last of
them (English noun phrases end in their head), met in the texts through the same dictionary lookup
as every English question word. Where the dictionary translates the head but no text has any of
its translations ("how much funding", "how many base stations"), no count in the texts counts it;
where the dictionary does not know it, nothing is required of the count, as before.
"""

from __future__ import annotations

from app import cues
from index.annotate import Counted
from index.crosslingual import Vocabulary, dictionary_knows, english_word_spans, is_stopword, translations
from index.fold import fold
from index.name_kinds import readings


def english_counted(question: str, vocabulary: Vocabulary) -> Counted | None:
    """``Counted`` for an English question: no measure word, and as nouns the texts' translations
    of the counted phrase (the whole run, else its head); ``absent`` when the dictionary knows the
    head and no text has it. None when no how-many cue is asked or the dictionary lacks the head."""
    folded = fold(question)
    found = cues.find("how_many", folded)
    if not found:
        return None
    run: list[str] = []
    for word, _start, _end in english_word_spans(folded[found[0].end :]):
        if is_stopword(word) or not _can_be_in_a_noun_phrase(word):
            break
        run.append(word)
    if not run:
        return None
    for phrase in (" ".join(run), run[-1]) if len(run) > 1 else (run[0],):
        if nouns := tuple(translations(phrase, vocabulary)):
            return Counted("", nouns)
    if dictionary_knows(run[-1]):
        return Counted("", (), absent=True)  # "funding": the dictionary has it, no text does
    return None


def _can_be_in_a_noun_phrase(word: str) -> bool:
    found = readings(word)
    return not found or bool(found & {"NOUN", "ADJ", "PROPN"})
