"""Stage tables of the fifth session: the page's contact line (kept by cleaning, found by the
annotator, asked for by the contact cue, answered as a lookup about the page) and the rule
answerer's discount of function words (the same LAC-tag discount the scored answerer gives)."""

from __future__ import annotations

import pytest

from app.evidence import group_terms
from app.question import analyze
from index.annotate import CONTACT
from ingest.clean import clean


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("聯系電話:010-82306118;郵箱:aet@chinaaet.com。", True),
        ("电话：0571-87654321", True),
        ("手机 13912345678", True),
        ("Write to press@example.org.", True),
        ("2018-2020年工业互联网发展行动计划", False),  # a span of years is not a telephone number
        ("工信厅信管函[2018]256号", False),
        ("截至2020年,建成100000个基站", False),
    ],
)
def test_the_annotator_finds_a_telephone_number_or_an_email_address(text, found):
    assert bool(CONTACT.search(text)) == found


@pytest.mark.parametrize(
    ("raw", "kept", "gone"),
    [
        (
            "标题\n\n正文一句话。\n\n本站内容除特别声明的原创文章之外,转载内容只为传递更多信息。联系电话:010-82306118;邮箱:aet@chinaaet.com。",
            "联系电话:010-82306118;邮箱:aet@chinaaet.com。",
            "转载",
        ),
        (
            "标题\n\n正文一句话。\n\n本站内容除特别声明的原创文章之外,转载内容只为传递更多信息,版权归原作者。",
            "正文一句话。",
            "版权",
        ),
    ],
)
def test_cleaning_drops_the_reprint_footer_but_keeps_its_contact_sentence(raw, kept, gone):
    text = clean(raw).text
    assert text.endswith(kept)
    assert gone not in text


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("这个网站的联系电话是多少？", "contact"),
        ("怎麼聯絡這個網站？", "contact"),
        ("What is the site's e-mail address?", "contact"),
        ("How can I contact the website?", "contact"),
        ("会议是哪天召开的？", "when"),
        ("工业互联网与实体经济有什么联系？", "what"),  # 联系 as "relation" is not a contact cue
    ],
)
def test_a_question_asking_how_to_reach_someone_is_of_the_contact_kind(question, kind):
    assert analyze(question).kind == kind


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("这个网站的联系电话是多少？", True),
        ("網站的電子郵箱是什麼？", True),
        ("What is the site's phone number?", True),
        ("陈肇雄的电话是多少？", False),  # the page's line is the site's, not a person's
        ("工信部的联系电话是多少？", False),
    ],
)
def test_the_contact_line_answers_only_a_question_about_the_page(assistant, question, answered):
    answer = assistant.ask(question)
    assert answer.abstained is not answered
    if answered:
        assert any("82306118" in c.text for c in answer.citations)


@pytest.mark.parametrize(
    ("question", "word", "discounted"),
    [
        ("工信部这次一共提出了哪几项举措？请逐一列出。", "逐一", True),  # an adverb (LAC d)
        ("融合应用这块要促进哪两类主体的融通发展？", "这块", True),  # a pronoun (LAC r)
        ("工信部这次一共提出了哪几项举措？请逐一列出。", "举措", False),
        ("文中说的工业APP是放在哪一项举措下面的？", "下面", True),  # a localiser (LAC f)
        ("这批文件里，哪一份是国务院发的？", "一份", True),  # a numeral (LAC m)
        ("融合应用这块要促进哪两类主体的融通发展？", "融通", False),
    ],
)
def test_the_rule_answerer_discounts_function_words_as_the_scored_one_does(assistant, question, word, discounted):
    q = analyze(question)
    plain = {g.term: g.idf for g in group_terms(q.terms, q.script, assistant.searcher)}
    tagged = {g.term: g.idf for g in group_terms(q.terms, q.script, assistant.searcher, q.raw)}
    assert word in plain
    assert (tagged[word] < plain[word]) == discounted


@pytest.mark.parametrize(
    ("question", "group", "weight_at_least"),
    [
        ("What did China Mobile's chairman say at the meeting?", "china mobile", 3.0),  # 中国移动: absent, a name
        ("Did China Unicom attend?", "china unicom", 3.0),
        ("What did the chairman of China Telecom say?", "china telecom", 0.0),  # present: the collection's idf
    ],
)
def test_an_english_organisation_name_is_one_term_weighed_as_a_name(assistant, question, group, weight_at_least):
    q = analyze(question)
    groups = {g.term: g for g in group_terms(q.terms, q.script, assistant.searcher, q.raw)}
    assert group in groups
    assert "china" not in groups  # not "china" (中国, found) plus a cheap missing word
    assert groups[group].idf >= weight_at_least


@pytest.mark.parametrize(
    "question", ["What did China Mobile's chairman say at the meeting?", "Did China Unicom's chairman attend?"]
)
def test_a_company_the_texts_do_not_name_is_a_near_miss_not_an_answer(assistant, question):
    assert assistant.ask(question).abstained
