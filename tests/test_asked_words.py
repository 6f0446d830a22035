"""A question about what a named person said is answered by that person's words
(app/asked_words.py), whichever answerer drafts it; the checks stage runs every check
(app/answer_checks.py)."""

from types import SimpleNamespace

import pytest

from app.answer_checks import failed_check
from app.asked_words import asked_english_speaker, reports_none_of_their_words
from app.draft import Draft
from app.question import analyze
from app.speakers import speaker_at

PEOPLE = ["陈肇雄", "鲁昕", "李伯虎", "刘烈宏", "邬贺铨"]


@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        ("What did academician Li Bohu propose at the December 2019 symposium?", "李伯虎"),
        ("What did Chen Zhaoxiong stress?", "陈肇雄"),
        ("Which of the 21 companies did Liu Liehong single out for praise?", "刘烈宏"),
        ("Who is Li Bohu?", ""),  # no words asked
        ("What did the meeting decide?", ""),  # no one named
    ],
)
def test_the_person_an_english_question_asks_the_words_of(question, speaker):
    assert asked_english_speaker(question, PEOPLE) == speaker


@pytest.mark.parametrize(
    ("text", "sentence", "speaker"),
    [
        # the sentence names its speaker
        ("陈肇雄指出,推动工业互联网加快发展意义重大。", "陈肇雄指出,推动工业互联网加快发展意义重大。", "陈肇雄"),
        # a later sentence of the paragraph goes on in his words
        ("陈肇雄指出,要加快发展。我国是制造大国。", "我国是制造大国。", "陈肇雄"),
        # a list of those present reports nobody's words
        ("中国工程院院士孙优贤、高金吉、李伯虎参加会议。", "中国工程院院士孙优贤、高金吉、李伯虎参加会议。", ""),
        # a new paragraph: whoever spoke in the last one is done
        ("陈肇雄指出,要加快发展。\n李伯虎等参加会议。", "李伯虎等参加会议。", ""),
    ],
)
def test_whose_words_a_sentence_reports(text, sentence, speaker):
    start = text.index(sentence)
    assert speaker_at(text, 100, 100 + start, 100 + start + len(sentence), tuple(PEOPLE)) == speaker


def _claim(text: str, sentence: str) -> SimpleNamespace:
    start = text.index(sentence)
    passage = SimpleNamespace(text=text, start=0)
    return SimpleNamespace(text=sentence, passage=passage, start=start, end=start + len(sentence))


ATTENDED = "中国工程院院士孙优贤、高金吉、李伯虎参加会议。"


@pytest.mark.parametrize(
    ("question", "text", "sentence", "refused"),
    [
        ("What did academician Li Bohu propose at the December 2019 symposium?", ATTENDED, ATTENDED, True),
        ("李伯虎院士在会上提出了哪些建议?", ATTENDED, ATTENDED, True),
        ("What did Chen Zhaoxiong stress?", "陈肇雄强调,要深入贯彻。", "陈肇雄强调,要深入贯彻。", False),
        ("Who attended besides Li Bohu?", ATTENDED, ATTENDED, False),  # no words asked
        # English with a dash and curly quotes is read as English
        ("What did Li Bohu ’propose’ at the MIIT–CAICT symposium?", ATTENDED, ATTENDED, True),
    ],
)
def test_a_persons_words_are_answered_by_their_words(question, text, sentence, refused):
    draft = Draft([_claim(text, sentence)], kind="said")
    assert reports_none_of_their_words(question, draft, PEOPLE) is refused


@pytest.mark.parametrize(
    ("question", "quote", "check"),
    [
        (
            "What did academician Li Bohu propose at the December 2019 symposium?",
            "中国工程院院士孙优贤、高金吉、李伯虎",
            "asked words",
        ),
        ("Who was the MIIT minister?", "工业和信息化部副部长陈肇雄出席会议", "asked title"),
        ("What's the total budget of the 2018-2020 action plan?", "工业互联网发展行动计划(2018-2020年)", "stated fact"),
        ("Which vice minister attended the December 2019 symposium?", "工业和信息化部副部长陈肇雄出席会议", ""),
    ],
)
def test_the_checks_stage_names_the_check_a_draft_fails(corpus_assistant, claim_of, question, quote, check):
    searcher = corpus_assistant.searcher
    draft = Draft([claim_of(searcher, quote)], kind="what")
    assert failed_check(question, analyze(question), draft, searcher) == check


@pytest.mark.parametrize(
    ("question", "history", "abstained"),
    [
        ("What did academician Li Bohu propose at the December 2019 symposium?", [], True),
        ("那她在会上讲了什么?", ["鲁昕是以什么身份参加这次会议的?"], True),
        ("What did Chen Zhaoxiong stress at the April 2020 meeting?", [], False),
    ],
)
def test_words_the_texts_do_not_report_are_refused(corpus_assistant, question, history, abstained):
    assert corpus_assistant.ask(question, history).abstained is abstained


def test_a_sentence_the_speaker_goes_on_saying_answers_what_he_said(corpus_assistant):
    """ "刘烈宏强调,…。提升安全保障水平。": the later sentence is his words, and it is the one about
    security (app/evidence.sentences types it as said)."""
    answer = corpus_assistant.ask("What did Liu Liehong say about security?")
    assert "安全" in answer.text and "加强基础设施建设" not in answer.text
