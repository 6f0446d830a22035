"""Scoring one answer against one case, and aggregating; NaN means "not measured"."""

from __future__ import annotations

import math
import re
import statistics
import unicodedata
from dataclasses import asdict, dataclass, field

from app.answer import Answer
from eval.cases import Case
from index.fold import to_simplified

NAN = float("nan")
_DROP = re.compile(r"[\s\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    """NFKC, Traditional→Simplified, case, whitespace and punctuation removed."""
    return _DROP.sub("", to_simplified(unicodedata.normalize("NFKC", text)).lower())


def matches(alias: str, text: str) -> bool:
    return bool(normalise(alias)) and normalise(alias) in normalise(text)


@dataclass
class CaseResult:
    id: str
    lang: str
    answerable: bool
    question: str
    answer: str
    abstained: bool
    passed: bool
    why: str
    fact_accuracy: float = NAN
    fact_recall: float = NAN
    citation_support: float = NAN
    citation_exactness: float = NAN
    hit_at_k: float = NAN
    mrr: float = NAN
    abstention_accuracy: float = NAN
    false_refusal: float = NAN
    answer_length: float = NAN
    span_answer_length: float = NAN  # a who / role / when / where answer, without its [n] markers
    latency_ms: float = NAN
    citations: list[dict] = field(default_factory=list)

    def row(self) -> dict:
        return asdict(self)


# Questions one name, title, date or place answers: the issue's "median answer to a who / when /
# where / role question" is measured on them (the kind is the case's label, not the answerer's).
SPAN_KINDS = {"who", "role", "when", "where"}
MARKER = re.compile(r"\s*\[\d+\]")


def score(case: Case, answer: Answer, exact: list[bool], retrieved: list[str] | None) -> CaseResult:
    r = CaseResult(
        case.id,
        case.lang,
        case.answerable,
        case.question,
        answer.text,
        answer.abstained,
        False,
        "",
        latency_ms=answer.latency_ms,
        citations=[c.model_dump() for c in answer.citations],
    )
    r.citation_exactness = sum(exact) / len(exact) if exact else NAN
    if retrieved is not None and case.evidence:
        rank = next((i for i, text in enumerate(retrieved, 1) if any(matches(e, text) for e in case.evidence)), None)
        r.hit_at_k = 1.0 if rank else 0.0
        r.mrr = 1.0 / rank if rank else 0.0
    problems = []
    if not case.answerable:
        r.abstention_accuracy = 1.0 if answer.abstained else 0.0
        if not answer.abstained:
            problems.append("answered a question the text does not answer")
    else:
        r.false_refusal = 1.0 if answer.abstained else 0.0
        r.answer_length = float(len(answer.text)) if not answer.abstained else NAN
        if case.kind in SPAN_KINDS and not answer.abstained:
            r.span_answer_length = float(len(MARKER.sub("", answer.text).strip()))
        if answer.abstained:
            problems.append("refused an answerable question")
        if case.facts:
            matched = [g for g in case.facts if any(matches(a, answer.text) for a in g)]
            r.fact_recall = len(matched) / len(case.facts)
            r.fact_accuracy = 1.0 if len(matched) == len(case.facts) else 0.0
            missing = [g[0] for g in case.facts if g not in matched]
            if missing and not answer.abstained:
                problems.append("missing " + ", ".join(missing))
            if matched:
                cited = " ".join(c.text for c in answer.citations)
                r.citation_support = sum(any(matches(a, cited) for a in g) for g in matched) / len(matched)
    if exact and not all(exact):
        problems.append("a citation is not the source text at its offsets")
    r.passed = not problems
    r.why = "; ".join(problems)
    return r


def _mean(values: list[float]) -> float:
    vals = [v for v in values if not math.isnan(v)]
    return sum(vals) / len(vals) if vals else NAN


def _pct(values: list[float], q: float) -> float:
    vals = sorted(v for v in values if not math.isnan(v))
    if not vals:
        return NAN
    if len(vals) == 1:
        return vals[0]
    return statistics.quantiles(vals, n=100, method="inclusive")[int(q) - 1]


METRICS = [
    "fact_accuracy",
    "fact_recall",
    "citation_support",
    "citation_exactness",
    "hit_at_k",
    "mrr",
    "abstention_accuracy",
    "false_refusal",
    "answer_length",
]


def aggregate(results: list[CaseResult]) -> dict:
    def block(rs: list[CaseResult]) -> dict:
        out = {m: _mean([getattr(r, m) for r in rs]) for m in METRICS}
        out["span_answer_median"] = _pct([r.span_answer_length for r in rs], 50)
        out["latency_p50_ms"] = _pct([r.latency_ms for r in rs], 50)
        out["latency_p95_ms"] = _pct([r.latency_ms for r in rs], 95)
        out["cases"] = len(rs)
        out["passed"] = sum(r.passed for r in rs)
        return out

    langs = sorted({r.lang for r in results})
    return {
        "overall": block(results),
        "by_lang": {lang: block([r for r in results if r.lang == lang]) for lang in langs},
    }
