"""Large collections (issue 13): paged whole-collection reads and the persisted sparse index."""

from __future__ import annotations

import shutil

import chromadb.api.models.Collection as chroma_collection
import numpy as np
import pytest

from app.assistant import Assistant
from conftest import ANNOUNCEMENT, CORPUS
from index.pages import all_ids
from index.search import Searcher, open_searcher
from index.snapshot import snapshot_key, snapshot_root
from index.sparse import SparseIndex
from index.store import CollectionStore
from ingest.pipeline import Ingestor

FAKE_SQLITE_LIMIT = 10  # records one Chroma call may touch in these tests (SQLite's real one: 32,766)


@pytest.fixture
def sqlite_limit(monkeypatch):
    """Chroma calls that touch more records than a (tiny) variable limit fail the way SQLite does
    at about 100,000 chunks, so a small collection shows whether every read is paged."""
    real_get, real_delete = chroma_collection.Collection.get, chroma_collection.Collection.delete

    def get(self, *args, **kwargs):
        got = real_get(self, *args, **kwargs)
        if len(got["ids"]) > FAKE_SQLITE_LIMIT:
            raise RuntimeError(f"too many SQL variables ({len(got['ids'])} records in one get)")
        return got

    def delete(self, ids=None, *args, **kwargs):
        if ids is not None and len(ids) > FAKE_SQLITE_LIMIT:
            raise RuntimeError(f"too many SQL variables ({len(ids)} ids in one delete)")
        return real_delete(self, ids, *args, **kwargs)

    monkeypatch.setattr(chroma_collection.Collection, "get", get)
    monkeypatch.setattr(chroma_collection.Collection, "delete", delete)


def test_ingest_ask_docs_remove_and_reingest_page_every_whole_collection_read(settings, sqlite_limit, tmp_path):
    paged = settings.model_copy(update={"chroma_page_size": 7, "collection": "corpus"})
    docs = tmp_path / "docs"
    shutil.copytree(CORPUS, docs)
    shutil.copy(ANNOUNCEMENT, docs)
    report = Ingestor(paged).ingest([docs])
    assert report.ok and report.chunks > 4 * FAKE_SQLITE_LIMIT
    store = CollectionStore(paged)
    assert "鄔賀銓" in Assistant(paged).ask("哪位中國工程院院士參加了會議？").text

    # a new process without a saved snapshot reads the chunks from Chroma, in pages
    shutil.rmtree(snapshot_root(store))
    assert len(Searcher(paged).passages) == report.chunks

    gone = "2019-12-02-miit-symposium-promote-industrial-internet-innovation"
    before = len(all_ids(store.collection(), 7))
    Ingestor(paged).remove([gone])
    left = all_ids(store.collection(), 7)
    assert len(left) < before and not any(i.startswith(gone) for i in left)
    assert gone not in [d["doc_id"] for d in Searcher(paged).documents()]

    changed = sorted(docs.glob("2017*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\n新增段落：推進邊緣計算試點。\n", encoding="utf-8")
    assert Ingestor(paged).ingest([docs]).updated
    manifest = store.read_manifest()
    assert len(all_ids(store.collection(), 7)) == sum(d["chunks"] for d in manifest["docs"].values())


def test_the_cli_commands_page_every_whole_collection_read_too(sqlite_limit, tmp_path, monkeypatch):
    """What a user runs — ``ingest``, ``ask``, ``docs``, ``remove``, re-ingest and ``ingest --rebuild`` —
    each under a variable limit far below the collection's size, with small pages set in the
    environment as a user would."""
    import json

    from typer.testing import CliRunner

    from app.cli import app

    monkeypatch.setenv("POLICY_CHAT_CHROMA_PAGE_SIZE", "7")
    docs = tmp_path / "docs"
    shutil.copytree(CORPUS, docs)
    shutil.copy(ANNOUNCEMENT, docs)
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, [*args, "--collection", "corpus"])
        assert result.exit_code == 0, result.output
        return result.stdout

    def answers() -> None:
        shutil.rmtree(snapshot_root(CollectionStore(paged)), ignore_errors=True)  # read from Chroma, paged
        data = json.loads(run("ask", "--json", "哪位中國工程院院士參加了會議？"))
        assert "鄔賀銓" in data["answer"] and data["citations"]

    from index.settings import Settings

    paged = Settings(collection="corpus")
    assert paged.chroma_page_size == 7
    run("ingest", str(docs))
    total = sum(d["chunks"] for d in json.loads(run("docs", "--json")))
    assert total > 4 * FAKE_SQLITE_LIMIT
    answers()
    gone = "2019-12-02-miit-symposium-promote-industrial-internet-innovation"
    run("remove", gone)
    assert gone not in run("docs")
    answers()
    changed = sorted(docs.glob("2017*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\n新增段落：推進邊緣計算試點。\n", encoding="utf-8")
    run("ingest", str(docs))  # the removed document comes back, one is updated
    assert gone in run("docs")
    answers()
    run("ingest", "--rebuild", str(docs))
    answers()
    chunks = sum(d["chunks"] for d in json.loads(run("docs", "--json")))
    assert len(all_ids(CollectionStore(paged).collection(), 7)) == chunks >= total


def test_opening_a_collection_neither_tokenises_nor_folds(settings, monkeypatch):
    import index.fold
    import index.tokens

    Ingestor(settings).ingest([ANNOUNCEMENT, CORPUS])

    def refuse(*args, **kwargs):
        raise AssertionError("the collection was tokenised or folded on open")

    with monkeypatch.context() as patch:
        patch.setattr(index.tokens, "_tokenizer", refuse)
        patch.setattr(index.fold, "_converter", refuse)
        searcher = Searcher(settings)
    assert searcher.sparse.size == len(searcher.passages) > 40
    assert searcher.search("工業互聯網創新發展").passages


def test_the_snapshot_is_saved_before_the_manifest_that_names_it(settings):
    Ingestor(settings).ingest()
    store = CollectionStore(settings)
    manifest = store.read_manifest()
    key = snapshot_key(manifest, str(store.collection().id))
    assert manifest["sparse_index"] == key
    assert (snapshot_root(store) / key / "chunks.json").exists()
    assert Searcher(settings).snapshot_key == key


def scores_of(searcher: Searcher, query: str) -> dict[str, float]:
    from index.tokens import tokenize

    scores = searcher.sparse.scores(tokenize(query))
    return {p.chunk_id: round(float(s), 4) for p, s in zip(searcher.passages, scores, strict=True) if s > 0}


def test_an_incrementally_built_sparse_index_equals_one_built_from_scratch(settings, tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(CORPUS, docs)
    Ingestor(settings).ingest([docs])
    first = sorted(docs.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n\n新增段落：推進邊緣計算試點。\n", encoding="utf-8")
    Ingestor(settings).ingest([docs, ANNOUNCEMENT])  # one changed, one new, nine kept from the last snapshot
    Ingestor(settings).remove([Searcher(settings).documents()[1]["doc_id"]])
    incremental = Searcher(settings)
    texts = [p.title + "\n" + p.section + "\n" + p.text for p in incremental.passages]
    scratch = SparseIndex(texts)
    for query in ("邊緣計算試點", "工业互联网 创新", "院士"):
        from index.tokens import tokenize

        assert np.allclose(incremental.sparse.scores(tokenize(query)), scratch.scores(tokenize(query)))
    assert scores_of(incremental, "邊緣計算試點")


def test_a_rebuilt_collection_never_reuses_the_old_snapshot(settings):
    Ingestor(settings).ingest()
    old = Searcher(settings).snapshot_key
    Ingestor(settings).ingest(rebuild=True)
    assert Searcher(settings).snapshot_key != old


@pytest.mark.real_model
def test_int8_is_used_only_when_its_parity_check_passes_and_questions_follow_the_collection(tmp_path, monkeypatch):
    import ingest.embedding as embedding
    from index.query_embed import OnnxQueryEmbedder, load_query_embedder, onnx_path
    from index.settings import DEFAULT_MODEL, Settings

    verdict = {"top5_overlap": 0.9, "passed": False}
    monkeypatch.setattr(embedding, "parity_check", lambda *args: dict(verdict))
    failing = Settings(index_dir=tmp_path / "a", embed_model=DEFAULT_MODEL)
    report = Ingestor(failing).ingest()
    manifest = CollectionStore(failing).read_manifest()
    assert manifest["embed_precision"] == "fp32" and manifest["embed_parity"]["passed"] is False
    assert [w for w in report.warnings if "parity" in w and "\n" not in w]  # the one-line notice

    verdict.update(top5_overlap=0.99, passed=True)
    passing = Settings(index_dir=tmp_path / "b", embed_model=DEFAULT_MODEL)
    assert not Ingestor(passing).ingest().warnings
    assert CollectionStore(passing).read_manifest()["embed_precision"] == "int8"
    assert onnx_path(passing.index_dir, DEFAULT_MODEL, "int8").exists()
    searcher = Searcher(passing)
    question = "哪位中國工程院院士參加了會議？"
    stored = searcher.collection.get(include=["embeddings"], limit=1)["embeddings"][0]
    int8 = load_query_embedder(DEFAULT_MODEL, str(passing.index_dir), "int8")
    fp32 = load_query_embedder(DEFAULT_MODEL, str(passing.index_dir), "fp32")
    assert isinstance(int8, OnnxQueryEmbedder)
    assert searcher.embed_query(question) == int8(question) != fp32(question)
    assert len(stored) == 384

    # the fp32 collection stays fp32 on its next ingest, even now that int8 would pass
    Ingestor(failing).ingest([ANNOUNCEMENT, CORPUS])
    assert CollectionStore(failing).read_manifest()["embed_precision"] == "fp32"
    assert Searcher(failing).embed_query(question) == load_query_embedder(DEFAULT_MODEL, str(failing.index_dir))(
        question
    )


def test_passages_carry_the_annotators_tags_where_the_passage_type_has_them(settings):
    from dataclasses import dataclass

    from index.snapshot import PassageList

    Ingestor(settings).ingest()
    columns = dict(Searcher(settings).passages._columns)
    columns["tags"] = [f"tag{i}" for i in range(len(columns["id"]))]

    @dataclass
    class Plain:
        chunk_id: str
        doc_id: str
        title: str
        date: str
        section: str
        start: int
        end: int
        text: str
        heading_level: int
        text_hash: str
        names: tuple
        places: tuple

    @dataclass
    class Tagged(Plain):
        tags: str = ""

    assert PassageList(columns, Tagged)[1].tags == "tag1"
    assert not hasattr(PassageList(columns, Plain)[1], "tags")


def test_questions_do_not_parse_the_manifest_until_it_changes(settings, monkeypatch, tmp_path):
    assistant = Assistant(settings)
    Ingestor(settings).ingest()
    for _ in range(2):  # opens, then reads the generation of this manifest version once
        assistant.ask("哪位中國工程院院士參加了會議？")
    real = CollectionStore.read_manifest
    reads = []

    def counted(self):
        reads.append(1)
        return real(self)

    monkeypatch.setattr(CollectionStore, "read_manifest", counted)
    for _ in range(3):
        assistant.ask("哪位中國工程院院士參加了會議？")
    assert not reads  # at 14,285 documents a parse took 25-45 ms of every answer
    extra = tmp_path / "extra.txt"
    extra.write_text("關於測試的通知\n\n一、第一項\n\n會議由甲局召開。\n", encoding="utf-8")
    Ingestor(settings).ingest([extra])
    assert "extra" in [d["doc_id"] for d in open_searcher(settings).documents()]  # a new manifest is noticed


def test_the_gram_index_is_saved_with_the_snapshot_and_added_to_one_saved_before_it(settings):
    from index.corpus_stats import FILES

    Ingestor(settings).ingest()
    store = CollectionStore(settings)
    folder = snapshot_root(store) / store.read_manifest()["sparse_index"]
    assert all((folder / name).exists() for name in FILES)  # written at ingest, with the BM25 index
    for name in FILES:
        (folder / name).unlink()  # a snapshot from before the gram index
    searcher = Searcher(settings)
    assert all((folder / name).exists() for name in FILES)  # built once, kept for the next process
    assert searcher.stats.passages_containing("院士") == {
        i for i, text in enumerate(searcher.folded_passages) if "院士" in text
    }
    (folder / FILES[1]).write_bytes(b"not a table")  # damaged: rebuilt, never trusted
    assert Searcher(settings).stats.document_frequency("院士") == searcher.stats.document_frequency("院士") > 0


def test_a_version_chroma_holds_but_the_manifest_lost_is_counted_in_pages(settings, sqlite_limit, tmp_path):
    """An ingest killed after its chunks and docstore were saved but before the manifest: the next
    ingest finds the version in the docstore (nothing to embed) and counts its chunks in Chroma."""
    paged = settings.model_copy(update={"chroma_page_size": 7})
    long_doc = tmp_path / "long.txt"
    paragraphs = [f"第{i}段：工業互聯網創新發展第{i}項任務，推進邊緣計算第{i}批試點。" * 3 for i in range(40)]
    long_doc.write_text("關於長文件的通知\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    Ingestor(paged).ingest([long_doc])
    store = CollectionStore(paged)
    manifest = store.read_manifest()
    chunks = manifest["docs"]["long"]["chunks"]
    assert chunks > FAKE_SQLITE_LIMIT
    del manifest["docs"]["long"]
    store.write_manifest(manifest)  # as if the manifest write had not happened
    report = Ingestor(paged).ingest([long_doc])
    assert report.ok and report.added == ["long"] and report.chunks == chunks
    assert Searcher(paged).documents()[0]["chunks"] == chunks
