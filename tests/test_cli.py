import json

import pytest
from typer.testing import CliRunner

from app.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture
def ingested():
    result = run("ingest")
    assert result.exit_code == 0, result.output
    return result


def test_ask_json_prints_answer_citations_and_latency(ingested):
    result = run("ask", "--json", "哪位中國工程院院士參加了會議？")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"answer", "abstained", "citations", "latency_ms"}
    assert "鄔賀銓" in data["answer"] and data["abstained"] is False
    assert set(data["citations"][0]) == {"n", "doc_id", "title", "date", "section", "start", "end", "text"}


def test_ask_without_an_index_says_to_ingest_first():
    result = run("ask", "哪位院士參加了會議？")
    assert result.exit_code == 1
    assert "policy-chat ingest" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("question", ["", "   \n\t "])
def test_an_empty_question_is_refused_with_a_message(ingested, question):
    result = run("ask", question)
    assert result.exit_code == 1
    assert "empty" in result.output


def test_a_question_over_the_length_limit_is_refused(ingested):
    result = run("ask", "問" * 5000)
    assert result.exit_code == 1
    assert "limit is 1000" in result.output


def test_ingest_reports_bad_files_by_name_and_exits_non_zero(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "ok.txt").write_text("一、加快設施建設\n\n加快全光纖網絡建設。", encoding="utf-8")
    result = run("ingest", str(tmp_path))
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "1 added" in result.output


def test_ingest_of_a_missing_path_is_reported(tmp_path):
    result = run("ingest", str(tmp_path / "nope.txt"))
    assert result.exit_code == 1
    assert "no such file" in result.output


def test_interactive_chat_keeps_history_for_follow_ups(ingested):
    result = runner.invoke(app, ["ask"], input="四項舉措是什麼？\n第三項呢？\n\n")
    assert result.exit_code == 0
    assert "加強科技創新" in result.stdout.split("第三項呢")[-1] or result.stdout.count("加強科技創新") >= 2


def test_docs_lists_what_is_indexed(ingested):
    result = run("docs")
    assert "工信部四舉措推動工業互聯網加快發展" in result.stdout


def test_a_misconfigured_llm_answerer_is_refused_clearly(ingested):
    result = run("ask", "--llm", "openai:qwen", "哪位院士參加了會議？")
    assert result.exit_code == 1
    assert "needs a server URL" in result.output and "Traceback" not in result.output
    result = run("ask", "--llm", "gpt5", "哪位院士參加了會議？")
    assert result.exit_code == 1 and "not a known answerer" in result.output
