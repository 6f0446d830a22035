"""A real `chroma run` server on 127.0.0.1: ingest and answer through it, from two index dirs."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.assistant import Assistant
from ingest.pipeline import Ingestor
from procs import free_port, stop

pytestmark = pytest.mark.chroma_server


@pytest.fixture
def chroma_url(tmp_path):
    port = free_port()
    cli = Path(sys.executable).parent / "chroma"
    proc = subprocess.Popen(
        [str(cli), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)


def test_ingest_and_answer_through_a_chroma_server(settings, chroma_url, tmp_path):
    remote = settings.model_copy(update={"chroma_url": chroma_url})
    report = Ingestor(remote).ingest()
    assert report.added and not (settings.index_dir / "chroma").exists()
    answer = Assistant(remote).ask("哪位中國工程院院士參加了會議？")
    assert "鄔賀銓" in answer.text and answer.citations[0].text == "中國工程院院士鄔賀銓"
    # A second machine (another index dir) answers from the same server without ingesting.
    elsewhere = remote.model_copy(update={"index_dir": tmp_path / "other-machine"})
    again = Assistant(elsewhere).ask("工信部推动工业互联网的四项举措是什么？")
    assert len(again.citations) == 4
    # Re-ingest through the server is idempotent.
    assert Ingestor(remote).ingest().unchanged


def test_a_server_that_is_not_running_gives_a_clear_error(settings):
    from index.errors import PolicyChatError

    remote = settings.model_copy(update={"chroma_url": f"http://127.0.0.1:{free_port()}"})
    with pytest.raises(PolicyChatError, match="chroma run"):
        Assistant(remote).ask("哪位院士參加了會議？")


def test_a_rebuild_through_the_server_is_picked_up_on_another_machine(settings, chroma_url, tmp_path):
    from index.search import open_searcher
    from index.store import CollectionStore

    remote = settings.model_copy(update={"chroma_url": chroma_url})
    Ingestor(remote).ingest()
    elsewhere = remote.model_copy(update={"index_dir": tmp_path / "other-machine"})
    serving = open_searcher(elsewhere)
    notice = tmp_path / "new" / "notice.txt"
    notice.parent.mkdir()
    notice.write_text("關於測試的通知\n\n一、總則\n\n會議由乙局召開。\n", encoding="utf-8")
    Ingestor(remote).ingest([notice.parent], rebuild=True)
    reopened = open_searcher(elsewhere)
    assert reopened is not serving and [d["doc_id"] for d in reopened.documents()] == ["notice"]
    assert "乙局" in reopened.search("會議由哪個局召開？").passages[0].text
    names = sorted(c.name for c in CollectionStore(remote).client().list_collections())
    assert names == sorted([reopened.store.chroma_name, "policy_chat_default__meta"])
