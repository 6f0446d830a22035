"""The citation rule: a quote is shown only if it is exactly the source text at its offsets."""

from __future__ import annotations

from collections.abc import Callable

from app.answer import Citation


def verify(citations: list[Citation], document_text: Callable[[str], str | None]) -> list[Citation]:
    """Keep the citations whose text equals ``document[start:end]``; renumber from 1."""
    kept: list[Citation] = []
    for c in citations:
        doc = document_text(c.doc_id)
        if doc is None or not (0 <= c.start < c.end <= len(doc)) or doc[c.start : c.end] != c.text:
            continue
        kept.append(c.model_copy(update={"n": len(kept) + 1}))
    return kept
