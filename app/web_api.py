"""``POST /api/ask`` and ``GET /health``: the JSON edge for programs.

The body is read only after the guard has checked its size and the login, then parsed here
(not by FastAPI), so every bad body gets the documented ``{"error": …}`` with a 400 and never
an echo of the input. Work for a client that has gone is dropped while it waits for a slot,
and an LLM's generation stops at its next token.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from app.assistant import Assistant
from app.text_input import check_encodable
from app.web_limits import clean_history
from app.web_settings import WebSettings
from index.errors import PolicyChatError

log = logging.getLogger("policy_chat.web")
USAGE = 'Send JSON: {"question": "…", "history": ["an earlier question", …]}.'


class BadBody(PolicyChatError):
    pass


def parse_ask_body(raw: bytes) -> tuple[str, object]:
    """(question, history) from the raw body, or BadBody saying what is wrong and what to send."""
    try:
        payload = json.loads(raw)
    except UnicodeDecodeError:
        raise BadBody("The body is not UTF-8 text.", USAGE) from None
    except ValueError as exc:
        raise BadBody(f"The body is not valid JSON ({getattr(exc, 'msg', 'unreadable')}).", USAGE) from None
    if not isinstance(payload, dict):
        raise BadBody("The body must be a JSON object.", USAGE)
    question = payload.get("question")
    if not isinstance(question, str):
        raise BadBody('"question" is missing or not a string.', USAGE)
    check_encodable(question)
    return question, payload.get("history")


class _Cancelled(Exception):
    pass


def add_routes(api: FastAPI, assistant: Assistant, web: WebSettings) -> None:
    slots = asyncio.Semaphore(web.max_parallel_answers)
    waiting = [0]

    @api.exception_handler(RequestValidationError)
    async def malformed(request: Request, exc: RequestValidationError) -> JSONResponse:
        where = ", ".join(".".join(str(p) for p in e.get("loc", ())) for e in exc.errors()[:3])
        return JSONResponse({"error": f"Malformed request ({where or 'body'})."}, status_code=400)

    @api.get("/health")
    async def health() -> JSONResponse:
        """Open even under --auth: says only that the server is up."""
        return JSONResponse({"status": "ok"})

    @api.post("/api/ask")
    async def ask_json(request: Request) -> JSONResponse:
        if waiting[0] >= web.max_waiting:
            return JSONResponse({"error": "busy, try again shortly"}, status_code=503)
        waiting[0] += 1
        try:
            question, history = parse_ask_body(await request.body())
            history = clean_history(history, assistant.settings, web)
            answer = await _answer(request, question, history)
            if answer is None:
                return JSONResponse({"error": "the client left"}, status_code=499)
            return JSONResponse(answer.public())
        except PolicyChatError as exc:
            log.info("400 on /api/ask: %s", exc)
            return JSONResponse({"error": str(exc)}, status_code=400)
        except Exception as exc:  # one failed request never stops the server, and leaves a log line
            log.error("500 on /api/ask: %s: %s", type(exc).__name__, exc, exc_info=exc)
            return JSONResponse(
                {"error": f"internal error ({type(exc).__name__}); the server log has the cause"}, status_code=500
            )
        finally:
            waiting[0] -= 1

    async def _answer(request: Request, question: str, history: list[str]):
        gone = threading.Event()

        async def watch() -> None:
            while not gone.is_set():
                if await request.is_disconnected():
                    gone.set()
                    return
                await asyncio.sleep(0.2)

        def progress(_tokens: int) -> None:
            if gone.is_set():
                raise _Cancelled()

        watcher = asyncio.create_task(watch())
        try:
            async with slots:
                if gone.is_set():  # left while waiting: no work at all
                    log.info("/api/ask: client left before its turn; dropped")
                    return None
                try:
                    return await run_in_threadpool(assistant.ask, question, history, progress)
                except _Cancelled:
                    log.info("/api/ask: client left during generation; stopped")
                    return None
        finally:
            gone.set()
            watcher.cancel()
