"""Two eval runs of the same cases, compared case by case (``policy-chat eval-compare A B``).

A change is judged on its paired differences: the cases it fixed and the cases it broke. Totals hide
them (+3 −3 reads as "no change") and say nothing of chance. On the discordant cases alone, a change
with no effect fixes and breaks equally often, so the exact McNemar test — a two-sided binomial test
of the fixed count against half the discordant ones — says how surprising the split is. With a few
hundred cases, a difference of one or two is noise; the README's "kept" and "taken out" rows rest on
that. Only counts are printed: the ``test`` and holdout splits are never read case by case.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from index.errors import PolicyChatError

FIELDS = ("lang", "passed", "answerable", "abstained")  # what a result line needs to be compared


@dataclass(frozen=True)
class Paired:
    """Counts over the cases both runs hold, for one language or all."""

    scope: str
    cases: int
    passed_a: int
    passed_b: int
    fixed: int  # failed in A, passed in B
    broken: int  # passed in A, failed in B

    @property
    def p_value(self) -> float:
        """Exact two-sided McNemar p-value: how likely a split at least this uneven is by chance."""
        from scipy.stats import binomtest

        discordant = self.fixed + self.broken
        return 1.0 if discordant == 0 else float(binomtest(self.fixed, discordant, 0.5).pvalue)


def outcome(row: dict) -> str:
    """What happened to a case: right, refused (answerable), wrong, or answered (unanswerable)."""
    if row["passed"]:
        return "right"
    if not row["answerable"]:
        return "answered_unanswerable"
    return "refused" if row["abstained"] else "wrong"


def load_run(path: Path) -> dict[str, dict]:
    """The rows of ``policy-chat eval --out`` by case id."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise PolicyChatError(f"Cannot read {path} ({exc.strerror}).", "Give the file an eval --out wrote.") from exc
    rows: dict[str, dict] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            missing = [key for key in ("id", *FIELDS) if key not in row]
            if missing:
                raise KeyError(", ".join(missing))
            rows[row["id"]] = row
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise PolicyChatError(
                f"{path} line {n} is not an eval result line ({type(exc).__name__}: {exc}).",
                "Write it again with this version's `policy-chat eval --out FILE`.",
            ) from exc
    return rows


def compare(a: dict[str, dict], b: dict[str, dict]) -> list[Paired]:
    """Per language and overall, over the cases both runs hold."""
    shared = sorted(set(a) & set(b))
    if not shared:
        raise PolicyChatError("The two runs have no case in common.", "Compare two runs of the same split.")
    scopes = ["all", *sorted({a[i]["lang"] for i in shared})]
    out = []
    for scope in scopes:
        ids = [i for i in shared if scope == "all" or a[i]["lang"] == scope]
        pa = [bool(a[i]["passed"]) for i in ids]
        pb = [bool(b[i]["passed"]) for i in ids]
        out.append(
            Paired(
                scope,
                len(ids),
                sum(pa),
                sum(pb),
                sum(not x and y for x, y in zip(pa, pb, strict=True)),
                sum(x and not y for x, y in zip(pa, pb, strict=True)),
            )
        )
    return out


def transitions(a: dict[str, dict], b: dict[str, dict]) -> dict[tuple[str, str], int]:
    """How many shared cases went from each outcome in A to each other outcome in B."""
    moved: dict[tuple[str, str], int] = {}
    for i in sorted(set(a) & set(b)):
        pair = (outcome(a[i]), outcome(b[i]))
        if pair[0] != pair[1]:
            moved[pair] = moved.get(pair, 0) + 1
    return moved


def table(a: dict[str, dict], b: dict[str, dict]) -> str:
    """The comparison as Markdown: counts, the paired split and its p-value, then the moves."""
    lines = [
        "| scope | cases | passed A | passed B | fixed | broken | McNemar p |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for p in compare(a, b):
        lines.append(
            f"| {p.scope} | {p.cases} | {p.passed_a} | {p.passed_b} | {p.fixed} | {p.broken} | {p.p_value:.3f} |"
        )
    moved = transitions(a, b)
    if moved:
        lines += ["", "| A → B | cases |", "| --- | --- |"]
        lines += [f"| {x} → {y} | {n} |" for (x, y), n in sorted(moved.items(), key=lambda kv: (-kv[1], kv[0]))]
    only = len(set(a) ^ set(b))
    if only:
        lines += ["", f"{only} case(s) are in one run only and are not compared."]
    return "\n".join(lines)
