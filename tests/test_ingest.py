from pathlib import Path

import pytest

from conftest import ANNOUNCEMENT, CORPUS
from index.errors import IndexMismatchError, NoIndexError
from index.search import Searcher
from index.store import CollectionStore
from ingest.pipeline import Ingestor


def chroma_ids(settings) -> list[str]:
    return sorted(CollectionStore(settings).collection().get()["ids"])


def test_ingesting_the_bundled_announcement_by_default(settings):
    report = Ingestor(settings).ingest()
    assert report.added == ["miit-2020-04-24-four-measures-industrial-internet"]
    assert report.chunks == len(chroma_ids(settings)) > 4


def test_reingesting_an_unchanged_file_changes_nothing(settings):
    Ingestor(settings).ingest()
    before = chroma_ids(settings)
    report = Ingestor(settings).ingest()
    assert report.unchanged == ["miit-2020-04-24-four-measures-industrial-internet"]
    assert report.added == report.updated == []
    assert chroma_ids(settings) == before


def test_a_changed_file_replaces_its_old_chunks(settings, tmp_path):
    doc = tmp_path / "notice.txt"
    doc.write_text("一、第一項\n\n加快網絡建設。\n\n二、第二項\n\n加強人才培養。\n", encoding="utf-8")
    Ingestor(settings).ingest([doc])
    old = chroma_ids(settings)
    doc.write_text("一、第一項\n\n加快網絡建設。\n\n二、第二項\n\n加強科技創新。\n", encoding="utf-8")
    report = Ingestor(settings).ingest([doc])
    new = chroma_ids(settings)
    assert report.updated == ["notice"]
    assert new != old and len(new) == len(old)
    texts = CollectionStore(settings).collection().get()["documents"]
    assert not any("人才培養" in t for t in texts)
    assert Searcher(settings).passages  # manifest and Chroma agree


def test_a_document_can_be_removed(settings):
    Ingestor(settings).ingest(
        [ANNOUNCEMENT, CORPUS / "2019-12-02_miit-symposium-promote-industrial-internet-innovation.txt"]
    )
    Ingestor(settings).remove(["2019-12-02-miit-symposium-promote-industrial-internet-innovation"])
    docs = [d["doc_id"] for d in Searcher(settings).documents()]
    assert docs == ["miit-2020-04-24-four-measures-industrial-internet"]
    assert all(i.startswith("miit-2020") for i in chroma_ids(settings))


def test_collections_live_side_by_side(settings):
    Ingestor(settings).ingest()
    other = settings.model_copy(update={"collection": "corpus"})
    Ingestor(other).ingest([CORPUS])
    assert len(Searcher(settings).documents()) == 1
    assert len(Searcher(other).documents()) == 10


def bad_files(folder: Path) -> dict[str, Path]:
    folder.mkdir()
    files = {
        "empty": folder / "empty.txt",
        "binary": folder / "binary.txt",
        "latin1": folder / "latin1.txt",
        "unsupported": folder / "table.xlsx",
        "front_matter": folder / "broken.md",
        "good": folder / "good.txt",
        "gbk": folder / "gbk.txt",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(bytes(range(256)) * 10)
    files["latin1"].write_bytes("caf\xe9 na\xefve r\xe9sum\xe9 ".encode("latin-1") * 3)
    files["unsupported"].write_bytes(b"PK\x03\x04")
    files["front_matter"].write_text("---\ntitle: [unclosed\n---\n正文。\n", encoding="utf-8")
    files["good"].write_text("一、加快設施建設\n\n加快全光纖網絡建設。\n", encoding="utf-8")
    files["gbk"].write_bytes("关于推动工业互联网加快发展的通知。各省工业和信息化主管部门要加快建设。".encode("gbk"))
    return files


def test_bad_files_are_named_and_the_rest_still_ingests(settings, tmp_path):
    files = bad_files(tmp_path / "batch")
    report = Ingestor(settings).ingest([tmp_path / "batch"])
    failed = {Path(f.path).name: str(f) for f in report.failed}
    assert set(failed) == {"empty.txt", "binary.txt", "latin1.txt", "table.xlsx", "broken.md"}
    assert "empty" in failed["empty.txt"]
    assert "binary" in failed["binary.txt"]
    assert "UTF-8" in failed["latin1.txt"]
    assert "unsupported" in failed["table.xlsx"]
    assert "front matter" in failed["broken.md"]
    assert sorted(report.added) == ["gbk", "good"]
    assert files["gbk"].exists()


def test_gbk_text_is_detected_and_read_correctly(settings, tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("关于推动工业互联网加快发展的通知。各省工业和信息化主管部门要加快建设。".encode("gb18030"))
    Ingestor(settings).ingest([path])
    texts = CollectionStore(settings).collection().get()["documents"]
    assert any("工业互联网" in t for t in texts)


def test_asking_before_any_ingest_says_to_ingest_first(settings):
    with pytest.raises(NoIndexError, match="policy-chat ingest"):
        Searcher(settings)


def test_a_different_embedding_model_than_the_index_was_built_with_is_refused(settings):
    Ingestor(settings).ingest()
    other = settings.model_copy(update={"embed_model": "hash:128"})
    with pytest.raises(IndexMismatchError, match="--rebuild"):
        Searcher(other)
    with pytest.raises(IndexMismatchError, match="--rebuild"):
        Ingestor(other).ingest()
    Ingestor(other).ingest(rebuild=True)
    assert Searcher(other).passages


def test_a_damaged_manifest_names_the_fix(settings):
    Ingestor(settings).ingest()
    CollectionStore(settings).manifest_path.write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexMismatchError, match="--rebuild"):
        Searcher(settings)


def test_html_and_docx_files_are_read_through_their_libraries(settings, tmp_path):
    import docx

    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><script>var x = 1;</script></head><body><nav>首頁 &gt; 新聞</nav>"
        "<p>一、加快設施建設</p><p>加快全光纖網絡建設。</p></body></html>",
        encoding="utf-8",
    )
    document = docx.Document()
    document.add_paragraph("二、深化融合應用")
    document.add_paragraph("加快中小企業上雲上平臺。")
    document.save(str(tmp_path / "notice.docx"))
    report = Ingestor(settings).ingest([tmp_path])
    assert sorted(report.added) == ["notice", "page"] and not report.failed
    texts = " ".join(CollectionStore(settings).collection().get()["documents"])
    assert "加快全光纖網絡建設" in texts and "中小企業上雲" in texts
    assert "var x" not in texts and "首頁" not in texts


def test_chunks_missing_from_chroma_are_noticed_and_name_the_fix(settings):
    Ingestor(settings).ingest()
    store = CollectionStore(settings)
    store.collection().delete(ids=store.collection().get()["ids"][:3])
    with pytest.raises(IndexMismatchError, match="--rebuild"):
        Searcher(settings)


def test_documents_are_grouped_into_batches_of_about_the_configured_size(tmp_path):
    from ingest.documents import prepare
    from ingest.pipeline import batches

    paths = []
    for i in range(5):
        paths.append(tmp_path / f"d{i}.txt")
        paths[-1].write_text(f"文件{i}\n\n" + "工業互聯網加快發展。" * 40, encoding="utf-8")
    prepared = [prepare(p) for p in paths]
    size = len(prepared[0].text)
    grouped = batches(prepared, limit=2 * size)
    assert [len(b) for b in grouped] == [2, 2, 1]
    assert [d for b in grouped for d in b] == prepared
    assert batches(prepared, limit=10**9) == [prepared]


def test_a_small_batch_size_gives_the_same_collection_as_one_batch(settings, tmp_path):
    one = Ingestor(settings)
    one.ingest([ANNOUNCEMENT.parent, CORPUS])
    small = settings.model_copy(update={"index_dir": tmp_path / "small", "ingest_batch_chars": 500})
    Ingestor(small).ingest([ANNOUNCEMENT.parent, CORPUS])
    big_ids = sorted(CollectionStore(settings).collection().get()["ids"])
    small_ids = sorted(CollectionStore(small).collection().get()["ids"])
    assert big_ids == small_ids and len(big_ids) > 40


def test_ingest_progress_only_grows_and_ends_at_the_number_of_documents(settings):
    seen: list[float] = []
    small = settings.model_copy(update={"ingest_batch_chars": 2000})
    Ingestor(small).ingest([ANNOUNCEMENT.parent, CORPUS], on_progress=lambda doc, done, total: seen.append(done))
    assert seen == sorted(seen) and seen[-1] == 11 and len(set(seen)) > 3
