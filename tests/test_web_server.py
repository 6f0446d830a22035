"""The server's edge against an attacker and a careless operator (issue 14: items 4, 5, 10, 12, 13, 15, 16).

One in-process server per module (uvicorn in a thread) over the announcement, hash embedder.
"""

from __future__ import annotations

import base64
import json
import logging
import socket
import threading
import time

import httpx
import pytest
from starlette.routing import Mount
from typer.testing import CliRunner

from app.cli import app as cli
from app.web import create_app
from app.web_guard import Guard
from app.web_settings import WebSettings
from conftest import ANNOUNCEMENT
from index.settings import Settings
from ingest.pipeline import Ingestor
from web_driver import serving_in_thread

LOGIN = ("reader", "s3cret")
ADMIN = ("editor", "adm1n")


@pytest.fixture(scope="module")
def module_settings(tmp_path_factory) -> Settings:
    settings = Settings(index_dir=tmp_path_factory.mktemp("web-server") / "index", embed_model="hash:256")
    Ingestor(settings).ingest([ANNOUNCEMENT])
    return settings


@pytest.fixture(scope="module")
def assistant(module_settings):
    from app.assistant import Assistant

    return Assistant(module_settings)


@pytest.fixture(scope="module")
def guarded(assistant):
    """A server with --auth reader:… and --admin editor:…, small limits so tests stay fast."""
    web = WebSettings(max_body_bytes=64 * 1024, max_parallel_answers=1)
    with serving_in_thread(create_app(assistant, LOGIN, ADMIN, web)) as url:
        yield url


@pytest.fixture(scope="module")
def open_server(assistant):
    """No login: loopback, read-only page."""
    with serving_in_thread(create_app(assistant, None, None, WebSettings(max_body_bytes=64 * 1024))) as url:
        yield url


def basic(user_password: tuple[str, str]) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(":".join(user_password).encode()).decode()}


def post_ask(url: str, content: bytes, login=LOGIN, timeout: float = 30) -> httpx.Response:
    headers = {"Content-Type": "application/json", **(basic(login) if login else {})}
    return httpx.post(url + "/api/ask", content=content, headers=headers, timeout=timeout)


def raw_request(url: str, head: str, body: bytes = b"", wait: float = 5) -> str:
    """Send exactly these bytes; return the first response (headers and its Content-Length of body)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as s:
        s.sendall(head.encode() + b"\r\n" + body)
        data = b""
        while b"\r\n\r\n" not in data:
            data += s.recv(65536)
        header, _, rest = data.partition(b"\r\n\r\n")
        length = next(
            (int(line.split(b":")[1]) for line in header.split(b"\r\n") if line.lower().startswith(b"content-length")),
            0,
        )
        while len(rest) < length:
            rest += s.recv(65536)
    return (header + b"\r\n\r\n" + rest).decode(errors="replace")


# --- item 13: every route behind --auth except /health ----------------------------------------


def all_routes(app) -> list[tuple[str, str]]:
    """(method, path) of every route of the app, Gradio's included routers and mounts walked."""
    found: list[tuple[str, str]] = []

    def walk(node, prefix: str) -> None:
        for route in getattr(node, "routes", []):
            path = prefix + (getattr(route, "path", "") or "")
            if hasattr(route, "original_router"):
                walk(route.original_router, prefix)
            elif isinstance(route, Mount):
                walk(route.app, path)
            else:
                for method in sorted(getattr(route, "methods", None) or {"GET"}):
                    found.append((method, path))

    walk(app, "")
    return found


def test_every_route_needs_the_login_except_health(guarded, assistant):
    import re

    routes = all_routes(create_app(assistant, LOGIN).app)
    assert len(routes) > 60 and ("POST", "/gradio_api/queue/join") in routes
    opened = []
    for method, path in routes:
        concrete = re.sub(r"\{[^}]+\}", "x", path)
        response = httpx.request(method, guarded + concrete, timeout=10)
        if response.status_code != 401:
            opened.append((method, path, response.status_code))
    assert opened == [("GET", "/health", 200)]
    assert httpx.get(guarded + "/health", timeout=10).json() == {"status": "ok"}


def test_with_the_login_the_page_and_the_api_answer(guarded):
    assert httpx.get(guarded + "/", headers=basic(LOGIN), timeout=10).status_code == 200
    response = post_ask(guarded, json.dumps({"question": "四項舉措是什麼？"}).encode())
    assert response.status_code == 200 and len(response.json()["citations"]) == 4
    assert post_ask(guarded, b'{"question": "x"}', login=("reader", "wrong")).status_code == 401


def test_the_api_description_and_gradio_extras_are_off_even_with_the_login(guarded):
    for path in ("/openapi.json", "/gradio_api/openapi.json", "/monitoring", "/gradio_api/proxy=http://x"):
        assert httpx.get(guarded + path, headers=basic(LOGIN), timeout=10).status_code == 404, path


def test_uploads_are_refused_without_a_login_that_may_edit(guarded, open_server):
    files = {"files": ("a.txt", b"text", "text/plain")}
    assert httpx.post(open_server + "/gradio_api/upload", files=files, timeout=10).status_code == 403
    response = httpx.post(guarded + "/gradio_api/upload", files=files, headers=basic(LOGIN), timeout=10)
    assert response.status_code == 403 and "--admin" in response.json()["error"]
    response = httpx.post(guarded + "/gradio_api/upload", files=files, headers=basic(ADMIN), timeout=10)
    assert response.status_code == 200


def test_uploaded_files_are_never_served_back(guarded):
    response = httpx.get(guarded + "/gradio_api/file=/etc/hostname", headers=basic(ADMIN), timeout=10)
    assert response.status_code == 404


# --- item 5: the body limit comes first, before reading and independent of the login -----------


@pytest.mark.parametrize("login", [None, LOGIN])
def test_a_huge_declared_body_is_refused_before_it_is_read(guarded, login):
    auth = f"Authorization: {basic(login)['Authorization']}\r\n" if login else ""
    head = (
        "POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"{auth}Content-Length: 40000000\r\nConnection: close\r\n"
    )
    started = time.perf_counter()
    reply = raw_request(guarded, head, b'{"question": "', wait=5)  # 14 of 40,000,000 bytes sent
    assert reply.startswith("HTTP/1.1 413"), reply[:200]
    assert time.perf_counter() - started < 3
    assert '"error"' in reply


def test_a_chunked_body_that_grows_past_the_limit_is_refused(guarded):
    def body():
        yield b'{"question": "'
        for _ in range(40):
            yield b"x" * 4096

    headers = {"Content-Type": "application/json", **basic(LOGIN)}
    response = httpx.post(guarded + "/api/ask", content=body(), headers=headers, timeout=10)
    assert response.status_code == 413 and "limit" in response.json()["error"]


# --- items 16 and 10: malformed bodies get {"error"}, never an echo or a 500 --------------------


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"not json", "not valid JSON"),
        (b"[1, 2]", "JSON object"),
        (b"{}", '"question"'),
        (b'{"question": 5}', '"question"'),
        (b'{"question": "q", "history": "q"}', "history"),
        (b'{"question": "q", "history": [1]}', "history"),
        (b'{"question": "\\ud800"}', "surrogate"),
        (b'{"question": "ok", "history": ["\\udfff"]}', "History entry 1"),
        (b'{"question": "\xff\xfe"}', "UTF-8"),
    ],
)
def test_malformed_bodies_get_the_documented_error_shape(guarded, body, says):
    response = post_ask(guarded, body)
    assert response.status_code == 400
    assert list(response.json()) == ["error"] and says in response.json()["error"]


def test_an_invalid_body_is_not_echoed_back(guarded):
    response = post_ask(guarded, b'{"question": ' + b"9" * 60_000)
    assert response.status_code == 400 and len(response.content) < 500


def test_a_lone_surrogate_is_a_logged_400_and_without_login_a_401(guarded, caplog):
    with caplog.at_level(logging.INFO, logger="policy_chat.web"):
        assert post_ask(guarded, b'{"question": "\\ud800"}').status_code == 400
    assert any("surrogate" in r.getMessage() for r in caplog.records)
    assert post_ask(guarded, b'{"question": "\\ud800"}', login=None).status_code == 401


# --- item 4: history has the question's limits, and work for a client that left is dropped -----


def test_history_is_limited_in_count_and_in_length_per_entry(guarded):
    too_many = post_ask(guarded, json.dumps({"question": "第三項呢？", "history": ["四項舉措是什麼？"] * 51}).encode())
    assert too_many.status_code == 400 and "the limit is 50" in too_many.json()["error"]
    too_long = post_ask(guarded, json.dumps({"question": "第三項呢？", "history": ["政" * 5_000]}).encode())
    assert too_long.status_code == 400 and "History entry 1 is 5000 characters" in too_long.json()["error"]
    fine = post_ask(guarded, json.dumps({"question": "第三項呢？", "history": ["四項舉措是什麼？"]}).encode())
    assert fine.status_code == 200 and "加強科技創新" in fine.json()["answer"]


def test_gradios_ask_route_has_the_same_history_rule(guarded):
    headers = {"Content-Type": "application/json", **basic(LOGIN)}
    body = json.dumps({"data": ["第三項呢？", ["四項舉措是什麼？"] * 51]})
    event = httpx.post(guarded + "/gradio_api/call/ask", content=body, headers=headers, timeout=10).json()["event_id"]
    stream = httpx.get(f"{guarded}/gradio_api/call/ask/{event}", headers=basic(LOGIN), timeout=30).text
    assert "event: error" in stream and "the limit is 50" in stream


def test_a_client_that_leaves_while_waiting_costs_no_answer(assistant, monkeypatch):
    calls = []
    real_ask = assistant.ask

    def slow_ask(question, history=None, on_progress=None):
        calls.append(question)
        time.sleep(1.5)
        return real_ask(question, history)

    monkeypatch.setattr(assistant, "ask", slow_ask)
    with serving_in_thread(create_app(assistant, None, None, WebSettings(max_parallel_answers=1))) as url:
        first = threading.Thread(target=post_ask, args=(url, '{"question": "四項舉措是什麼？"}'.encode(), None))
        first.start()
        time.sleep(0.3)
        with pytest.raises(httpx.ReadTimeout):  # this client gives up while the first holds the only slot
            post_ask(url, '{"question": "第二個問題？"}'.encode(), None, timeout=0.5)
        first.join()
        time.sleep(0.5)
    assert calls == ["四項舉措是什麼？"]


def test_generation_stops_when_its_client_leaves(assistant, monkeypatch):
    tokens: list[int] = []
    stopped = threading.Event()

    def generating_ask(question, history=None, on_progress=None):
        try:
            for n in range(1, 31):  # an LLM writing 30 tokens, 0.1 s each
                time.sleep(0.1)
                on_progress(n)
                tokens.append(n)
        except Exception:
            stopped.set()
            raise
        raise AssertionError("generation ran to the end although its client had left")

    monkeypatch.setattr(assistant, "ask", generating_ask)
    with serving_in_thread(create_app(assistant)) as url:
        with pytest.raises(httpx.ReadTimeout):
            post_ask(url, '{"question": "四項舉措是什麼？"}'.encode(), None, timeout=0.5)
        assert stopped.wait(5)
    assert len(tokens) < 15


# --- item 15 (web half): every 500 leaves a log line with its cause ------------------------------


def test_a_failing_answer_is_a_500_in_the_error_shape_with_its_cause_logged(assistant, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("collection vanished")

    monkeypatch.setattr(assistant, "ask", broken)
    with serving_in_thread(create_app(assistant)) as url, caplog.at_level(logging.ERROR, logger="policy_chat.web"):
        response = post_ask(url, b'{"question": "q"}', None)
    assert response.status_code == 500 and "RuntimeError" in response.json()["error"]
    assert any("collection vanished" in r.getMessage() for r in caplog.records)


def test_an_exception_escaping_any_route_is_logged_and_answered_in_the_error_shape(caplog):
    async def failing_app(scope, receive, send):
        raise KeyError("no such thing")

    guard = Guard(failing_app, None, max_body=1000, max_upload=1000, may_upload=lambda _user: False)
    with serving_in_thread(guard) as url, caplog.at_level(logging.ERROR, logger="policy_chat.web"):
        response = httpx.get(url + "/anything", timeout=10)
    assert response.status_code == 500 and "KeyError" in response.json()["error"]
    assert any("no such thing" in r.getMessage() for r in caplog.records)


# --- item 12: ports ------------------------------------------------------------------------------


@pytest.mark.parametrize("port", ["99999", "0", "-1", "65536"])
def test_a_port_outside_1_to_65535_is_refused_with_the_range(port):
    result = CliRunner().invoke(cli, ["serve", "--port", port])
    said = " ".join(result.output.replace("│", " ").split())
    assert result.exit_code == 2 and "Invalid value for '--port'" in said
    assert ("less than or equal to 65535" in said) or ("greater than or equal to 1" in said)


def test_a_malformed_admin_login_is_refused():
    result = CliRunner().invoke(cli, ["serve", "--admin", "nopassword"])
    assert result.exit_code == 1 and "--admin must look like user:password" in result.output
