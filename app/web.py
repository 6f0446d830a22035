"""The web server: the chat page (Gradio 6) and ``POST /api/ask`` on one FastAPI app, behind a guard.

Modules: ``web_page`` (the chat), ``web_docs`` (documents from the page), ``web_render`` (all
HTML, escaped), ``web_api`` (JSON routes), ``web_guard`` (body limit, login, errors),
``web_settings`` (limits).
"""

from __future__ import annotations

import ipaddress
import logging
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr
from fastapi import FastAPI

from app.assistant import Assistant
from app.web_api import add_routes
from app.web_assets import CSS, HEAD
from app.web_guard import Guard, Logins
from app.web_page import build
from app.web_render import render_answer, shown_in
from app.web_settings import WebSettings
from index.errors import ConfigError

__all__ = ["check_bind", "create_app", "parse_auth", "render_answer", "serve", "shown_in"]
log = logging.getLogger("policy_chat.web")


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


def parse_auth(value: str | None, flag: str = "--auth") -> tuple[str, str] | None:
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise ConfigError(f"{flag} must look like user:password.", "Give both, separated by ':'.")
    return user, password


def logins_for(auth: tuple[str, str] | None, admin: tuple[str, str] | None) -> Logins | None:
    """Who may log in, and who may edit: with --admin only that user edits; with --auth alone, any login."""
    users = [c for c in (auth, admin) if c]
    if not users:
        return None
    if auth and admin and auth[0] == admin[0] and auth[1] != admin[1]:
        raise ConfigError("--auth and --admin name the same user with different passwords.", "Use two user names.")
    return Logins(users, editors={admin[0]} if admin else None)


def create_app(
    assistant: Assistant,
    credentials: tuple[str, str] | None = None,
    admin: tuple[str, str] | None = None,
    web: WebSettings | None = None,
):
    """The ASGI app: Gradio's page at /, the JSON routes, all behind ``Guard``.

    The JSON endpoint skips Gradio's event queue (about 100 ms of CPU a request here), so many
    clients can be served by the few milliseconds an extractive answer costs.
    """
    web = web or WebSettings()
    logins = logins_for(credentials, admin)
    may_edit = logins.may_edit if logins else None
    api = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    add_routes(api, assistant, web)
    demo = build(assistant, web, may_edit)
    demo.queue(default_concurrency_limit=4, max_size=web.max_waiting)
    app = gr.mount_gradio_app(
        api,
        demo,
        path="",
        auth_dependency=(lambda request: logins.user(request.headers.get("authorization"))) if logins else None,
        app_kwargs={"docs_url": None, "redoc_url": None, "openapi_url": None},
        show_error=False,
        max_file_size=web.max_upload_file_bytes,
        footer_links=[],
        run_history=False,
        mcp_server=False,
        css=CSS,
        head=HEAD,
    )
    return Guard(
        app,
        logins,
        max_body=web.max_body_bytes,
        max_upload=web.max_upload_request_bytes,
        may_upload=may_edit or (lambda _user: False),
    )


def serve(
    assistant: Assistant,
    host: str = "127.0.0.1",
    port: int = 7860,
    auth: str | None = None,
    admin: str | None = None,
) -> None:
    import uvicorn

    if not 1 <= port <= 65535:
        raise ConfigError(f"Port {port} is not a TCP port.", "Give a number from 1 to 65535.")
    credentials, admin_login = parse_auth(auth), parse_auth(admin, "--admin")
    check_bind(host, credentials or admin_login)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("policy_chat").setLevel(logging.INFO)  # our refusals and errors, not every library's chatter
    assistant.warm_up()  # index, model, tokenizer and dictionary load before the first visitor
    app = create_app(assistant, credentials, admin_login)
    uvicorn.run(app, host=host, port=port, log_level="warning")
