"""Two eval runs compared case by case (eval/compare.py, `policy-chat eval-compare`)."""

import json

import pytest
from typer.testing import CliRunner

from app.cli import app
from eval.compare import Paired, compare, load_run, outcome, table, transitions
from index.errors import PolicyChatError


def row(case_id: str, lang: str = "en", passed: bool = True, answerable: bool = True, abstained: bool = False) -> dict:
    return {"id": case_id, "lang": lang, "passed": passed, "answerable": answerable, "abstained": abstained}


@pytest.mark.parametrize(
    ("passed", "answerable", "abstained", "expected"),
    [
        (True, True, False, "right"),
        (True, False, True, "right"),  # a right refusal
        (False, True, True, "refused"),
        (False, True, False, "wrong"),
        (False, False, False, "answered_unanswerable"),
    ],
)
def test_each_case_has_one_outcome(passed, answerable, abstained, expected):
    assert outcome(row("x", passed=passed, answerable=answerable, abstained=abstained)) == expected


@pytest.mark.parametrize(
    ("fixed", "broken", "p"),
    [
        (0, 0, 1.0),  # nothing moved
        (3, 3, 1.0),  # +3 −3: "no change" in the totals, and no evidence either way
        (10, 0, 0.00195),  # 2 × 0.5^10
        (2, 0, 0.5),  # two fixes alone are what chance gives half the time
        (6, 1, 0.125),
    ],
)
def test_the_paired_split_gets_an_exact_mcnemar_p_value(fixed, broken, p):
    assert Paired("all", 100, 50, 50 + fixed - broken, fixed, broken).p_value == pytest.approx(p, abs=5e-5)


def test_counts_are_per_language_and_over_shared_cases_only():
    a = {
        "c1": row("c1", "en", True),
        "c2": row("c2", "en", False),
        "c3": row("c3", "zh-Hans", True),
        "c4": row("c4", "zh-Hans", True),
        "c5": row("c5", "zh-Hant", False),  # only in A
    }
    b = {
        "c1": row("c1", "en", False),
        "c2": row("c2", "en", True),
        "c3": row("c3", "zh-Hans", True),
        "c4": row("c4", "zh-Hans", False, abstained=True),
    }
    got = {p.scope: p for p in compare(a, b)}
    assert set(got) == {"all", "en", "zh-Hans"}
    assert (got["all"].cases, got["all"].passed_a, got["all"].passed_b) == (4, 3, 2)
    assert (got["all"].fixed, got["all"].broken) == (1, 2)
    assert (got["en"].fixed, got["en"].broken) == (1, 1)
    assert (got["zh-Hans"].fixed, got["zh-Hans"].broken) == (0, 1)
    assert transitions(a, b) == {("right", "wrong"): 1, ("wrong", "right"): 1, ("right", "refused"): 1}
    shown = table(a, b)
    assert "| zh-Hans | 2 | 2 | 1 | 0 | 1 |" in shown
    assert "1 case(s) are in one run only" in shown
    assert not any(f"c{i}" in shown for i in range(1, 6))  # no case id is printed


def test_runs_with_no_case_in_common_are_refused_with_a_hint():
    with pytest.raises(PolicyChatError) as info:
        compare({"1": row("1")}, {"2": row("2")})
    assert "same split" in info.value.hint


def test_a_result_file_of_an_older_version_gets_a_clear_message(tmp_path):
    old = tmp_path / "old.jsonl"
    old.write_text(json.dumps({"id": "a", "answer": "x", "abstained": False}) + "\n", encoding="utf-8")
    with pytest.raises(PolicyChatError) as info:
        load_run(old)
    assert "line 1" in info.value.message and "eval --out" in info.value.hint


def test_the_command_prints_the_table_and_explains_a_missing_file(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text("\n".join(json.dumps(row(str(i), passed=i % 2 == 0)) for i in range(6)) + "\n", encoding="utf-8")
    b.write_text("\n".join(json.dumps(row(str(i), passed=True)) for i in range(6)) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval-compare", str(a), str(b)])
    assert result.exit_code == 0, result.output
    assert "| all | 6 | 3 | 6 | 3 | 0 | 0.250 |" in result.output
    assert "wrong → right | 3" in result.output
    missing = CliRunner().invoke(app, ["eval-compare", str(a), str(tmp_path / "nope.jsonl")])
    assert missing.exit_code != 0 and "Traceback" not in missing.output and "Cannot read" in missing.output
