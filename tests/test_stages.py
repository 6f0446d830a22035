"""Stage tables: the annotator, term weights from data, the dev/test split, history limits."""

from __future__ import annotations

import pytest

from app.assistant import clean_history
from app.terms import specificity, weight
from eval.cases import Case, select_split, split_of
from index.annotate import chunk_metadata, decode, encode, entities, tag, titles_before
from index.errors import BadQuestionError, PolicyChatError
from index.settings import Settings

SENTENCE = "工業和信息化部副部長陳肇雄、國務院國有資產監督管理委員會副主任翁杰明出席會議,中國工程院院士鄔賀銓參加會議。"


@pytest.mark.parametrize(
    ("text", "tag_", "expected"),
    [
        (SENTENCE, "PER", ["陈肇雄", "翁杰明", "邬贺铨"]),
        (SENTENCE, "ORG", ["工业和信息化部", "国务院国有资产监督管理委员会", "中国工程院"]),
        ("4月23日,工业和信息化部召开推进会。", "TIME", ["4月23日"]),
        ("习近平总书记关于推动工业互联网加快发展的重要讲话精神", "PER", ["习近平"]),  # no title before the name
    ],
)
def test_the_annotator_finds_people_organisations_and_times(text, tag_, expected):
    assert entities(tag(text))[tag_] == expected


def test_stored_tags_decode_to_the_same_tokens_and_refuse_a_different_text():
    tokens = tag(SENTENCE)
    assert decode(SENTENCE, encode(tokens)) == tokens
    assert decode(SENTENCE + "多", encode(tokens)) == []
    meta = chunk_metadata(SENTENCE)
    assert meta["names"] == "陈肇雄|翁杰明|邬贺铨" and meta["tags"]


def test_titles_are_the_nouns_next_to_a_name():
    pairs = titles_before(tag(SENTENCE))
    assert ("副部长", "陈肇雄") in pairs and ("院士", "邬贺铨") in pairs


@pytest.mark.parametrize(
    ("common", "specific"),
    [("以前", "预算"), ("最终", "鲁昕"), ("会议", "基站"), ("方面", "工信部")],
)
def test_a_missing_common_word_weighs_less_than_a_specific_one(common, specific):
    assert specificity(common, "zh") < specificity(specific, "zh")


@pytest.mark.parametrize(("word", "lang"), [("kind", "en"), ("include", "en"), ("以前", "zh")])
def test_common_words_weigh_little_and_names_a_lot(word, lang):
    assert specificity(word, lang) < specificity("academician" if lang == "en" else "陈肇雄", lang) / 2


def test_function_words_weigh_almost_nothing_and_entities_at_least_the_entity_floor():
    assert weight("的", "u", "zh") < 0.1
    assert weight("北京", "LOC", "zh") >= 3.0


def test_the_split_is_fixed_by_id_and_seed():
    cases = [Case(id=f"c{i}", question="q", lang="en", answerable=False) for i in range(400)]
    test = select_split(cases, "test")
    assert 0.3 < len(test) / len(cases) < 0.5
    assert {c.id for c in test} == {c.id for c in cases if split_of(c.id) == "test"}
    assert len(select_split(cases, "dev")) + len(test) == len(cases)
    with pytest.raises(PolicyChatError):
        select_split(cases, "train")


def test_a_batch_written_to_tune_on_is_dev_whole_and_test_keeps_its_hash(tmp_path):
    from eval.cases import DEV_ONLY, load_cases

    pinned = tmp_path / DEV_ONLY / "batch.jsonl"
    pinned.parent.mkdir()
    lines = [Case(id=f"n{i}", question="q", lang="en", answerable=False).model_dump_json() for i in range(40)]
    pinned.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plain = tmp_path / "batch.jsonl"
    plain.write_text("\n".join(line.replace('"n', '"m') for line in lines) + "\n", encoding="utf-8")
    cases = load_cases([pinned, plain])
    assert all(c.split == "dev" for c in cases if c.id.startswith("n"))
    hashed = [c for c in cases if c.id.startswith("m")]
    assert {c.id for c in select_split(cases, "test")} == {c.id for c in hashed if split_of(c.id) == "test"}
    assert any(split_of(c.id) == "test" for c in cases if c.id.startswith("n"))  # the hash alone would differ


def test_the_holdout_batch_is_kept_out_of_dev_and_test_whole():
    """A batch written after the answerer is measured on its own, never split into dev or test."""
    from eval.cases import cases_for, default_case_files, holdout_case_files

    holdout = cases_for("holdout")
    assert holdout_case_files() and holdout
    assert not set(holdout_case_files()) & set(default_case_files())
    assert not {c.id for c in holdout} & {c.id for c in cases_for("all")}
    with pytest.raises(PolicyChatError):
        select_split(holdout, "holdout")  # no case-by-case split of it: the batch is the split


@pytest.mark.parametrize(
    ("history", "kept"),
    [
        (["a", "", "b"], ["a", "b"]),
        ([str(i) for i in range(20)], [str(i) for i in range(12, 20)]),
        (None, []),
    ],
)
def test_history_keeps_the_last_turns(history, kept):
    assert clean_history(history, Settings()) == kept


def test_an_over_long_earlier_turn_is_refused_like_a_question():
    with pytest.raises(BadQuestionError, match="limit is 1000"):
        clean_history(["x" * 1001], Settings())


def test_vocabulary_lookups_are_remembered_and_answer_like_in():
    from index.crosslingual import in_vocabulary

    corpus = "工业互联网" * 1000 + "边缘计算"
    assert in_vocabulary("边缘计算", corpus) and not in_vocabulary("预算", corpus)
    hits = in_vocabulary.cache_info().hits
    assert in_vocabulary("边缘计算", corpus) and in_vocabulary.cache_info().hits == hits + 1


# --- clause choice for who / role questions (app/clauses.narrow_to_clauses, app/extractive) ----
ATTENDEES = "工业和信息化部副部长陈肇雄、国务院国有资产监督管理委员会副主任翁杰明出席会议,中国工程院院士邬贺铨、中国电信集团董事长柯瑞文参加会议。"


@pytest.mark.parametrize(
    ("question", "clause"),
    [
        ("Which academician attended the meeting?", "中国工程院院士邬贺铨"),
        ("哪位院士出席了会议？", "中国工程院院士邬贺铨"),
        ("Who attended the meeting?", "副主任翁杰明出席会议"),  # no noun after the question word: the verb decides
    ],
)
def test_the_clause_naming_what_the_question_word_asks_about_is_chosen(question, clause):
    """ "Which academician attended" is answered by the academician's clause, though the attendance
    verb sits in another clause: the noun the question word determines counts double."""
    from app.clauses import narrow_to_clauses
    from app.evidence import Evidence, TermGroup
    from app.question import analyze
    from app.sentence_choice import focus_first
    from index.passage import Passage

    passage = Passage(
        "c", "d", "t", "", "", 0, len(ATTENDEES), ATTENDEES, names=("陈肇雄", "翁杰明", "邬贺铨", "柯瑞文")
    )
    english = question.isascii()
    groups = [
        TermGroup("academician" if english else "院士", ["院士"], 2.8),
        TermGroup("attended" if english else "出席", ["出席", "参加"], 1.8),
        TermGroup("meeting" if english else "会议", ["会议"], 1.4),
    ]
    if "academician" not in question and "院士" not in question:
        groups = groups[1:]
    ev = Evidence(passage, 0, len(ATTENDEES), ATTENDEES)
    chosen = narrow_to_clauses(ev, focus_first(analyze(question), groups), "who", passage.names)
    assert clause in chosen.text
    assert ATTENDEES[chosen.start : chosen.end] == chosen.text


# --- a section heading scopes over its sentences (app/evidence.sentences) ------------------------
SECTION = "三、加强科技创新\n\n加快建立共性技术体系,推动形成技术研究和产业发展互促共进的良好局面。"


@pytest.mark.parametrize(
    ("heading_level", "text", "coverage"),
    [
        (1, SECTION, (3.47 + 0.6 * 2.37) / 5.84),  # 科技 创新 from the heading, at the context weight
        (-1, SECTION, 3.47 / 5.84),  # not a heading: the first line is a sentence of its own
        (1, "三、完善政策环境\n\n推动形成技术研究和产业发展互促共进的良好局面。", 3.47 / 5.84),  # names neither
    ],
)
def test_a_sentence_under_a_heading_is_about_what_the_heading_says(heading_level, text, coverage):
    from app.evidence import TermGroup, sentences
    from index.passage import Passage

    groups = [TermGroup("科技", ["科技"], 1.15), TermGroup("创新", ["创新"], 1.22)]
    groups += [TermGroup("形成", ["形成"], 1.5), TermGroup("局面", ["局面"], 1.97)]
    p = Passage("c", "d", "t", "", "", 100, 100 + len(text), text, heading_level=heading_level)
    body = [e for e in sentences([p], groups, "what") if "局面" in e.text]
    assert len(body) == 1 and body[0].coverage == pytest.approx(coverage, abs=0.01)
    assert text[body[0].start - 100 : body[0].end - 100] == body[0].text


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("Who is the vice minister of MIIT?", "陳肇雄"),
        ("工信部副部长是谁？", "陈肇雄"),
        ("Who is the minister of MIIT?", None),  # the text names a vice minister only
        ("工信部部长是谁？", None),
    ],
)
def test_a_who_question_naming_a_title_needs_that_title_not_a_deputy(assistant, question, name):
    """The title a who-question asks about identifies the person: a sentence naming only a 副部长
    does not answer "who is the minister" (app/evidence.occurs reads 副部长 as not 部长)."""
    answer = assistant.ask(question)
    assert answer.abstained == (name is None)
    assert name is None or name in answer.text


@pytest.mark.parametrize(
    ("question", "abstained"),
    [
        ("国务院总理出席了会议吗？", True),  # 总理 is in no text: the answer is that the text does not say
        ("中小企业上云上平台有没有具体的补贴标准？", True),  # 补贴
        ("陈肇雄出席了会议吗？", False),  # every word is there
        ("國資委有沒有人出席會議？", False),
    ],
)
def test_a_yes_no_question_missing_one_named_thing_is_not_answered(assistant, question, abstained):
    """A yes/no question asks whether the texts say what it names; its missing-word limit is lower
    (app/rule_settings.RULES.max_missing_yes_no, fit on dev) than a what-question's."""
    assert assistant.ask(question).abstained == abstained


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("鲁昕是谁？", "中国职业技术教育学会会长、教育部原副部长鲁昕"),  # both titles, not just the last
        ("What is the title of Lu Xin?", "中國職業技術教育學會會長、教育部原副部長魯昕"),  # a role cue + a named person
        ("Who is Wu Hequan?", "中國工程院院士鄔賀銓"),  # one title: nothing before it to take
    ],
)
def test_a_persons_role_is_their_clause_with_the_titles_listed_before_it(assistant, question, answer):
    got = assistant.ask(question)
    assert not got.abstained and answer in got.text and "陳肇雄" not in got.text and "陈肇雄" not in got.text
    from index.fold import fold

    assert len(got.citations) == 1 and fold(got.citations[0].text) == fold(answer)  # the source is Traditional


@pytest.mark.parametrize(
    ("label", "words"),
    [
        ("一、加快设施建设", "加快设施建设"),
        ("（二）深化融合应用", "深化融合应用"),
        ("第三章 保障措施", "保障措施"),
        ("第十条 附则", "附则"),
        ("1. 总体要求", "总体要求"),
        ("加快设施建设", "加快设施建设"),  # no number: unchanged
    ],
)
def test_a_headings_words_are_read_without_its_number(label, words):
    """One numbering for ingest (finding headings) and answering (naming them)."""
    from ingest.structure import without_numbering

    assert without_numbering(label) == words


@pytest.mark.parametrize(
    ("word", "names_a_thing"),
    [("中国工程院", True), ("会议", True), ("院士", True), ("出席", False), ("参加", False)],
)
def test_a_clause_is_chosen_by_the_things_it_names_before_the_verbs_it_shares(word, names_a_thing):
    """app/clauses: a question word that names a thing (the organisation someone came from) counts
    twice in choosing a who answer's clause; a verb every attendance clause shares counts once."""
    from app.clauses import _names_a_thing

    assert _names_a_thing(word) == names_a_thing


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("min_coverage", {"zh-Hant": 1.01, "zh-Hans": 1.01, "en": 1.01}),  # no sentence covers enough
        ("max_missing", {"zh-Hant": -0.01, "zh-Hans": -0.01, "en": -0.01}),  # every question misses too much
    ],
)
def test_the_rules_read_their_named_settings(settings, monkeypatch, setting, value):
    """The thresholds are settings (app/rule_settings.RULES), not numbers inside the answerer: moving
    one past its range turns the rules' answer into a refusal."""
    from app.assistant import Assistant
    from app.rule_settings import RULES
    from ingest.pipeline import Ingestor

    Ingestor(settings).ingest()
    rules_only = Assistant(settings, cascade=False)
    question = "陈肇雄强调要全面落实什么战略？"
    assert not rules_only.ask(question).abstained
    monkeypatch.setattr(RULES, setting, value)
    assert rules_only.ask(question).abstained
