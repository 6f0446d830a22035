"""Alternative questions: "Was the meeting held online or in person?", "会议是线上开的还是线下开的？".

Such a question asks which of two things the texts say; a sentence that names neither does not
answer it, however much else of the question it repeats ("4月23日,工业和信息化部召开…推进会" says
when and what, not how). The alternatives are read by grammar, not from a word list: in Chinese
the term on each side of 还是 within its clause (还是 opening a clause means "still", "that same");
in English the term on each side of "or" in a clause that opens with an auxiliary verb ("was",
"is", "did" …: a yes/no question) or that follows a dash ("— Beijing or somewhere else?"). "Which
ministries or commissions" is a disjunctive category, not a choice, and is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app import cues
from index.crosslingual import readings

CHINESE_CHOICE = "还是"
ENGLISH_CLAUSE = re.compile(r"[;?!:]|\s[—–-]\s|—|–")
ENGLISH_OR = re.compile(r"\bor\b")


def _auxiliary_led(clause: str) -> bool:
    """Does the clause open with an auxiliary verb ("was", "did", "is" …), as a yes/no question does?"""
    first = re.match(r"\s*([a-z']+)", clause)
    return bool(first) and "AUX" in readings(first.group(1))


def _clauses(text: str, breaks: re.Pattern) -> list[tuple[int, int, bool]]:
    """(start, end, after a dash) of each clause of ``text``."""
    out, start, dashed = [], 0, False
    for m in breaks.finditer(text):
        out.append((start, m.start(), dashed))
        start, dashed = m.end(), m.group().strip() in {"—", "–", "-"}
    out.append((start, len(text), dashed))
    return out


def _sides(text: str, at: int, width: int, terms: Sequence[str]) -> tuple[str, str] | None:
    """The last term that ends before ``at`` and the first that starts after the choice word."""
    before = [
        (text.rfind(t, 0, at), t) for t in terms if text.rfind(t, 0, at) >= 0 and text.rfind(t, 0, at) + len(t) <= at
    ]
    after = [(text.find(t, at + width), t) for t in terms if text.find(t, at + width) >= 0]
    if not before or not after:
        return None
    left = max(before, key=lambda x: (x[0] + len(x[1]), len(x[1])))[1]
    right = min(after, key=lambda x: (x[0], -len(x[1])))[1]
    return (left, right) if left != right else None


def alternatives(folded: str, terms: Sequence[str], script: str) -> tuple[str, ...]:
    """The question's terms (from ``terms``, as the answerer grouped them) that stand as the two
    sides of a choice; ``()`` when the question offers none."""
    if script == "en":
        for start, end, dashed in _clauses(folded, ENGLISH_CLAUSE):
            m = ENGLISH_OR.search(folded, start, end)
            if m and (dashed or _auxiliary_led(folded[start:end])):
                sides = _sides(folded[start:end], m.start() - start, len("or"), terms)
                if sides:
                    return sides
        return ()
    return _chinese_sides(folded)


def _chinese_sides(folded: str) -> tuple[str, ...]:
    """The two sides of 还是 in its clause, less what they share (线上开的还是线下开的 → 线上, 线下;
    在北京开还是在杭州开 → 北京, 杭州): compared as characters, since segmenters cut 线上 and 线下
    differently; the left side is taken as long as the right one."""
    edges = cues.chars("edge_char")
    for clause in re.split(r"[，,；;。！!？?：:\n]", folded):
        at = clause.find(CHINESE_CHOICE)
        if at <= 0:  # 还是 opening a clause: "still", not a choice
            continue
        particles = "的了呢吗啊呀"
        left, right = clause[:at].rstrip(particles), clause[at + len(CHINESE_CHOICE) :].rstrip(particles)
        shared = 0
        while shared < min(len(left), len(right)) and left[-1 - shared] == right[-1 - shared]:
            shared += 1
        left, right = left[: len(left) - shared], right[: len(right) - shared]
        right = right.lstrip(edges)
        left = left[-len(right) :] if right else ""
        if len(right) >= 2 and len(left.lstrip(edges)) >= 2:
            return (left.lstrip(edges), right)
    return ()


def names_a_side(sides: tuple[str, ...], hits: set[str], folded_text: str) -> bool:
    """Does a sentence name either side of the choice: a side's term among its hits (an English
    side meets the text through its translations), or a Chinese side as the text writes it?"""
    return bool(hits.intersection(sides)) or any(side in folded_text for side in sides if not side.isascii())
