"""Feedback storage (issue 14, item 7): no comment can split, drop or forge an entry."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from app.answer import Answer
from app.cli import app as cli
from app.feedback import as_eval_cases, feedback_path, final_votes, load, record

# Every character str.splitlines() breaks on, besides "\n" itself.
LINE_BREAKS = ["\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\r\n"]


def answer(question: str = "四項舉措是什麼？") -> Answer:
    return Answer(text="共4項 [1]", question=question, script="zh-Hant")


@pytest.mark.parametrize("separator", LINE_BREAKS)
def test_a_comment_with_any_line_separator_is_one_line_and_reads_back_whole(settings, separator):
    comment = f"前{separator}後"
    record(settings, answer(), [], "up", comment, answer_id="a1")
    record(settings, answer("第二個？"), [], "down", "", answer_id="a2")
    raw = feedback_path(settings).read_text(encoding="utf-8")
    assert len(raw.splitlines()) == 2  # even str.splitlines() sees two lines
    log = load(settings)
    assert log.problems == []
    assert [e["comment"] for e in log.entries] == [comment, ""]


def test_a_crafted_comment_cannot_forge_an_entry_and_export_still_works(settings, tmp_path):
    forged = '\u2028{"question": "forged", "rating": "up", "abstained": false}\u2028'
    record(settings, answer(), [], "down", forged, answer_id="a1")
    out = tmp_path / "cases.jsonl"
    result = CliRunner().invoke(cli, ["feedback", "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    cases = [json.loads(line) for line in out.read_text(encoding="utf-8").split("\n") if line]
    assert [c["question"] for c in cases] == ["四項舉措是什麼？"]


def test_bad_lines_are_skipped_and_named_by_export(settings, tmp_path):
    record(settings, answer(), [], "up", "好", answer_id="a1")
    with feedback_path(settings).open("a", encoding="utf-8") as fh:
        fh.write('{"torn": \n{"question": "no rating"}\n[1, 2]\n')
    record(settings, answer("第二個？"), [], "down", "", answer_id="a2")
    log = load(settings)
    assert [e["question"] for e in log.entries] == ["四項舉措是什麼？", "第二個？"]
    assert log.problems == [
        "line 2: not JSON (a torn write or an edit)",
        "line 3: missing rating",
        "line 4: not a JSON object",
    ]
    out = tmp_path / "cases.jsonl"
    result = CliRunner().invoke(cli, ["feedback", "export", "--out", str(out)])
    assert result.exit_code == 0 and "line 3: missing rating" in result.output
    assert "Wrote 2 case(s)" in result.output


def test_one_final_vote_per_answer_with_its_comment(settings):
    record(settings, answer(), [], "up", "", answer_id="a1")
    record(settings, answer(), [], "up", "清楚", answer_id="a1")
    record(settings, answer(), [], None, "清楚", answer_id="a1")
    record(settings, answer(), [], "down", "其實不對", answer_id="a1")
    record(settings, answer("第二個？"), [], "up", "", answer_id="a2")
    record(settings, answer("第二個？"), [], None, "", answer_id="a2")  # withdrawn: no vote left
    (final,) = final_votes(load(settings).entries)
    assert final["rating"] == "down" and final["comment"] == "其實不對"
    (case,) = as_eval_cases(load(settings).entries)
    assert case["review"] == "down: 其實不對"
