"""The bench at 100,000 chunks (issue 13): build once, then open it in new processes and serve it.

Steps, each in its own process so every figure is a cold process's:

- ``build``: write the synthetic collection (eval/bench.py ``write_synthetic``) and ingest it into the
  embedded store; vectors come from ``POLICY_CHAT_EMBED_CACHE`` when an earlier bench run embedded the
  same chunks with the same graph (the result says whether they did);
- ``open``: a new process opens the collection (Searcher: manifest, snapshot, Chroma), answers a first
  question, then the bench questions warm, against the single-embedding floor (sentence-transformers
  ``get_query_embedding``, the same model) measured afterwards in the same process;
- ``serve``: `policy-chat serve` over the collection: seconds until it answers, and peak RSS after the
  questions; with a Chroma server, a second `serve` process against it.

A benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from eval.bench import BIN, QUESTIONS, _post, _rss_mb, dir_size, summary, write_synthetic
from index.settings import DEFAULT_MODEL, Settings
from index.store import CollectionStore


def build(n: int, model: str, work: Path, embed_cache: Path, chroma_url: str | None = None) -> dict:
    from index.embedder import VectorCache  # noqa: F401 - the cache the ingest fills
    from ingest.pipeline import Ingestor

    docs = work / "docs"
    if not docs.exists():
        write_synthetic(docs, n)
    cached_before = _cache_rows(embed_cache)
    settings = Settings(
        index_dir=work / ("index-remote" if chroma_url else "index"),
        embed_model=model,
        embed_cache=embed_cache,
        chroma_url=chroma_url,
    )
    t0 = time.perf_counter()
    report = Ingestor(settings).ingest([docs])
    ingest_s = time.perf_counter() - t0
    return {
        "chunks": report.chunks,
        "documents": len(report.added) + len(report.updated) + len(report.unchanged),
        "ingest_s": round(ingest_s, 1),
        "chunks_per_s": round(report.chunks / ingest_s, 1),
        "embeddings_cached_before": cached_before,
        "embeddings_from_cache": cached_before >= report.chunks,
        "index_mb": round(dir_size(settings.index_dir) / 2**20, 1),
        "failed": [str(f) for f in report.failed][:3],
    }


def _cache_rows(path: Path) -> int:
    if not path.exists():
        return 0
    import sqlite3

    with sqlite3.connect(path) as db:
        try:
            return int(db.execute("SELECT COUNT(*) FROM v").fetchone()[0])
        except sqlite3.Error:
            return 0


def open_child(
    index_dir: Path, model: str, chroma_url: str | None = None, real_model: str = DEFAULT_MODEL, rounds: int = 3
) -> dict:
    """In a new process: open and a first answer (before torch is loaded for the floor), then the
    answers, the floor and the real query embedding, interleaved over ``rounds`` passes."""
    t_start = time.perf_counter()
    from app.assistant import Assistant

    settings = Settings(index_dir=index_dir, embed_model=model, chroma_url=chroma_url or None)
    assistant = Assistant(settings)
    imported = time.perf_counter()
    searcher = assistant.searcher
    opened = time.perf_counter()
    assistant.ask(QUESTIONS[0])
    first = time.perf_counter()
    from index.embedder import load_embedder

    floor_model = load_embedder(real_model if model.startswith("hash:") else model)
    runs = {"answer": assistant.ask, "floor": floor_model.get_query_embedding}
    if model.startswith("hash:") and not real_model.startswith("hash:"):
        # The collection's vectors are hash vectors (a real-model build of 100,000 chunks did not fit
        # the session); the answer then skips the model, so the real query embedding (the ONNX graph
        # a real collection uses) is timed per question and added to that answer's time.
        from index.onnx_models import cached_graph
        from index.query_embed import OnnxQueryEmbedder, max_seq_length, resolve_model_path

        model_dir = Path(resolve_model_path(real_model))
        graph = cached_graph(real_model, settings.cache_dir, "fp32", floor_model._model)
        runs["embed"] = OnnxQueryEmbedder(model_dir, graph, max_seq_length(model_dir))
    times: dict[str, list[float]] = {name: [] for name in runs}
    for fn in runs.values():  # warm every path
        for q in QUESTIONS:
            fn(q)
    for round_no in range(rounds):  # interleaved, alternating order: a noisy neighbour hits every path alike
        for j, q in enumerate(QUESTIONS):
            names = list(runs) if (round_no + j) % 2 == 0 else list(reversed(runs))
            for name in names:
                t0 = time.perf_counter()
                runs[name](q)
                times[name].append((time.perf_counter() - t0) * 1e3)
    answers, floor = times["answer"], times["floor"]
    composed = {}
    if "embed" in times:
        with_model = [a + e for a, e in zip(answers, times["embed"], strict=True)]
        composed = {
            "query_embed_onnx": summary(times["embed"]),
            "answer_with_real_embed": summary(with_model),
            "answer_with_real_embed_over_floor_p95": round(summary(with_model)["p95_ms"] / summary(floor)["p95_ms"], 2),
        }
    return {
        **composed,
        "chunks": len(searcher.passages),
        "import_s": round(imported - t_start, 2),
        "open_s": round(opened - imported, 2),
        "first_answer_s": round(first - opened, 2),
        "answer": summary(answers),
        "floor": summary(floor),
        "answer_over_floor_p95": round(summary(answers)["p95_ms"] / summary(floor)["p95_ms"], 2),
        "answer_over_floor_p50": round(summary(answers)["p50_ms"] / summary(floor)["p50_ms"], 2),
    }


# Questions the bench set never asks: their words are looked up in the collection's statistics for the
# first time, which is where a scan of the whole folded corpus cost most (not reused from a warm memo).
FIRST_TIME_QUESTIONS = [
    "國家對工業互聯網安全有哪些要求？",
    "财政部给了多少补贴？",
    "哪些企业参与了标识解析体系建设？",
    "What did the ministry say about 5G base stations?",
    "Who is the vice minister?",
    "何时发布了行动计划？",
    "What is the deadline for the pilot projects?",
    "数据中心的能耗标准是什么？",
    "Which provinces joined the pilot?",
    "人才培养有什么措施？",
    "What penalties apply to violations?",
    "网络安全保障体系如何建设？",
]


def first_time(index_dir: Path, model: str) -> dict:
    """In a new process warmed on the bench questions: each of ``FIRST_TIME_QUESTIONS`` asked once
    (its words new to the process), then once more."""
    from app.assistant import Assistant

    assistant = Assistant(Settings(index_dir=index_dir, embed_model=model))
    for q in QUESTIONS:
        assistant.ask(q)
    out = {}
    for name in ("first", "again"):
        times = []
        for q in FIRST_TIME_QUESTIONS:
            t0 = time.perf_counter()
            assistant.ask(q)
            times.append((time.perf_counter() - t0) * 1e3)
        out[name] = {**summary(times), "max_ms": round(max(times), 1)}
    return out


def serve_once(index_dir: Path, model: str, chroma_url: str | None, port: int) -> dict:
    """`policy-chat serve` from launch until it answers (it opens and warms up before listening),
    then every bench question once; peak RSS of the serving process."""
    import urllib.request

    env = {**os.environ, "POLICY_CHAT_INDEX_DIR": str(index_dir), "POLICY_CHAT_EMBED_MODEL": model}
    env.pop("POLICY_CHAT_CHROMA_URL", None)
    if chroma_url:
        env["POLICY_CHAT_CHROMA_URL"] = chroma_url
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [str(BIN / "policy-chat"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    ready = None
    try:
        deadline = time.time() + 900
        while time.time() < deadline and proc.poll() is None:
            try:
                urllib.request.urlopen(url + "/", timeout=2).close()
                ready = time.perf_counter() - t0
                break
            except OSError:
                time.sleep(0.1)
        errors = 0
        for q in QUESTIONS * 2:
            try:
                _post(url, q)
            except Exception:
                errors += 1
        return {
            "ready_s": None if ready is None else round(ready, 2),
            "errors": errors,
            "peak_rss_mb": round(_rss_mb(proc.pid), 1),
        }
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def run_json(args: list[str], timeout: float = 7200) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "eval.bench_scale", *args], capture_output=True, text=True, timeout=timeout
    )
    if proc.returncode != 0:
        return {"error": proc.stderr[-1500:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def chroma_server(path: Path, port: int) -> subprocess.Popen:
    import socket

    proc = subprocess.Popen(
        [str(BIN / "chroma"), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            time.sleep(0.3)
    return proc


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scale_100k(n: int, model: str, work: Path, embed_cache: Path, server: bool = True, quick: bool = False) -> dict:
    """The whole issue-13 table: build, open (embedded), serve (embedded), then the same collection
    through a Chroma server: ingest, open in a new process, and a first and second `serve`. ``quick``
    (the smoke run) opens each store once with one timed pass, against the hash embedder's floor (no
    torch), and serves from the Chroma server once: every kind of step still runs."""
    opens, server_opens, rounds = (1, 1, "1") if quick else (3, 2, "3")
    floor_model = model if quick else DEFAULT_MODEL
    work.mkdir(parents=True, exist_ok=True)
    out: dict = {"chunks_target": n, "embed_cache": str(embed_cache), "step_wall_s": {}}

    def step(name: str, fn):
        t0 = time.perf_counter()
        out[name] = fn()
        out["step_wall_s"][name] = round(time.perf_counter() - t0, 1)

    built = work / "build.json"
    if built.exists():  # an earlier run built this collection (the build is most of the bench's time)
        out["build"] = {**json.loads(built.read_text(encoding="utf-8")), "reused": True}
    else:
        step("build", lambda: run_json(["build", str(n), model, str(work), str(embed_cache)]))
    step(
        "open",
        lambda: [run_json(["open", str(work / "index"), model, "", rounds, floor_model]) for _ in range(opens)],
    )
    step("serve", lambda: serve_once(work / "index", model, None, free_port()))
    step("maintain", lambda: maintain(work, model))
    if server:
        port = free_port()
        # The same Chroma files behind a server (ingesting 100,000 chunks again over HTTP did not fit
        # the session); the manifest and cleaned texts are published to it as an ingest would.
        proc = chroma_server(work / "index" / "chroma", port)
        url = f"http://127.0.0.1:{port}"
        try:
            step("server_publish", lambda: run_json(["publish", str(work / "index"), model, url]))
            step(
                "server_open",
                lambda: [
                    run_json(["open", str(work / "index-remote"), model, url, rounds, floor_model])
                    for _ in range(server_opens)
                ],
            )
            step("server_serve_first", lambda: serve_once(work / "index-remote", model, url, free_port()))
            if not quick:
                step("server_serve_second", lambda: serve_once(work / "index-remote", model, url, free_port()))
            out["chroma_server_rss_mb"] = round(_rss_mb(proc.pid), 1)
        finally:
            proc.terminate()
            proc.wait(timeout=60)
    return out


def maintain(work: Path, model: str) -> dict:
    """`docs`, `remove` and re-ingest through the CLI on the built collection, each timed, each in a
    new process (what a user runs); the re-ingest adds back the removed document and skips the rest."""
    env = {**os.environ, "POLICY_CHAT_INDEX_DIR": str(work / "index"), "POLICY_CHAT_EMBED_MODEL": model}
    env.pop("POLICY_CHAT_CHROMA_URL", None)
    doc_id = sorted(p.stem for p in (work / "docs").glob("*.txt"))[0]
    out = {}
    for name, args in (
        ("docs", ["docs"]),
        ("remove", ["remove", doc_id]),
        ("reingest", ["ingest", str(work / "docs")]),
        ("ask", ["ask", "--json", QUESTIONS[1]]),
    ):
        t0 = time.perf_counter()
        proc = subprocess.run([str(BIN / "policy-chat"), *args], env=env, capture_output=True, text=True)
        out[name] = {"s": round(time.perf_counter() - t0, 1), "exit": proc.returncode, "tail": proc.stderr[-300:]}
    return out


def publish(index_dir: Path, model: str, chroma_url: str) -> dict:
    """Copy an embedded collection's manifest and cleaned texts into the server's companion
    collection (where a server-mode ingest writes them)."""
    local = CollectionStore(Settings(index_dir=index_dir, embed_model=model))
    remote = CollectionStore(
        Settings(index_dir=index_dir.parent / "index-remote", embed_model=model, chroma_url=chroma_url)
    )
    t0 = time.perf_counter()
    manifest = local.read_manifest()
    meta = remote._meta(create=True)
    items = list(manifest["docs"].items())
    for first in range(0, len(items), 500):  # what write_text does per document, 500 at a time
        batch = items[first : first + 500]
        meta.upsert(
            ids=[f"text:{d}@{info['text_hash']}" for d, info in batch],
            documents=[local.read_text(d, info["text_hash"]) or "" for d, info in batch],
            embeddings=[[0.0]] * len(batch),
        )
    remote.write_manifest(manifest)
    return {"documents": len(manifest["docs"]), "publish_s": round(time.perf_counter() - t0, 1)}


if __name__ == "__main__":
    kind = sys.argv[1]
    if kind == "build":
        url = sys.argv[6] if len(sys.argv) > 6 else None
        result = build(int(sys.argv[2]), sys.argv[3], Path(sys.argv[4]), Path(sys.argv[5]), url)
        (Path(sys.argv[4]) / "build.json").write_text(json.dumps(result), encoding="utf-8")
    elif kind == "open":
        url = sys.argv[4] if len(sys.argv) > 4 else None
        rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 3
        real = sys.argv[6] if len(sys.argv) > 6 else DEFAULT_MODEL
        result = open_child(Path(sys.argv[2]), sys.argv[3], url or None, real_model=real, rounds=rounds)
    elif kind == "first_time":
        result = first_time(Path(sys.argv[2]), sys.argv[3])
    elif kind == "publish":
        result = publish(Path(sys.argv[2]), sys.argv[3], sys.argv[4])
    else:  # all: N MODEL WORK EMBED_CACHE
        result = scale_100k(int(sys.argv[2]), sys.argv[3], Path(sys.argv[4]), Path(sys.argv[5]))
    print(json.dumps(result, ensure_ascii=False))
