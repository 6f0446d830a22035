"""An index holds the tags of the annotator that wrote it: a changed annotator must be a new
version, so that ``policy-chat ingest`` re-tags what it stored (index/annotate.ANNOTATOR_VERSION)."""

import hashlib
import json
import logging

from conftest import ANNOUNCEMENT, CORPUS
from eval.runner import ensure_collection
from index import annotate
from index.search import Searcher
from index.store import CollectionStore
from ingest.chunker import chunk_document
from ingest.documents import prepare
from ingest.pipeline import Ingestor

# The tags ingest stores for the bundled texts, per annotator version. When a change to the
# annotator (or to the chunks it is given) changes them, raise ANNOTATOR_VERSION and record the
# new fingerprint here: an index built before then is re-tagged on its next ingest.
FINGERPRINTS = {2: "5bbd6d7ed4b5a495"}


def stored_tags_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in [ANNOUNCEMENT, *sorted(CORPUS.glob("*.txt"))]:
        doc = prepare(path)
        for chunk in chunk_document(doc.doc_id, doc.text):
            digest.update(json.dumps(annotate.chunk_metadata(chunk.text), ensure_ascii=False).encode())
    return digest.hexdigest()[:16]


def test_the_annotator_version_names_the_tags_it_stores():
    found = stored_tags_fingerprint()
    assert FINGERPRINTS.get(annotate.ANNOTATOR_VERSION) == found, (
        f"the bundled texts' stored tags changed (fingerprint {found}): raise ANNOTATOR_VERSION in "
        "index/annotate.py and record the new fingerprint in FINGERPRINTS"
    )


def test_a_new_annotator_retags_an_unchanged_file_on_the_next_ingest(settings, monkeypatch):
    Ingestor(settings).ingest()
    before = CollectionStore(settings).read_manifest()["docs"]
    monkeypatch.setattr(annotate, "ANNOTATOR_VERSION", annotate.ANNOTATOR_VERSION + 1)
    tagged = annotate.chunk_metadata
    monkeypatch.setattr(
        "ingest.pipeline.chunk_metadata",
        lambda text: {**tagged(text), "names": "|".join(["新標注", tagged(text)["names"]])},
    )
    report = Ingestor(settings).ingest()
    assert report.updated == ["miit-2020-04-24-four-measures-industrial-internet"] and report.unchanged == []
    after = CollectionStore(settings).read_manifest()["docs"]
    (doc_id,) = after
    assert after[doc_id]["annotator"] == annotate.ANNOTATOR_VERSION
    assert after[doc_id]["text_hash"] != before[doc_id]["text_hash"]  # a new version, written beside the old
    stored = CollectionStore(settings).collection().get(include=["metadatas"])["metadatas"]
    assert stored and all(m["names"].startswith("新標注") for m in stored)  # no chunk of the old version is left
    assert Searcher(settings).passages  # manifest, snapshot and Chroma agree
    again = Ingestor(settings).ingest()
    assert again.unchanged == [doc_id]


def test_a_searcher_on_old_tags_says_to_ingest_again(settings, monkeypatch, caplog):
    Ingestor(settings).ingest()
    with caplog.at_level(logging.WARNING, logger="policy_chat.search"):
        Searcher(settings)
    assert not [r for r in caplog.records if "annotator" in r.getMessage()]
    monkeypatch.setattr(annotate, "ANNOTATOR_VERSION", annotate.ANNOTATOR_VERSION + 1)
    assert CollectionStore.stale_annotations(CollectionStore(settings).read_manifest()) == [
        "miit-2020-04-24-four-measures-industrial-internet"
    ]
    with caplog.at_level(logging.WARNING, logger="policy_chat.search"):
        Searcher(settings)
    assert any("earlier annotator" in r.getMessage() and "policy-chat ingest" in r.getMessage() for r in caplog.records)


def test_the_eval_retags_a_bundled_collection_an_earlier_annotator_tagged(settings, monkeypatch):
    scoped = settings.model_copy(update={"collection": "default"})
    ensure_collection(scoped)
    monkeypatch.setattr(annotate, "ANNOTATOR_VERSION", annotate.ANNOTATOR_VERSION + 1)
    ensure_collection(scoped)
    store = CollectionStore(scoped)
    assert store.stale_annotations(store.read_manifest()) == []
