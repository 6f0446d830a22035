"""Floors and a committed baseline: exit non-zero when quality falls or regresses.

A NaN metric is "not measured": it neither passes nor fails a check.
"""

from __future__ import annotations

import json
import math
from importlib import resources
from pathlib import Path

from eval.metrics import METRICS

LOWER_IS_BETTER = {"false_refusal", "span_answer_median"}  # span_answer_median: a ceiling in characters
QUALITY = [m for m in METRICS if m != "answer_length"]


def eval_file(name: str) -> Path:
    return Path(str(resources.files("eval").joinpath(name)))


def load_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def check(summary: dict, thresholds: dict, baseline: dict) -> list[str]:
    failures = []
    tolerance = float(thresholds.get("tolerance", 0.03))
    for scope, metrics in thresholds.get("floors", {}).items():
        for metric, floor in metrics.items():
            value = summary.get("overall" if scope == "overall" else "by_lang", {})
            value = value.get(metric) if scope == "overall" else value.get(scope, {}).get(metric)
            if value is None or math.isnan(value):
                continue
            bad = value > floor if metric in LOWER_IS_BETTER else value < floor
            if bad:
                word = "above its ceiling" if metric in LOWER_IS_BETTER else "below its floor"
                failures.append(f"{scope} {metric} = {value:.3f} is {word} {floor}")
    for scope in ["overall", *sorted(summary.get("by_lang", {}))]:
        now = summary["overall"] if scope == "overall" else summary["by_lang"][scope]
        then = baseline.get("overall") if scope == "overall" else baseline.get("by_lang", {}).get(scope)
        if not then:
            continue
        for metric in QUALITY:
            a, b = now.get(metric), then.get(metric)
            if a is None or b is None or math.isnan(a) or math.isnan(b):
                continue
            worse = a - b if metric in LOWER_IS_BETTER else b - a
            if worse > tolerance:
                failures.append(f"{scope} {metric} regressed from {b:.3f} to {a:.3f} (tolerance {tolerance})")
    return failures
