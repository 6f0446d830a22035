"""Issue 14, ingest and store: hostile front matter, symlinks, concurrent writers, rebuilds, large files."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import ANNOUNCEMENT
from index.errors import CollectionBusyError, IndexMismatchError, PolicyChatError
from index.search import Searcher, open_searcher
from index.store import CollectionStore
from index.writer_lock import writer_lock
from ingest.pipeline import Ingestor

CLI = Path(sys.executable).parent / "policy-chat"
NOTICE = "關於測試的通知\n\n一、總則\n\n會議由{who}召開。\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def failed_by_name(report) -> dict[str, str]:
    return {Path(f.path).name: str(f) for f in report.failed}


# --- item 1: front matter -------------------------------------------------------------------------
def alias_bomb(levels: int) -> str:
    """'Billion laughs': each level lists the previous one nine times (9**levels strings in all)."""
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]")
    lines.append(f"title: *l{levels - 1}")
    return "---\n" + "\n".join(lines) + "\n---\n一、總則\n\n會議由甲局召開。\n"


def test_yaml_aliases_in_front_matter_are_refused_and_the_file_named(settings, tmp_path):
    # six levels (half a million strings, seconds to expand) rather than the probe's nine (22 GB)
    write(tmp_path / "docs" / "bomb.md", alias_bomb(6))
    write(tmp_path / "docs" / "ok.txt", NOTICE.format(who="甲局"))
    report = Ingestor(settings).ingest([tmp_path / "docs"])
    assert "alias" in failed_by_name(report)["bomb.md"]
    assert report.added == ["ok"]


def test_front_matter_values_are_one_capped_line_and_lists_are_refused(settings, tmp_path):
    long_title = "很長的標題" * 1000
    write(tmp_path / "docs" / "long.md", f"---\ntitle: {long_title}\nsource: a\n  b\n---\n會議由甲局召開。\n")
    write(tmp_path / "docs" / "list.md", "---\ntitle: [a, b]\n---\n會議由甲局召開。\n")
    report = Ingestor(settings).ingest([tmp_path / "docs"])
    assert "not a single value" in failed_by_name(report)["list.md"]
    info = CollectionStore(settings).read_manifest()["docs"]["long"]
    assert len(info["title"]) <= 300 and info["title"].startswith("很長的標題")
    assert info["source"] == "a b"


def test_a_front_matter_block_that_never_closes_or_runs_too_long_is_named(settings, tmp_path):
    write(tmp_path / "docs" / "huge.md", "---\n" + "note: x\n" * 5000 + "---\n正文。\n")
    report = Ingestor(settings).ingest([tmp_path / "docs"])
    assert "front matter is over" in failed_by_name(report)["huge.md"]


@pytest.mark.parametrize("date", ["2020-13-45", "2021-02-30", "'2019-00-10'"])
def test_an_impossible_date_is_named_with_the_file_and_the_form_to_use(settings, tmp_path, date):
    write(tmp_path / "docs" / "dated.md", f"---\ntitle: 通知\ndate: {date}\n---\n會議由甲局召開。\n")
    write(tmp_path / "docs" / "ok.txt", NOTICE.format(who="乙局"))
    report = Ingestor(settings).ingest([tmp_path / "docs"])
    message = failed_by_name(report)["dated.md"]
    assert "not a real date" in message and "YYYY-MM-DD" in message and "ValueError" not in message
    assert report.added == ["ok"]


def test_real_front_matter_dates_are_kept():
    from ingest.documents import prepare

    corpus = Path(__file__).resolve().parent.parent / "data" / "corpus"
    dates = {prepare(p).date for p in corpus.glob("*.txt")}
    assert {"2017-10-11", "2018", "2020-03-20"} <= dates


# --- item 8: symbolic links ----------------------------------------------------------------------
def test_symbolic_links_out_of_the_folder_are_not_followed_unless_asked(settings, tmp_path):
    outside = write(tmp_path / "private" / "secret.txt", "機密文件\n\n密碼是七七七。\n")
    write(tmp_path / "private" / "more" / "other.txt", "另一份機密\n\n口令是八八八。\n")
    docs = tmp_path / "docs"
    write(docs / "ok.txt", NOTICE.format(who="甲局"))
    (docs / "passwd.txt").symlink_to(outside)
    (docs / "linked").symlink_to(tmp_path / "private" / "more", target_is_directory=True)
    (docs / "inside.txt").symlink_to(docs / "ok.txt")  # stays inside: read like any file

    report = Ingestor(settings).ingest([docs])
    texts = " ".join(CollectionStore(settings).collection().get()["documents"])
    assert "七七七" not in texts and "八八八" not in texts
    failed = failed_by_name(report)
    assert "--follow-symlinks" in failed["passwd.txt"] and "outside" in failed["linked"]
    assert sorted(report.added) == ["inside", "ok"]

    other = settings.model_copy(update={"collection": "followed"})
    report = Ingestor(other).ingest([docs], follow_symlinks=True)
    assert {"passwd", "other"} <= set(report.added) and not report.failed


def test_a_link_loop_inside_the_folder_ends(settings, tmp_path):
    docs = tmp_path / "docs"
    write(docs / "sub" / "ok.txt", NOTICE.format(who="甲局"))
    (docs / "sub" / "loop").symlink_to(docs, target_is_directory=True)
    report = Ingestor(settings).ingest([docs], follow_symlinks=True)
    assert report.added == ["ok"]


# --- items 2 and 6: rebuilds ---------------------------------------------------------------------
def test_a_rebuild_of_a_mistyped_path_changes_nothing(settings, tmp_path):
    Ingestor(settings).ingest([ANNOUNCEMENT])
    before = CollectionStore(settings).read_manifest()
    for paths in (
        [tmp_path / "typo"],
        [ANNOUNCEMENT, tmp_path / "typo"],
        [write(tmp_path / "sheets" / "x.xlsx", "?").parent],
    ):
        with pytest.raises(PolicyChatError, match="Nothing was changed"):
            Ingestor(settings).ingest(paths, rebuild=True)
    assert CollectionStore(settings).read_manifest() == before
    assert Searcher(settings).passages


def test_a_rebuild_where_a_file_fails_keeps_the_old_collection(settings, tmp_path):
    Ingestor(settings).ingest([ANNOUNCEMENT])
    write(tmp_path / "new" / "ok.txt", NOTICE.format(who="乙局"))
    (tmp_path / "new" / "empty.txt").write_bytes(b"")
    report = Ingestor(settings).ingest([tmp_path / "new"], rebuild=True)
    assert "not rebuilt" in " ".join(report.warnings) and report.added == []
    docs = [d["doc_id"] for d in Searcher(settings).documents()]
    assert docs == ["miit-2020-04-24-four-measures-industrial-internet"]
    names = [c.name for c in CollectionStore(settings).client().list_collections()]
    assert names == [CollectionStore(settings).chroma_name]  # the abandoned build is gone


def test_a_server_notices_a_rebuild_reopens_and_logs_it(settings, tmp_path, caplog):
    old = write(tmp_path / "old" / "notice.txt", NOTICE.format(who="甲局"))
    Ingestor(settings).ingest([old])
    serving = open_searcher(settings)
    assert "甲局" in serving.search("會議由哪個局召開？").passages[0].text
    new = write(tmp_path / "new" / "notice.txt", NOTICE.format(who="乙局"))
    feedback = write(settings.collection_dir() / "feedback.jsonl", '{"rating": "up"}\n')
    Ingestor(settings).ingest([new], rebuild=True)
    assert feedback.read_text(encoding="utf-8") == '{"rating": "up"}\n'  # a rebuild used to delete it
    with caplog.at_level(logging.INFO, logger="policy_chat.search"):
        reopened = open_searcher(settings)
    assert reopened is not serving and "reopened" in caplog.text
    assert "乙局" in reopened.search("會議由哪個局召開？").passages[0].text
    assert reopened.manifest["generation"] > serving.manifest["generation"]
    # the collection it replaced is deleted; only the new one is left in Chroma
    assert [c.name for c in CollectionStore(settings).client().list_collections()] == [reopened.store.chroma_name]


def test_rebuild_recovers_a_damaged_manifest_and_a_killed_rebuild_leaves_the_old_collection(settings, tmp_path):
    Ingestor(settings).ingest([ANNOUNCEMENT])
    store = CollectionStore(settings)
    store.manifest_path.write_text('{"format": 2, "docs": []}', encoding="utf-8")
    with pytest.raises(IndexMismatchError, match="--rebuild"):
        Searcher(settings)
    Ingestor(settings).ingest([ANNOUNCEMENT], rebuild=True)
    assert Searcher(settings).passages

    # a build left behind by a killed rebuild is removed by the next writer, the live one kept
    live = CollectionStore(settings).chroma_name
    leftover = CollectionStore(settings, chroma_collection=live[:-8] + "0123abcd")
    leftover.collection(create=True).add(ids=["x"], embeddings=[[0.0] * 256], documents=["孤兒"])
    Ingestor(settings).ingest([ANNOUNCEMENT])
    assert [c.name for c in CollectionStore(settings).client().list_collections()] == [live]


# --- item 3: one writer per collection ---------------------------------------------------------
def test_a_second_writer_is_told_the_collection_is_busy_and_nothing_is_lost(settings, tmp_path):
    Ingestor(settings).ingest([ANNOUNCEMENT])
    write(tmp_path / "more" / "notice.txt", NOTICE.format(who="甲局"))
    with writer_lock(settings):
        with pytest.raises(CollectionBusyError, match=rf"busy: process {os.getpid()} is writing"):
            Ingestor(settings).ingest([tmp_path / "more"])
        with pytest.raises(CollectionBusyError):
            Ingestor(settings).remove(["miit-2020-04-24-four-measures-industrial-internet"])
    assert len(Searcher(settings).documents()) == 1


def test_with_a_wait_a_second_writer_waits_for_the_first(settings, tmp_path):
    write(tmp_path / "more" / "notice.txt", NOTICE.format(who="甲局"))
    patient = settings.model_copy(update={"writer_lock_wait_s": 30})
    held = threading.Event()

    def hold() -> None:
        with writer_lock(settings):
            held.set()
            time.sleep(1.0)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait()
    t0 = time.monotonic()
    assert Ingestor(patient).ingest([tmp_path / "more"]).added == ["notice"]
    assert time.monotonic() - t0 >= 0.8
    thread.join()


def test_two_ingest_processes_into_one_collection_never_lose_documents_silently(settings, tmp_path):
    from eval.bench import write_synthetic

    for name, seed in (("a", 1), ("b", 2)):
        write_synthetic(tmp_path / name, 420, seed=seed)
        for f in (tmp_path / name).glob("*.txt"):
            f.rename(f.with_name(f"{name}-{f.name}"))
    env = {**os.environ, "POLICY_CHAT_INDEX_DIR": str(settings.index_dir), "POLICY_CHAT_EMBED_MODEL": "hash:256"}
    procs = [
        subprocess.Popen(
            [str(CLI), "ingest", str(tmp_path / n)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        for n in ("a", "b")
    ]
    outputs = [p.communicate(timeout=240)[0].decode() for p in procs]
    ok = [n for n, p in zip("ab", procs, strict=True) if p.returncode == 0]
    for p, output in zip(procs, outputs, strict=True):
        assert p.returncode == 0 or "busy" in output, output
    searcher = Searcher(settings)
    docs = {d["doc_id"] for d in searcher.documents()}
    expected = {f.stem for n in ok for f in (tmp_path / n).glob("*.txt")}
    assert docs == expected and ok
    for d in searcher.documents():
        assert searcher.document_text(d["doc_id"], d["text_hash"]) is not None


# --- item 9: one large file -------------------------------------------------------------------
def compilation(path: Path, chunks: int) -> Path:
    """One file of many short sections, like a compilation of policy texts."""
    parts = ["政策文件匯編", ""]
    for i in range(chunks):
        parts += [
            f"{'一二三四五六七八九'[i % 9]}、第{i + 1}部分",
            "",
            f"第{i + 1}部分規定，各地加快工業互聯網建設第{i}號工程。",
            "",
        ]
    return write(path, "\n".join(parts))


def test_one_file_of_more_chunks_than_chroma_takes_in_one_add_is_ingested(settings, tmp_path):
    limit = CollectionStore(settings).client().get_max_batch_size()
    big = compilation(tmp_path / "big.txt", limit + 600)
    report = Ingestor(settings).ingest([big])
    assert not report.failed and report.added == ["big"]
    assert report.chunks > limit
    assert len(Searcher(settings).passages) == report.chunks


def test_progress_moves_forward_through_one_large_document(settings, tmp_path, monkeypatch):
    """The real embedder reports per slice of the chunks it is given; llama-index gives it slices."""
    from pydantic import PrivateAttr

    import ingest.pipeline as pipeline
    from index.embedder import HashEmbedding

    class ReportingEmbedding(HashEmbedding):
        _progress: object = PrivateAttr(default=None)

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            for n in range(50, len(texts) + 50, 50):
                if self._progress is not None:
                    self._progress(min(n, len(texts)), len(texts))
            return [self._vector(t) for t in texts]

    monkeypatch.setattr(
        pipeline,
        "load_embedder",
        lambda name, batch: ReportingEmbedding(dim=256, model_name=name, embed_batch_size=200),
    )
    seen: list[float] = []
    Ingestor(settings).ingest(
        [compilation(tmp_path / "big.txt", 900)], on_progress=lambda d, done, total: seen.append(done)
    )
    assert seen == sorted(seen), seen
    assert len({round(s, 2) for s in seen if 0 < s < 1}) > 5 and seen[-1] == 1


def test_a_manifest_pointing_at_another_collections_chunks_is_refused(settings):
    Ingestor(settings).ingest([ANNOUNCEMENT])
    other = settings.model_copy(update={"collection": "other"})
    Ingestor(other).ingest([ANNOUNCEMENT])
    store = CollectionStore(settings)
    manifest = store.read_manifest()
    manifest["chroma_collection"] = CollectionStore(other).chroma_name
    store.manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexMismatchError, match="not a collection of its own"):
        Ingestor(settings).ingest([ANNOUNCEMENT])
    assert Searcher(other).passages  # the other collection was not touched


def test_an_impossible_date_in_the_text_header_is_dropped_not_fatal(settings, tmp_path):
    from ingest.documents import prepare

    path = write(tmp_path / "notice.txt", "關於測試的通知\n\n2021-02-30\n\n會議由甲局召開。\n")
    assert prepare(path).date == ""
    assert (
        prepare(write(tmp_path / "ok.txt", "關於測試的通知\n\n2021-02-28\n\n會議由甲局召開。\n")).date == "2021-02-28"
    )
