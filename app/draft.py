"""What an answerer hands the Assistant: claims (exact source spans) or a refusal, before the
quotes are verified and the ``Answer`` is rendered. Both answerers (rules, scored) produce it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from index.search import Passage


@dataclass
class Claim:
    """One piece of an answer and the exact source span that supports it."""

    text: str
    passage: Passage
    start: int
    end: int


@dataclass
class Draft:
    claims: list[Claim] = field(default_factory=list)
    abstained: bool = False
    kind: str = "what"
    notice_key: str = ""
    notice_vars: dict = field(default_factory=dict)
    missing_terms: bool = False  # the rules refused because key terms are absent from every text
    # those terms as the asker wrote them, most specific first: the refusal names them, so the asker
    # knows which words found nothing and can put them another way (the texts are Chinese)
    absent: tuple[str, ...] = ()
    prob: float = 0.0  # the scored answerer's calibrated probability that its best candidate answers
    candidate: Any = None  # the scored answerer's best candidate
    item: int | None = None  # the item answered, for "the next one"
