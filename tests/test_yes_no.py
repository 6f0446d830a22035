"""A yes/no question the quotes confirm is answered "yes" first (app/yes_no.confirmed): every
content word of the question must be in the quoted sentences, and "no" is never inferred."""

from __future__ import annotations

import pytest

from app.draft import Claim
from app.question import analyze
from app.yes_no import confirmed

FIVE_G = "加快建立工業互聯網共性技術體系,系統布局突破工業互聯網相關基礎技術、前沿技術,發展5G工業應用、邊緣計算、工業APP等新型應用技術"
KE = "中國電信集團董事長柯瑞文參加會議。"


def _claims(assistant, text: str) -> list[Claim]:
    for p in assistant.searcher.search(text).passages:
        at = p.text.find(text)
        if at >= 0:
            return [Claim(text, p, p.start + at, p.start + at + len(text))]
    raise AssertionError(f"no passage holds {text!r}")


@pytest.mark.parametrize(
    ("question", "quote", "yes"),
    [
        ("这篇文章是否提到5G？", FIVE_G, True),
        ("Does the article mention 5G?", FIVE_G, True),
        ("文章有没有提到边缘计算？", FIVE_G, True),
        ("文章有没有提到区块链？", FIVE_G, False),  # the quote does not hold it
        ("柯瑞文是中国移动的董事长吗？", KE, False),  # 中国电信's: the quote names another company
        ("第三项举措要发展哪些新型应用技术？", FIVE_G, False),  # no yes/no question
        ("What does the third measure say about 5G?", FIVE_G, False),  # "does" here asks what
        ("想确认一下，这篇文章有没有提到5G？", FIVE_G, True),  # the framing clause is not asked about
    ],
)
def test_a_yes_needs_every_word_of_the_question_in_the_quotes(assistant, question, quote, yes):
    searcher = assistant.searcher
    q = analyze(assistant._wording(question, searcher))
    assert confirmed(q, _claims(assistant, quote), searcher) == yes


def test_a_confirmed_yes_no_question_is_answered_yes_first(assistant):
    assert assistant.ask("Does the article mention 5G?").text.startswith("Yes. ")
    answer = assistant.ask("这篇文章是否提到5G？")
    assert answer.text.startswith("是的。") and answer.citations
    assert not assistant.ask("国务院总理出席了会议吗？").text.startswith("是的")  # refused, never "no"
