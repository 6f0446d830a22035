"""The slot a Chinese question's asking word leaves, and the words of a sentence that fill it.

A Chinese question keeps its asking word where the answer stands ("要支持哪些企业协同发展？" —
"支持大中小企业协同发展"): the words on either side of 哪些 are found in the sentence with the
answer between them. A sentence that holds both anchors, in order and close together, carries
the fact asked for whatever its kind: a modifier of 企业 answers 哪些企业 though no organisation
is named. English moves its asking word to the front, so English questions leave no slot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app import cues
from app.terms import SETTINGS as TERM_SETTINGS
from app.terms import Term
from index.annotate import QUANTITY_TAGS, Token

MAX_FILLER = 40  # characters between the anchors: farther apart, they are not one phrase
BREAK = re.compile(r"[。；;！!？?\n,，:：]")  # a filler stays inside one clause


@dataclass(frozen=True)
class Slot:
    left: str  # the content word just before the asking phrase
    left_bridge: str  # the question's words between it and the asking phrase ("是")
    right: str  # the content word just after
    right_bridge: str  # the question's words between the asking phrase and it ("的外部")
    head: bool  # the right word follows the asking phrase at once (哪些企业): it is part of the answer

    def fill(self, folded: str) -> tuple[int, int] | None:
        """Where the answer stands in a folded sentence: between the anchors, less the question's
        own bridging words (the head noun kept); None where the sentence leaves no such gap."""
        best = None
        for m in re.finditer(re.escape(self.left), folded):
            start = m.end()
            end = folded.find(self.right, start)
            if end < 0 or end - start > MAX_FILLER or BREAK.search(folded, start, end):
                continue
            a, b = start, end
            if self.left_bridge and folded.startswith(self.left_bridge, a):
                a += len(self.left_bridge)
            if self.right_bridge and folded.endswith(self.right_bridge, a, b):
                b -= len(self.right_bridge)
            if b <= a or not folded[a:b].strip(" ,、"):
                continue
            span = (a, end + len(self.right) if self.head else b)
            if best is None or span[1] - span[0] < best[1] - best[0]:
                best = span
        return best if best is not None or not self.head else self._fill_before_nominal(folded)

    def _fill_before_nominal(self, folded: str) -> tuple[int, int] | None:
        """A verb and its object also stand the other way round, the verb made a noun after its
        object ("培养哪几类人才" — "…复合型和技能型人才培养"): the filler is then what the clause
        says before the head noun, up to the clause's start."""
        for m in re.finditer(re.escape(self.right + self.left), folded):
            breaks = [b.end() for b in BREAK.finditer(folded, 0, m.start())]
            start = breaks[-1] if breaks else 0
            if 0 < m.start() - start <= MAX_FILLER and folded[start : m.start()].strip(" ,、"):
                return start, m.start() + len(self.right)
        return None


def question_slot(folded: str, tokens: list[Token], terms: list[Term]) -> Slot | None:
    """The anchors of the first asking word: the nearest content words (terms weighing more than
    the minimum) on each side of it within one clause; None where either side has none."""
    content = sorted(
        (a, b, t.text) for t in terms if t.weight > TERM_SETTINGS.minimum and t.tag != "en" for a, b in t.spans[:1]
    )
    asking = cues.words("asking")
    for i, t in enumerate(tokens):
        if not any(w in t.text for w in asking):
            continue
        end = i + 1
        while end < len(tokens) and tokens[end].tag in QUANTITY_TAGS:
            end += 1
        ask_start, ask_end = t.start, tokens[end - 1].end
        before = [c for c in content if c[1] <= ask_start]
        after = [c for c in content if c[0] >= ask_end]
        if not before or not after:
            return None
        left, right = before[-1], after[0]
        if BREAK.search(folded, left[1], right[0]):
            return None
        return Slot(
            left=left[2],
            left_bridge=folded[left[1] : ask_start],
            right=right[2],
            right_bridge=folded[ask_end : right[0]],
            head=right[0] == ask_end,
        )
    return None
