"""Taiwan wording in a Traditional question meets the texts' mainland wording only where the texts
say so (index/fold.mainland_wording with the collection's ``uses_word``): OpenCC's phrase tables
also turn ordinary words into IT jargon (建立 → 创建, 文件 → 文档)."""

from __future__ import annotations

import pytest

from index.fold import mainland_wording

TEXTS = {"网络", "互联网", "信息", "联系", "建立", "文件", "指标", "数字"}


def uses(word: str) -> bool:
    return any(word in t for t in TEXTS)


@pytest.mark.parametrize(
    ("question", "wording"),
    [
        ("5G網路建設", "5G网络建设"),  # 网路 no text has, 网络 some text does
        ("工業網際網路要加快發展嗎", "工业互联网要加快发展吗"),  # a phrase of another length
        ("如果要聯絡這個網站", "如果要联系这个网站"),
        ("標準體系要怎樣建立？", "标准体系要怎样建立？"),  # not 创建: the texts write 建立
        ("這批文件裡哪一份是國務院發的", "这批文件里哪一份是国务院发的"),  # not 文档
        ("定了哪些量化指標", "定了哪些量化指标"),  # not 指针
        ("我正在準備一份簡報", "我正在准备一份简报"),  # 演示文稿: no text has it either
        ("What is 5G?", "What is 5G?"),
    ],
)
def test_taiwan_wording_changes_only_where_the_texts_use_the_mainland_word(question, wording):
    assert mainland_wording(question, uses) == wording


def test_a_traditional_question_with_a_word_tw2sp_would_turn_into_jargon_is_answered(assistant):
    answer = assistant.ask("標準體系要怎樣建立？")
    assert not answer.abstained and answer.script == "zh-Hant"
    assert any("標準體系" in c.text for c in answer.citations)


# --- a Taiwan word with several mainland readings takes the one the texts write in its place -----
CONTEXT_TEXTS = {"工业互联网加快发展", "5g网络建设", "网络安全"}


def uses_in_context(word: str) -> bool:
    return any(word in t for t in CONTEXT_TEXTS)


@pytest.mark.parametrize(
    ("question", "wording"),
    [
        # 網路 is Taiwan usage for the internet and for a network (CC-CEDICT: "network", "Internet");
        # after 工业 the texts write 互联网, after 5G 网络
        ("推動工業網路加快發展", "推动工业互联网加快发展"),
        ("5G網路建設", "5G网络建设"),
        ("網路安全", "网络安全"),  # nothing before it: OpenCC's reading stands
    ],
)
def test_a_taiwan_word_is_read_as_the_texts_write_it_in_that_place(question, wording):
    assert mainland_wording(question, uses_in_context) == wording


def test_the_mainland_readings_of_a_taiwan_word_come_from_the_dictionary():
    from index.taiwan_terms import readings

    assert set(readings("网路", uses_in_context)) >= {"互联网", "网络"}
    assert readings("网络", uses_in_context) == []  # not Taiwan usage


GLOSSARY_TEXTS = {"云计算", "边缘计算", "部委", "工作", "交流会", "品质"}


def glossary_uses(word: str) -> bool:
    return any(word in t for t in GLOSSARY_TEXTS)


@pytest.mark.parametrize(
    ("question", "wording"),
    [
        ("全國雲端運算工作交流會辦在哪裡?", "全国云计算工作交流会办在哪里?"),  # OpenCC keeps 云端运算
        ("有沒有提到邊緣運算?", "有没有提到边缘计算?"),
        ("還有哪些部會派人來?", "还有哪些部委派人来?"),
        ("品質要怎麼提升?", "品质要怎么提升?"),  # the texts write the Taiwan word themselves: kept
        ("晶片產能如何?", "晶片产能如何?"),  # no text has 芯片 either: nothing to meet
    ],
)
def test_taiwan_words_opencc_lacks_meet_the_texts_mainland_words(question, wording):
    """index/taiwan_mainland.tsv: a glossary of Taiwan words OpenCC's phrase tables leave as they are."""
    assert mainland_wording(question, glossary_uses) == wording
