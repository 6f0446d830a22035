"""Configuration from flags and ``POLICY_CHAT_*`` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL = "packaged:all-MiniLM-L6-v2"


def _user_cache() -> Path:
    import os

    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "policy-chat"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLICY_CHAT_", extra="ignore")

    index_dir: Path = Field(default=Path(".policy-chat"), description="Where every run writes.")
    collection: str = "default"
    embed_model: str = Field(
        default=DEFAULT_MODEL,
        description="'packaged:all-MiniLM-L6-v2', any sentence-transformers name or path, "
        "or 'hash:<dim>' (a deterministic test embedder).",
    )
    chroma_url: str | None = None
    llm: str = "extractive"
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout_s: float = 60.0
    llm_retries: int = 1
    llm_max_tokens: int = 512
    max_question_chars: int = 1000
    scored_fallback: bool = Field(
        default=True, description="Where the rule answerer refuses, answer with the calibrated scored answerer."
    )
    max_history_turns: int = Field(default=8, ge=0, description="Earlier turns a follow-up may lean on.")
    top_k: int = 8
    # Reciprocal-rank fusion weights. Lexical evidence is the sharper signal for Chinese with the
    # English-only default model; with a multilingual model, raise dense_weight.
    sparse_weight: float = 1.0
    dense_weight: float = 1.0
    # A question that names its document by title words or date ("2020年3月那份…通知") lifts that
    # document's passages by up to this share of a first-rank BM25 hit (index/retriever.py).
    header_weight: float = 0.4
    embed_batch_size: int = 32
    # Ingest's ONNX embedding on this machine's cores: this many batches at once, each on
    # ``ingest_onnx_threads`` ONNX Runtime threads (0 workers: one per core). One-thread batches side
    # by side beat one two-thread batch at a time on 2 cores (docs/performance.md, "Ingest
    # throughput"); the vectors are the same either way.
    ingest_embed_workers: int = Field(default=0, ge=0)
    ingest_onnx_threads: int = Field(default=1, ge=1)
    # ONNX Runtime's threads busy-wait between operators when spinning: only worth it with cores to spare.
    ingest_onnx_spinning: bool = False
    # Ingest writes chunks to Chroma in groups of about this many while the next group is embedded.
    ingest_write_chunks: int = Field(default=256, gt=0)
    # Documents are embedded and committed in batches of about this many characters: larger
    # batches pad less (chunks are sorted by length within a batch), smaller ones commit sooner.
    ingest_batch_chars: int = Field(default=400_000, gt=0)
    # Ingest embeds with the model's int8 ONNX graph when it passes the parity check against fp32
    # (ingest/embedding.py), else fp32; 'fp32' never quantises, 'int8' skips the check.
    embed_precision: Literal["auto", "int8", "fp32"] = "auto"
    # Benchmarks only: a SQLite file of vectors by graph and text, so rebuilding one collection
    # does not embed again (eval/bench.py's 100,000-chunk build).
    embed_cache: Path | None = None
    # Records per Chroma `get`/`delete` call when a whole collection is read (index/pages.py):
    # SQLite binds one variable per record and refuses more than 32,766.
    chroma_page_size: int = Field(default=5_000, gt=0)
    # A second ingest into a collection that another process is writing waits this long for it,
    # then stops with a message naming the writer (0: stop at once).
    writer_lock_wait_s: float = Field(default=0.0, ge=0)
    cache_dir: Path = Field(
        default_factory=lambda: _user_cache(),
        description="Per-machine cache (the query model's ONNX export, reused by every index).",
    )

    def collection_dir(self) -> Path:
        return self.index_dir / "collections" / self.collection
