"""The one type that crosses every edge: CLI prints it, the web renders it, eval scores it."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Citation(BaseModel):
    n: int
    doc_id: str
    title: str
    date: str
    section: str
    start: int
    end: int
    text: str  # always == cleaned_document[start:end]


class Answer(BaseModel):
    text: str
    citations: list[Citation] = Field(default_factory=list)
    abstained: bool = False
    latency_ms: float = 0.0
    mode: str = "extractive"
    script: str = "zh-Hant"
    notice: str = ""
    question: str = ""
    standalone_question: str = ""
    timings: dict[str, float] = Field(default_factory=dict)

    def public(self) -> dict:
        """The JSON shape promised to CLI users (--json) and eval's --out."""
        return {
            "answer": self.text,
            "abstained": self.abstained,
            "citations": [c.model_dump() for c in self.citations],
            "latency_ms": round(self.latency_ms, 1),
        }
