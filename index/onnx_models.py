"""The embedding model's ONNX graphs, made once per machine: the fp32 export and its int8 quantisation.

Ingest and questions both run these graphs with ONNX Runtime, so a collection's chunks and its
questions are embedded by one and the same graph (the manifest records which precision). The fp32
export matches sentence-transformers to cosine ≥ 0.9999 (checked when exported); the int8 graph is
dynamic quantisation of the MatMul weights, per output channel (per-tensor int8 lost too much:
minimum cosine 0.79 against fp32 on synthetic chunks, per channel 0.97), and is used only where the
parity check in ingest/embedding.py passes.
"""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from pathlib import Path

from index import query_embed
from index.query_embed import _place, export_key, onnx_path, resolve_model_path

INT8_RECIPE = "pc-matmul-1"  # part of the cached file's name: a new recipe is a new file


def graph_path(model_name: str, cache_dir: Path, precision: str) -> Path:
    key = export_key(model_name, Path(resolve_model_path(model_name)))
    suffix = "" if precision == "fp32" else f"-{precision}-{INT8_RECIPE}"
    return cache_dir / "onnx" / f"{key}{suffix}.onnx"


@contextmanager
def _quiet_root_logger():
    """onnxruntime's quantiser advises "pre-processing" through ``logging.warning``, which would also
    install a handler on the root logger for the rest of the process: neither belongs in a user's
    ingest output."""
    root, null = logging.getLogger(), logging.NullHandler()
    level = root.level
    root.addHandler(null)
    root.setLevel(logging.ERROR)
    try:
        yield
    finally:
        root.removeHandler(null)
        root.setLevel(level)


def quantize(source: Path, out: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = out.with_name(f".{os.getpid()}.{out.name}")
    try:
        with _quiet_root_logger():
            quantize_dynamic(
                str(source),
                str(tmp),
                weight_type=QuantType.QInt8,
                per_channel=True,
                op_types_to_quantize=["MatMul"],
                extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
            )
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def cached_graph(model_name: str, cache_dir: Path, precision: str, st_model=None) -> Path | None:
    """The graph of this precision in the per-machine cache, made if missing (the export needs the
    sentence-transformers model, loaded here only then). None when the model cannot be exported."""
    model_dir = Path(resolve_model_path(model_name))
    if not model_dir.is_dir():
        return None
    fp32 = graph_path(model_name, cache_dir, "fp32")
    if not fp32.exists():
        if st_model is None:
            from index.embedder import load_sentence_transformer

            st_model = load_sentence_transformer(model_name)
        if not query_embed.export_onnx(st_model, model_dir, fp32):
            return None
    if precision == "fp32":
        return fp32
    out = graph_path(model_name, cache_dir, precision)
    if not out.exists():
        quantize(fp32, out)
    return out


def place_model(model_name: str, index_dir: Path, precision: str, cache_dir: Path | None = None) -> bool:
    """Link the graph of the collection's precision into the index, for questions."""
    out = onnx_path(index_dir, model_name, precision)
    if out.exists():
        return True
    if cache_dir is None:
        from index.settings import Settings

        cache_dir = Settings().cache_dir
    try:
        graph = cached_graph(model_name, cache_dir, precision)
        if graph is None:
            return False
        _place(graph, out)
        return True
    except OSError:
        return False
