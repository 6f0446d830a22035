"""The web chat end to end in a real browser (Debian's Chromium through Playwright)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import ANNOUNCEMENT, ROOT
from ingest.pipeline import Ingestor
from web_driver import CHROMIUM, ask, browser_page, running_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is installed by `make test`"),
]

INJECTION = """網絡安全測試文件

2021-01-01

一、注入測試

本文件含有腳本標籤<script>window.__pwned = 1</script>和圖片標籤<img src=x onerror="window.__pwned = 2">，用於測試網頁轉義。
"""


@pytest.fixture
def served(settings, tmp_path):
    injection = tmp_path / "injection.txt"
    injection.write_text(INJECTION, encoding="utf-8")
    Ingestor(settings).ingest([ANNOUNCEMENT, injection])
    with running_server(settings.index_dir, extra_env={"POLICY_CHAT_EMBED_MODEL": "hash:256"}) as url:
        yield url, settings


def test_a_person_asks_checks_the_citation_meets_a_refusal_and_leaves_feedback(served):
    url, settings = served
    with browser_page() as page:
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(url)
        page.locator("#pc-question textarea").wait_for(state="visible", timeout=60_000)

        ask(page, "哪位中國工程院院士參加了會議？", expect="鄔賀銓")
        page.locator("#pc-chat a.pc-cite").first.click()
        source = page.locator("#src-1")
        source.wait_for(state="visible")
        assert "中國工程院院士鄔賀銓" in source.locator("mark").inner_text()
        assert "工信部四舉措推動工業互聯網加快發展" in source.inner_text()
        if os.environ.get("POLICY_CHAT_SCREENSHOT"):
            page.screenshot(path=os.environ["POLICY_CHAT_SCREENSHOT"], full_page=True)

        ask(page, "這項政策的財政預算是多少？", expect="文本沒有提到這一點")
        assert page.locator("#pc-chat .pc-answer-abstained").count() >= 1

        ask(page, "注入測試文件裡的腳本標籤是什麼？", expect="script")
        page.wait_for_timeout(500)
        assert page.evaluate("window.__pwned") is None
        assert not dialogs
        assert "<script>" in page.locator("#pc-chat").inner_text() + page.locator("#pc-sources").inner_text()
        assert page.locator("#pc-sources img").count() == 0

        page.locator("#pc-comment textarea").fill("清楚")
        page.locator("#pc-chat button[aria-label='Like']").first.click()
        feedback = settings.collection_dir() / "feedback.jsonl"
        page.wait_for_timeout(1500)
        entries = [json.loads(line) for line in feedback.read_text(encoding="utf-8").splitlines()]
        assert entries[0]["rating"] == "up"
        assert "鄔賀銓" in entries[0]["answer"]
        assert entries[0]["comment"] == "清楚"


def test_a_follow_up_in_the_page_uses_the_conversation_and_new_conversation_clears_it(served):
    url, _ = served
    with browser_page() as page:
        page.goto(url)
        page.locator("#pc-question textarea").wait_for(state="visible", timeout=60_000)
        ask(page, "四項舉措是什麼？", expect="完善政策環境")
        ask(page, "第三項呢？", expect="加快建立工業互聯網共性技術體系")
        page.locator("#pc-new").click()
        page.wait_for_timeout(500)
        assert "完善政策環境" not in page.locator("#pc-chat").inner_text()


def test_a_bad_question_gets_a_short_message_in_the_chat_and_the_server_carries_on(served):
    url, _ = served
    with browser_page() as page:
        page.goto(url)
        page.locator("#pc-question textarea").wait_for(state="visible", timeout=60_000)
        ask(page, "   ", expect="The question is empty")
        assert "Traceback" not in page.locator("#pc-chat").inner_text()
        ask(page, "哪位中國工程院院士參加了會議？", expect="鄔賀銓")


def test_the_screenshot_in_docs_exists():
    assert (ROOT / "docs" / "chat.png").exists()
