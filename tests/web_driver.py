"""Start `policy-chat serve` in a subprocess and drive it with Debian's Chromium (Playwright)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
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
    proc = subprocess.Popen(
        [str(cli), "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(proc.stdout.read().decode(errors="replace"))
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.5)
        yield url
    finally:
        stop(proc)


@contextmanager
def browser_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            yield page
        finally:
            browser.close()


def ask(page, question: str, expect: str | None = None, timeout: float = 30_000) -> None:
    box = page.locator("#pc-question textarea")
    box.fill(question)
    page.locator("#pc-send").click()
    if expect:
        page.locator("#pc-chat").get_by_text(expect).last.wait_for(timeout=timeout)
