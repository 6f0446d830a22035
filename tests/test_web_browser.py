"""The web chat end to end in a real browser (Debian's Chromium through Playwright).

One `policy-chat serve` (no login: a read-only page) for the whole module, over the announcement
and a document full of markup. Answers are compared with ``POST /api/ask`` rather than with fixed
text where the answerer decides, since it is being improved separately.
"""

from __future__ import annotations

import json
import os
import urllib.request
from pathlib import Path

import pytest

from app.feedback import final_votes, load
from conftest import ANNOUNCEMENT, ROOT
from index.settings import Settings
from ingest.pipeline import Ingestor
from web_driver import CHROMIUM, answer_text, ask, browser_page, running_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is installed by `make test`"),
]

INJECTION = """網絡安全測試文件

2021-01-01

一、注入測試

本文件含有腳本標籤<script>window.__pwned = 1</script>和圖片標籤<img src=x onerror="window.__pwned = 2">，用於測試網頁轉義。
"""
SHOTS = os.environ.get("POLICY_CHAT_SCREENSHOT_DIR")  # `make screenshot` regenerates docs/ from these tests


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("web-browser")
    settings = Settings(index_dir=root / "index", embed_model="hash:256")
    injection = root / "injection.txt"
    injection.write_text(INJECTION, encoding="utf-8")
    Ingestor(settings).ingest([ANNOUNCEMENT, injection])
    with running_server(settings.index_dir, extra_env={"POLICY_CHAT_EMBED_MODEL": "hash:256"}) as url:
        yield url, settings


@pytest.fixture
def page(served):
    with browser_page() as page:
        page.goto(served[0])
        page.locator("#pc-question textarea").wait_for(state="visible", timeout=60_000)
        yield page


def api_answer(url: str, question: str, history: list[str]) -> str:
    body = json.dumps({"question": question, "history": history}).encode()
    request = urllib.request.Request(url + "/api/ask", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return " ".join(json.loads(response.read())["answer"].split())


def turn_id(turn) -> str:
    """The turn's id, as its first marker links it (#pc-<id>-1)."""
    return turn.locator("a.pc-cite").first.get_attribute("href").split("-")[1]


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"]


def test_a_person_asks_checks_the_citation_meets_a_refusal_and_markup_stays_text(page, served):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    turn = ask(page, "哪位中國工程院院士參加了會議？", expect="鄔賀銓")
    turn.locator("a.pc-cite").first.click()
    source = page.locator("#pc-sources .pc-source.pc-active")
    source.wait_for(state="visible")
    assert "中國工程院院士鄔賀銓" in source.locator("mark").inner_text()
    meta = source.locator(".pc-meta").inner_text()
    assert "工信部四舉措推動工業互聯網加快發展" in meta and "2020-04-24" in meta and "paragraph " in meta
    assert "chars" not in meta

    refusal = ask(page, "這項政策的財政預算是多少？", expect="文本沒有提到這一點")
    assert refusal.locator(".pc-answer-abstained").count() == 1
    assert "預算" in refusal.locator(".pc-notice").inner_text()  # the words that found nothing, to reword

    ask(page, "注入測試文件裡的腳本標籤是什麼？", expect="script")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None and not dialogs
    assert "<script>" in page.locator("#pc-chat").inner_text() + page.locator("#pc-sources").inner_text()
    assert page.locator("#pc-sources img, #pc-chat .pc-turn img").count() == 0
    labels = page.evaluate(
        "Array.from(document.querySelectorAll('#pc-chat [aria-label]')).map(e => e.getAttribute('aria-label'))"
    )
    assert any("鄔賀銓" in label for label in labels)
    assert not any("<a " in label or "<div" in label for label in labels)

    page.locator("#pc-comment textarea").fill("引文清楚")  # a comment typed before the vote goes with it
    page.locator("#pc-chat button[aria-label='Like']").first.click()
    page.locator("#pc-feedback-status").get_by_text("with your comment").wait_for(timeout=10_000)
    (entry,) = [e for e in load(served[1]).entries if e["answer_id"] == turn_id(turn)]
    assert (entry["rating"], entry["comment"], entry["question"]) == (
        "up",
        "引文清楚",
        "哪位中國工程院院士參加了會議？",
    )


def test_enter_sends_and_shift_enter_makes_a_new_line(page):
    box = page.locator("#pc-question textarea")
    box.fill("四項舉措")
    box.press("Shift+Enter")
    box.type("是什麼？")
    assert box.input_value() == "四項舉措\n是什麼？"
    assert page.locator("#pc-chat .pc-turn").count() == 0
    box.press("Enter")
    page.locator("#pc-chat .pc-turn").first.wait_for(timeout=30_000)
    assert "完善政策環境" in answer_text(page.locator("#pc-chat .pc-turn").first)
    assert box.input_value() == ""


def test_follow_ups_in_the_page_get_the_answer_the_api_gives_with_the_same_history(page, served):
    url = served[0]
    conversations = [
        ("哪位中國工程院院士參加了會議？", "他是什麼職務？"),  # a pronoun
        ("第一項舉措是什麼？", "下一項呢？"),  # an ordinal
        ("加快設施建設包括什麼？", "那政策環境呢？"),
    ]
    history_mattered = False
    for first, follow_up in conversations:
        page.locator("#pc-new").click()
        page.wait_for_function("document.querySelectorAll('#pc-chat .pc-turn').length === 0")
        ask(page, first, enter=True)
        shown = answer_text(ask(page, follow_up, enter=True))
        assert shown == api_answer(url, follow_up, [first]), (first, follow_up)
        history_mattered |= shown != api_answer(url, follow_up, [])
    assert history_mattered, "no follow-up here depends on its history, so this test could not fail"


def test_an_old_marker_opens_its_own_answers_quote_and_the_question_box_stays(page):
    first = ask(page, "哪位中國工程院院士參加了會議？", expect="鄔賀銓")
    ask(page, "四項舉措是什麼？", expect="完善政策環境")
    ask(page, "這項政策的財政預算是多少？", expect="文本沒有提到這一點")
    panel = page.locator("#pc-sources")
    assert "加快設施建設" in panel.inner_text()  # the latest answer with sources
    first.locator("a.pc-cite").first.click()
    active = panel.locator(".pc-source.pc-active")
    active.wait_for(state="visible")
    assert "鄔賀銓" in active.locator("mark").inner_text()
    assert "加快設施建設" not in panel.inner_text()
    assert in_viewport(page, page.locator("#pc-question textarea"))
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "chat.png"))


def test_feedback_after_clearing_the_chat_goes_to_the_answer_it_was_given_on(page, served):
    settings = served[1]
    ask(page, "哪位中國工程院院士參加了會議？", expect="鄔賀銓")
    ask(page, "四項舉措是什麼？", expect="完善政策環境")
    page.locator("#pc-chat button[aria-label='Clear']").click()
    page.wait_for_function("document.querySelectorAll('#pc-chat .pc-turn').length === 0")
    page.locator("#pc-sources").get_by_text("click a [n] marker").wait_for(timeout=10_000)  # the old sources go too

    turn = ask(page, "工信部推动工业互联网的四项举措是什么？", expect="加快设施建设")
    answer_id = turn_id(turn)
    page.locator("#pc-chat button[aria-label='Like']").first.click()
    status = page.locator("#pc-feedback-status")
    status.get_by_text("feedback.jsonl").wait_for(timeout=10_000)
    page.locator("#pc-comment textarea").fill("清楚")
    page.locator("#pc-comment textarea").press("Enter")
    status.get_by_text("with your comment").wait_for(timeout=10_000)
    page.locator("#pc-chat button[aria-label='Liked']").first.click()  # withdraw …
    status.get_by_text("vote withdrawn").wait_for(timeout=10_000)
    page.locator("#pc-chat button[aria-label='Dislike']").first.click()  # … and vote down instead
    status.get_by_text("“down”").wait_for(timeout=10_000)

    mine = [e for e in load(settings).entries if e["answer_id"] == answer_id]
    assert {e["question"] for e in mine} == {"工信部推动工业互联网的四项举措是什么？"}
    assert all(e["history"] == [] for e in mine)  # the cleared turns are not its history
    assert [e["rating"] for e in mine] == ["up", "up", None, "down"]
    (final,) = [e for e in final_votes(load(settings).entries) if e["answer_id"] == answer_id]
    assert final["rating"] == "down" and final["comment"] == "清楚"
    status_box, panel_box = status.bounding_box(), page.locator("#pc-sources").bounding_box()
    assert (
        status_box["x"] + status_box["width"] <= panel_box["x"]
        or status_box["y"] >= panel_box["y"] + panel_box["height"]
    )


def test_the_script_switch_re_renders_the_answers_on_screen_and_leaves_quotes_alone(page):
    first = ask(page, "哪位中國工程院院士參加了會議？", expect="中國工程院院士鄔賀銓")
    second = ask(page, "四項舉措是什麼？", expect="加快設施建設")
    page.locator("#pc-script").get_by_text("简", exact=True).click()
    page.get_by_text("中国工程院院士邬贺铨").first.wait_for(timeout=10_000)
    assert "加快设施建设" in answer_text(second)
    assert "中国工程院院士邬贺铨" in answer_text(first)
    first.locator("a.pc-cite").first.click()
    assert "中國工程院院士鄔賀銓" in page.locator("#pc-sources .pc-source.pc-active mark").inner_text()
    page.locator("#pc-script").get_by_text("繁", exact=True).click()
    page.get_by_text("中國工程院院士鄔賀銓").first.wait_for(timeout=10_000)


def test_an_over_long_question_gets_the_apis_message_and_stays_in_the_box(page, served):
    question = "工" * 1001
    box = page.locator("#pc-question textarea")
    box.fill(question)
    counter = page.locator("#pc-count .pc-counter")
    assert "1001 / 1000" in counter.inner_text() and "over the limit" in counter.inner_text()
    turn = ask(page, question, enter=True)
    assert "The question is 1001 characters long; the limit is 1000." in answer_text(turn)
    assert box.input_value() == question  # nothing lost: shorten it and send again


def test_a_bad_question_gets_a_short_message_in_the_chat_and_the_page_carries_on(page):
    ask(page, "   ", expect="The question is empty")
    assert "Traceback" not in page.locator("#pc-chat").inner_text()
    ask(page, "哪位中國工程院院士參加了會議？", expect="鄔賀銓")


def test_without_a_login_the_page_is_read_only_and_uploads_are_refused(page, served):
    page.locator("#pc-documents").get_by_text("Documents").first.click()
    page.locator("#pc-read-only").wait_for(state="visible")
    assert "工信部四舉措推動工業互聯網加快發展" in page.locator("#pc-doc-table").inner_text()
    assert page.locator("#pc-upload").count() == 0 and page.locator("#pc-remove").count() == 0
    response = page.request.post(
        served[0] + "/gradio_api/upload",
        multipart={"files": {"name": "x.txt", "mimeType": "text/plain", "buffer": "新文件".encode()}},
    )
    assert response.status == 403


def test_on_a_phone_a_marker_opens_its_quote_in_place(served):
    with browser_page(390, 844, mobile=True) as page:
        page.goto(served[0])
        page.locator("#pc-question textarea").wait_for(state="visible", timeout=60_000)
        turn = ask(page, "四項舉措是什麼？", expect="完善政策環境", enter=True)
        assert not page.locator("#pc-side").is_visible()
        before = page.evaluate("window.scrollY")
        turn.locator("a.pc-cite").nth(1).click()
        active = turn.locator(".pc-source.pc-active")
        active.wait_for(state="visible")
        assert "二、深化融合應用" in active.locator("mark").inner_text()
        assert turn.locator("details").evaluate("d => d.open")
        assert in_viewport(page, active)
        assert abs(page.evaluate("window.scrollY") - before) < 100  # no jump to the bottom of the page
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / "chat-phone.png"))


def test_the_screenshots_in_docs_exist():
    assert (ROOT / "docs" / "chat.png").exists() and (ROOT / "docs" / "chat-phone.png").exists()
