"""Stage table: a which-question asks for an instance by its name ("which plan" → a plan named in
《…》), so a sentence naming one is chosen over one that uses the word in passing (app/sentence_choice)."""

from __future__ import annotations

import pytest

from app.evidence import Evidence, TermGroup
from app.question import analyze
from app.sentence_choice import naming_an_instance
from index.passage import Passage

IN_PASSING = "陈肇雄表示,要有步骤、有计划地推动企业上云。"
NAMED = "各地要按照《云计算发展三年行动计划(2017-2019年)》要求,细化措施。"
JOURNAL = "来源:《电子技术应用》。"


def _evidence(texts: list[str], doc_ids: list[str]) -> list[Evidence]:
    out = []
    for i, (text, doc) in enumerate(zip(texts, doc_ids, strict=True)):
        p = Passage(f"c{i}", doc, "t", "", "", 0, len(text), text)
        out.append(Evidence(p, 0, len(text), text))
    return out


PLAN = TermGroup("plan", ["计划", "规划"], 1.5)
TECH = TermGroup("technologies", ["技术"], 1.5)
APPLICATION = TermGroup("application", ["应用"], 1.5)


@pytest.mark.parametrize(
    ("question", "groups", "texts", "docs", "first"),
    [
        # the named plan wins over the plan in passing, in the same document
        ("Which plan did Chen tell local authorities to follow?", [PLAN], [IN_PASSING, NAMED], ["a", "a"], NAMED),
        ("Which three-year plan did Chen tell them to follow?", [PLAN], [IN_PASSING, NAMED], ["a", "a"], NAMED),
        ("陈肇雄要求各地按照哪个计划执行?", [TermGroup("计划", ["计划"], 1.5)], [IN_PASSING, NAMED], ["a", "a"], NAMED),
        # another document's title does not answer for the document the question found
        ("Which plan did Chen tell local authorities to follow?", [PLAN], [IN_PASSING, NAMED], ["a", "b"], IN_PASSING),
        # the which-phrase's head is its last term: a journal whose name ends in 应用 is no technology
        (
            "Which new application technologies does the measure name?",
            [APPLICATION, TECH],
            [IN_PASSING, JOURNAL],
            ["a", "a"],
            IN_PASSING,
        ),
        # no which-question: the order stays
        ("What did Chen say about the plan?", [PLAN], [IN_PASSING, NAMED], ["a", "a"], IN_PASSING),
    ],
)
def test_a_which_question_prefers_the_sentence_naming_an_instance(question, groups, texts, docs, first):
    chosen = naming_an_instance(analyze(question), _evidence(texts, docs), groups)
    assert chosen[0].text == first
