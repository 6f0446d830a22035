"""The server's outer layer (pure ASGI, in front of FastAPI and Gradio alike).

In this order, for every request: the body size (from Content-Length before a byte is read,
and counted while it streams), then the login (HTTP Basic, on every route but ``/health``,
Gradio's own included), then the app; an exception that escapes the app is logged with its
cause and answered ``{"error": …}``. Uploads are refused to logins that may not edit, and
uploaded files are never served back.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import secrets
from collections.abc import Callable

log = logging.getLogger("policy_chat.web")

OPEN_PATHS = frozenset({"/health"})
UPLOAD_PATHS = ("/gradio_api/upload", "/upload")
FILE_PATHS = ("/gradio_api/file=", "/file=", "/gradio_api/file/", "/gradio_api/stream/")
# Gradio routes this app does not use: its API description, its proxy to other Spaces, its
# monitoring dashboard and its developer tools. Off for everyone, logged in or not.
OFF_PATHS = (
    "/gradio_api/openapi.json",
    "/openapi.json",
    "/gradio_api/proxy=",
    "/monitoring",
    "/gradio_api/vibe",
    "/gradio_api/undo-vibe",
    "/gradio_api/dev/",
)


class Logins:
    """user:password pairs; ``editors`` None = every login may edit the documents."""

    def __init__(self, users: list[tuple[str, str]], editors: set[str] | None = None) -> None:
        self.users = [(u.encode(), p.encode()) for u, p in users]
        self.editors = editors

    def user(self, authorization: str | None) -> str | None:
        """The user a Basic ``Authorization`` header proves, or None."""
        if not authorization or authorization[:6].lower() != "basic ":
            return None
        try:
            given = base64.b64decode(authorization[6:].strip(), validate=True)
        except (binascii.Error, ValueError):
            return None
        user, sep, password = given.partition(b":")
        if not sep:
            return None
        found = None
        for known_user, known_password in self.users:  # compare all, in constant time each
            if secrets.compare_digest(user, known_user) & secrets.compare_digest(password, known_password):
                found = known_user.decode()
        return found

    def may_edit(self, user: str | None) -> bool:
        return user is not None and (self.editors is None or user in self.editors)


def _headers(scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


async def send_error(send, status: int, message: str, headers: dict[str, str] | None = None) -> None:
    body = json.dumps({"error": message}).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """ASGI middleware: body limit, login, no uploaded file served, every escaped exception logged."""

    def __init__(
        self,
        app,
        logins: Logins | None,
        max_body: int,
        max_upload: int,
        may_upload: Callable[[str | None], bool],
    ) -> None:
        self.app = app
        self.logins = logins
        self.max_body = max_body
        self.max_upload = max_upload
        self.may_upload = may_upload

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        headers = _headers(scope)
        if scope["type"] == "websocket":
            if self.logins is not None and self.logins.user(headers.get("authorization")) is None:
                await send({"type": "websocket.close", "code": 1008})
                return
            await self.app(scope, receive, send)
            return
        upload = path.endswith(UPLOAD_PATHS)
        limit = self.max_upload if upload else self.max_body
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await send_error(send, 413, f"The request body is over the {limit:,}-byte limit; nothing was read.")
            return
        user = None
        if self.logins is not None and path not in OPEN_PATHS:
            user = self.logins.user(headers.get("authorization"))
            if user is None:
                await send_error(send, 401, "login required", {"WWW-Authenticate": 'Basic realm="policy-chat"'})
                return
        if path.startswith(FILE_PATHS):
            await send_error(send, 404, "Files are not served by this server.")
            return
        if path.startswith(OFF_PATHS):
            await send_error(send, 404, "Not available on this server.")
            return
        if upload and not self.may_upload(user):
            await send_error(send, 403, "Uploads need a login that may edit the documents (--auth or --admin).")
            return

        received = 0
        started = refused = False

        async def counted_receive():
            nonlocal received, started, refused
            message = await receive()
            if message["type"] == "http.request" and not refused:
                received += len(message.get("body", b""))
                if received > limit:  # a body without Content-Length that grew past the limit
                    refused = True
                    if not started:
                        started = True
                        await send_error(send, 413, f"The request body is over the {limit:,}-byte limit.")
                    return {"type": "http.disconnect"}
            return message

        async def tracked_send(message) -> None:
            nonlocal started
            if refused:
                return  # the 413 is already sent; whatever the app says after it is dropped
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except Exception as exc:
            if refused:
                return
            log.error("500 on %s %s: %s: %s", scope.get("method"), path, type(exc).__name__, exc, exc_info=exc)
            if not started:
                await send_error(send, 500, f"internal error ({type(exc).__name__}); the server log has the cause")
