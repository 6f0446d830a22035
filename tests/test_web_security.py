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
    html_out = render_answer(answer, "auto")
    assert "<img" not in html_out and "&lt;img" in html_out
    assert '<a href="#src-1"' in html_out


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
    from gradio_client import Client

    Ingestor(settings).ingest([ANNOUNCEMENT])
    env = {"POLICY_CHAT_EMBED_MODEL": "hash:256", "POLICY_CHAT_AUTH": "reader:s3cret"}
    with running_server(settings.index_dir, extra_env=env) as url:
        with pytest.raises(Exception):  # noqa: B017 - any refusal will do; an answer would not
            Client(url, verbose=False).predict("四項舉措是什麼？", [], api_name="/ask")
        client = Client(url, auth=("reader", "s3cret"), verbose=False)
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
