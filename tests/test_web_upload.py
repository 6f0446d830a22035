"""Documents from the page, with a login (real Chromium): upload, ingest, answer, per-file errors, remove.

One `policy-chat serve --auth reader:… --admin editor:…` for the module.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ANNOUNCEMENT
from index.settings import Settings
from ingest.pipeline import Ingestor
from web_driver import CHROMIUM, ask, browser_page, running_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is installed by `make test`"),
]
READER, ADMIN = ("reader", "s3cret"), ("editor", "adm1n")
QUESTION = "石墨烯示範企業有什麼獎勵？"
NEW_POLICY = """新材料產業扶持辦法

2026-11-01

一、扶持對象

本辦法扶持對象為石墨烯示範企業，每家企業最高獎勵三百萬元。
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    settings = Settings(index_dir=tmp_path_factory.mktemp("web-upload") / "index", embed_model="hash:256")
    Ingestor(settings).ingest([ANNOUNCEMENT])
    env = {
        "POLICY_CHAT_EMBED_MODEL": "hash:256",
        "POLICY_CHAT_AUTH": ":".join(READER),
        "POLICY_CHAT_ADMIN": ":".join(ADMIN),
    }
    with running_server(settings.index_dir, extra_env=env) as url:
        yield url, settings


def open_documents(page, url: str) -> None:
    page.goto(url)
    page.locator("#pc-question textarea").wait_for(state="visible", timeout=60_000)
    page.locator("#pc-documents").get_by_text("Documents").first.click()


def test_an_upload_becomes_answerable_bad_files_are_named_and_a_document_can_be_removed(served, tmp_path):
    url, settings = served
    good = tmp_path / "新材料 扶持辦法.txt"
    good.write_text(NEW_POLICY, encoding="utf-8")
    binary = tmp_path / "looks-like-text.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    fake_pdf = tmp_path / "fake.pdf"
    fake_pdf.write_text("just text", encoding="utf-8")
    with browser_page(login=ADMIN) as page:
        open_documents(page, url)
        ask(page, QUESTION, expect="文本沒有提到")  # not answerable before the upload
        page.locator("#pc-upload input[type=file]").set_input_files([str(good), str(binary), str(fake_pdf)])
        page.locator("#pc-add").click()
        report = page.locator("#pc-ingest-report")
        report.get_by_text("added").wait_for(timeout=60_000)
        text = report.inner_text()
        assert "looks-like-text.txt: failed — is a binary file, not text" in text
        assert "fake.pdf: failed — is not a PDF" in text
        assert "新材料產業扶持辦法" in page.locator("#pc-doc-table").inner_text()
        stored = list((settings.index_dir / "uploads" / "default").iterdir())
        assert [p.name for p in stored] == ["新材料 扶持辦法.txt"]  # only the good file is kept, under the index

        ask(page, QUESTION, expect="三百萬元")
        assert page.request.get(url + "/gradio_api/file=" + str(stored[0])).status == 404  # never served back

        page.locator("#pc-remove-pick input").click()
        page.get_by_role("option", name="新材料產業扶持辦法").click()
        page.locator("#pc-remove").click()
        report.get_by_text("Removed").wait_for(timeout=30_000)
        assert "新材料產業扶持辦法" not in page.locator("#pc-doc-table").inner_text()
        assert not stored[0].exists()
        ask(page, QUESTION, expect="文本沒有提到")


def test_a_login_that_may_not_edit_sees_no_upload_and_is_refused(served):
    url, _ = served
    with browser_page(login=READER) as page:
        open_documents(page, url)
        page.locator("#pc-not-editor").wait_for(state="visible", timeout=10_000)
        assert not page.locator("#pc-upload").is_visible()
        files = {"files": {"name": "x.txt", "mimeType": "text/plain", "buffer": "新文件".encode()}}
        assert page.request.post(url + "/gradio_api/upload", multipart=files).status == 403
    with browser_page() as page:  # no login at all: the browser gets the login challenge, nothing else
        response = page.request.get(url)
        assert response.status == 401 and response.headers["www-authenticate"].startswith("Basic")
