"""Eval cases in JSON Lines, validated so that a malformed case names its file and line."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError, model_validator

from index.errors import PolicyChatError


class Case(BaseModel):
    id: str
    question: str
    lang: str = Field(pattern="^(zh-Hant|zh-Hans|en)$")
    answerable: bool
    facts: list[list[str]] = Field(default_factory=list)
    history: list[str] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)
    collection: str = "default"

    @model_validator(mode="after")
    def _facts_fit(self) -> Case:
        if not self.answerable and self.facts:
            raise ValueError("an unanswerable case has no facts")
        return self


def default_case_files() -> list[Path]:
    folder = resources.files("eval").joinpath("cases")
    return sorted(Path(str(folder)).glob("*.jsonl"))


def load_cases(files: list[Path]) -> list[Case]:
    cases: list[Case] = []
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise PolicyChatError(f"Cannot read eval cases {path} ({exc.strerror}).", "Check the path.") from exc
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                cases.append(Case.model_validate(json.loads(line)))
            except (ValueError, ValidationError) as exc:
                raise PolicyChatError(
                    f"{path}:{n} is not a valid eval case ({exc}).", "See README 'Evaluation' for the case format."
                ) from exc
    ids = [c.id for c in cases]
    if len(set(ids)) != len(ids):
        raise PolicyChatError("Eval case ids repeat.", "Give every case its own id.")
    return cases
