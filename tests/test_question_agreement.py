"""Agreement between a question and its answer (the seventh session): a count counts what was
asked, a date dates the thing asked about, a list is narrowed only by a subject inside it, a
question naming nothing but wording is about the page, a paragraph's date dates its sentences,
spoken question words read as written ones, and "where … from?" asks for the source."""

from __future__ import annotations

import pytest

from app.evidence import TermGroup
from index.passage import Passage


# --- a how-many answer counts the thing asked about (index/annotate.count_agrees) --------------
@pytest.mark.parametrize(
    ("question", "measure", "nouns"),
    [
        ("一共来了几家企业？", "家", ("企业",)),
        ("要建成多少个工业互联网平台？", "", ("工业", "互联网", "平台")),  # 个: any count may use it
        ("问卷一共有几道题？", "道", ("题",)),
        ("标识注册量要超过多少？", "", ("标识", "注册", "量")),  # the topic before the numeral
    ],
)
def test_what_a_how_many_question_counts(question, measure, nouns):
    from app.scored.question_words import _question_tokens, counted
    from index.fold import fold

    found = counted(_question_tokens(fold(question)))
    assert (found.measure, found.nouns) == (measure, nouns)


@pytest.mark.parametrize(
    ("text", "measure", "nouns", "agrees"),
    [
        ("来自石化、钢铁等领域的21家企业参加会议", "家", ("企业",), True),
        ("共21家单位参加", "家", ("公司",), True),  # the same measure word
        ("全面贯彻党的十九大和十九届二中、三中全会精神", "", ("平台",), False),  # 十九大 counts no 平台
        ("建成 5 个左右标识解析国家顶级节点", "", ("节点",), True),
        ("标识注册量超过 20 亿", "", ("注册量",), True),  # the noun before the count
        ("打造10个标杆网络,推动100个重点行业龙头企业", "", ("平台",), False),
        ("打造10个标杆网络", "", (), True),  # nothing named: any count
    ],
)
def test_a_count_agrees_with_what_the_question_counts(text, measure, nouns, agrees):
    from index.annotate import Counted, count_agrees

    assert count_agrees(text, Counted(measure, nouns)) == agrees


@pytest.mark.parametrize(
    ("question", "nouns", "absent"),
    [
        ("How many measures did the ministry put forward?", ("举措",), False),  # stops at the verb
        ("How many companies attended the symposium?", ("企业", "公司"), False),
        ("How many secondary nodes will be built?", ("节点",), False),  # the head when the run has none
        ("How much funding is set aside for the two backup nodes?", (), True),  # known, in no text
        ("How many 5G base stations did China have?", (), True),
        ("How many zorblaxes are there?", None, None),  # no dictionary knows it: nothing required
        ("When was the meeting held?", None, None),  # no how-many cue
    ],
)
def test_what_an_english_how_many_question_counts(question, nouns, absent):
    """The English counted phrase (app/english_count): the texts' words for it, or ``absent`` when
    the dictionary translates it and no text has a translation."""
    from app.english_count import english_counted

    found = english_counted(question, "举措 企业 公司 节点 出席 参加 建设")
    if nouns is None:
        assert found is None
    else:
        assert (found.nouns, found.absent) == (nouns, absent)


def test_a_thing_no_text_names_is_counted_by_no_count():
    from index.annotate import Counted, count_agrees

    assert count_agrees("启动南京、贵阳两大灾备节点工程建设", Counted("", ()))
    assert not count_agrees("启动南京、贵阳两大灾备节点工程建设", Counted("", (), absent=True))


def test_an_english_how_much_is_not_answered_by_a_count_of_something_else(corpus_assistant):
    answer = corpus_assistant.ask(
        "In the March 2020 MIIT notice on speeding up the industrial internet, how much funding is set "
        "aside for the Nanjing and Guiyang backup nodes?"
    )
    assert answer.abstained


def test_a_count_of_something_else_does_not_answer_how_many(corpus_assistant):
    answer = corpus_assistant.ask("國務院「互聯網+先進製造業」指導意見規定到2025年要建成多少個工業互聯網平台?")
    assert answer.abstained or "十九大" not in answer.text


# --- a date answers for the thing the question dates (the focus noun) ---------------------------
@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("浙江跟工信部的部省合作协议是哪一天签的？", False),  # the sentence dates the meeting, not the 协议
        ("部省合作推进浙江工业互联网发展联席会议是哪天召开的？", True),
    ],
)
def test_a_date_answers_only_for_the_thing_asked_about(corpus_assistant, question, answered):
    answer = corpus_assistant.ask(question)
    assert answer.abstained != answered
    if answered:
        assert "4月8日" in answer.text


def test_a_word_no_text_has_does_not_keep_a_narrower_question_on_the_whole_list(assistant):
    """四举措 names the document; 报导 is in no text (wording); 人才 is the subject asked about."""
    answer = assistant.ask("四举措那篇报导里说要培养哪几类人才？")
    assert "复合型" in answer.text and "共4项" not in answer.text


# --- a first question that names nothing but wording is about the document itself -------------
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("On what date was this published?", "2020-04-24"),
        ("这是哪天发布的？", "2020-04-24"),
        ("When was the budget approved?", None),  # "budget" names a thing the texts lack
        ("這篇稿子是哪天貼出來的?", "2020-04-24"),  # 稿子 after 这篇 names the document, as 文章 would
        ("这篇东西的来源是哪里？", "工信微报"),
    ],
)
def test_a_question_naming_nothing_asks_about_the_document(assistant, question, expected):
    answer = assistant.ask(question)
    if expected is None:
        assert answer.abstained
    else:
        assert not answer.abstained and expected in answer.text


@pytest.mark.parametrize(
    ("question", "written"),
    [
        ("这个会是啥时候开的？", "这个会是什么时候开的？"),
        ("数据中心咋建？", "数据中心怎么建？"),
        ("会议是什么时候开的？", "会议是什么时候开的？"),
    ],
)
def test_spoken_question_words_are_read_as_written_ones(question, written):
    from app.cues import written_wording

    assert written_wording(question) == written


def test_a_spoken_question_word_asks_as_the_written_one_does(assistant):
    answer = assistant.ask("这个会是啥时候开的？")
    assert "4月23日" in answer.text


# --- a paragraph's opening date dates the sentences after it ------------------------------------
@pytest.mark.parametrize(
    ("text", "dated"),
    [
        ("4月23日,工信部召开推进会。鲁昕参加会议。", "4月23日"),
        ("4月23日,工信部召开推进会。\n鲁昕参加会议。", None),  # a new paragraph: nothing dates it
        ("鲁昕参加会议。4月23日,工信部召开推进会。", None),  # a date after it does not
    ],
)
def test_an_undated_sentence_takes_its_paragraphs_date(text, dated):
    from app.evidence import sentences

    p = Passage("c", "d", "t", "", "", 0, len(text), text)
    groups = [TermGroup("鲁昕", ["鲁昕"], 1.0)]
    found = next(e for e in sentences([p], groups, "when") if "鲁昕" in e.text)
    got = text[found.dated_by[0] : found.dated_by[1]] if found.dated_by else None
    assert got == dated and found.typed == (dated is not None)


def test_when_someone_attended_is_the_date_of_their_paragraph(assistant):
    answer = assistant.ask("鲁昕哪天参加的会议？")
    assert not answer.abstained and answer.text.startswith("4月23日")


@pytest.mark.parametrize(
    ("question", "source"),
    [
        ("Where is this article from?", True),  # a stranded "from" asks for an origin
        ("Where did the site get this story from originally?", True),
        ("Where was the meeting held?", False),
        ("Where will the data center be built from 2021 on?", False),  # "from" not stranded
    ],
)
def test_where_with_a_stranded_from_asks_for_the_source(question, source):
    from app.scored.question import analyze as analyze_scored

    assert (analyze_scored(question).p("source") > 0) == source


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Where was the meeting held?", "where"),
        ("When was it held?", "when"),
        # "where" / "when" inside a longer word asks nothing (the rules' regexes, as the cue list)
        ("Quick check: is edge computing mentioned anywhere in this announcement?", "what"),
        ("Does it say anything about the data centre elsewhere?", "what"),
        ("Whenever the texts name a minister, who is it?", "who"),
        # 几 after a demonstrative says "these few", as ``question_numerals`` reads it: no count
        ("按这几条举措，要推动多少家中小企业上云？", "how_many"),
        ("这几项举措是什么？", "list"),
        # a which-determiner of several asks the kind of its one-of cue (哪个城市 → where)
        ("国家顶级节点分别设在哪些城市？", "where"),
        ("工信部安排去哪几个省调研？", "where"),
        ("Which cities host the training bases?", "where"),
        ("在哪些领域取得了初步进展？", "what"),  # 领域 is no place the data names
        ("实地调研会安排在哪几个省份?", "where"),  # 省份: the tagger's one word for the cue's 省
        ("要推动多少个重点行业龙头企业做内网改造?", "how_many"),  # counts 企业, the compound's head
        ("有多少个重点任务？", "count"),  # 任务 heads it: the document's parts
        ("这份通知有多少项任务？", "count"),
        ("工信部提出了几项举措？", "count"),
        ("要培育哪些重点企业？", "what"),  # companies, not the document's 重点 (a list of its parts)
        ("有哪些重点任务？", "list"),
        ("Where did this news come from?", "source"),  # "where … from": the page's source
        ("这则消息是从哪里来的？", "source"),
        ("来源在哪里？", "source"),
        ("会议在哪里召开？", "where"),
        ("要加快培养哪些人才？", "what"),  # 人才 begins with 人 but is no person
    ],
)
def test_the_rules_read_question_words_by_their_grammar(question, kind):
    from app.question import analyze

    assert analyze(question).kind == kind


def test_where_an_article_is_from_is_its_source_line(assistant):
    assert "工信微報" in assistant.ask("Where is this article from?").text


@pytest.mark.parametrize(
    ("question", "numerals"),
    [
        ("问卷一共有几道题？", ["几道"]),
        ("要建成多少个平台？", ["多少"]),
        ("会议开了多久？", []),  # how long: not a count
        ("培养哪几类人才？", []),
        ("近几年我国工业互联网在哪些方面有进展？", []),
        ("工业互联网这几年在什么事情上起到了积极作用？", []),  # 这几年: "these few years"
        ("那几项举措是什么？", []),  # a demonstrative before 几: these few, not how many
        ("这次会议有几位院士参加？", ["几位"]),  # 这 before 次, not before 几: still a count
        ("What is the number?", []),
    ],
)
def test_asking_numerals_come_from_the_annotators_tags(question, numerals):
    from app.scored.question_words import _question_tokens, question_numerals
    from index.fold import fold

    assert [m.cue for m in question_numerals(_question_tokens(fold(question)))] == numerals


def test_the_single_character_meeting_word_is_a_term_found_by_the_meetings_name(assistant):
    """会 in "这次开的会" is the meeting (a meeting head, index/meeting_words.tsv), not a dropped character."""
    from app.question import analyze

    assert "会" in analyze("这次开的会全称叫什么？").terms
    assert "推进会" in assistant.ask("这次开的会全称叫什么？").text


@pytest.mark.parametrize(
    ("question", "person", "other"),
    [
        ("Who is Wu Hequan?", "中國工程院院士", "陳肇雄"),
        ("In the April 2020 MIIT meeting report, who is Wu Hequan?", "中國工程院院士", "陳肇雄"),
        ("According to the announcement, who was Lu Xin?", "原副部長", "陳肇雄"),
        # "who's" as "who is", and a second sentence whose words are elsewhere in the list sentence
        ("Who's Ke Ruiwen? He was at the industrial internet meeting with the academician.", "董事長", "鄔賀銓"),
    ],
)
def test_who_is_a_named_person_is_answered_about_that_person(assistant, question, person, other):
    """ "who is X" asks what X is, whatever framing comes before it (as 某某是谁 does in Chinese)."""
    text = assistant.ask(question).text
    assert person in text and other not in text


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("4月23日,工业和信息化部召开推进会。", ["4月23日"]),
        ("为推动落实《工业互联网发展行动计划(2018-2020年)》,现组织开展调查。", []),  # a plan's name
        ("《2018年工作计划》于2018年8月印发。", ["2018年8月"]),
        ("2020-04-24", ["2020-04-24"]),
    ],
)
def test_a_year_inside_a_documents_name_dates_nothing(text, dates):
    from index.annotate import event_dates, has_date

    assert [m.group() for m in event_dates(text)] == dates
    assert has_date(text) == bool(dates)


@pytest.mark.parametrize(
    ("text", "fits"),
    [
        ("2019年12月2日,座谈会在北京召开。", 1.0),
        ("现组织开展工业互联网网络发展情况调查摸底工作。", 0.0),  # 现 (now) is LAC's TIME, not a date
        ("为推动落实《工作组2018年工作计划》,现组织开展调查。", 0.0),
        ("十三五期间要建成平台。", 1.0),  # a period with its number
    ],
)
def test_a_when_answer_needs_a_date_that_dates_something(text, fits):
    from app.scored.candidates import type_fit
    from index.annotate import tag
    from index.fold import fold

    assert type_fit("when", fold(text), tag(text), ()) == fits


@pytest.mark.parametrize(
    ("place", "named", "new"),
    [
        ("浙江省", ("浙江", "联席会议"), False),  # the question's own place
        ("北京", ("浙江", "联席会议"), True),
        ("浙江", ("浙江省",), False),
        ("京", (), True),
    ],
)
def test_a_place_the_question_names_is_not_where(place, named, new):
    from index.annotate import new_place

    assert new_place(place, named) == new


def test_where_a_meeting_met_is_not_the_place_it_is_about(corpus_assistant):
    """工信部与浙江省召开…联席会议 names 浙江省; where it met is 北京, a sentence later."""
    assert "北京" in corpus_assistant.ask("浙江联席会议在哪里开的？").text


@pytest.mark.parametrize(
    ("question", "person", "others"),
    [
        ("Who represented China Telecom?", "柯瑞文", ["魯昕", "鄔賀銓"]),  # 中国电信 is ORG in that item
        ("Who attended from the Chinese Academy of Engineering?", "鄔賀銓", ["魯昕", "柯瑞文"]),
    ],
)
def test_an_english_who_answer_is_the_item_its_organisation_names(assistant, question, person, others):
    """The person items of an English who answer are those where the question's word is a noun in
    the annotator's tags of the Chinese (中国电信: ORG), not a verb they share (参加)."""
    text = assistant.ask(question).text
    assert person in text and not any(o in text for o in others)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("会议的全称叫什么？", "event_name"),
        ("这次会议叫什么名字？", "event_name"),
        ("What was the meeting called?", "event_name"),
        ("出席會議的院士叫什麼名字？", "who"),  # the academician's name: 院士 is the last noun before it
        ("会上那位院士叫什么名字？", "who"),
    ],
)
def test_a_name_is_the_meetings_only_where_the_meeting_is_what_is_named(question, kind):
    from app.question import analyze

    assert analyze(question).kind == kind


def test_the_name_of_an_academician_at_a_meeting_is_a_persons(assistant):
    text = assistant.ask("出席會議的院士叫什麼名字？").text
    assert "鄔賀銓" in text and "陳肇雄" not in text


@pytest.mark.parametrize(
    ("question", "expected", "not_expected"),
    [
        ("What role has the industrial internet played in recent years?", "積極作用", "習近平"),
        ("What is Lu Xin's role?", "原副部長", "陳肇雄"),
    ],
)
def test_an_english_role_question_asks_a_title_only_about_someone(assistant, question, expected, not_expected):
    """ "What role has X played" asks what X did (发挥了积极作用), not a person's title, when it names
    no person, title or person pronoun."""
    text = assistant.ask(question).text
    assert expected in text and not_expected not in text


@pytest.mark.parametrize(
    ("question", "refused", "quoted"),
    [
        ("2018-2020年行动计划里的国家顶级节点建在哪些城市？", True, ""),  # the plan names no city
        ("2020年3月的通知里，灾备节点建在哪几个城市？", False, "南京"),
        ("Which cities are the disaster-recovery nodes in the March 2020 notice built in?", False, "贵阳"),
    ],
)
def test_which_places_are_answered_only_by_places(corpus_assistant, question, refused, quoted):
    answer = corpus_assistant.ask(question)
    assert answer.abstained == refused
    assert quoted in answer.text


def test_a_count_of_things_no_part_heads_is_answered_with_the_number(corpus_assistant):
    # "多少个重点行业龙头企业" counts companies, not the notice's parts: the sentence that gives 100
    answer = corpus_assistant.ask("2020年那份加快发展的通知里,要推动多少个重点行业龙头企业做内网改造?")
    assert "100个重点行业龙头企业" in answer.text and "共3项" not in answer.text
