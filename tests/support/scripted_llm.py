"""A scripted OpenAI-compatible chat server on 127.0.0.1: fluent replies chosen by the question.

The tiny random model (tiny_llm.py) only ever produces noise. Real models reply fluently and are
wrong in quieter ways: a right claim next to an invented one, a wrong count, a wrong date, a person
who is not in the text, a real person with the wrong title. This server stands in for such a model
so the citation checks can be tested on those replies, fast and without weights.

A reply is picked by the first script whose keyword occurs in the request's question (the text
after the prompt's last "Question:" / "问题：" / "問題："), so a test controls what the "model" says.
Inside a scripted reply, ``[@needle]`` becomes ``[n]`` for the first source of the request whose
text contains ``needle`` (compared folded, so a Simplified needle finds a Traditional source): the
scripted model cites the way a good model would, whatever order retrieval gave the sources.
``[@needle]`` with no such source becomes ``[0]`` (a marker no source has). Recorded replies are
plain text with literal markers and are sent as they are.

The server speaks what llama-index's ``OpenAILike`` (through the ``openai`` client) sends:
``POST /v1/chat/completions`` with or without ``"stream": true`` (server-sent events, one
``chat.completion.chunk`` per piece, then ``data: [DONE]``) and ``GET /v1/models``.
"""

from __future__ import annotations

import html
import json
import re
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from index.fold import fold

MODEL = "scripted-policy-model"
QUESTION_LABEL = re.compile(r"(?:Question:|问题：|問題：|Last question:)\s*")
SOURCE = re.compile(r'<source n="(\d+)"[^>]*>\n?(.*?)\n?</source>', re.S)
CITE = re.compile(r"\[@([^\]]+)\]")


@dataclass
class Script:
    """What the model says when the question contains ``keyword``."""

    keyword: str
    reply: str


def load_scripts(path) -> list[Script]:
    """Recorded replies, one JSON object a line: {"keyword": ..., "reply": ...}; a reply captured
    from a real model keeps its literal markers ([1]) and is sent exactly as recorded."""
    from pathlib import Path

    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [Script(**json.loads(line)) for line in lines if line.strip()]


@dataclass
class ScriptedModel:
    scripts: list[Script]
    default: str = "The text does not say."
    requests: list[dict] = field(default_factory=list)  # every request body, for tests to inspect
    chunk_chars: int = 3  # characters per streamed chunk
    status: int = 200  # anything else: the server fails every chat request with this status

    def question_of(self, body: dict) -> str:
        user = [m for m in body.get("messages", []) if m.get("role") == "user"]
        content = _text(user[-1].get("content", "")) if user else ""
        parts = QUESTION_LABEL.split(content)
        return parts[-1].strip()

    def reply_to(self, body: dict) -> str:
        question = fold(self.question_of(body))
        content = _text(next((m.get("content", "") for m in reversed(body.get("messages", []))), ""))
        for script in self.scripts:
            if fold(script.keyword) in question:
                return _cite(script.reply, content)
        return self.default


def _text(content) -> str:
    """Message content as text: a string, or the openai client's list of typed parts."""
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") for part in content if isinstance(part, dict))


def _cite(reply: str, prompt: str) -> str:
    sources = [(int(n), fold(html.unescape(text))) for n, text in SOURCE.findall(prompt)]

    def number(m: re.Match) -> str:
        needle = fold(m.group(1))
        return f"[{next((n for n, text in sources if needle in text), 0)}]"

    return CITE.sub(number, reply)


def _completion(text: str) -> dict:
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": MODEL,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop", "logprobs": None}
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": len(text), "total_tokens": len(text)},
    }


def _chunk(delta: dict, finish: str | None) -> bytes:
    body = {
        "id": "chatcmpl-scripted",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": MODEL,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
    }
    return b"data: " + json.dumps(body, ensure_ascii=False).encode() + b"\n\n"


def _handler(model: ScriptedModel) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # keep test output quiet
            pass

        def _json(self, status: int, body: dict) -> None:
            data = json.dumps(body, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/models"):
                self._json(200, {"object": "list", "data": [{"id": MODEL, "object": "model", "owned_by": "tests"}]})
            else:
                self._json(404, {"error": {"message": "not found"}})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._json(404, {"error": {"message": "not found"}})
                return
            model.requests.append(body)
            if model.status != 200:
                self._json(model.status, {"error": {"message": "scripted failure", "type": "server_error"}})
                return
            if body.get("model") != MODEL:
                self._json(404, {"error": {"message": f"model {body.get('model')!r} not found", "type": "invalid"}})
                return
            text = model.reply_to(body)
            if not body.get("stream"):
                self._json(200, _completion(text))
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(_chunk({"role": "assistant", "content": ""}, None))
            for i in range(0, len(text), model.chunk_chars):
                self.wfile.write(_chunk({"content": text[i : i + model.chunk_chars]}, None))
                self.wfile.flush()
            self.wfile.write(_chunk({}, "stop"))
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
            self.close_connection = True

    return Handler


@contextmanager
def scripted_server(model: ScriptedModel):
    """Serve ``model`` on a free loopback port; yields the base URL (``http://127.0.0.1:<port>/v1``)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(model))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
