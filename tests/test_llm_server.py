"""The LLM path against a real OpenAI-compatible server: `transformers serve` with a tiny local model."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest

from app.assistant import Assistant
from conftest import ANNOUNCEMENT
from ingest.pipeline import Ingestor

sys.path.insert(0, str(Path(__file__).parent / "support"))
from tiny_llm import build_tiny_model, free_port, served_model

pytestmark = pytest.mark.llm_server
QUESTION = "哪位中國工程院院士參加了會議？"


@pytest.fixture(scope="module")
def tiny_server(tmp_path_factory):
    folder = build_tiny_model(tmp_path_factory.mktemp("tiny"), ANNOUNCEMENT.read_text(encoding="utf-8"))
    with served_model(folder) as (base_url, model, proc):
        yield base_url, model, proc


@pytest.fixture
def llm_settings(settings, tiny_server):
    Ingestor(settings).ingest()
    base_url, model, _ = tiny_server
    return settings.model_copy(
        update={"llm": f"openai:{model}", "llm_base_url": base_url, "llm_timeout_s": 60, "llm_max_tokens": 24}
    )


def test_a_noise_reply_from_a_real_server_falls_back_to_the_extractive_answer(llm_settings):
    answer = Assistant(llm_settings).ask(QUESTION)
    assert answer.mode == "extractive-fallback"
    assert "鄔賀銓" in answer.text and answer.notice
    assert all(c.text in ("中國工程院院士鄔賀銓",) for c in answer.citations)


def test_a_streamed_reply_reports_progress_and_is_checked_the_same_way(llm_settings):
    ticks: list[int] = []
    answer = Assistant(llm_settings).ask(QUESTION, on_progress=ticks.append)
    assert ticks and ticks == sorted(ticks)
    assert answer.mode == "extractive-fallback" and "鄔賀銓" in answer.text


def test_a_timeout_gives_a_clear_note_and_the_fallback(llm_settings):
    fast = llm_settings.model_copy(update={"llm_timeout_s": 0.001, "llm_retries": 0})
    t0 = time.monotonic()
    answer = Assistant(fast).ask(QUESTION)
    assert time.monotonic() - t0 < 30
    assert answer.mode == "extractive-fallback" and "模型服務沒有回應" in answer.notice


def test_the_fallback_note_is_in_the_questions_script(llm_settings):
    down = llm_settings.model_copy(update={"llm_base_url": f"http://127.0.0.1:{free_port()}/v1", "llm_retries": 0})
    assert "模型服务没有回应" in Assistant(down).ask("哪位中国工程院院士参加了会议？").notice
    english = Assistant(down).ask("Which academician of the Chinese Academy of Engineering attended?").notice
    assert "did not answer" in english and not any("\u4e00" <= ch <= "\u9fff" for ch in english)
    assert "沒有一句能與原文對上" in Assistant.fallback_note("zh-Hant", "unverified")


def test_a_wrong_model_name_gives_the_fallback(llm_settings):
    wrong = llm_settings.model_copy(update={"llm": "openai:/no/such/model"})
    answer = Assistant(wrong).ask(QUESTION)
    assert answer.mode == "extractive-fallback" and "鄔賀銓" in answer.text


def test_a_server_that_is_down_gives_the_fallback_quickly(llm_settings):
    down = llm_settings.model_copy(update={"llm_base_url": f"http://127.0.0.1:{free_port()}/v1", "llm_retries": 0})
    t0 = time.monotonic()
    answer = Assistant(down).ask(QUESTION)
    assert time.monotonic() - t0 < 30
    assert answer.mode == "extractive-fallback" and answer.notice


def test_the_api_key_never_appears_in_notes(llm_settings):
    from pydantic import SecretStr

    secret = "sk-very-secret-123"
    down = llm_settings.model_copy(
        update={
            "llm_base_url": f"http://127.0.0.1:{free_port()}/v1",
            "llm_api_key": SecretStr(secret),
            "llm_retries": 0,
        }
    )
    answer = Assistant(down).ask(QUESTION)
    assert secret not in answer.model_dump_json() and secret not in repr(down)


def test_the_server_going_away_mid_stream_gives_the_fallback(settings, tmp_path):
    Ingestor(settings).ingest()
    folder = build_tiny_model(tmp_path / "tiny2", ANNOUNCEMENT.read_text(encoding="utf-8"))
    with served_model(folder) as (base_url, model, proc):
        slow = settings.model_copy(
            update={
                "llm": f"openai:{model}",
                "llm_base_url": base_url,
                "llm_max_tokens": 2000,
                "llm_retries": 0,
                "llm_timeout_s": 60,
            }
        )
        killed = threading.Event()

        def kill_on_first_token(n: int) -> None:
            if n >= 2 and not killed.is_set():
                proc.kill()
                killed.set()

        answer = Assistant(slow).ask(QUESTION, on_progress=kill_on_first_token)
    assert killed.is_set()
    assert answer.mode == "extractive-fallback" and "鄔賀銓" in answer.text
