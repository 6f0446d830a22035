import pytest

from index.fold import detect_script, fold, to_simplified
from index.search import Searcher

CHROME = ("(yè)", "(wǎng)", "1.jpg", "1.png", "轉載", "本站", "您所在的位置")


def assert_exact(answer, searcher: Searcher):
    for c in answer.citations:
        info = searcher.manifest["docs"][c.doc_id]
        assert searcher.document_text(c.doc_id, info["text_hash"])[c.start : c.end] == c.text


def test_the_academician_who_attended_is_named_with_an_exact_citation(assistant):
    answer = assistant.ask("哪位中國工程院院士參加了會議？")
    assert not answer.abstained
    assert "鄔賀銓" in answer.text
    assert any("鄔賀銓" in c.text for c in answer.citations)
    assert_exact(answer, assistant.searcher)


def test_a_simplified_question_lists_all_four_measures_in_simplified(assistant):
    answer = assistant.ask("工信部推动工业互联网的四项举措是什么？")
    assert not answer.abstained
    for measure in ("加快设施建设", "深化融合应用", "加强科技创新", "完善政策环境"):
        assert measure in answer.text
    assert len(answer.citations) == 4
    assert answer.citations[0].text == "一、加快設施建設"  # quotes stay as the source wrote them
    assert_exact(answer, assistant.searcher)


@pytest.mark.parametrize(
    "question", ["這項政策的財政預算是多少？", "工信部部長是誰？", "What is the budget of this policy?"]
)
def test_questions_the_text_does_not_answer_are_refused(assistant, question):
    answer = assistant.ask(question)
    assert answer.abstained
    assert answer.citations == []


def test_refusals_speak_the_questions_language(assistant):
    assert detect_script(assistant.ask("這項政策的財政預算是多少？").text) == "zh-Hant"
    assert detect_script(assistant.ask("这项政策的财政预算是多少？").text) == "zh-Hans"
    assert assistant.ask("What is the budget of this policy?").text.startswith("The text does not say")


def test_a_follow_up_resolves_to_the_item_of_the_earlier_list(assistant):
    answer = assistant.ask("第三項呢？", history=["四項舉措是什麼？"])
    assert "加強科技創新" in answer.text
    assert answer.citations[0].text == "三、加強科技創新"
    second = assistant.ask("那第二項呢？", history=["四項舉措是什麼？", "第三項呢？"])
    assert "深化融合應用" in second.text


def test_an_item_beyond_the_list_is_refused(assistant):
    answer = assistant.ask("第五項舉措是什麼？")
    assert answer.abstained
    assert "4" in answer.text


def test_simplified_questions_find_traditional_text(assistant):
    q = "哪位中国工程院院士参加了会议？"
    assert fold(q) == fold("哪位中國工程院院士參加了會議？")
    answer = assistant.ask(q)
    assert "邬贺铨" in answer.text
    assert answer.citations[0].text == "中國工程院院士鄔賀銓"


def test_english_questions_reach_the_chinese_passages(assistant):
    answer = assistant.ask("Which academician of the Chinese Academy of Engineering attended the meeting?")
    assert not answer.abstained
    assert "鄔賀銓" in answer.text
    measures = assistant.ask("What are the four measures?")
    assert len(measures.citations) == 4


def test_a_which_measure_question_names_the_heading(assistant):
    answer = assistant.ask("中小企业上云属于哪项举措？")
    assert "深化融合应用" in answer.text
    for other in ("加快设施建设", "加强科技创新", "完善政策环境"):
        assert other not in answer.text  # only the measure that holds it
    assert_exact(answer, assistant.searcher)


@pytest.mark.parametrize(
    ("question", "measures"),
    [
        ("Which measure mentions 5G?", ("加快設施建設", "加強科技創新")),  # 5G网络建设 and 5G工业应用
        ("哪一项举措提到了5G？", ("加快设施建设", "加强科技创新")),
        ("工业APP属于哪一条举措？", ("加强科技创新",)),
    ],
)
def test_a_which_measure_question_names_every_measure_that_says_it(assistant, question, measures):
    answer = assistant.ask(question)
    heads = ("加快设施建设", "深化融合应用", "加强科技创新", "完善政策环境")
    named = [h for h in heads if h in to_simplified(answer.text)]
    assert named == [to_simplified(m) for m in measures]
    assert_exact(answer, assistant.searcher)


def test_no_answer_or_citation_carries_pinyin_footer_or_placeholders(assistant):
    for q in ("四項舉措是什麼？", "會議是哪天召開的？", "哪些部門的負責同志參加了會議？", "陳肇雄強調了什麼？"):
        answer = assistant.ask(q)
        for text in [answer.text, *(c.text for c in answer.citations)]:
            for chrome in CHROME:
                assert chrome not in text


def test_answers_are_short_not_whole_passages(assistant):
    answer = assistant.ask("陳肇雄是什麼職務？")
    assert "副部長" in answer.text
    assert len(answer.text) < 80


def test_similar_meetings_are_told_apart_in_the_corpus(corpus_assistant):
    answer = corpus_assistant.ask("2019年12月2日的座谈会上，哪些中国工程院院士参加了？")
    assert not answer.abstained
    assert "孙优贤" in answer.text
    assert answer.citations[0].doc_id.startswith("2019-12-02")


def test_every_citation_is_exact_in_the_corpus(corpus_assistant):
    for q in ("刘烈宏是什么职务？", "云计算交流会在哪里召开？", "工业互联网网络发展情况调查的反馈截止日期是什么时候？"):
        assert_exact(corpus_assistant.ask(q), corpus_assistant.searcher)


def test_to_simplified_keeps_length_for_cjk():
    text = "工業互聯網"
    assert len(to_simplified(text)) == len(text)


def test_what_a_person_said_comes_only_from_a_sentence_that_reports_their_speech(assistant):
    said = assistant.ask("陳肇雄說了什麼？")
    assert not said.abstained and said.citations[0].text.startswith(("陳肇雄指出", "陳肇雄強調"))
    assert_exact(said, assistant.searcher)
    assert assistant.ask("翁杰明说了什么？").abstained  # he attended; the text reports nothing he said
    assert assistant.ask("What did Wu Hequan say at the meeting?").abstained


def test_who_is_a_named_person_is_answered_with_their_title(assistant):
    assert assistant.ask("陳肇雄是誰？").text.startswith("工業和信息化部副部長陳肇雄")
    assert "中國工程院院士鄔賀銓" in assistant.ask("Who was Wu Hequan?").text


def test_a_question_about_someone_else_is_not_answered_with_the_person_it_names(assistant):
    # the annotator knows 習近平 without a title before the name; the answer is him, not 陳肇雄
    answer = assistant.ask("陳肇雄提到了哪位領導人的講話精神？")
    assert "習近平" in answer.text and not answer.text.startswith("陳肇雄")
    assert "翁杰明" in assistant.ask("和陈肇雄一起出席会议的是谁？").text


def test_words_that_only_frame_the_answer_do_not_force_a_refusal(assistant):
    answer = assistant.ask("对中小企业有什么要求？")
    assert not answer.abstained and "加快中小企业上云上平台" in answer.text
    assert "教育部原副部長魯昕" in assistant.ask("魯昕曾經擔任什麼職務？").text
    assert assistant.ask("會議的目標是什麼？").abstained  # the frame word is all there is to go on


def test_a_list_question_about_a_narrower_subject_answers_that_subject(assistant):
    answer = assistant.ask("法律法规方面有什么措施？")
    assert len(answer.citations) == 1 and "法律法規" in answer.citations[0].text
    assert len(assistant.ask("工信部推动工业互联网的四项举措是什么？").citations) == 4


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("第0項是什麼？", "沒有第 0 項"),
        ("第99999999999999999999項是什麼？", "沒有第 999999999999… 項"),
        ("最後一項是什麼？", "四、完善政策環境"),
    ],
)
def test_item_numbers_outside_the_list_say_how_many_there_are(assistant, question, expected):
    assert expected in assistant.ask(question).text


def test_a_line_break_inside_a_question_keeps_its_list_intent(assistant):
    answer = assistant.ask("工信部有哪些\n舉措？")
    assert answer.text.startswith("共4項") and len(answer.citations) == 4


@pytest.mark.parametrize(
    ("history", "question", "expected"),
    [
        (["哪位中國工程院院士參加了會議？"], "他具體是什麼職務？", "院士鄔賀銓"),
        (["谁是中国电信集团的董事长？"], "他是什么职务？", "董事长柯瑞文"),
    ],
)
def test_a_pronoun_follow_up_is_answered_about_the_person_of_the_earlier_answer(assistant, history, question, expected):
    answer = assistant.ask(question, history)
    assert fold(expected) in fold(answer.text)
    assert detect_script(answer.text) == detect_script(question)
