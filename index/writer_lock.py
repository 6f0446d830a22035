"""One writer per collection: every ingest, rebuild and removal holds the collection's lock file.

Two ingests into one collection used to read the same manifest, each write its own version of it
and prune the other's cleaned texts: both reported success and half the documents were lost. The
lock is an OS file lock (``flock``) on ``collections/<name>/.writer.lock``, so a writer killed with
``kill -9`` releases it with its process and no stale lock is ever left behind. A second writer
waits up to ``Settings.writer_lock_wait_s`` (0 by default: it stops at once) and then says which
process holds the collection. With a Chroma server the lock guards writers on this machine only.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

from index.errors import CollectionBusyError
from index.settings import Settings

LOCK_NAME = ".writer.lock"
POLL_S = 0.2


def _holder(fd: int) -> str:
    try:
        pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        pid = ""
    return f"process {pid}" if pid.isdigit() else "another process"


@contextmanager
def writer_lock(settings: Settings) -> Iterator[None]:
    """Hold the collection's writer lock for the ``with`` block, or raise CollectionBusyError."""
    path = settings.collection_dir() / LOCK_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + settings.writer_lock_wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise CollectionBusyError(
                        f"Collection '{settings.collection}' is busy: {_holder(fd)} is writing to it "
                        "(an ingest, rebuild or removal).",
                        "Wait for it to finish, then run this again "
                        "(or set POLICY_CHAT_WRITER_LOCK_WAIT_S to wait for it).",
                    ) from None
                time.sleep(POLL_S)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
