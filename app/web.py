"""The web chat (Gradio 6): a thin edge over ``Assistant``; everything shown is escaped."""

from __future__ import annotations

import html
import ipaddress
import os
import re
import threading

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from app.answer import Answer
from app.assistant import Assistant
from app.feedback import record
from index.errors import ConfigError, PolicyChatError
from index.fold import detect_script, to_script

EXAMPLES = [
    "哪位中國工程院院士參加了會議？",
    "工信部推动工业互联网的四项举措是什么？",
    "What are the four measures?",
    "這項政策的財政預算是多少？",
]
CSS = """
.pc-answer-abstained { color: #8a5a00; font-style: italic; }
.pc-error { color: #b91c1c; }
.pc-source { border-left: 3px solid #c7d2fe; padding: 4px 10px; margin: 8px 0; }
.pc-source:target { border-left-color: #4f46e5; background: #eef2ff; }
.pc-source mark { background: #fde68a; }
.pc-meta { color: #555; font-size: 0.85em; }
"""
_MARKER = re.compile(r"\[(\d+)\]")


def check_bind(host: str, auth: tuple[str, str] | None) -> None:
    """Loopback is open; anything else needs a login."""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback and not auth:
        raise ConfigError(
            f"Refusing to serve on {host} without a login: anyone who can reach it could use it.",
            "Add --auth user:password (or POLICY_CHAT_AUTH), or bind 127.0.0.1.",
        )


def parse_auth(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise ConfigError("--auth must look like user:password.", "Give both, separated by ':'.")
    return user, password


SCRIPTS = {"繁": "zh-Hant", "简": "zh-Hans"}


def shown_in(answer: Answer, choice: str) -> str:
    """The answer in the chosen script (繁 / 简); quotes in the sources panel never change."""
    target = SCRIPTS.get(choice)
    if target is None or answer.script == "en" or detect_script(answer.text) == target:
        return answer.text
    return to_script(answer.text, target)


def render_answer(answer: Answer, script: str) -> str:
    """Escaped answer text with [n] markers linking to the sources panel."""
    text = shown_in(answer, script)
    body = _MARKER.sub(lambda m: f'<a href="#src-{m.group(1)}" class="pc-cite">[{m.group(1)}]</a>', html.escape(text))
    if answer.abstained:
        return f'<span class="pc-answer-abstained">⚠ {body}</span>'
    if answer.notice:
        body += f"<br><em>{html.escape(answer.notice)}</em>"
    return body


def render_sources(assistant: Assistant, answer: Answer | None) -> str:
    if answer is None or not answer.citations:
        return '<p class="pc-meta">Sources of the latest answer appear here.</p>'
    parts = []
    for c in answer.citations:
        before, quote, after = assistant.source_context(c)
        meta = " · ".join(html.escape(x) for x in (c.title, c.date, c.section) if x)
        parts.append(
            f'<div class="pc-source" id="src-{c.n}"><div class="pc-meta"><b>[{c.n}]</b> {meta} '
            f"<span>(chars {c.start}–{c.end})</span></div>"
            f"<div>{html.escape(before)}<mark>{html.escape(quote)}</mark>{html.escape(after)}</div></div>"
        )
    return "\n".join(parts)


def render_documents(assistant: Assistant) -> str:
    try:
        docs = assistant.documents()
    except PolicyChatError as exc:
        return f"<p>{html.escape(str(exc))}</p>"
    rows = "".join(
        f"<tr><td>{html.escape(d['title'])}</td><td>{html.escape(d['date'])}</td><td>{d['chunks']}</td></tr>"
        for d in docs
    )
    return f"<table><tr><th>Title</th><th>Date</th><th>Chunks</th></tr>{rows}</table>"


class _Job:
    """One answer computed off the event loop, so LLM progress can stream to the page."""

    def __init__(self, assistant: Assistant, question: str, history: list[str]) -> None:
        self.tokens = 0
        self.answer: Answer | None = None
        self.error: BaseException | None = None
        self.done = threading.Event()
        threading.Thread(target=self._run, args=(assistant, question, history), daemon=True).start()

    def _run(self, assistant: Assistant, question: str, history: list[str]) -> None:
        try:
            self.answer = assistant.ask(question, history, on_progress=self._tick)
        except BaseException as exc:  # one failed turn is reported to its user and never stops the server
            self.error = exc
        finally:
            self.done.set()

    def _tick(self, n: int) -> None:
        self.tokens = n


def build(assistant: Assistant) -> gr.Blocks:
    with gr.Blocks(title="policy-chat") as demo:
        answers = gr.State([])  # Answer per assistant turn, for sources and feedback
        gr.Markdown(
            "## policy-chat\nAsk about the indexed policy texts in 繁體、简体 or English. "
            "Every quote is the source's own text; click [n] to check it."
        )
        with gr.Row():
            with gr.Column(scale=3):
                chat = gr.Chatbot(
                    label="Chat", height=460, sanitize_html=True, elem_id="pc-chat", buttons=["copy", "copy_all"]
                )
                box = gr.Textbox(
                    label="Question",
                    placeholder="例如：哪位中國工程院院士參加了會議？",
                    lines=2,
                    max_length=assistant.settings.max_question_chars,
                    elem_id="pc-question",
                )
                with gr.Row():
                    send = gr.Button("Ask", variant="primary", elem_id="pc-send")
                    new = gr.Button("New conversation", elem_id="pc-new")
                    script = gr.Radio(["auto", "繁", "简"], value="auto", label="Answer script", elem_id="pc-script")
                gr.Examples(EXAMPLES, inputs=box, label="Examples")
                comment = gr.Textbox(
                    label="Comment on the last answer (optional, sent with 👍/👎)", lines=1, elem_id="pc-comment"
                )
            with gr.Column(scale=2):
                gr.Markdown("### Sources")
                sources = gr.HTML(render_sources(assistant, None), elem_id="pc-sources")
                with gr.Accordion("Indexed documents", open=False):
                    gr.HTML(render_documents(assistant))

        def respond(question: str, history: list, kept: list, chosen: str):
            history = list(history or [])
            earlier = [
                html.unescape(m["content"])
                for m in history
                if m.get("role") == "user" and isinstance(m.get("content"), str)
            ]
            job = _Job(assistant, question, earlier)
            shown = False
            while not job.done.wait(0.25):
                if job.tokens:
                    if not shown:
                        history += [
                            {"role": "user", "content": html.escape(question or "")},
                            {"role": "assistant", "content": ""},
                        ]
                        shown = True
                    history[-1]["content"] = (
                        f"<em>⏳ generating… {job.tokens} tokens; citations are checked before anything is shown</em>"
                    )
                    yield history, kept, gr.update(), gr.update()
            if shown:
                history = history[:-2]
            if job.error is not None:  # a short message in the chat; the server carries on
                if isinstance(job.error, PolicyChatError):
                    message = str(job.error)
                else:
                    message = f"Something went wrong answering this question ({type(job.error).__name__}). Try again."
                shown_question = (question or "").strip()[:300] or "…"
                history += [
                    {"role": "user", "content": html.escape(shown_question)},
                    {"role": "assistant", "content": f'<span class="pc-error">⚠ {html.escape(message)}</span>'},
                ]
                yield history, kept, gr.update(), gr.update()
                return
            answer = job.answer
            history.append({"role": "user", "content": html.escape(answer.question)})
            history.append({"role": "assistant", "content": ""})
            kept = [*list(kept or []), answer.model_dump()]
            shown_text = shown_in(answer, chosen)
            step = max(1, len(shown_text) // 8)
            for i in range(step, len(shown_text), step):  # stream plain escaped text, then the linked version
                history[-1]["content"] = html.escape(shown_text[:i])
                yield history, kept, gr.update(), ""
            history[-1]["content"] = render_answer(answer, chosen)
            yield history, kept, render_sources(assistant, answer), ""

        def feedback(kept: list, history: list, note: str, data: gr.LikeData):
            index = data.index if isinstance(data.index, int) else data.index[0]
            turn = sum(1 for m in (history or [])[: index + 1] if m.get("role") == "assistant") - 1
            if not kept or not (0 <= turn < len(kept)):
                return gr.update()
            answer = Answer.model_validate(kept[turn])
            earlier = [html.unescape(m["content"]) for m in history[:index] if m.get("role") == "user"][:-1]
            record(assistant.settings, answer, earlier, bool(data.liked), note or "")
            gr.Info("Thank you — feedback saved.")
            return ""

        def ask(question: str, history: list[str] | None = None) -> dict:
            """Answer a question about the indexed texts: {answer, abstained, citations, latency_ms}."""
            try:
                return assistant.ask(question, list(history or [])).public()
            except PolicyChatError as exc:
                raise gr.Error(str(exc)) from exc

        gr.api(ask, api_name="ask", concurrency_limit=4)

        inputs = [box, chat, answers, script]
        outputs = [chat, answers, sources, box]
        box.submit(respond, inputs, outputs, concurrency_limit=4)
        send.click(respond, inputs, outputs, concurrency_limit=4)
        new.click(lambda: ([], [], render_sources(assistant, None), ""), None, [chat, answers, sources, box])
        chat.like(feedback, [answers, chat, comment], [comment])
    return demo


MAX_WAITING = 128  # requests beyond this get 503 rather than an unbounded queue


class AskRequest(BaseModel):
    """Body of POST /api/ask (module level, so FastAPI can resolve it)."""

    question: str = Field(max_length=200_000)
    history: list[str] = Field(default_factory=list, max_length=50)


def create_app(assistant: Assistant, credentials: tuple[str, str] | None = None):
    """The Gradio page at / and a plain JSON endpoint, POST /api/ask, on one FastAPI app.

    The JSON endpoint skips Gradio's event queue (about 100 ms of CPU a request here), so many
    clients can be served by the few milliseconds an extractive answer costs.
    """
    import asyncio
    import base64
    import secrets

    api = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    slots = asyncio.Semaphore(8)
    waiting = [0]

    def authorised(request: Request) -> bool:
        if credentials is None:
            return True
        header = request.headers.get("authorization", "")
        if not header.lower().startswith("basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            return False
        return secrets.compare_digest(user, credentials[0]) and secrets.compare_digest(password, credentials[1])

    @api.post("/api/ask")
    async def ask_json(body: AskRequest, request: Request) -> JSONResponse:
        if not authorised(request):
            return JSONResponse({"error": "login required"}, status_code=401, headers={"WWW-Authenticate": "Basic"})
        if waiting[0] >= MAX_WAITING:
            return JSONResponse({"error": "busy, try again shortly"}, status_code=503)
        waiting[0] += 1
        try:
            async with slots:
                answer = await run_in_threadpool(assistant.ask, body.question, body.history)
            return JSONResponse(answer.public())
        except PolicyChatError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        except Exception as exc:  # one failed request never stops the server
            return JSONResponse({"error": f"internal error ({type(exc).__name__})"}, status_code=500)
        finally:
            waiting[0] -= 1

    demo = build(assistant)
    demo.queue(default_concurrency_limit=4, max_size=MAX_WAITING)
    return gr.mount_gradio_app(api, demo, path="", auth=credentials, show_error=False, css=CSS)


def serve(assistant: Assistant, host: str = "127.0.0.1", port: int = 7860, auth: str | None = None) -> None:
    import uvicorn

    credentials = parse_auth(auth)
    check_bind(host, credentials)
    assistant.warm_up()  # index, model, tokenizer and dictionary load before the first visitor
    uvicorn.run(create_app(assistant, credentials), host=host, port=port, log_level="warning")
