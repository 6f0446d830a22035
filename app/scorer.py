"""The one calibrated decision: how likely a candidate answers, and whether the best is good enough.

A logistic model over candidate features (app/candidates.py), fit on the dev split by
``policy-chat calibrate`` (eval/calibrate.py) and stored in app/data/model.json with the
abstention threshold per language and a reliability table. Nothing here is tuned by hand: before a
model is fit, every candidate scores 0.5 and the threshold is 0.5.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

MODEL_FILE = "data/model.json"


@dataclass
class Model:
    features: list[str] = field(default_factory=list)
    coef: list[float] = field(default_factory=list)
    intercept: float = 0.0
    thresholds: dict[str, float] = field(default_factory=dict)
    llm_floor: float = 0.05  # below this the LLM is not asked either: the texts surely do not answer
    calibration: list[dict] = field(default_factory=list)
    trained_on: dict = field(default_factory=dict)

    def prob(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(c * features.get(name, 0.0) for name, c in zip(self.features, self.coef, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def threshold(self, script: str) -> float:
        return self.thresholds.get(script, self.thresholds.get("all", 0.5))

    def cascade_threshold(self) -> float:
        """Over this, a scored answer replaces a refusal of the rule answerer (fit on dev)."""
        return self.thresholds.get("cascade", 1.01)

    def to_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False, indent=1) + "\n"


def model_path() -> Path:
    return Path(str(resources.files("app").joinpath(MODEL_FILE)))


@lru_cache(maxsize=1)
def load_model() -> Model:
    path = model_path()
    if not path.exists():
        return Model()
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model(**data)
