"""Every error a user can meet, each saying what to do next.

Edges (CLI, web, eval) catch ``PolicyChatError`` and show ``str(err)``; nothing
else should reach a user as a traceback.
"""

from __future__ import annotations


class PolicyChatError(Exception):
    """Base class: ``message`` says what went wrong, ``hint`` what to do."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class NoIndexError(PolicyChatError):
    def __init__(self, collection: str, index_dir: str) -> None:
        super().__init__(
            f"No index for collection '{collection}' in {index_dir}.",
            "Run `policy-chat ingest` first (add --collection/--index-dir if you use them).",
        )


class IndexMismatchError(PolicyChatError):
    def __init__(self, detail: str) -> None:
        super().__init__(
            f"The index cannot be used as it is: {detail}.",
            "Rebuild it with `policy-chat ingest --rebuild`.",
        )


class BadQuestionError(PolicyChatError):
    pass


class IngestFileError(PolicyChatError):
    """One file could not be ingested; the rest of the batch goes on."""

    def __init__(self, path: str, reason: str, hint: str = "") -> None:
        super().__init__(f"{path}: {reason}.", hint)
        self.path = path
        self.reason = reason


class ConfigError(PolicyChatError):
    pass


class LLMError(PolicyChatError):
    pass


class CollectionBusyError(PolicyChatError):
    """Another process is writing to the collection (see index/writer_lock.py)."""
