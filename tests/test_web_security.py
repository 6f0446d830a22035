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


def test_a_server_with_a_login_refuses_clients_without_it(settings):
    from gradio_client import Client

    Ingestor(settings).ingest([ANNOUNCEMENT])
    env = {"POLICY_CHAT_EMBED_MODEL": "hash:256", "POLICY_CHAT_AUTH": "reader:s3cret"}
    with running_server(settings.index_dir, extra_env=env) as url:
        with pytest.raises(Exception):  # noqa: B017 - any refusal will do; an answer would not
            Client(url, verbose=False).predict("四項舉措是什麼？", [], api_name="/ask")
        client = Client(url, auth=("reader", "s3cret"), verbose=False)
        assert "加快設施建設" in client.predict("四項舉措是什麼？", [], api_name="/ask")["answer"]
