"""Start `policy-chat serve` in a subprocess and drive it with Debian's Chromium (Playwright)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from procs import free_port, stop

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@contextmanager
def running_server(index_dir: Path, collection: str = "default", extra_env: dict | None = None):
    port = free_port()
    env = {
        **os.environ,
        "POLICY_CHAT_INDEX_DIR": str(index_dir),
        "POLICY_CHAT_COLLECTION": collection,
        "GRADIO_ANALYTICS_ENABLED": "False",
        **(extra_env or {}),
    }
    cli = Path(sys.executable).parent / "policy-chat"
    # The server's output goes to a file, not a pipe: a server that logs a lot must never block on it.
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen([str(cli), "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.time() + 120
            while time.time() < deadline:
                if proc.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(log.read().decode(errors="replace"))
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    time.sleep(0.5)
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(proc)


@contextmanager
def serving_in_thread(app):
    """An ASGI app served by uvicorn on a free loopback port, in this process (fast to start)."""
    import threading

    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def browser_page(width: int = 1280, height: int = 900, login: tuple[str, str] | None = None, mobile: bool = False):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        options: dict = {"viewport": {"width": width, "height": height}}
        if login:
            options["http_credentials"] = {
                "username": login[0],
                "password": login[1],
            }  # sent on the challenge, as a browser does
        if mobile:
            options.update(device_scale_factor=2, is_mobile=True, has_touch=True)
        context = browser.new_context(**options)
        page = context.new_page()
        try:
            yield page
        finally:
            browser.close()


def ask(page, question: str, expect: str | None = None, timeout: float = 30_000, enter: bool = False):
    """Ask in the page (the Ask button, or Enter in the box); the new turn's locator once it is final."""
    turns = page.locator("#pc-chat .pc-turn")
    before = turns.count()
    box = page.locator("#pc-question textarea")
    box.fill(question)
    if enter:
        box.press("Enter")
    else:
        page.locator("#pc-send").click()
    page.wait_for_function(
        f"document.querySelectorAll('#pc-chat .pc-turn').length > {before}", timeout=timeout, polling=100
    )
    turn = turns.nth(before)
    if expect:
        text = turn.inner_text()
        assert expect in text, f"{expect!r} not in the answer to {question!r}: {text!r}"
    return turn


def answer_text(turn) -> str:
    """What the page shows as the answer (markers included), whitespace-normalised."""
    return " ".join(turn.locator(".pc-text, .pc-error").first.inner_text().split())
