"""Names a question joins in one list ("江苏和重庆", "Jiangsu and Chongqing"): one answer per name.
Read by both answerers' who spans (app/clauses.py, app/scored/spans.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from app import cues


def coordinated(folded: str, names: Sequence[Sequence[str]]) -> bool:
    """Does the question join two of these names in one list ("江苏和重庆", "Jiangsu and Chongqing",
    "陈肇雄、翁杰明")? Each name is given by its spellings; only a list joiner (cue class
    ``list_joiner``) and spaces or commas may stand between them. "江苏和重庆各是谁来的？" asks for one
    answer per name; a question that names two things apart ("工信部的领导之外，国资委派了谁") does not."""
    joiners = cues.words("list_joiner")
    spots = [
        [(m.start(), m.end()) for s in spellings if s for m in re.finditer(re.escape(s), folded)] for spellings in names
    ]
    for i, first in enumerate(spots):
        for j, second in enumerate(spots):
            if i == j:
                continue
            for _, end in first:
                for start, _ in second:
                    gap = folded[end:start].strip(" ,，")
                    if start >= end and (gap in joiners or (not gap and start > end)):
                        return True
    return False
