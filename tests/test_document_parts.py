"""Parts of a document a question asks for by what they are: a notice's addressees (主送机关) — the
salutation line the annotator reads, the question kind that asks for it, and the answer that quotes
it, while a text with no such line is refused, not answered with a person by the scored answerer —
the notice's number, both placed by the notice's title (they say none of its subject), and the
outlet a page appeared in (哪本刊物, "which publication": its masthead)."""

import pytest

from app.question import analyze
from index.annotate import is_salutation


@pytest.mark.parametrize(
    ("line", "salutation"),
    [
        ("各省、自治區、直轄市及計劃單列市工業和信息化主管部門、通信管理局:", True),
        ("各省、自治区、直辖市通信管理局,中国电信集团有限公司、中国移动通信集团有限公司：", True),
        ("有关事项通知如下:", False),  # a lead-in is one phrase, not a run of names
        ("调查对象包括参与工业互联网建设的工业企业、信息技术企业等。", False),
        ("一、调查对象及方式", False),
        ("会议强调:要加快设施建设、深化融合应用。完善政策环境:", False),  # a sentence ends inside
    ],
)
def test_a_salutation_is_a_run_of_names_closed_by_a_colon(line, salutation):
    assert is_salutation(line) == salutation


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("那份通知是发给谁的？", "addressee"),
        ("2020年3月的通知主送了哪几家企业？", "addressee"),
        ("Which carriers was the March 2020 notice addressed to?", "addressee"),
        ("Who attended the meeting?", "who"),
        ("What issues were addressed at the meeting?", "what"),  # "addressed" without "to"
    ],
)
def test_the_addressee_kind(question, kind):
    assert analyze(question).kind == kind


@pytest.mark.parametrize(
    ("question", "quoted"),
    [
        ("2020年3月推动工业互联网加快发展的通知是发给哪些单位的？", "中国电信集团有限公司"),
        ("Which companies was the March 2020 MIIT notice on the industrial internet addressed to?", "中国移动"),
        ("2018年工業互聯網網絡發展情況調查摸底的通知主送哪些部門？", "通信管理局"),
        # the line says none of the notice's subject: the title's words count there in full
        ("2018年工业互联网网络调查的通知是发给谁的？", "通信管理局"),
    ],
)
def test_a_notices_addressees_are_its_salutation_line(corpus_assistant, question, quoted):
    answer = corpus_assistant.ask(question)
    assert not answer.abstained
    assert quoted in answer.text
    assert all(is_salutation(c.text) for c in answer.citations)


@pytest.mark.parametrize(
    ("question", "asking", "subject"),
    [
        ("2018年工业互联网网络调查的通知是发给谁的？", "发给", "调查"),  # 发给: cut out of the cue 发给谁
        ("这个通知是发给谁的？", "发给", "通知"),  # dropped even where what is left names no subject
        ("2018年网络调查的通知下发给哪些单位？", "发给", "网络"),  # 下发给: 下 goes to the question words
    ],
)
def test_the_words_that_ask_for_addressees_are_not_the_subject(corpus_assistant, question, asking, subject):
    from app.evidence import group_terms
    from app.extractive import ExtractiveAnswerer

    searcher = corpus_assistant.searcher
    q = analyze(question)
    groups = group_terms(list(q.terms), q.script, searcher, q.raw)
    assert asking in [g.term for g in groups]
    kept = ExtractiveAnswerer(searcher)._without_absent_frames(groups, q.kind, q.folded)
    assert asking not in [g.term for g in kept]
    assert subject in [g.term for g in kept]


@pytest.mark.parametrize(
    ("history", "question", "quoted"),
    [
        (["2018年网络调查的通知的文号是什么？"], "这个通知是发给谁的？", "通信管理局"),
        (
            ["What is the document number of the 2018 notice on surveying industrial internet networks?"],
            "Who is it addressed to?",
            "通信管理局",
        ),
        ([], "2018年网络调查的通知的文号是什么？", "256"),  # the number line, placed by the title
    ],
)
def test_a_notices_parts_are_found_by_its_title(corpus_assistant, history, question, quoted):
    answer = corpus_assistant.ask(question, history)
    assert not answer.abstained and quoted in answer.text


def test_a_number_in_another_document_is_no_answer(corpus_assistant):
    # the State Council's guiding opinions carry no number here; the 2018 notice's number is not it
    assert corpus_assistant.ask("国务院2017年关于工业互联网的指导意见文号是多少？").abstained


def test_a_text_with_no_salutation_is_not_answered_with_a_person(assistant):
    # the announcement is no notice: neither the rules nor the scored answerer name an addressee
    assert assistant.ask("Who is this addressed to?").abstained
    assert assistant.ask("这篇文章是发给谁的？").abstained


@pytest.mark.parametrize(
    "question",
    ["这篇报道刊登在哪份刊物上？", "這篇文章最早刊在哪本刊物?", "Which publication is this article printed in?"],
)
def test_the_outlet_a_page_appeared_in_is_its_site(assistant, question):
    # the page's masthead, not its wire source (來源:工信微報)
    from index.fold import fold

    answer = assistant.ask(question)
    assert "电子技术应用" in fold(answer.text) and "工信微报" not in fold(answer.text)
    assert all("電子技術應用" in c.text for c in answer.citations)  # quoted as the page writes it


@pytest.mark.parametrize(
    "question",
    ["Where did this news come from?", "這則消息最早是從哪裡來的?", "这篇文章的来源是哪里？"],
)
def test_the_source_a_page_credits_is_its_source_line(assistant, question):
    # the source line (來源:工信微報), not a sentence whose words "news" or 从 happen to meet
    answer = assistant.ask(question)
    assert not answer.abstained and all("來源" in c.text for c in answer.citations)


@pytest.mark.parametrize(
    ("question", "quoted"),
    [
        # a copy cut short inside its first part has one top-level heading: the first is still asked
        (
            "What's the heading of the first section of the State Council guiding opinion on industrial internet?",
            "基本形势",
        ),
        ("In the 2018 network survey notice, what's section three about?", "调查进度安排"),  # a numbered section
        ("Under the general requirements of the 2018-2020 action plan, what's the second sub-heading?", "行动目标"),
    ],
)
def test_a_numbered_section_is_answered_by_its_heading(corpus_assistant, question, quoted):
    from index.fold import fold

    answer = corpus_assistant.ask(question)
    assert not answer.abstained and quoted in fold(answer.text)
