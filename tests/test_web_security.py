"""Who may reach the server, and what the page shows."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from app.answer import Answer, Citation
from app.cli import app
from app.web import check_bind, parse_auth, render_answer
from conftest import ANNOUNCEMENT
from index.errors import ConfigError
from ingest.pipeline import Ingestor
from web_driver import running_server


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "::", "example.org"])
def test_binding_beyond_loopback_without_a_login_is_refused(host):
    with pytest.raises(ConfigError, match="--auth"):
        check_bind(host, None)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_needs_no_login(host):
    check_bind(host, None)


def test_binding_beyond_loopback_with_a_login_is_allowed():
    check_bind("0.0.0.0", ("reader", "s3cret"))


@pytest.mark.parametrize("value", ["nopassword", ":x", "user:"])
def test_a_malformed_login_is_refused(value):
    with pytest.raises(ConfigError):
        parse_auth(value)


def test_serve_on_all_interfaces_without_auth_exits_with_the_reason():
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 1 and "without a login" in result.output


def test_answers_and_quotes_are_escaped_in_the_page():
    answer = Answer(
        text="<img src=x onerror=alert(1)> [1]",
        citations=[Citation(n=1, doc_id="d", title="t", date="", section="", start=0, end=5, text="<b>x</b>")],
    )
    html_out = render_answer(answer, "auto", "t1")
    assert "<img" not in html_out and "&lt;img" in html_out
    assert 'href="#pc-t1-1"' in html_out


def _post(url: str, payload: dict, auth: str | None = None) -> tuple[int, dict]:
    import base64
    import json
    import urllib.error
    import urllib.request

    headers = {"Content-Type": "application/json"}
    if auth:
        headers["Authorization"] = "Basic " + base64.b64encode(auth.encode()).decode()
    request = urllib.request.Request(url + "/api/ask", data=json.dumps(payload).encode(), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_a_server_with_a_login_refuses_clients_without_it(settings):
    import base64

    from gradio_client import Client

    Ingestor(settings).ingest([ANNOUNCEMENT])
    env = {"POLICY_CHAT_EMBED_MODEL": "hash:256", "POLICY_CHAT_AUTH": "reader:s3cret"}
    with running_server(settings.index_dir, extra_env=env) as url:
        with pytest.raises(Exception):  # noqa: B017 - any refusal will do; an answer would not
            Client(url, verbose=False).predict("四項舉措是什麼？", [], api_name="/ask")
        login = "Basic " + base64.b64encode(b"reader:s3cret").decode()
        client = Client(url, headers={"Authorization": login}, verbose=False)
        assert "加快設施建設" in client.predict("四項舉措是什麼？", [], api_name="/ask")["answer"]
        assert _post(url, {"question": "四項舉措是什麼？"})[0] == 401
        assert _post(url, {"question": "四項舉措是什麼？"}, "reader:wrong")[0] == 401
        status, body = _post(url, {"question": "四項舉措是什麼？"}, "reader:s3cret")
        assert status == 200 and len(body["citations"]) == 4


def test_the_json_api_answers_and_reports_bad_questions_as_400(settings):
    Ingestor(settings).ingest([ANNOUNCEMENT])
    with running_server(settings.index_dir, extra_env={"POLICY_CHAT_EMBED_MODEL": "hash:256"}) as url:
        status, body = _post(url, {"question": "哪位中國工程院院士參加了會議？"})
        assert status == 200 and "鄔賀銓" in body["answer"]
        assert set(body) == {"answer", "abstained", "citations", "latency_ms"}
        status, body = _post(url, {"question": "   "})
        assert status == 400 and "empty" in body["error"]


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\evil.md", "evil.md"),
        ("a<b>|c;rm -rf.TXT", "a_b_c_rm -rf.txt"),
        ("\u202eexe.txt", "exe.txt"),
        (".hidden.txt", "hidden.txt"),
        ("新材料 扶持辦法.txt", "新材料 扶持辦法.txt"),
    ],
)
def test_uploaded_file_names_stay_inside_the_upload_folder(given, stored):
    from app.web_docs import safe_name

    assert safe_name(given) == stored


def test_uploads_are_type_checked_by_content(tmp_path):
    import zipfile

    from app.web_docs import content_problem

    cases = {
        "real.pdf": (b"%PDF-1.7 ...", None),
        "fake.pdf": (b"hello", "not a PDF"),
        "fake.docx": (b"hello", "not a Word"),
        "image.txt": (b"\x89PNG\r\n\x1a\n....", "binary"),
        "nul.md": (b"abc\x00def", "binary"),
        "utf16.txt": ("\ufeff政策".encode("utf-16"), None),
        "plain.html": ("<p>政策</p>".encode(), None),
    }
    for name, (data, problem) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        found = content_problem(path, path.suffix)
        assert (found is None) if problem is None else (problem in found), name
    docx = tmp_path / "real.docx"
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert content_problem(docx, ".docx") is None


def test_a_quote_is_placed_by_paragraph_not_by_character_offsets():
    from app.web_render import paragraph_number

    document = "標題\n\n第一段。\n\n第二段，有引文。\n\n\n第三段。"
    assert paragraph_number(document, document.index("引文")) == 3
    assert paragraph_number(document, 0) == 1
    assert paragraph_number(document, document.index("第三段")) == 4


def test_an_upload_is_ingested_with_progress_and_each_file_gets_its_outcome(assistant, tmp_path):
    from app.web_docs import ingest_uploads, upload_dir
    from app.web_settings import WebSettings

    good = tmp_path / "good.txt"
    good.write_text("新規定\n\n2026-01-01\n\n一、內容\n\n本規定要求每年報告一次。\n", encoding="utf-8")
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    steps = []
    rows = ingest_uploads(
        assistant, WebSettings(), [str(good), str(empty)], lambda d, done, total: steps.append((done, total))
    )
    assert rows[0] == ("empty.md", "failed", "the file is empty")
    assert rows[1][:2] == ("good.txt", "added")
    assert steps and steps[-1] == (1, 1)  # the page's progress bar reaches the end
    assert not good.exists() and not empty.exists()  # the uploaded copies are not kept where Gradio put them
    assert [p.name for p in upload_dir(assistant.settings).iterdir()] == ["good.txt"]
    assert any(d["title"] == "新規定" for d in assistant.documents())


def test_an_upload_over_the_size_limit_or_of_another_type_is_refused_up_front(tmp_path):
    from app.web_docs import _check
    from app.web_settings import WebSettings

    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (2 * 2**20 + 1))
    assert "over the 2 MiB limit" in _check(big, "big.txt", WebSettings(max_upload_file_bytes=2 * 2**20))
    assert "unsupported type '.exe'" in _check(big, "tool.exe", WebSettings())


def test_admin_and_reader_logins():
    from app.web import logins_for

    logins = logins_for(("reader", "r"), ("editor", "e"))
    assert logins.may_edit("editor") and not logins.may_edit("reader") and not logins.may_edit(None)
    anyone = logins_for(("reader", "r"), None)
    assert anyone.may_edit("reader")
    assert logins_for(None, None) is None
    with pytest.raises(ConfigError, match="same user"):
        logins_for(("same", "a"), ("same", "b"))


def test_an_admin_login_alone_allows_binding_beyond_loopback(monkeypatch):
    import app.web as web

    started = []
    monkeypatch.setattr(web, "create_app", lambda *a, **k: started.append(a) or None)
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: None)

    class Stub:
        def warm_up(self) -> None:
            pass

    web.serve(Stub(), host="0.0.0.0", admin="editor:e")
    assert started and started[0][2] == ("editor", "e")
