"""Text that is not text (issue 14, item 10): invalid bytes in a CLI question, and the checks behind it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.text_input import check_encodable
from index.errors import BadQuestionError
from ingest.pipeline import Ingestor

CLI = Path(sys.executable).parent / "policy-chat"


def run_cli(args: list[bytes], stdin: bytes = b"") -> subprocess.CompletedProcess:
    env = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([str(CLI).encode(), *args], input=stdin, capture_output=True, env=env, timeout=120)


@pytest.fixture
def ingested(settings):
    Ingestor(settings).ingest()


def test_invalid_bytes_in_a_question_argument_get_a_message_not_a_traceback(ingested):
    result = run_cli([b"ask", b"\xff\xfe\xe5\x9b\x9b?"])
    said = result.stderr.decode()
    assert result.returncode == 1
    assert "the byte 0xFF (not UTF-8 text)" in said and "Traceback" not in said and "Unexpected" not in said


def test_invalid_bytes_in_the_interactive_chat_are_refused_and_the_session_goes_on(ingested):
    result = run_cli([b"ask"], stdin=b"\xff\xfe\n" + "四項舉措是什麼？\n".encode())
    assert result.returncode == 0, result.stderr.decode()
    assert "not UTF-8 text" in result.stderr.decode() and "Traceback" not in result.stderr.decode()
    assert "完善政策環境" in result.stdout.decode()  # the next question is answered


@pytest.mark.parametrize(("text", "says"), [("\ud800", "U+D800"), ("ok\udcff", "U+DCFF"), ("a\udfffb", "position 2")])
def test_surrogates_are_named_with_their_position(text, says):
    with pytest.raises(BadQuestionError, match=says.replace("+", r"\+")):
        check_encodable(text)


def test_from_a_terminal_a_surrogate_is_the_byte_it_stands_for():
    with pytest.raises(BadQuestionError, match="the byte 0xFF"):
        check_encodable("ok\udcff", from_terminal=True)


def test_ordinary_text_passes_unchanged():
    assert check_encodable("四項舉措 what? 😀") == "四項舉措 what? 😀"
