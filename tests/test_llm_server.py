"""The LLM path against real OpenAI-compatible servers, through llama-index's own client.

`transformers serve` with a tiny random model replies with noise; the scripted server
(tests/support/scripted_llm.py) replies fluently, mixing right claims with wrong ones.
"""

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


# --- fluent replies from a scripted OpenAI-compatible server ---------------------------------------
#
# Each reply mixes a supported claim with the ways a fluent model goes wrong. ``[@needle]`` cites the
# source holding ``needle`` (see tests/support/scripted_llm.py). ``kept`` must be shown, each with an
# exact quote; ``dropped`` must not appear in the answer at all; each of ``quoted`` must be in a quote.

FLUENT = [
    pytest.param(
        "哪位中國工程院院士參加了會議？",
        "參加會議的中國工程院院士是鄔賀銓。[@鄔賀銓] 他在會上作了主旨報告，介紹了最新研究進展。[@鄔賀銓] "
        "此次推進會於4月25日召開。[@4月23日] 會上，工業和信息化部提出了五項舉措。[@四舉措] "
        "中國工程院院士張偉也參加了會議。[@鄔賀銓]",
        ["參加會議的中國工程院院士是鄔賀銓"],
        ["主旨報告", "4月25日", "五項舉措", "張偉"],
        ["鄔賀銓"],
        id="traditional",
    ),
    pytest.param(
        "工信部推动工业互联网的四项举措是什么？",
        "工信部提出了四项举措推动工业互联网加快发展。[@四舉措]\n"
        "1. 第一项是加快设施建设。[@加快設施建設]\n"
        "2. 第三项是加强科技创新。[@加強科技創新]\n"
        "这些举措将在2021年底前全面落实。[@四、完善] 会议由工信部部长苗圩主持。[@4月23日] "
        "国资委主任翁杰明出席了会议。[@翁杰明]",
        ["工信部提出了四项举措推动工业互联网加快发展", "第一项是加快设施建设", "第三项是加强科技创新"],
        ["2021", "苗圩", "国资委主任"],
        ["工信部四舉措", "一、加快設施建設", "三、加強科技創新"],
        id="simplified",
    ),
    pytest.param(
        "Which academician of the Chinese Academy of Engineering attended the meeting?",
        "Wu Hequan, an academician of the Chinese Academy of Engineering, attended the meeting [@鄔賀銓]. "
        "He gave a keynote speech on 5G networks [@鄔賀銓]. The meeting was held on April 25, 2020 [@4月23日]. "
        "Zhang Wei, another academician, also attended [@鄔賀銓]. "
        "Ke Ruiwen, Vice Minister of Industry and Information Technology, attended as well [@柯瑞文].",
        ["Wu Hequan, an academician of the Chinese Academy of Engineering, attended the meeting"],
        ["keynote", "April 25", "Zhang Wei", "Ke Ruiwen"],
        ["鄔賀銓"],
        id="english",
    ),
    pytest.param(
        "四项举措分别是什么？",
        "四项举措分别是：加快设施建设[@加快設施建設]、深化融合应用[@深化融合應用]、加强科技创新[@加強科技創新]、"
        "降低企业税负[@完善政策環境]。",
        ["加快设施建设", "深化融合应用", "加强科技创新"],
        ["降低企业税负"],
        ["一、加快設施建設", "二、深化融合應用", "三、加強科技創新"],
        id="simplified-list",
    ),
    pytest.param(
        "What are the four measures?",
        "The four measures are: accelerating infrastructure construction [@加快設施建設]; deepening integrated "
        "application [@深化融合應用]; strengthening innovation in science and technology [@加強科技創新]; "
        "and cutting corporate taxes [@完善政策環境].",
        ["accelerating infrastructure construction", "strengthening innovation in science and technology"],
        ["corporate taxes"],
        ["設施"],
        id="english-list",
    ),
    pytest.param(
        "When was the meeting held?",
        "The Ministry of Industry and Information Technology held the promotion meeting on April 23 [@4月23日]. "
        "It was attended by five vice ministers [@4月23日].",
        ["held the promotion meeting on April 23"],
        ["five vice ministers"],
        ["4月23日"],
        id="english-date",
    ),
    pytest.param(
        "會議是哪天召開的？",
        "工業和信息化部召開了工業互聯網行業應用推進會。[12] 推進會於4月23日召開。[@4月23日]",
        ["推進會於4月23日召開"],
        ["應用推進會。"],
        ["4月23日"],
        id="marker-to-a-source-not-given",
    ),
]


@pytest.fixture(scope="module")
def scripted_model():
    from scripted_llm import MODEL, ScriptedModel, scripted_server

    model = ScriptedModel([])
    with scripted_server(model) as base_url:
        yield model, base_url, MODEL


@pytest.fixture
def fluent(settings, scripted_model):
    """An assistant over the announcement whose LLM is the scripted server; set what it says."""
    from scripted_llm import Script

    Ingestor(settings).ingest()
    model, base_url, name = scripted_model
    assistant = Assistant(
        settings.model_copy(update={"llm": f"openai:{name}", "llm_base_url": base_url, "llm_retries": 0})
    )

    def say(keyword: str, reply: str) -> Assistant:
        model.scripts = [Script(keyword, reply)]
        model.requests.clear()
        return assistant

    yield say, model
    model.status = 200


def assert_exact_quotes(answer, assistant: Assistant) -> None:
    searcher = assistant.searcher
    assert answer.citations
    for c in answer.citations:
        text_hash = searcher.manifest["docs"][c.doc_id]["text_hash"]
        assert searcher.document_text(c.doc_id, text_hash)[c.start : c.end] == c.text


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize(("question", "reply", "kept", "dropped", "quoted"), FLUENT)
def test_a_fluent_reply_keeps_its_supported_claims_with_exact_quotes_and_drops_the_rest(
    fluent, question, reply, kept, dropped, quoted, stream
):
    say, model = fluent
    assistant = say(question[:6], reply)
    ticks: list[int] = []
    answer = assistant.ask(question, on_progress=ticks.append if stream else None)
    assert model.requests and model.requests[-1].get("stream", False) is stream
    assert answer.mode.startswith("llm:") and not answer.notice, answer.text
    for claim in kept:
        assert claim in answer.text
    for claim in dropped:
        assert claim not in answer.text
    assert len(answer.citations) >= len(kept)
    assert_exact_quotes(answer, assistant)
    for needle in quoted:
        assert any(needle in c.text for c in answer.citations), needle
    if stream:
        assert ticks and ticks == sorted(ticks)


@pytest.mark.parametrize(
    ("question", "reply", "notice", "extractive"),
    [
        (
            "陳肇雄是什麼職務？",
            "陳肇雄是工業和信息化部部長。[@陳肇雄] 他主持了此次會議。[@陳肇雄]",
            "沒有一句能與原文對上",
            "副部長",
        ),
        (
            "哪位中国工程院院士参加了会议？",
            "参加会议的中国工程院院士是张伟。[@鄔賀銓] 他在会上作了主旨报告。[@鄔賀銓]",
            "没有一句能与原文对上",
            "邬贺铨",
        ),
        (
            "Which academician of the Chinese Academy of Engineering attended the meeting?",
            "Zhang Wei attended the meeting [@鄔賀銓]. The meeting was held on April 25 [@4月23日].",
            "none of its claims matched",
            "鄔賀銓",
        ),
        ("會議是哪天召開的？", "推進會於4月23日召開。[9]", "沒有一句能與原文對上", "4月23日"),
    ],
    ids=["wrong-title", "wrong-name-simplified", "english", "markers-out-of-range"],
)
def test_a_reply_with_no_supported_claim_falls_back_to_the_extractive_answer_with_a_note(
    fluent, question, reply, notice, extractive
):
    say, _ = fluent
    assistant = say(question[:6], reply)
    answer = assistant.ask(question)
    assert answer.mode == "extractive-fallback"
    assert notice in answer.notice and extractive in answer.text
    assert_exact_quotes(answer, assistant)


@pytest.mark.parametrize(
    ("question", "reply"),
    [
        ("會議是哪天召開的？", "根據所提供的資料，文本沒有提到這一點。"),
        ("会议是哪天召开的？", "文本没有提到这一点。"),
        ("When was the meeting held?", "The text does not say."),
    ],
)
def test_a_reply_that_says_the_text_does_not_answer_is_shown_as_a_refusal(fluent, question, reply):
    say, _ = fluent
    answer = say(question[:6], reply).ask(question)
    assert answer.abstained and answer.citations == [] and answer.mode.startswith("llm:")


def test_the_scripted_server_sees_the_numbered_sources_and_the_question(fluent):
    say, model = fluent
    say("哪位", "參加會議的中國工程院院士是鄔賀銓。[@鄔賀銓]").ask("哪位中國工程院院士參加了會議？")
    prompt = model.requests[-1]["messages"][-1]["content"]
    assert '<source n="1"' in prompt and prompt.rstrip().endswith("哪位中國工程院院士參加了會議？")


def test_over_the_corpus_a_claim_from_the_other_meeting_is_dropped(corpus_assistant, scripted_model):
    """Two meetings, both with vice minister 陈肇雄 and academicians: a fluent reply that mixes them
    keeps only what the cited meeting's text says."""
    from scripted_llm import Script

    model, base_url, name = scripted_model
    assistant = Assistant(
        corpus_assistant.settings.model_copy(update={"llm": f"openai:{name}", "llm_base_url": base_url})
    )
    model.scripts = [
        Script(
            "座谈会",
            "2019年12月2日的座谈会上，中国工程院院士孙优贤、高金吉、李伯虎参加了座谈。[@孙优贤] "
            "中国工程院院士邬贺铨也参加了座谈。[@孙优贤] 座谈会由工业和信息化部部长陈肇雄主持。[@孙优贤] "
            "座谈会于4月23日召开。[@孙优贤]",
        )
    ]
    answer = assistant.ask("2019年12月2日的座谈会上，哪些中国工程院院士参加了？")
    assert answer.mode.startswith("llm:"), answer.notice
    assert "孙优贤、高金吉、李伯虎" in answer.text
    for wrong in ("邬贺铨", "部长陈肇雄", "4月23日"):
        assert wrong not in answer.text
    assert all(c.doc_id.startswith("2019-12-02") for c in answer.citations)
    assert_exact_quotes(answer, assistant)


def test_a_follow_up_is_condensed_by_the_model_then_answered_and_checked(fluent):
    say, model = fluent
    from scripted_llm import Script

    assistant = say("鄔賀銓是", "鄔賀銓是中國工程院院士。[@鄔賀銓] 他還是中國電信集團董事長。[@鄔賀銓]")
    model.scripts.append(Script("他是", "鄔賀銓是什麼職務？"))  # the condensed, standalone question
    answer = assistant.ask("他是什麼職務？", history=["哪位中國工程院院士參加了會議？"])
    prompts_sent = [r["messages"][-1]["content"] for r in model.requests]
    assert "Last question: 他是什麼職務？" in prompts_sent[0]
    assert prompts_sent[1].rstrip().endswith("鄔賀銓是什麼職務？")
    assert answer.mode.startswith("llm:") and "鄔賀銓是中國工程院院士" in answer.text
    assert "董事長" not in answer.text
    assert_exact_quotes(answer, assistant)


def test_recorded_replies_are_sent_as_recorded(fluent, tmp_path):
    from scripted_llm import load_scripts

    recorded = tmp_path / "replies.jsonl"
    recorded.write_text(
        '{"keyword": "哪天", "reply": "根據資料[1]，推進會於4月23日召開。[1] 會議共持續兩天。[1]"}\n', encoding="utf-8"
    )
    say, model = fluent
    assistant = say("unused", "")
    model.scripts = load_scripts(recorded)
    answer = assistant.ask("會議是哪天召開的？")
    assert "推進會於4月23日召開" in answer.text and "兩天" not in answer.text
    assert_exact_quotes(answer, assistant)


@pytest.mark.parametrize(
    ("status", "reply", "reason"),
    [(500, "", "模型服務沒有回應"), (503, "", "模型服務沒有回應"), (200, "", "沒有一句能與原文對上")],
    ids=["server-error", "unavailable", "empty-reply"],
)
def test_a_failing_server_or_an_empty_reply_gives_the_extractive_answer_with_a_note(fluent, status, reply, reason):
    say, model = fluent
    assistant = say("哪位", reply)
    model.status = status
    answer = assistant.ask("哪位中國工程院院士參加了會議？")
    assert answer.mode == "extractive-fallback" and reason in answer.notice and "鄔賀銓" in answer.text
