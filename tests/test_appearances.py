"""A person's appearances across the collection (app/appearances.py): which questions ask for them,
whom they name, and the answer — per document that names the person, its dating sentence and the
person's, in date order, every quote the text at its offsets."""

import pytest

from app.appearances import KIND, appearances, asks_events_of, named_person
from index.fold import fold


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Across these texts, which meetings did vice minister Chen Zhaoxiong attend?", True),
        ("這些文件裡,陳肇雄副部長出席過哪幾場會議?", True),
        ("陈肇雄参加过哪些活动？", True),
        ("What events did Chen Zhaoxiong take part in?", True),
        ("Which meeting did Lu Xin attend?", False),  # one meeting: the answerers' question
        ("陈肇雄参加了哪次会议？", False),
        ("陈肇雄在会上说了什么？", False),
    ],
)
def test_which_questions_ask_for_several_meetings(question, asks):
    assert asks_events_of(question) is asks


@pytest.mark.parametrize(
    ("question", "person"),
    [
        ("陈肇雄出席过哪几场会议？", "陈肇雄"),
        ("Which meetings did Chen Zhaoxiong attend?", "陈肇雄"),  # in pinyin
        ("陈肇雄和鲁昕出席过哪些会议？", None),  # two people: two questions
        ("哪些会议提到了5G？", None),
    ],
)
def test_the_one_person_the_question_names(corpus_assistant, question, person):
    assert named_person(question, corpus_assistant.searcher) == person


def test_each_meeting_is_dated_and_names_the_person_in_date_order(corpus_assistant):
    searcher = corpus_assistant.searcher
    draft = appearances("陈肇雄副部长出席过哪几场会议?", searcher)
    assert draft is not None and draft.kind == KIND
    docs = list(dict.fromkeys(c.passage.doc_id for c in draft.claims))
    assert len(docs) >= 4
    dates = [searcher.manifest["docs"][d]["date"] for d in docs]
    assert dates == sorted(dates)
    for doc_id in docs:
        quotes = [fold(c.text) for c in draft.claims if c.passage.doc_id == doc_id]
        assert any("陈肇雄" in q for q in quotes)
        assert any("召开" in q for q in quotes)  # the meeting, dated, not the page's date line


def test_the_answer_quotes_every_meeting_with_its_date(corpus_assistant):
    answer = corpus_assistant.ask("Across these texts, which meetings did Chen Zhaoxiong attend? Give me the dates.")
    assert not answer.abstained
    for date in ("10月11日", "4月8日", "2019年12月2日", "4月23日"):
        assert date in answer.text
    searcher = corpus_assistant.searcher
    for c in answer.citations:
        text = searcher.document_text(c.doc_id, searcher.manifest["docs"][c.doc_id]["text_hash"])
        assert text[c.start : c.end] == c.text


def test_one_document_gives_no_appearances(assistant):
    # the announcement alone: the question is the answerers' (one meeting), not a cross-document list
    assert appearances("陈肇雄出席过哪几场会议？", assistant.searcher) is None
