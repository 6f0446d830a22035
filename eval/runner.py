"""Run eval cases through the same ``Assistant`` API as the CLI and the web chat."""

from __future__ import annotations

from app.assistant import Assistant
from eval.cases import Case
from eval.metrics import CaseResult, aggregate, score
from index.settings import Settings
from index.store import CollectionStore
from ingest.pipeline import BUNDLED, Ingestor

# What the project's own cases expect in each collection when it does not exist yet.
BUNDLED_COLLECTIONS = {"default": [BUNDLED / "announcement"], "corpus": [BUNDLED / "announcement", BUNDLED / "corpus"]}


def ensure_collection(settings: Settings) -> None:
    """A bundled collection is ingested when missing, and again when an earlier annotator tagged
    it: an eval on old tags measures the old annotator."""
    if settings.collection not in BUNDLED_COLLECTIONS:
        return
    store = CollectionStore(settings)
    if not store.exists() or store.stale_annotations(store.read_manifest()):
        Ingestor(settings).ingest(BUNDLED_COLLECTIONS[settings.collection])


def run(settings: Settings, cases: list[Case], k: int = 5) -> tuple[list[CaseResult], dict]:
    results: list[CaseResult] = []
    assistants: dict[str, Assistant] = {}
    for case in cases:
        if case.collection not in assistants:
            scoped = settings.model_copy(update={"collection": case.collection})
            ensure_collection(scoped)
            assistants[case.collection] = Assistant(scoped)
        assistant = assistants[case.collection]
        answer = assistant.ask(case.question, case.history)
        searcher = assistant.searcher
        exact = []
        for c in answer.citations:
            info = searcher.manifest["docs"].get(c.doc_id, {})
            doc = searcher.document_text(c.doc_id, info.get("text_hash", "")) or ""
            exact.append(doc[c.start : c.end] == c.text)
        retrieved = None
        if case.evidence:
            retrieved = [p.text for p in searcher.search(answer.standalone_question or case.question, k).passages]
        results.append(score(case, answer, exact, retrieved))
    return results, aggregate(results)
