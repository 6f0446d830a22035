"""Opening ``.npy`` files from several threads at once, safely.

numpy reads an ``.npy`` header with ``ast.literal_eval``. On CPython 3.11 the AST builder's recursion
counter is shared, so two threads building ASTs at the same moment can fail with ``SystemError: AST
constructor recursion depth mismatch`` (python/cpython#106905). The server does exactly that when it
reopens a collection an ingest in another thread has just rewritten (both open snapshot files), so
every ``.npy`` this package opens, bm25s's included, is opened under one lock. Opening is reading a
header (the arrays are memory-mapped), so the lock is held for microseconds.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

NPY_LOCK = threading.Lock()


def load_npy(path: Path, mmap_mode: str | None = None) -> np.ndarray:
    with NPY_LOCK:
        return np.load(path, mmap_mode=mmap_mode)
