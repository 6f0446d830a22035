"""Limits of the web server, as named settings (``POLICY_CHAT_*`` environment variables)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ingest.loaders import MAX_FILE_BYTES


class WebSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLICY_CHAT_", extra="ignore")

    # Every request body except uploads: a question (1,000 characters), its history and the page's
    # own messages fit many times over; a 40 MB body is refused before a byte of it is read.
    max_body_bytes: int = Field(default=2 * 1024 * 1024, gt=0)
    # One upload request (several files and the multipart framing); each file is also held to
    # max_upload_file_bytes, the limit ingest applies to any file.
    max_upload_request_bytes: int = Field(default=5 * MAX_FILE_BYTES, gt=0)
    max_upload_file_bytes: int = Field(default=MAX_FILE_BYTES, gt=0)
    # Earlier questions sent with a question: more are refused by the API (the page sends the latest).
    max_history_turns: int = Field(default=50, gt=0)
    # How many answers run at once (the rest wait) and how many may wait before 503.
    max_parallel_answers: int = Field(default=8, gt=0)
    max_waiting: int = Field(default=128, gt=0)
