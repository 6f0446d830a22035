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


# What answering 8 questions at once may add to the server's resting size (its dictionaries, the
# annotator, the collection: about 700 MB). Measured on the 2-core machine over fourteen fresh-clone
# runs: the peak was 870-1074 MB, 150-380 MB over rest, varying with how the answers overlap.
MAX_GROWTH_MB = 512
# A second round of the same load may not keep growing the server: what one round leaves behind
# (caches filled, heaps grown) is reused by the next, so more growth than this is a leak.
MAX_SECOND_ROUND_MB = 128


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def test_fifty_sessions_of_twenty_questions_get_answers_without_errors_and_bounded_memory(settings, capsys):
    Ingestor(settings).ingest([ANNOUNCEMENT])
    with running_server(settings.index_dir, extra_env={"POLICY_CHAT_EMBED_MODEL": "hash:256"}) as url:
        import psutil

        server = next(p for p in psutil.Process().children(recursive=True) if "serve" in " ".join(p.cmdline()))
        post(url, QUESTIONS[0], [])
        rest = rss_mb(server.pid)
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

        def round_of(sessions: range) -> None:
            threads = [threading.Thread(target=session, args=(i,)) for i in sessions]
            for t in threads:
                t.start()
            for t in threads:
                t.join()

        t0 = time.perf_counter()
        round_of(range(25))
        after_first = rss_mb(server.pid)
        round_of(range(25, 50))
        wall = time.perf_counter() - t0
        after_second = rss_mb(server.pid)
        peak = peak_rss_mb(server.pid)
    with capsys.disabled():
        print(
            f"\nload: {answered[0]} answers in {wall:.1f} s, {len(errors)} errors, server at rest {rest:.0f} MB, "
            f"after each half {after_first:.0f} / {after_second:.0f} MB, peak {peak:.0f} MB"
        )
    assert errors == []
    assert answered[0] == 1000
    assert peak - rest < MAX_GROWTH_MB
    assert after_second - after_first < MAX_SECOND_ROUND_MB
