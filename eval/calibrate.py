"""Fit the answer scorer and its abstention thresholds on the dev split (``policy-chat calibrate``).

Each dev case gives every candidate answer its features; a candidate is labelled right when its
text holds every fact of the case (never, for an unanswerable case). A logistic regression
(scikit-learn, seeded) learns the weights; then, per language, the threshold on the best
candidate's probability that maximises the dev utility — a right answer or a right refusal
scores 1, a wrong answer costs ``WRONG_COST``, refusing an answerable question costs 1 — and a
reliability table (predicted vs observed, in bins) is written with the model. The regression's
regularisation is chosen the same way, by the utility of five-fold cross-validation on dev.
"""

from __future__ import annotations

import itertools
import json

import prompts
from app.assistant import Assistant, clean_history
from app.scored.question import analyze
from app.scorer import Model, model_path
from eval.cases import Case
from eval.metrics import matches
from index.settings import Settings

WRONG_COST = 1.5  # a wrong answer is worse than "the text does not say"
SEED = 20261125
C_GRID = (1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0)  # inverse regularisation strengths tried
FOLDS, REPEATS = 5, 3  # cross-validation: five folds, three seeded shuffles (one is noisy at this size)
C_TOLERANCE = 0.99  # the most regularised C whose cross-validated utility is this close to the best
BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.01)


def _label(case: Case, text: str) -> int:
    return int(case.answerable and bool(case.facts) and all(any(matches(a, text) for a in g) for g in case.facts))


def collect(settings: Settings, cases: list[Case]) -> list[dict]:
    """Per dev case: every scored candidate with its features and label, and whether the rule
    answerer refuses it (the scored answer only matters there)."""
    from app.scored import ScoredPipeline
    from eval.runner import ensure_collection

    rows = []
    assistants: dict[str, Assistant] = {}
    for case in cases:
        if case.collection not in assistants:
            scoped = settings.model_copy(update={"collection": case.collection})
            ensure_collection(scoped)
            assistants[case.collection] = Assistant(scoped, cascade=False)
        assistant = assistants[case.collection]
        history = clean_history(case.history, assistant.settings)
        found = ScoredPipeline(assistant.searcher).candidates(case.question, history)
        rules = assistant.ask(case.question, case.history)
        rows.append(
            {
                "id": case.id,
                "lang": analyze(case.question).script,
                "answerable": case.answerable,
                "rules_refused": rules.abstained and rules.text == prompts.localized("refusal", rules.script),
                "candidates": [(c.features, _label(case, c.text)) for c in found],
            }
        )
    return rows


def fit(rows: list[dict], c: float | None = None) -> Model:
    """The scorer fit on ``rows``; its regularisation ``c`` chosen by cross-validation
    (``choose_c``) unless given."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    cv: dict[str, float] = {}
    if c is None:
        c, cv = choose_c(rows)
    names = sorted({k for r in rows for f, _ in r["candidates"] for k in f})
    x, y, w = [], [], []
    for r in rows:
        cands = r["candidates"]
        for f, lab in cands:
            x.append([f.get(n, 0.0) for n in names])
            y.append(lab)
            w.append(1.0 / len(cands))  # every case counts once, whatever its number of candidates
    clf = LogisticRegression(C=c, max_iter=5000, random_state=SEED)
    clf.fit(np.asarray(x), np.asarray(y), sample_weight=np.asarray(w))
    model = Model(features=names, coef=[float(c) for c in clf.coef_[0]], intercept=float(clf.intercept_[0]))
    outcomes = _outcomes(model, rows)
    model.thresholds = {
        lang: _threshold([o for o in outcomes if o[0] == lang]) for lang in sorted({o[0] for o in outcomes})
    }
    model.thresholds["all"] = _threshold(outcomes)
    refused = {r["id"] for r in rows if r["rules_refused"]}
    model.thresholds["cascade"] = _threshold([o for o, r in zip(outcomes, rows, strict=True) if r["id"] in refused])
    model.calibration = _reliability(outcomes)
    model.llm_floor = llm_floor(outcomes)
    model.trained_on = {"cases": len(rows), "candidates": len(x), "positives": int(sum(y)), "seed": SEED, "C": c}
    if cv:
        model.trained_on["cv_utility"] = cv
    return model


def held_out_utility(rows: list[dict], c: float) -> float:
    """Utility on each of ``FOLDS`` seeded folds of the model and thresholds fit on the others (the
    languages' thresholds over all of a fold's cases plus the cascade threshold over those the rules
    refuse, as the assistant uses them), averaged over ``REPEATS`` shuffles."""
    return sum(_held_out_utility(rows, c, SEED + repeat) for repeat in range(REPEATS)) / REPEATS


def _held_out_utility(rows: list[dict], c: float, seed: int) -> float:
    import random

    ids = sorted(r["id"] for r in rows)
    random.Random(seed).shuffle(ids)
    fold = {case_id: k % FOLDS for k, case_id in enumerate(ids)}
    total = 0.0
    for k in range(FOLDS):
        model = fit([r for r in rows if fold[r["id"]] != k], c)
        held = [r for r in rows if fold[r["id"]] == k]
        outcomes = _outcomes(model, held)
        for lang in {o[0] for o in outcomes}:
            tau = model.thresholds.get(lang, model.thresholds["all"])
            total += utility([o for o in outcomes if o[0] == lang], tau)
        refused = [o for o, r in zip(outcomes, held, strict=True) if r["rules_refused"]]
        total += utility(refused, model.thresholds["cascade"])
    return total


def choose_c(rows: list[dict]) -> tuple[float, dict[str, float]]:
    """The regularisation of ``C_GRID`` with the best held-out utility, or the most regularised one
    within ``C_TOLERANCE`` of it (the grid's top is a plateau: noise, not a better model)."""
    if len({r["id"] for r in rows}) < FOLDS * 2:
        return C_GRID[len(C_GRID) // 2], {}
    cv = {str(c): held_out_utility(rows, c) for c in C_GRID}
    best = max(cv.values())
    chosen = next(c for c in C_GRID if cv[str(c)] >= best - abs(best) * (1 - C_TOLERANCE))
    return chosen, {k: round(v, 1) for k, v in cv.items()}


def _outcomes(model: Model, rows: list[dict]) -> list[tuple[str, bool, float, int]]:
    """(language, answerable, best probability, best is right) per case."""
    out = []
    for r in rows:
        scored = [(model.prob(f), lab) for f, lab in r["candidates"]]
        p, lab = max(scored, default=(0.0, 0))
        out.append((r["lang"], r["answerable"], p, lab))
    return out


LLM_MISS = 0.02  # the share of answerable dev questions the LLM may be spared (and so miss)


def llm_floor(outcomes: list[tuple[str, bool, float, int]]) -> float:
    """Below this probability the LLM is not asked: only ``LLM_MISS`` of answerable dev questions
    score lower, so the texts almost surely do not answer."""
    probs = sorted(p for _, answerable, p, _ in outcomes if answerable)
    return round(probs[int(LLM_MISS * len(probs))], 3) if probs else 0.0


def utility(outcomes: list[tuple[str, bool, float, int]], tau: float) -> float:
    total = 0.0
    for _, answerable, p, right in outcomes:
        if p >= tau:
            total += 1.0 if right else -WRONG_COST
        else:
            total += 0.0 if answerable else 1.0
            total -= 1.0 if answerable else 0.0
    return total


def _threshold(outcomes: list) -> float:
    grid = [i / 100 for i in range(1, 100)]
    scores = [utility(outcomes, t) for t in grid]
    best = max(scores)
    winners = [t for t, s in zip(grid, scores, strict=True) if s == best]
    return round(winners[len(winners) // 2], 2)


def _reliability(outcomes: list) -> list[dict]:
    table = []
    for lo, hi in itertools.pairwise(BINS):
        inside = [o for o in outcomes if lo <= o[2] < hi]
        if inside:
            table.append(
                {
                    "bin": f"{lo:.1f}-{min(hi, 1.0):.1f}",
                    "cases": len(inside),
                    "mean_predicted": round(sum(o[2] for o in inside) / len(inside), 3),
                    "observed_right": round(sum(o[3] for o in inside) / len(inside), 3),
                }
            )
    return table


def save(model: Model) -> str:
    model_path().parent.mkdir(parents=True, exist_ok=True)
    model_path().write_text(model.to_json(), encoding="utf-8")
    from app.scorer import load_model

    load_model.cache_clear()
    return str(model_path())


def summary(model: Model) -> str:
    lines = [f"trained on {json.dumps(model.trained_on)}", f"thresholds {json.dumps(model.thresholds)}"]
    lines += ["| bin | cases | mean predicted | observed right |", "| --- | --- | --- | --- |"]
    lines += [
        f"| {r['bin']} | {r['cases']} | {r['mean_predicted']} | {r['observed_right']} |" for r in model.calibration
    ]
    return "\n".join(lines)
