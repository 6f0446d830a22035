"""The Searcher's parts on their own (index/document_store.py, index/retriever.py) and the facade
that composes them (index/search.py), on a tiny deterministic corpus without Chroma or a model."""

from __future__ import annotations

import numpy as np
import pytest

from index.corpus_stats import CorpusStats
from index.document_store import DocumentStore
from index.retriever import Retriever, fuse

ROWS = [
    # id, doc, start, text (already folded), names
    ("a-0", "a", 0, "关于推进工业互联网的通知", ""),
    ("a-1", "a", 13, "副部长陈肇雄出席会议", "陈肇雄"),
    ("b-0", "b", 0, "边缘计算试点方案", ""),
    ("b-1", "b", 9, "院士邬贺铨与陈肇雄发言", "邬贺铨|陈肇雄"),
    ("c-0", "c", 0, "预告", ""),
]
MANIFEST = {
    "docs": {
        "a": {"title": "推進通知", "date": "2020-04-24", "text_hash": "ha", "chunks": 2},
        "b": {"title": "試點方案", "date": "2019", "text_hash": "hb", "chunks": 2},
        "c": {"title": "預告", "date": "", "text_hash": "hc", "chunks": 1},
    }
}


def columns() -> dict[str, list]:
    cols: dict[str, list] = {name: [] for name in ("id", "doc", "text_hash", "title", "date", "section")}
    cols.update(start=[], end=[], heading_level=[], names=[], places=[], text=[], folded=[])
    for cid, doc, start, text, names in ROWS:
        info = MANIFEST["docs"][doc]
        for name, value in (("id", cid), ("doc", doc), ("text_hash", info["text_hash"]), ("title", info["title"])):
            cols[name].append(value)
        cols["date"].append(info["date"])
        cols["section"].append("")
        cols["start"].append(start)
        cols["end"].append(start + len(text))
        cols["heading_level"].append(-1)
        cols["names"].append(names)
        cols["places"].append("杭州|北京" if cid == "b-1" else "北京" if cid == "a-0" else "")
        cols["text"].append(text)
        cols["folded"].append(text)
    return cols


@pytest.fixture
def reads() -> list[tuple[str, str]]:
    return []


@pytest.fixture
def store(reads) -> DocumentStore:
    def read_text(doc_id: str, text_hash: str) -> str | None:
        reads.append((doc_id, text_hash))
        return "".join(text for _, doc, _, text, _ in ROWS if doc == doc_id) if text_hash.startswith("h") else None

    return DocumentStore(MANIFEST, columns(), read_text)


# --- document store ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("doc_id", "names"),
    [
        ("a", ["推进通知", "2020年", "2020年4月", "4月24日 2020年4月24日"]),
        ("b", ["试点方案", "2019年"]),
        ("c", ["预告"]),
        ("missing", [""]),
    ],
)
def test_a_document_is_named_by_its_folded_title_and_its_date_as_texts_write_it(store, doc_id, names):
    assert store.doc_names(doc_id) == names
    assert store.doc_header(doc_id) == "\n".join(names)


@pytest.mark.parametrize(
    ("doc_id", "chunk_ids"),
    [("a", ["a-0", "a-1"]), ("b", ["b-0", "b-1"]), ("c", ["c-0"]), ("missing", [])],
)
def test_a_documents_passages_come_in_reading_order(store, doc_id, chunk_ids):
    assert [p.chunk_id for p in store.doc_passages(doc_id)] == chunk_ids
    assert [store.by_id[c] for c in chunk_ids] == store.by_doc.get(doc_id, [])


@pytest.mark.parametrize(
    ("doc_id", "inside", "outside"),
    [("a", "陈肇雄出席", "边缘计算"), ("b", "2019年", "2020年"), ("c", "预告", "通知")],
)
def test_a_documents_context_is_its_names_and_its_texts(store, doc_id, inside, outside):
    assert inside in store.doc_context(doc_id) and outside not in store.doc_context(doc_id)


def test_people_come_from_the_stored_column_and_document_texts_are_read_once(store, reads):
    assert store.person_names() == ["邬贺铨", "陈肇雄"]
    assert store.place_names() == ["北京", "杭州"]
    assert store.passages[1].names == ("陈肇雄",)
    assert store.document_text("a", "ha") == store.document_text("a", "ha") == ROWS[0][3] + ROWS[1][3]
    assert store.document_text("a", "gone") is None
    assert reads == [("a", "ha"), ("a", "gone")]
    assert [d["doc_id"] for d in store.documents()] == ["a", "b", "c"]
    assert "试点方案" in store.all_doc_names() and len(store) == 5


# --- retriever ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("dense", "sparse", "depth", "order", "dense_rank", "sparse_rank"),
    [
        ([0, 1], [0, 0, 0], 5, [0, 1], {0: 0, 1: 1}, {}),  # dense only
        ([], [0, 2.0, 1.0], 5, [1, 2], {}, {1: 0, 2: 1}),  # BM25 only; a zero score is no hit
        ([2, 1], [0, 2.0, 1.0], 5, [1, 2], {2: 0, 1: 1}, {1: 0, 2: 1}),  # BM25's first hit leads
        ([None, 0], [0, 0, 0], 5, [0], {0: 1}, {}),  # a hit this version lacks still takes its rank
        ([], [3.0, 2.0, 1.0], 2, [0, 1], {}, {0: 0, 1: 1}),  # only the depth best BM25 hits count
    ],
)
def test_fusion_ranks_lexical_first_with_dense_as_tie_breaker(dense, sparse, depth, order, dense_rank, sparse_rank):
    ranked, got_dense, got_sparse = fuse(dense, np.array(sparse), depth, dense_weight=1.0, sparse_weight=1.0)
    assert [i for i, _ in ranked] == order
    assert got_dense == dense_rank and got_sparse == sparse_rank


class KeywordSparse:
    """Stands in for BM25: one point per query term a passage contains."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts

    def scores(self, terms: list[str]) -> np.ndarray:
        return np.array([float(sum(t in text for t in terms)) for text in self.texts])


@pytest.fixture
def retriever(store) -> Retriever:
    texts = [text for _, _, _, text, _ in ROWS]
    return Retriever(
        store,
        KeywordSparse(texts),
        embed_query=lambda question: [float(len(question))],
        dense_ids=lambda embedding, n: ["c-0", "unknown", "a-0"][:n],
        vocabulary=CorpusStats(texts),
        top_k=3,
    )


@pytest.mark.parametrize(
    ("question", "first", "term"),
    [
        ("边缘计算试点", "b-0", "边缘"),
        ("陈肇雄出席了什么会议", "a-1", "陈肇雄"),
        ("Who is the academician?", "b-1", "院士"),  # through CC-CEDICT, kept because the texts have it
        ("What did Chen Zhaoxiong attend?", "a-1", "陈肇雄"),  # a name in pinyin
    ],
)
def test_search_ranks_the_passage_holding_the_question_terms_first(retriever, question, first, term):
    result = retriever.search(question)
    assert result.passages[0].chunk_id == first
    assert term in result.query_terms
    assert len(result.passages) <= 3 and set(result.timings) == {"sparse_ms", "embed_ms", "dense_ms", "fuse_ms"}


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("What did Chen attend?", "陈肇雄"),  # a surname alone names everyone of that name
        ("What happened in Hangzhou?", "杭州"),  # a place in pinyin, from the places tagged at ingest
        ("What was said in April 2020?", "2020"),  # an English date, as the texts write it
    ],
)
def test_english_names_places_and_dates_reach_the_sparse_query_as_the_answerer_finds_them(retriever, question, term):
    """The retriever and the answerer share one matcher (index.english_names.english_entities): a
    name the answerer grounds is one the search looks for."""
    assert term in retriever.query_terms(question)


def test_english_translations_the_texts_lack_are_not_query_terms(retriever):
    assert "预算" not in retriever.query_terms("What is the budget?")  # CC-CEDICT has it, the texts do not
    assert retriever.search("budget", k=2).passages[0].dense_rank == 0  # dense order where BM25 has nothing


# --- the facade ---------------------------------------------------------------------------------
QUESTIONS = [
    "哪位中國工程院院士參加了會議？",
    "這項政策的財政預算是多少？",  # refused: both answerers run, every term's statistics asked
    "What is the budget of this policy?",
    "Which academician attended the meeting?",
    "CAICT有没有人参会？",
]


def test_answering_asks_the_statistics_and_never_joins_the_whole_corpus(corpus_assistant):
    """At 100,000 chunks each scan of the joined folded corpus cost milliseconds to tens of ms."""
    for question in QUESTIONS:
        corpus_assistant.ask(question)
    searcher = corpus_assistant.searcher
    assert "folded_corpus" not in searcher.__dict__  # a cached_property: present once computed
    for term in ("部长", "工业互联网", "预算", "院", "budget"):
        expected = {i for i, text in enumerate(searcher.folded_passages) if term in text}
        assert searcher.passages_containing(term) == expected
        assert searcher.stats.document_frequency(term) == len(expected)
    assert searcher.passage_at(searcher.folded_corpus.find("邬贺铨")) in searcher.passages_containing("邬贺铨")


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("depth", [1, 3, 20, 200])
def test_the_top_bm25_hits_are_the_prefix_of_a_stable_sort(seed, depth):
    from index.retriever import top_positive

    rng = np.random.default_rng(seed)
    scores = rng.integers(-1, 4, size=60).astype(float) * rng.choice([1.0, 0.5], size=60)  # many ties and zeros
    full = [int(i) for i in np.argsort(-scores, kind="stable")[:depth] if scores[i] > 0]
    assert top_positive(scores, depth) == full


# --- the document prior: a question that names its document by title or date ------------------------
@pytest.mark.parametrize(
    ("ranked", "terms", "order"),
    [
        # "2020年4月" names document a's date only: a's passage overtakes b's close first hit
        ([(2, 0.20), (1, 0.19), (3, 0.05)], ["2020", "年", "4", "月"], [1, 2, 3]),
        # b's title words: both of b's passages overtake a's first hit
        ([(1, 0.20), (2, 0.19), (3, 0.16)], ["试点", "方案"], [2, 3, 1]),
        # words no header has: the fused order stands
        ([(2, 0.20), (1, 0.19), (3, 0.05)], ["边缘", "计算"], [2, 1, 3]),
        # a wide gap is not closed by the prior's at most ``weight``
        ([(3, 0.90), (0, 0.10)], ["推进", "通知"], [3, 0]),
    ],
)
def test_a_document_the_question_names_lifts_its_passages_by_its_header_score(store, ranked, terms, order):
    from index.retriever import DocumentHeaders

    lifted = DocumentHeaders(store).lift(ranked, terms, weight=0.05)
    assert [i for i, _ in lifted] == order
    assert all(score >= dict(ranked)[i] for i, score in lifted)  # a lift, never a cut


def test_one_document_gets_no_prior():
    from index.retriever import DocumentHeaders

    rows = [r for r in ROWS if r[1] == "a"]
    cols = {
        name: [value for value, row in zip(values, ROWS, strict=True) if row[1] == "a"]
        for name, values in columns().items()
    }
    single = DocumentStore({"docs": {"a": MANIFEST["docs"]["a"]}}, cols, lambda d, h: None)
    ranked = [(1, 0.2), (0, 0.1)]
    assert len(rows) == 2 and DocumentHeaders(single).lift(ranked, ["推进", "通知"], weight=1.0) == ranked


def test_the_retriever_applies_the_prior_only_with_a_weight(store):
    texts = [text for _, _, _, text, _ in ROWS]

    def retriever(weight: float) -> Retriever:
        return Retriever(
            store,
            KeywordSparse(texts),
            embed_query=lambda question: [0.0],
            dense_ids=lambda embedding, n: ["b-1", "a-1"][:n],
            vocabulary=CorpusStats(texts),
            top_k=2,
            header_weight=weight,
        )

    question = "2020年4月陈肇雄发言"  # b-1 says more of it; the date names document a
    assert [p.chunk_id for p in retriever(0.0).search(question).passages] == ["b-1", "a-1"]
    assert [p.chunk_id for p in retriever(1.0).search(question).passages] == ["a-1", "b-1"]


def test_a_corpus_question_that_names_its_notice_by_month_finds_it(corpus_assistant):
    answer = corpus_assistant.ask("2020年3月那份推動工業互聯網加快發展的通知，文號是多少？")
    assert not answer.abstained
    assert "〔2020〕8" in answer.text and answer.citations
