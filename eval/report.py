"""Reports a person and a CI system can read: JSON summary, JUnit XML, Markdown and HTML with a chart."""

from __future__ import annotations

import html
import json
import math
from pathlib import Path
from xml.etree import ElementTree as ET

from eval.metrics import METRICS, CaseResult

CHART_METRICS = [
    "fact_accuracy",
    "citation_support",
    "citation_exactness",
    "hit_at_k",
    "abstention_accuracy",
    "false_refusal",
]
COLOURS = {"overall": "#4f46e5", "zh-Hant": "#0891b2", "zh-Hans": "#16a34a", "en": "#d97706"}


def _fmt(v: float) -> str:
    return "n/a" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:.3f}"


def _json_safe(obj):
    if isinstance(obj, float) and math.isnan(obj):
        return None
    if isinstance(obj, dict):
        return {k: _json_safe(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_json_safe(v) for v in obj]
    return obj


def write_results(path: Path, results: list[CaseResult]) -> None:
    lines = []
    for r in results:
        lines.append(
            json.dumps(
                {
                    "id": r.id,
                    "lang": r.lang,
                    "answerable": r.answerable,
                    "passed": r.passed,
                    "answer": r.answer,
                    "abstained": r.abstained,
                    "citations": r.citations,
                    "latency_ms": round(r.latency_ms, 1),
                },
                ensure_ascii=False,
            )
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def chart_svg(summary: dict) -> str:
    """Grouped bars per metric, one colour per language; written by hand to avoid a plotting dependency."""
    scopes = ["overall", *sorted(summary["by_lang"])]
    width, bar, gap, height = 110, 16, 10, 180
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{len(CHART_METRICS) * width + 40}" height="{height + 80}">'
    ]
    for i, metric in enumerate(CHART_METRICS):
        x0 = 30 + i * width
        for j, scope in enumerate(scopes):
            block = summary["overall"] if scope == "overall" else summary["by_lang"][scope]
            v = block.get(metric)
            if v is None or math.isnan(v):
                continue
            h = v * height
            parts.append(
                f'<rect x="{x0 + j * (bar + 2)}" y="{20 + height - h:.1f}" width="{bar}" height="{h:.1f}" '
                f'fill="{COLOURS.get(scope, "#888")}"><title>{scope} {metric} {v:.3f}</title></rect>'
            )
        parts.append(f'<text x="{x0}" y="{height + 38}" font-size="10">{metric.replace("_", " ")}</text>')
    for j, scope in enumerate(scopes):
        parts.append(
            f'<rect x="{30 + j * 90}" y="{height + 55}" width="10" height="10" fill="{COLOURS.get(scope, "#888")}"/>'
            f'<text x="{44 + j * 90}" y="{height + 64}" font-size="11">{scope}</text>'
        )
    parts.append(
        f'<line x1="25" y1="{20 + height}" x2="{len(CHART_METRICS) * width + 30}" y2="{20 + height}" stroke="#999"/>'
    )
    parts.append(f'<text x="0" y="{gap + 16}" font-size="10">1.0</text></svg>')
    return "".join(parts)


def table_md(summary: dict) -> str:
    scopes = ["overall", *sorted(summary["by_lang"])]
    cols = [*METRICS, "span_answer_median", "latency_p50_ms", "latency_p95_ms", "cases", "passed"]
    lines = ["| metric | " + " | ".join(scopes) + " |", "| --- |" + " --- |" * len(scopes)]
    for m in cols:
        row = [summary["overall"][m] if s == "overall" else summary["by_lang"][s][m] for s in scopes]
        lines.append(f"| {m} | " + " | ".join(_fmt(v) if isinstance(v, float) else str(v) for v in row) + " |")
    return "\n".join(lines)


def calibration_md() -> str:
    """The reliability table and thresholds stored with the scorer (app/data/model.json)."""
    from app.scorer import load_model
    from eval.calibrate import summary

    model = load_model()
    return summary(model) if model.features else "No model is fit yet: run `policy-chat calibrate`."


def write_reports(folder: Path, results: list[CaseResult], summary: dict, failures: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "summary.json").write_text(
        json.dumps(_json_safe({**summary, "gate_failures": failures}), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    suite = ET.Element(
        "testsuite", name="policy-chat-eval", tests=str(len(results)), failures=str(sum(not r.passed for r in results))
    )
    for r in results:
        tc = ET.SubElement(suite, "testcase", classname=f"eval.{r.lang}", name=r.id, time=f"{r.latency_ms / 1000:.3f}")
        if not r.passed:
            f = ET.SubElement(tc, "failure", message=r.why)
            f.text = f"question: {r.question}\nanswer: {r.answer}\nwhy: {r.why}"
    ET.ElementTree(suite).write(folder / "junit.xml", encoding="utf-8", xml_declaration=True)
    svg = chart_svg(summary)
    (folder / "chart.svg").write_text(svg, encoding="utf-8")
    failed = [r for r in results if not r.passed]
    md = [
        "# policy-chat eval",
        "",
        table_md(summary),
        "",
        "![metrics per language](chart.svg)",
        "",
        f"## Failing cases ({len(failed)})",
        "",
    ]
    md += [f"- **{r.id}** ({r.lang}) {r.question} → {r.answer[:120]} — {r.why}" for r in failed]
    if failures:
        md += ["", "## Gate failures", "", *[f"- {f}" for f in failures]]
    md += ["", "## Calibration of the scored answerer (fit on the dev split)", "", calibration_md()]
    (folder / "report.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    rows = "".join(
        f"<tr><td>{html.escape(r.id)}</td><td>{html.escape(r.lang)}</td><td>{html.escape(r.question)}</td>"
        f"<td>{html.escape(r.answer[:200])}</td><td>{html.escape(r.why)}</td></tr>"
        for r in failed
    )
    (folder / "report.html").write_text(
        f"<!doctype html><meta charset=utf-8><title>policy-chat eval</title><h1>policy-chat eval</h1>{svg}"
        f"<pre>{html.escape(table_md(summary))}</pre><h2>Failing cases</h2><table border=1>{rows}</table>"
        + "".join(f"<p>Gate: {html.escape(f)}</p>" for f in failures),
        encoding="utf-8",
    )
