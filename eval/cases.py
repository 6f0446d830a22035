"""Eval cases in JSON Lines, validated so that a malformed case names its file and line."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, PrivateAttr, ValidationError, model_validator

from index.errors import PolicyChatError

KIND = Literal["who", "role", "when", "where", "how_many", "list", "item", "yes_no", "summary", "what"]


class Case(BaseModel):
    id: str
    question: str
    lang: str = Field(pattern="^(zh-Hant|zh-Hans|en)$")
    answerable: bool
    facts: list[list[str]] = Field(default_factory=list)
    history: list[str] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)
    collection: str = "default"
    # what kind of answer the question asks for, labelled from the question alone (not by the
    # answerer): who / role / when / where answers are measured for their length
    kind: KIND | None = None
    # set by ``load_cases`` for a batch written to tune on (eval/cases/dev/): dev whatever its id
    _pinned: str | None = PrivateAttr(default=None)

    @property
    def split(self) -> str:
        return self._pinned or split_of(self.id)

    @model_validator(mode="after")
    def _facts_fit(self) -> Case:
        if not self.answerable and self.facts:
            raise ValueError("an unanswerable case has no facts")
        return self


# The split is a pure function of the case id and a fixed seed, so a case never moves between
# splits and nobody chooses which cases are held out. Tune on "dev"; the gate runs on "test".
SPLIT_SEED = "policy-chat-split-2026-11-25"
TEST_SHARE = 0.4
SPLITS = ("dev", "test", "all", "holdout")
# A batch of cases written after the answerer, kept out of dev and test as a whole: measured, never
# tuned on or gated, so its first runs say how the answerer does on questions nobody tuned it for.
HOLDOUT = "holdout"
# A batch written to tune on — near misses the first runs showed the answerer weakest at — is dev
# whole (eval/cases/dev/): `test` keeps the cases the seeded hash gave it.
DEV_ONLY = "dev"


def split_of(case_id: str) -> str:
    digest = hashlib.sha256(f"{SPLIT_SEED}:{case_id}".encode()).digest()
    return "test" if int.from_bytes(digest[:8], "big") / 2**64 < TEST_SHARE else "dev"


def select_split(cases: list[Case], split: str) -> list[Case]:
    if split not in SPLITS:
        raise PolicyChatError(f"'{split}' is not a split.", f"Use one of: {', '.join(SPLITS)}.")
    if split == HOLDOUT:
        raise PolicyChatError("The holdout cases are files of their own.", "Load them with cases_for('holdout').")
    return cases if split == "all" else [c for c in cases if c.split == split]


def cases_for(split: str, files: list[Path] | None = None) -> list[Case]:
    """The cases of a split: dev, test and all from ``files`` (the project's own by default) by the
    seeded split; holdout from its own folder (``holdout_case_files``), whole."""
    if split == HOLDOUT:
        return load_cases(list(files) if files else holdout_case_files())
    return select_split(load_cases(list(files) if files else default_case_files()), split)


def default_case_files() -> list[Path]:
    folder = Path(str(resources.files("eval").joinpath("cases")))
    return sorted(folder.glob("*.jsonl")) + sorted((folder / DEV_ONLY).glob("*.jsonl"))


def holdout_case_files() -> list[Path]:
    folder = resources.files("eval").joinpath("cases", HOLDOUT)
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
                case = Case.model_validate(json.loads(line))
                if path.parent.name == DEV_ONLY:
                    case._pinned = DEV_ONLY
                cases.append(case)
            except (ValueError, ValidationError) as exc:
                raise PolicyChatError(
                    f"{path}:{n} is not a valid eval case ({exc}).", "See README 'Evaluation' for the case format."
                ) from exc
    ids = [c.id for c in cases]
    if len(set(ids)) != len(ids):
        raise PolicyChatError("Eval case ids repeat.", "Give every case its own id.")
    return cases
