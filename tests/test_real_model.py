"""The packaged sentence-transformers model and real Chroma, end to end (slower)."""

import pytest

from app.assistant import Assistant
from index.settings import DEFAULT_MODEL, Settings
from ingest.pipeline import Ingestor

pytestmark = pytest.mark.real_model


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    settings = Settings(index_dir=tmp_path_factory.mktemp("real"), embed_model=DEFAULT_MODEL)
    Ingestor(settings).ingest()
    return Assistant(settings)


def test_the_packaged_model_answers_the_academician_question(real):
    answer = real.ask("哪位中國工程院院士參加了會議？")
    assert "鄔賀銓" in answer.text


def test_the_packaged_model_lists_the_four_measures_and_refuses_the_budget(real):
    assert len(real.ask("工信部推动工业互联网的四项举措是什么？").citations) == 4
    assert real.ask("這項政策的財政預算是多少？").abstained


def test_the_packaged_model_vectors_are_stored_in_chroma(real):
    got = real.searcher.store.collection().get(include=["embeddings"], limit=1)
    assert len(got["embeddings"][0]) == 384
