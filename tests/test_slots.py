"""The slot a Chinese question's asking word leaves, and the clause of a sentence that fills it
(app/scored/slots.py; quoted by app/scored/spans.slot_span in both answerers)."""

from __future__ import annotations

import pytest


def _slot(question: str):
    from app.scored.question import analyze
    from app.scored.slots import question_slot

    q = analyze(question)
    return question_slot(q.folded, q.tokens, q.terms)


@pytest.mark.parametrize(
    ("question", "left", "right", "head"),
    [
        ("要支持哪些企业协同发展？", "支持", "企业", True),  # the noun after 哪些 is part of the answer
        ("會上說要營造什麼樣的外部環境？", "营造", "环境", False),
        ("陈肇雄说浙江是什么大省？", "浙江", "大", True),
        ("要加快哪几项网络建设？", "加快", "网络", True),  # 几项 belongs to the asking phrase
    ],
)
def test_a_question_slot_is_anchored_by_the_content_words_around_the_asking_word(question, left, right, head):
    slot = _slot(question)
    assert (slot.left, slot.right, slot.head) == (left, right, head)


@pytest.mark.parametrize(
    "question",
    [
        "谁出席了会议？",  # nothing before the asking word
        "柯瑞文是什么职务？",  # nothing after it
        "中国电信来的是谁，是什么职务？",  # the anchors are in different clauses
        "Which companies will be supported?",  # English moves its asking word: no slot
    ],
)
def test_a_question_with_an_open_side_leaves_no_slot(question):
    assert _slot(question) is None


@pytest.mark.parametrize(
    ("question", "sentence", "filler"),
    [
        ("要支持哪些企业协同发展？", "培育壮大行业领军企业,支持大中小企业协同发展", "大中小企业"),
        ("會上說要營造什麼樣的外部環境？", "坚持对外开放,营造健康有序、合作共赢的外部环境。", "健康有序、合作共赢"),
        ("陈肇雄说我国是什么大国？", "我国是制造大国和网络大国,发展工业互联网", "制造大国"),
        # the anchors across a comma are two clauses, not one phrase with a gap
        ("推动工业互联网加快发展有什么意义？", "支撑经济高质量发展,构筑产业竞争新优势,意义重大", None),
        ("要支持哪些企业协同发展？", "支持企业协同发展", None),  # no gap: nothing fills the slot
        # the verb made a noun after its object (人才培养): the clause before the head noun fills it
        (
            "要培养哪几类人才？",
            "支持企业发展,加快科技领军型、复合型和技能型人才培养,坚持开放",
            "加快科技领军型、复合型和技能型人才",
        ),
        ("要培养哪几类人才？", "人才培养", None),  # nothing before the head noun
        ("要培养哪几类人才？", "加快人才引进,完善培养体系", None),  # not the head noun and its verb
        ("會上說要營造什麼樣的外部環境？", "外部环境营造", None),  # no head noun asked: no turned-round fill
    ],
)
def test_a_sentence_fills_the_slot_between_its_anchors(question, sentence, filler):
    found = _slot(question).fill(sentence)
    assert (sentence[found[0] : found[1]] if found else None) == filler


@pytest.mark.parametrize(
    ("question", "span"),
    [
        ("要加快哪些网络建设？", "加快全光纖網絡、5G網絡建設"),
        ("會上說要營造什麼樣的外部環境？", "營造健康有序、合作共贏的外部環境"),
        ("陈肇雄说我国是什么大国？", "我國是制造大國和網絡大國"),
        ("要培养哪几类人才？", "加快科技領軍型、應用創新型、復合型和技能型人才培養"),
    ],
)
def test_the_answer_is_the_clause_that_fills_the_slot_and_the_source_keeps_the_sentence(assistant, question, span):
    answer = assistant.ask(question)
    assert not answer.abstained
    quote = answer.citations[0]
    assert quote.text == span
    before, quoted, after = assistant.source_context(quote)  # the quote sits at its offsets
    assert quoted == span and (before or after)  # and the source panel shows the rest of the sentence


@pytest.mark.parametrize(
    ("question", "expected", "not_expected"),
    [
        # 谁 stands where the answer does: the deciders, not the speaker the sentence names first
        ("陳肇雄說推動工業互聯網加快發展，是貫徹落實誰的重大決策部署？", "黨中央、國務院", "陳肇雄指出"),
        ("推动工业互联网加快发展是贯彻落实谁的决策部署？", "党中央、国务院", "陈肇雄指出"),
    ],
)
def test_a_who_question_with_a_slot_is_answered_by_what_fills_it(assistant, question, expected, not_expected):
    answer = assistant.ask(question)
    assert not answer.abstained
    assert expected in answer.text and not_expected not in answer.text
