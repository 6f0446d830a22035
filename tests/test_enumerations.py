"""Inline lists: the annotator's reader of 、-joined enumerations (index/annotate.enumerations) and
ordinal follow-ups on an answer that lists things inside one sentence (app/enumerated.py)."""

from __future__ import annotations

import pytest

from index.annotate import enumeration_items, enumerations

TALENT = "支持大中小企业协同发展,加快科技领军型、应用创新型、复合型和技能型人才培养,坚持对外开放"


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (TALENT, ["科技领军型", "应用创新型", "复合型", "技能型"]),  # the verb before, the shared head after
        ("发展5G工业应用、边缘计算、工业APP等新型应用技术", ["5G工业应用", "边缘计算", "工业APP"]),  # 等 ends it
        ("完善数据采集、流转、使用等法律法规", ["数据采集", "流转", "使用"]),
        (
            "住房和城乡建设部、国家卫生健康委员会相关司局负责同志",
            ["住房和城乡建设部", "国家卫生健康委员会相关司局负责同志"],
        ),
        ("推进工业企业内网改造升级和对外联通", []),  # 和 alone joins no list
        ("没有列举。", []),
    ],
)
def test_an_inline_list_is_read_as_its_items(text, items):
    assert [text[a:b] for a, b in enumeration_items(text)] == items


def test_every_clause_has_its_own_list():
    text = "完善数据采集、流转、使用等法律法规," + TALENT
    assert [len(items) for items in enumerations(text)] == [3, 4]


@pytest.mark.parametrize(
    ("history", "question", "expected"),
    [
        ("会上提到要培养哪几类人才？", "其中第三类是什么？", "复合型"),
        ("会上提到要培养哪几类人才？", "第一种是什么？", "科技领军型"),
        ("要完善哪些方面的法律法规？", "第二个是什么？", "流转"),  # the list its clause is about
        ("第一项举措是什么？", "第二项呢？", "深化融合应用"),  # after the document's items: the next item
    ],
)
def test_an_ordinal_follow_up_takes_the_item_of_the_earlier_answers_list(assistant, history, question, expected):
    answer = assistant.ask(question, history=[history])
    assert expected in answer.text and answer.citations
    searcher = assistant.searcher
    for c in answer.citations:  # the item is quoted at its own offsets in the cleaned document
        assert (
            searcher.document_text(c.doc_id, searcher.manifest["docs"][c.doc_id]["text_hash"])[c.start : c.end]
            == c.text
        )


@pytest.mark.parametrize(("question", "ordinal"), [("其中第三类是什么？", 3), ("第一位是谁？", 1), ("第二种呢？", 2)])
def test_an_ordinal_takes_the_measure_words_of_kinds_and_people(question, ordinal):
    from app.scored.question import ordinal_of

    assert ordinal_of(question) == ordinal


@pytest.mark.parametrize(
    ("question", "says", "not_says"),
    [
        # the State Council's guidance numbers no items; the action plan retrieved after it does
        ("指导意见说我国工业互联网已经在哪些方面取得初步进展?", ["框架", "国际合作"], ["指导思想"]),
        ("In which areas does the State Council document say China has made initial progress?", ["框架"], ["指导思想"]),
    ],
)
def test_a_list_question_is_answered_from_the_document_it_found_not_the_next_ones_items(
    corpus_assistant, question, says, not_says
):
    answer = corpus_assistant.ask(question)
    assert not answer.abstained
    for word in says:
        assert word in answer.text
    for word in not_says:
        assert word not in answer.text
