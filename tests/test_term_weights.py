"""Term weighting tables of the fifth session: the rule answerer's discount of function words (the
same LAC-tag discount the scored answerer gives) and English organisation names the texts lack,
weighed as one name."""

from __future__ import annotations

import pytest

from app.evidence import group_terms
from app.question import analyze


@pytest.mark.parametrize(
    ("question", "word", "discounted"),
    [
        ("工信部这次一共提出了哪几项举措？请逐一列出。", "逐一", True),  # an adverb (LAC d)
        ("融合应用这块要促进哪两类主体的融通发展？", "这块", True),  # a pronoun (LAC r)
        ("工信部这次一共提出了哪几项举措？请逐一列出。", "举措", False),
        ("文中说的工业APP是放在哪一项举措下面的？", "下面", True),  # a localiser (LAC f)
        ("这批文件里，哪一份是国务院发的？", "一份", True),  # a numeral (LAC m)
        ("融合应用这块要促进哪两类主体的融通发展？", "融通", False),
        # a jieba word that LAC reads as function words only: 这 (r) + 场 (q), 那 (r) + 篇 (q)
        ("這場會議在哪一天舉行？", "这场", True),
        ("四舉措那篇報導裡,說要加快培養哪幾類人才?", "那篇", True),
        ("四舉措那篇報導裡說要加快培養哪幾類人才?", "报导", False),  # one clause: no framing either
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


@pytest.mark.parametrize(
    ("word", "function"),
    [
        ("formerly", True),
        ("before", True),
        ("originally", True),
        ("government", False),
        ("hold", False),
        ("kind", False),
    ],
)
def test_an_english_word_read_only_as_a_function_word_is_one(word, function):
    from app.terms import english_function_word

    assert english_function_word(word) == function


@pytest.mark.parametrize(
    ("word", "closed", "names_a_thing"),
    [
        ("during", True, False),  # no reading in LemmInflect's lexicon, and a stop word: closed class
        ("among", True, False),
        ("because", True, False),
        ("onto", True, False),
        ("per", True, False),
        ("eight", False, True),  # a number word carries a number
        ("system", False, True),  # listed as a stop word, but the lexicon reads it as a noun
        ("beijing", False, True),  # no reading, but no stop word: a name
        ("honcho", False, True),
    ],
)
def test_a_closed_class_word_the_lexicon_lacks_is_a_function_word(word, closed, names_a_thing):
    from app.terms import closed_class, english_can_name_a_thing, english_function_word

    assert closed_class(word) == closed
    assert english_function_word(word) == closed
    assert english_can_name_a_thing(word) == names_a_thing


@pytest.mark.parametrize(
    ("word", "framing"),
    [
        ("anything", True),  # indefinite pronouns: a closed class LemmInflect reads as nouns
        ("anybody", True),
        ("someone", True),
        ("everything", True),
        ("nobody", True),
        ("thing", False),  # the noun itself names something
        ("body", False),
        ("budget", False),
    ],
)
def test_english_indefinite_pronouns_are_framing_not_content(word, framing):
    from index.crosslingual import is_stopword

    assert is_stopword(word) == framing


@pytest.mark.parametrize(
    ("question", "found"),
    [
        ("Does the plan say anything about a national big data centre?", "大数据中心"),
        ("Did anybody from the health commission attend?", "卫生"),
    ],
)
def test_an_indefinite_pronoun_costs_an_english_question_nothing(assistant, question, found):
    q = analyze(question)
    groups = group_terms(q.terms, q.script, assistant.searcher, q.raw)
    assert not any(g.term in {"anything", "anybody"} for g in groups)
    assert any(found in g.alternatives for g in groups)


def test_an_absent_english_adverb_weighs_like_a_chinese_function_word(assistant):
    q = analyze("What government job did she have before?")
    weights = {g.term: g.idf for g in group_terms(q.terms, q.script, assistant.searcher, q.raw)}
    assert weights["before"] < 0.2 < weights["government"]


@pytest.mark.parametrize(
    ("word", "led"),
    [("什么样", True), ("哪方面", True), ("这方面", True), ("环境", False), ("外部", False), ("陈肇雄", False)],
)
def test_a_word_led_by_a_pronoun_asks_or_points(word, led):
    """LAC reads 什么样 as one noun; its first part alone is a pronoun, as 什么 is."""
    from app.terms import pronoun_led

    assert pronoun_led(word) == led


def test_an_absent_pronoun_led_word_weighs_as_a_function_word_and_names_nothing():
    from app.scored.candidates import _names_a_thing
    from app.scored.question import analyze as analyze_scored

    terms = {t.text: t for t in analyze_scored("會上說要營造什麼樣的外部環境？").terms}
    assert terms["什么样"].weight < 0.5 < terms["环境"].weight
    assert not _names_a_thing(terms["什么样"]) and _names_a_thing(terms["环境"])


@pytest.mark.parametrize(
    ("question", "framing"),
    [
        ("麻烦帮我查一下，这篇文章里说的那个会议到底是哪一天开的？", ["麻烦帮我查一下,"]),
        ("我在写报告，想知道中国电信是谁来参会的，谢谢。", ["我在写报告,", "谢谢。"]),
        ("I'm writing a report for my boss, when was the meeting?", ["i'm writing a report for my boss,"]),
        ("会议是哪一天开的？", []),  # one clause: nothing frames it
        # an English full stop ends a sentence too, but not an abbreviation's
        ("I'm writing a briefing. When was the meeting?", ["i'm writing a briefing. "]),
        ("What happened at the Dec. 2 symposium?", []),
        ("Who came from the U.S. side?", []),
        ("2018年那次联席会议上，陈肇雄说浙江是什么大省？", ["2018年那次联席会议上,"]),  # framing by place only:
    ],
)
def test_clauses_that_ask_nothing_frame_the_question(question, framing):
    """A clause without an asking word (cue class ``asking``) is framing; only words the texts lack
    there lose their weight (the 2018 meeting above is in the texts and keeps it)."""
    from app.scored.framing import framing_spans
    from index.fold import fold

    folded = fold(question)
    assert [folded[a:b] for a, b in framing_spans(folded)] == framing


def test_a_framing_word_the_texts_lack_weighs_nothing_but_a_named_thing_keeps_its_weight(assistant):
    q = analyze("麻烦帮我查一下，会议是哪一天开的？")
    weights = {g.term: g.idf for g in group_terms(q.terms, q.script, assistant.searcher, q.raw)}
    assert weights["麻烦"] == 0 and weights["会议"] > 1
    q = analyze("中国移动也来了，它的董事长是谁？")
    weights = {g.term: g.idf for g in group_terms(q.terms, q.script, assistant.searcher, q.raw)}
    assert weights["中国移动"] > 2.0  # an organisation the texts lack is still the thing asked about


@pytest.mark.parametrize(
    "question",
    ["这次会议提出了哪些举措？", "這次會議上總共提出了哪些舉措？", "麻烦帮我查一下，这次会议提出了哪些举措？"],
)
def test_the_meeting_that_put_the_list_forward_does_not_narrow_it(assistant, question):
    answer = assistant.ask(question)
    assert "4" in answer.text and ("完善政策环境" in answer.text or "完善政策環境" in answer.text)


def test_the_date_of_a_meeting_the_article_reports_is_not_the_articles_date(assistant):
    answer = assistant.ask("麻烦帮我查一下，这篇文章里说的那个会议到底是哪一天开的？")
    assert answer.text.startswith("4月23日")


@pytest.mark.parametrize(
    ("word", "following", "attributive"),
    [
        ("former", "job", True),  # LemmInflect also lists "former" as a noun (one who forms)
        ("original", "source", True),
        ("budget", "of", False),  # a noun, and "of" names nothing
        ("budget", "", False),  # the question's last word
        ("huawei", "boss", False),  # no adjective reading: a name stays a thing
        ("share", "price", False),
    ],
)
def test_an_english_word_before_a_noun_reads_as_its_adjective(word, following, attributive):
    from app.terms import english_attributive

    assert english_attributive(word, following) == attributive


@pytest.mark.parametrize(
    ("question", "word", "thing"),
    [
        ("What was Lu Xin's former job?", "former", False),
        ("Who is the former minister?", "former", False),
        ("What is the budget?", "budget", True),
        ("Who is the boss of Huawei?", "boss", True),
    ],
)
def test_an_absent_english_adjective_before_its_noun_names_no_thing(question, word, thing):
    from app.scored.candidates import _names_a_thing
    from app.terms import Term

    assert _names_a_thing(Term(word, [word], 1.0, "en", present=False), question) == thing


@pytest.mark.parametrize(
    ("question", "word", "weighs_nothing"),
    [
        ("这场会是哪个部门办的？", "部门", True),  # no text says 部门: the answer is an instance of it
        ("Which agency held the meeting?", "agency", True),
        # the ministries the text names stand in for "ministry" (tests/test_name_kinds.py): present
        ("Which ministry held the meeting?", "ministry", False),
        ("哪家公司的董事长参加了会议？", "公司", False),  # the texts say 公司: it keeps its weight
        ("这次会议的部门预算是多少？", "部门", False),  # no type cue names it: an absent word still costs
        ("这项政策的财政预算是多少？", "预算", False),
    ],
)
def test_an_absent_category_noun_inside_a_type_cue_is_the_answer_type_not_a_term(
    assistant, question, word, weighs_nothing
):
    """ "哪个部门" asks for an organisation, which the type fit checks; a passage need not say 部门."""
    from app.scored.grounding import ground
    from app.scored.question import analyze as analyze_scored

    terms = {t.text: t for t in ground(analyze_scored(question), assistant.searcher)}
    assert word in terms
    assert (terms[word].weight == 0) == weighs_nothing


@pytest.mark.parametrize(
    ("question", "word", "weighs_nothing"),
    [
        ("Which agency held the meeting?", "agency", True),
        # the ministries the text names stand in for "ministry" (tests/test_name_kinds.py): present
        ("Which ministry held the meeting?", "ministry", False),
        # the departments the glossary names in English and the text holds (人事教育司): present
        ("Which department organised the meeting?", "department", False),
        ("哪家公司的董事长参加了会议？", "公司", False),
        ("这次会议的部门预算是多少？", "预算", False),
        ("这项政策的财政预算是多少？", "财政预算", False),  # the rules' own segmentation
    ],
)
def test_the_rule_answerer_weighs_an_absent_category_noun_the_same_way(assistant, question, word, weighs_nothing):
    q = analyze(question)
    groups = {g.term: g.idf for g in group_terms(q.terms, q.script, assistant.searcher, q.raw)}
    assert (groups[word] == 0) == weighs_nothing


def test_which_ministry_is_answered_with_the_organiser(assistant):
    answer = assistant.ask("Which ministry held the meeting?")
    assert not answer.abstained and ("工業和信息化部" in answer.text or "工业和信息化部" in answer.text)
