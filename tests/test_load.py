"""Load: 50 sessions × 20 questions against `policy-chat serve` on loopback, through POST /api/ask."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ANNOUNCEMENT
from ingest.pipeline import Ingestor
from web_driver import running_server

pytestmark = pytest.mark.load

QUESTIONS = [
    "哪位中國工程院院士參加了會議？",
    "四項舉措是什麼？",
    "这项政策的财政预算是多少？",
    "What are the four measures?",
    "會議是哪天召開的？",
]


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def post(url: str, question: str, history: list[str]) -> dict:
    body = json.dumps({"question": question, "history": history}).encode()
    request = urllib.request.Request(url + "/api/ask", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def test_fifty_sessions_of_twenty_questions_get_answers_without_errors_and_bounded_memory(settings, capsys):
    Ingestor(settings).ingest([ANNOUNCEMENT])
    with running_server(settings.index_dir, extra_env={"POLICY_CHAT_EMBED_MODEL": "hash:256"}) as url:
        import psutil

        server = next(p for p in psutil.Process().children(recursive=True) if "serve" in " ".join(p.cmdline()))
        post(url, QUESTIONS[0], [])
        errors: list[str] = []
        answered = [0]
        lock = threading.Lock()

        def session(i: int) -> None:
            history: list[str] = []
            for j in range(20):
                q = QUESTIONS[(i + j) % len(QUESTIONS)]
                try:
                    result = post(url, q, history[-2:])
                    assert isinstance(result, dict) and "answer" in result
                    with lock:
                        answered[0] += 1
                except Exception as exc:  # counted and reported
                    with lock:
                        errors.append(f"{type(exc).__name__}: {exc}")
                history.append(q)

        t0 = time.perf_counter()
        threads = [threading.Thread(target=session, args=(i,)) for i in range(50)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        rss = peak_rss_mb(server.pid)
    with capsys.disabled():
        print(f"\nload: {answered[0]} answers in {wall:.1f} s, {len(errors)} errors, server peak RSS {rss:.0f} MB")
    assert errors == []
    assert answered[0] == 1000
    assert rss < 1024
