"""Each test gets its own index directory; fast tests use the deterministic hash embedder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

ROOT = Path(__file__).resolve().parent.parent
ANNOUNCEMENT = ROOT / "data" / "announcement" / "miit-2020-04-24-four-measures-industrial-internet.txt"
CORPUS = ROOT / "data" / "corpus"


@pytest.fixture(scope="session", autouse=True)
def own_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The per-machine cache (ONNX export) lives in the session's temp dir, never in ~/.cache."""
    cache = tmp_path_factory.mktemp("cache")
    os.environ["POLICY_CHAT_CACHE_DIR"] = str(cache)
    return cache


@pytest.fixture(autouse=True)
def own_index_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    index_dir = tmp_path / "index"
    monkeypatch.setenv("POLICY_CHAT_INDEX_DIR", str(index_dir))
    monkeypatch.setenv("POLICY_CHAT_EMBED_MODEL", "hash:256")
    for var in ("POLICY_CHAT_COLLECTION", "POLICY_CHAT_CHROMA_URL", "POLICY_CHAT_LLM"):
        monkeypatch.delenv(var, raising=False)
    return index_dir


@pytest.fixture
def settings(own_index_dir: Path):
    from index.settings import Settings

    return Settings(index_dir=own_index_dir, embed_model="hash:256")


@pytest.fixture
def assistant(settings):
    """An assistant over the ingested announcement (the default collection)."""
    from app.assistant import Assistant
    from ingest.pipeline import Ingestor

    Ingestor(settings).ingest()
    return Assistant(settings)


@pytest.fixture
def corpus_assistant(settings):
    """An assistant over the announcement and the ten related texts as one collection."""
    from app.assistant import Assistant
    from ingest.pipeline import Ingestor

    both = settings.model_copy(update={"collection": "corpus"})
    Ingestor(both).ingest([ANNOUNCEMENT.parent, CORPUS])
    return Assistant(both)


@pytest.fixture
def claim_of():
    """A claim of the first passage span whose folded text is ``quote``: stage tests build drafts
    from the texts themselves."""
    from app.draft import Claim
    from index.fold import fold

    def find(searcher, quote: str) -> Claim:
        for doc_id in searcher.manifest["docs"]:
            for p in searcher.doc_passages(doc_id):
                at = fold(p.text).find(fold(quote))
                if at != -1:
                    return Claim(p.text[at : at + len(quote)], p, p.start + at, p.start + at + len(quote))
        raise AssertionError(f"no passage holds {quote}")

    return find
