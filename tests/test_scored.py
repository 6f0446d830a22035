"""The scored answerer, stage by stage: question analysis, spans, the calibrated decision, follow-ups."""

from __future__ import annotations

import pytest

from app.scored import ScoredPipeline
from app.scored.candidates import Claim, support
from app.scored.grounding import ground
from app.scored.question import analyze, ordinal_of
from app.scored.spans import date_span, person_span, tagged_span
from app.scorer import Model
from app.terms import Term
from eval.calibrate import _reliability, _threshold, fit, utility
from index.fold import fold
from index.search import Passage


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("哪位中國工程院院士參加了會議？", "who"),
        ("会议是哪天召开的？", "when"),
        ("When was the meeting held?", "when"),
        ("會議在哪裡召開？", "where"),
        ("陈肇雄担任什么职务？", "role"),
        ("用一句话概括这篇文章", "summary"),
        ("Summarise this.", "summary"),
        ("这篇文章的来源是什么？", "source"),
        ("工业互联网的发展前景怎么样", "what"),
    ],
)
def test_the_strongest_answer_type(question, kind):
    assert analyze(question).kind == kind


@pytest.mark.parametrize(
    ("question", "where"),
    [
        ("5G在哪几项举措里被提到？", False),  # 在|哪|几项: "which few measures", not "where"
        ("5G出现在哪项举措里？", False),  # 在|哪|项
        ("会议在哪召开？", True),
        ("会议在哪里召开？", True),
        ("大数据中心建在哪个城市？", True),  # a where cue of its own (哪个城市)
    ],
)
def test_a_which_determiner_is_not_a_where_cue(question, where):
    assert ("where" in analyze(question).types) == where


@pytest.mark.parametrize(
    ("question", "kept", "dropped"),
    [
        ("Which Shanghai officials spoke at the symposium?", {"shanghai", "spoke"}, {"officials", "which"}),
        ("Which senior MIIT officials attended?", {"miit", "attended"}, {"senior", "officials"}),
        ("Which two senior government officials were present?", {"present"}, {"two", "senior", "government"}),
        ("Which officials attended?", {"attended"}, {"officials"}),
    ],
)
def test_a_name_inside_a_cue_pattern_stays_a_term(question, kept, dropped):
    """ "which (\\w+ ){0,2}officials" may hold a name that says which officials are meant."""
    terms = {t.text for t in analyze(question).terms}
    assert kept <= terms and not (dropped & terms)


def test_types_are_soft_scores_that_sum_to_one():
    types = analyze("谁在什么时候召开了会议？").types
    assert types["who"] > 0 and types["when"] > 0 and types["what"] > 0
    assert sum(types.values()) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("text", "ordinal"),
    [
        ("第三項呢？", 3),
        ("第0項是什麼？", 0),
        ("第99999999999999999999項", 99999999999999999999),
        ("最後一項是什麼", -1),
        ("最後那條呢？", -1),
        ("最後呢？", -1),
        ("國家大數據中心最後是交給哪家公司承建的？", None),  # 最后 before a verb: "in the end"
        ("推進工業互聯網，最終是要支撐什麼？", None),
        ("the third measure", 3),
        ("what about the last one", -1),
        ("measure 2", 2),
        ("what's measure number two about?", 2),
        ("tell me about item three", 3),
        ("one of the measures", None),
        ("四項舉措是什麼", None),
        ("And the third?", 3),  # an elliptical follow-up that is only an ordinal
        ("What about the last?", -1),
        ("and the 2nd?", 2),
        ("Who came third?", None),  # an ordinal inside a question is not an item
        ("And the third day?", None),
        ("What is the 20th measure in the notice?", 20),  # beyond the sixth: numbers, and words to the twelfth
        ("the 11th item", 11),
        ("the twelfth point", 12),
        ("the 21st point", 21),
        ("第二十项是什么？", 20),  # Chinese numerals to 九十九
        ("第十二條呢？", 12),
        ("第二十一項", 21),
        ("第十十項", None),
    ],
)
def test_ordinals(text, ordinal):
    assert ordinal_of(text) == ordinal


@pytest.mark.parametrize(
    ("question", "pronoun", "ellipsis", "step"),
    [
        ("他是什麼職務？", True, False, 0),
        ("那政策環境呢？", False, True, 0),
        ("下一項呢？", False, True, 1),
        ("What did she do before?", True, False, 0),
        ("其他部委有谁参加？", False, False, 0),  # 其他 is not the pronoun 其
    ],
)
def test_follow_up_signals(question, pronoun, ellipsis, step):
    q = analyze(question)
    assert (q.pronoun, q.ellipsis, q.step) == (pronoun, ellipsis, step)


@pytest.mark.parametrize(
    ("question", "focus"),
    [
        ("工信部部長是誰？", ["部长"]),
        ("哪位中國工程院院士參加了會議？", ["院士"]),
        ("Which company will build the big data center?", ["company"]),
    ],
)
def test_the_focus_is_the_noun_the_question_word_asks_about(question, focus):
    assert analyze(question).focus == focus


def test_frame_words_are_not_content_terms():
    terms = [t.text for t in analyze("这篇文章的来源是什么？").terms]
    assert "文章" not in terms and "来源" not in terms


ATTENDEES = "中國職業技術教育學會會長、教育部原副部長魯昕、中國工程院院士鄔賀銓、中國電信集團董事長柯瑞文參加會議。"


def _claim(text: str, start: int = 100) -> Claim:
    p = Passage("c", "d", "t", "2020-04-24", "", start, start + len(text), text)
    return Claim(text, p, start, start + len(text))


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        ([Term("院士", ["院士"], 2.5)], "中國工程院院士鄔賀銓"),
        ([Term("鲁昕", ["鲁昕"], 5.0)], "中國職業技術教育學會會長、教育部原副部長魯昕"),  # both titles
        ([Term("参加", ["参加"], 1.0, "v")], ATTENDEES[:-1]),  # a shared predicate: every person
    ],
)
def test_person_spans(terms, expected):
    span = person_span(_claim(ATTENDEES), terms, ())
    assert span.text == expected
    assert span.passage.text[span.start - span.passage.start : span.end - span.passage.start] == span.text


@pytest.mark.parametrize(
    ("text", "terms", "expected"),
    [
        ("4月23日,工業和信息化部召開工業互聯網行業應用推進會。", [], "4月23日"),
        (
            "據工業和信息化部12月13日消息,12月10日,工信部組織召開座談會。",
            [Term("座谈会", ["座谈会"], 2.0)],
            "12月10日",
        ),
        ("2021年12月10日,工信部召开座谈会。", [Term("2021年", ["2021年"], 3.0, "TIME")], "2021年12月10日"),
    ],
)
def test_date_spans(text, terms, expected):
    assert date_span(_claim(text), terms).text == expected


SYMPOSIUM = "12月10日,工信部组织召开两化融合座谈会,介绍了2021年两化融合管理体系贯标等工作。"


@pytest.mark.parametrize(
    ("question", "part", "expected"),
    [
        ("两化融合座谈会是哪一天开的?", "day", "12月10日"),  # a year is no day, though its segment says more
        ("When was the symposium held? What day?", "day", "12月10日"),
        ("两化融合贯标是哪一年的工作?", "year", "2021年"),
        ("几月开的两化融合座谈会?", "month", "12月10日"),
        ("两化融合的工作是什么时候?", None, "2021年"),  # no part asked: the question's words pick the segment
    ],
)
def test_a_when_question_gets_a_date_with_the_part_it_asks_for(question, part, expected):
    from app.scored.spans import asked_date_part

    folded = fold(question)
    assert asked_date_part(folded) == part
    terms = [Term("两化", ["两化"], 2.0), Term("融合", ["融合"], 1.5)]
    found = date_span(_claim(SYMPOSIUM), terms, part).text
    assert expected in found and ({"12月10日", "2021年"} - {expected}).pop() not in found


def test_a_count_is_the_segment_with_the_number_the_question_asks_about(corpus_assistant):
    """A how-many question is answered by the segment that holds the counted thing (by the rules as
    by the scored answerer: app/scored/spans.number_span), not by the whole 150-character sentence."""
    answer = corpus_assistant.ask("2021年3月的座谈会有多少家企业参加？")
    assert not answer.abstained and "21家企业" in answer.text
    assert "聚焦工业互联网主题" not in answer.text and len(answer.citations[0].text) <= 40


def test_a_place_span():
    span = tagged_span(_claim("4月8日,部省合作推進浙江工業互聯網發展聯席會議在北京召開。"), "LOC")
    assert "北京" in span.text


@pytest.mark.parametrize(
    ("coef", "features", "above"),
    [([2.0], {"support": 1.0}, True), ([2.0], {"support": 0.0}, False), ([-3.0], {"support": 1.0}, False)],
)
def test_the_model_is_a_logistic_over_named_features(coef, features, above):
    model = Model(features=["support"], coef=coef, intercept=-1.0, thresholds={"all": 0.5})
    assert (model.prob(features) >= model.threshold("en")) is above


def test_support_multiplies_coverage_by_type_fit():
    f = {"cov": 0.5, "cov_header": 0.5, "cov_context": 0.0, "type_fit": 0.5}
    assert support(f) == pytest.approx(0.4)


def test_the_threshold_balances_wrong_answers_against_refusals():
    # (lang, answerable, best probability, best is right)
    outcomes = [("en", True, 0.9, 1), ("en", True, 0.8, 1), ("en", False, 0.3, 0), ("en", True, 0.2, 0)]
    tau = _threshold(outcomes)
    assert 0.3 < tau <= 0.8
    assert utility(outcomes, tau) == max(utility(outcomes, t / 100) for t in range(1, 100))


def _synthetic_rows(n: int, noise: float) -> list[dict]:
    """Cases whose right candidate has higher support, with label noise: a fit that can be checked."""
    import random

    rng = random.Random(5)
    rows = []
    for i in range(n):
        answerable = i % 4 != 0
        right = rng.random() + (0.5 if answerable else 0.0)
        cands = [({"support": right + rng.gauss(0, noise), "cov": rng.random()}, int(answerable))]
        cands += [({"support": rng.random() * 0.8, "cov": rng.random()}, 0) for _ in range(3)]
        rows.append(
            {"id": f"c{i}", "lang": "en", "answerable": answerable, "rules_refused": i % 2 == 0, "candidates": cands}
        )
    return rows


def test_the_regularisation_is_chosen_by_held_out_utility_on_the_grid():
    from eval.calibrate import C_GRID, choose_c, held_out_utility

    rows = _synthetic_rows(120, 0.2)
    c, cv = choose_c(rows)
    assert c in C_GRID and set(cv) == {str(g) for g in C_GRID}
    assert cv[str(c)] >= max(cv.values()) - abs(max(cv.values())) * 0.01  # within the tolerance of the best
    assert held_out_utility(rows, c) == pytest.approx(held_out_utility(rows, c))  # seeded folds
    assert fit(rows).trained_on["C"] == c


def test_too_few_cases_for_folds_fit_with_the_middle_of_the_grid():
    from eval.calibrate import C_GRID, choose_c

    assert choose_c(_synthetic_rows(6, 0.2)) == (C_GRID[len(C_GRID) // 2], {})


def test_the_reliability_table_bins_predictions():
    table = _reliability([("en", True, 0.9, 1), ("en", True, 0.85, 0), ("en", False, 0.1, 0)])
    assert {r["bin"]: r["cases"] for r in table} == {"0.0-0.2": 1, "0.8-1.0": 2}
    assert table[-1]["observed_right"] == 0.5


def test_a_pronoun_follow_up_resolves_to_the_person_of_the_earlier_answer(assistant):
    pipeline = ScoredPipeline(assistant.searcher)
    sq, draft = pipeline.draft("他是什麼職務？", ["哪位中國工程院院士參加了會議？"], threshold=0.0)
    assert "邬贺铨" in sq.raw
    assert any("鄔賀銓" in c.text for c in draft.claims)


@pytest.mark.parametrize(
    ("history", "question", "heading"),
    [
        (["What is the second measure?"], "And the third?", "加強科技創新"),
        (["What are the four measures?"], "And the last?", "完善政策環境"),
        (["第二项举措是什么？"], "那第三项呢？", "加强科技创新"),
    ],
)
def test_an_elliptical_ordinal_follow_up_gets_that_item(assistant, history, question, heading):
    from index.fold import fold

    answer = assistant.ask(question, history)
    assert any(fold(heading) in fold(c.text) for c in answer.citations)  # quotes are the source's script


@pytest.mark.parametrize(
    ("question", "sentence", "said"),
    [
        ("陈肇雄认为我国发展工业互联网具备哪些有利条件？", "我國是制造大國", True),  # after "陳肇雄指出,…"
        ("陈肇雄认为我国发展工业互联网具备哪些有利条件？", "陳肇雄指出", False),  # his name is in it already
        ("陈肇雄认为应该打造什么样的平台体系？", "打造具有國際影響力", False),  # a measure, not his words
    ],
)
def test_a_speakers_words_cover_his_name_as_the_sentence_itself_would(assistant, question, sentence, said):
    """ "陈肇雄指出,A。B。": B is his words as much as A is, so his name weighs in B's own coverage,
    not as a header word (which the model trusts less)."""
    terms = ground(analyze(question), assistant.searcher)
    found = ScoredPipeline(assistant.searcher).candidates(question, [])
    c = next(c for c in found if c.kind == "sentence" and c.claims[0].text.startswith(sentence))
    own = sum(t.weight for t in terms if t.text in c.hits) / sum(t.weight for t in terms)
    name = next(t for t in terms if t.text == "陈肇雄")
    assert c.features["cov"] == pytest.approx(own + name.weight / sum(t.weight for t in terms) * said)


def test_an_ordinal_follow_up_answers_that_item_of_the_earlier_list(assistant):
    _sq, draft = ScoredPipeline(assistant.searcher).draft("下一項呢？", ["第一項舉措是什麼？"])
    assert draft.claims and "深化融合應用" in draft.claims[0].text


@pytest.mark.parametrize(
    ("history", "question", "heading", "not_shown"),
    [
        (["第一項舉措是什麼？"], "它包括哪些內容？", "加快設施建設", "深化融合應用"),  # not the whole list
        (["第三项是什么？"], "它的具体要求是什么？", "加强科技创新", "完善政策环境"),
        (["What is the first measure?"], "What does it include?", "加快設施建設", "深化融合應用"),
    ],
)
def test_it_after_an_item_answer_is_that_item(assistant, history, question, heading, not_shown):
    """A pronoun that cannot be a person, after an answer that gave one item, means that item."""
    answer = assistant.ask(question, history=history)
    assert not answer.abstained and heading in answer.text and not_shown not in answer.text


@pytest.mark.parametrize(
    ("history", "question", "shown", "not_shown"),
    [
        # the next item after the item the earlier answer gave (rules first: they answered it)
        (["第二項舉措是什麼？"], "下一項呢？", "加強科技創新", "陳肇雄指出"),
        (["What is the third measure?"], "And the next one?", "完善政策環境", "加強科技創新"),
        # the person of the answer that was shown; a possessive stays one ("Weng Jieming's position")
        (["Who attended the meeting from SASAC?"], "What is his position?", "副主任翁杰明", "陳肇雄"),
    ],
)
def test_follow_ups_lean_on_the_answer_the_person_saw(assistant, history, question, shown, not_shown):
    answer = assistant.ask(question, history=history)
    assert not answer.abstained and shown in answer.text and not_shown not in answer.text


def test_a_summary_is_the_title_the_lead_and_the_headings_with_exact_quotes(assistant):
    _sq, draft = ScoredPipeline(assistant.searcher).draft("用一句話概括這篇文章", [])
    texts = [c.text for c in draft.claims]
    assert texts[0] == "工信部四舉措推動工業互聯網加快發展" and "一、加快設施建設" in texts
    # the lead paragraph: what happened, then who took part; the next paragraph's speech stays out
    assert texts[1].startswith("4月23日") and "陳肇雄" in texts[2] and "出席會議" in texts[2]
    assert not any(t.startswith("陳肇雄指出") for t in texts)
    doc = assistant.searcher.document_text(draft.claims[0].passage.doc_id, draft.claims[0].passage.text_hash)
    assert all(doc[c.start : c.end] == c.text for c in draft.claims)


def test_the_assistant_answers_with_the_scored_answer_where_the_rules_refuse(assistant):
    answer = assistant.ask("Summarise this.")
    assert not answer.abstained and "加快設施建設" in answer.text


def test_the_llm_floor_spares_the_model_only_the_least_likely_questions():
    from eval.calibrate import llm_floor

    outcomes = [("en", True, p / 100, 1) for p in range(1, 101)] + [("en", False, 0.0, 0)]
    assert llm_floor(outcomes) == 0.03  # 2 % of the answerable questions score below it


@pytest.mark.parametrize(
    ("question", "fits"),
    [
        ("How many measures does the ministry roll out?", True),  # 四举措 in the header: the items are measures
        ("工信部一共提出了几项举措？", True),
        ("一共有几条？", True),  # nothing counted by name: the list's length answers
        ("How many types of talent should be trained?", False),  # talent is no heading of this list
        ("文中提到几位院士？", False),
    ],
)
def test_a_list_answers_how_many_by_its_length_only_when_its_items_are_what_is_counted(assistant, question, fits):
    found = ScoredPipeline(assistant.searcher).candidates(question, [])
    listed = next(c for c in found if c.kind == "list")
    assert (listed.features["type_fit"] > 0) is fits
