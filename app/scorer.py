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
FULL_FIT = 1.0 - 1e-9  # type_fit is a sum of type shares: every asked type held, up to rounding


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

    def takes_over_refusal(self, prob: float, features: dict[str, float], script: str, kind: str) -> bool:
        """Does a scored answer replace a refusal of the rule answerer?

        Over the cascade threshold, always. Between the language's own threshold and it, a lookup
        in the document's structure (its list, the item a sentence sits under, the page's source)
        does; a sentence only when what the rules missed is wording, not the thing asked about: no
        noun of the question is absent from every text (``miss_noun``: 内网要怎么弄, 开会 and 参会
        are ways of asking; 总理 and 基站 are things the texts do not have), and the sentence holds
        the kind of fact asked (``type_fit``: a date for when), and it holds some of the question's
        own words (``cov``). Both thresholds are fit on dev.
        """
        if prob >= self.cascade_threshold():
            return True
        if kind != "sentence":
            return prob >= self.threshold(script)
        plain_wording = (
            features.get("cov", 0.0) > 0.0  # it says something the question says: not "？？？"
            and features.get("miss_thing", features.get("miss_noun", 0.0)) == 0.0
            and features.get("type_fit", 0.0) >= FULL_FIT
        )
        return plain_wording and prob >= self.threshold(script)

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
