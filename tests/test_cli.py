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


def one_line(output: str) -> str:
    """Rich wraps long lines at 80 columns when not writing to a terminal."""
    return " ".join(output.split())


def test_titles_and_file_names_reach_the_terminal_without_control_sequences(tmp_path):
    hostile = tmp_path / "\x1b]0;owned\x07name\x1b[2J.txt"
    hostile.write_text('---\ntitle: "\\e[2J\\e]0;x\\a標題\\u202e"\n---\n會議由甲局召開。\n', encoding="utf-8")
    (tmp_path / "\x1b[31mempty.txt").write_bytes(b"")
    result = run("ingest", str(tmp_path))
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b[31mempty.txt" in one_line(result.output)
    result = run("docs")
    assert result.exit_code == 0
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert "\\x1b[2J\\x1b]0;x\\x07標題\\u202e" in result.output


@pytest.mark.parametrize(
    "manifest",
    [
        {"format": 2, "embed_model": "hash:256", "generation": 3, "docs": []},
        {"format": 2, "embed_model": "hash:256", "generation": 3},
        {"format": 2, "embed_model": "hash:256", "generation": 3, "docs": {"d": {"title": "t", "date": ""}}},
    ],
    ids=["docs-is-a-list", "no-docs", "document-missing-fields"],
)
def test_a_malformed_manifest_gets_one_line_with_the_fix(ingested, manifest):
    from index.settings import Settings
    from index.store import CollectionStore

    CollectionStore(Settings()).manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    for args in (("docs",), ("ask", "哪位院士參加了會議？"), ("ingest",)):
        result = run(*args)
        assert result.exit_code == 1, result.output
        assert "--rebuild" in result.output and "manifest" in result.output
        assert "Unexpected" not in result.output and "Traceback" not in result.output
    assert run("ingest", "--rebuild").exit_code == 0
    assert "工信部四舉措" in run("docs").output


def test_a_rebuild_of_a_mistyped_path_keeps_the_collection(ingested, tmp_path):
    result = run("ingest", "--rebuild", str(tmp_path / "dcos"))
    assert result.exit_code == 1 and "Nothing was changed" in one_line(result.output)
    assert "工信部四舉措" in run("docs").output


def test_feedback_export_to_a_missing_folder_or_onto_a_folder_says_what_to_do(ingested, tmp_path):
    result = run("feedback", "export", "--out", str(tmp_path / "missing" / "cases.jsonl"))
    assert result.exit_code == 1 and "does not exist" in result.output and "Traceback" not in result.output
    result = run("feedback", "export", "--out", str(tmp_path))
    assert result.exit_code == 1 and "is a folder" in result.output and "Unexpected" not in result.output
    result = run("feedback", "export", "--out", str(tmp_path / "cases.jsonl"))
    assert result.exit_code == 0 and (tmp_path / "cases.jsonl").exists()


def test_an_impossible_front_matter_date_is_named_in_one_line(tmp_path):
    (tmp_path / "notice.md").write_text("---\ndate: 2020-13-45\n---\n會議由甲局召開。\n", encoding="utf-8")
    result = run("ingest", str(tmp_path))
    assert result.exit_code == 1
    assert "notice.md: its date '2020-13-45' is not a real date" in one_line(result.output)
    assert "ValueError" not in result.output


def test_the_holdout_batch_never_becomes_the_baseline(tmp_path):
    result = runner.invoke(app, ["eval", "--split", "holdout", "--update-baseline", "--index-dir", str(tmp_path)])
    assert result.exit_code != 0
    assert "baseline is the test split" in result.output
