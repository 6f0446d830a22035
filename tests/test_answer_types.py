"""Stage tables for question analysis and typed evidence: question kinds, abbreviations kept whole,
a kind's own cue words as frames, coverage over the terms the texts have, and the answer types of
the fourth session (document numbers, organisations, meeting names, ages, headlines, the publishing
site, overview requests), each from its annotator or cue up to the answer."""

from __future__ import annotations

import pytest

from app.evidence import TermGroup, coverage, satisfies
from app.question import analyze
from index.annotate import document_number
from index.passage import Passage


# --- question kinds of the rule answerer (app/question.kind_of), one table --------------------
@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("那份通知的文号是什么？", "document_number"),
        ("那份通知的文號是多少？", "document_number"),  # 多少 would ask how many
        ("What is the document number of the March 2020 notice?", "document_number"),
        ("What's the reference number of the survey notice?", "document_number"),
        ("那份通知是什么时候发的？", "when"),
        ("文章提到了哪几个副部长？", "what"),  # 哪几个: which ones, not how many
        ("一共有几个副部长？", "how_many"),
        ("工信部这次一共提出了几项举措？", "count"),  # the document's own list, counted
        ("工信部这次一共提出了哪几项举措？", "list"),  # 哪几: which ones — the same list answers
        ("他的官銜是什麼？", "role"),  # CC-CEDICT's words for the title of a post (cues.tsv)
        ("那位官員的職稱是什麼？", "role"),
        ("大数据中心交给哪家公司承建？", "organisation"),
        ("哪些部委的司局负责同志参加了会议？", "organisation"),
        ("Lu Xin used to be a vice minister of which ministry?", "organisation"),
        ("Which company will build the big data center?", "organisation"),
        ("哪位院士参加了会议？", "who"),
        ("这次会议叫什么名字？", "event_name"),
        ("這次會議的名稱是什麼？", "event_name"),
        ("What was the meeting called?", "event_name"),
        ("What is the name of the meeting?", "event_name"),
        ("中国工程院院士叫什么名字？", "who"),  # a person's name
        ("What's the date on the article?", "when"),  # as 日期 is in Chinese
        ("What is the date of the meeting?", "when"),
        ("What does the data center do?", "what"),
        ("陈肇雄多大了？", "age"),
        ("鲁昕今年几岁？", "age"),
        ("How old is Lu Xin?", "age"),
        ("What is Chen Zhaoxiong's age?", "age"),
        ("Which page is this on?", "what"),  # "age" is a whole word
        ("What four measures did MIIT put forward?", "list"),  # no "are the" needed
        ("What are the four measures?", "list"),
        ("What are MIIT's four measures?", "list"),  # a possessive determines as "the" does
        ("What is the academician's name?", "who"),  # as "the name of the academician"
        ("What is the meeting's name?", "what"),  # not a person's
        ("What were the ministry's measures?", "list"),
        ("Which measure covers 5G?", "which_item"),  # one measure: the item it sits in
        ("Which of the four measures covers building out fiber and 5G networks?", "which_item"),  # partitive
        ("Which one of the measures mentions edge computing?", "which_item"),
        ("Which of the 21 companies spoke?", "what"),  # not the document's structure
        # an asking numeral by LAC's tags, whatever its measure word (no list of 几个, 几项, …)
        ("问卷一共有几道题？", "how_many"),
        ("一共来了几家企业？", "how_many"),
        ("有几名代表参会？", "how_many"),
        ("問卷和彙總表分別是第幾號附件？", "what"),  # 第 makes 几号 an ordinal, not a day
        ("陈肇雄是在哪天出席会议的？", "when"),  # 在哪天 asks a day; 在哪 alone a place
        ("会议在哪里开的？", "where"),
        ("座谈会在哪召开？", "where"),
        ("全国有几大电信运营商？", "how_many"),
        ("这份问卷有几页？", "how_many"),
        ("要建成多少个工业互联网平台？", "how_many"),
        ("有哪几位院士参加？", "what"),  # 哪几位: which ones, not how many
        ("近几年有哪些进展？", "what"),  # 近几年: a time word, not how many
    ],
)
def test_question_kinds(question, kind):
    assert analyze(question).kind == kind


@pytest.mark.parametrize(
    "question",
    ["5G在哪几项举措里被提到？", "在哪些方面有了起色？", "近些年在哪几个方面有进步？", "他之前在哪家公司任职？"],
)
def test_which_after_zai_is_no_place_question(question):
    """哪 determining a counted noun is "in which", read by the tagger's numerals and classifiers as
    the scored analysis reads it, not by a hand list of classifiers after 在哪."""
    from app.question import analyze

    assert analyze(question).kind != "where"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("会议提出了几项举措？", "count"),  # how many of the document's items
        ("近些年在哪几个方面有进步？", "list"),  # 哪几: which ones, as question_numerals reads it
        ("5G在哪几项举措里被提到？", "list"),
        ("工信部提出了哪四項舉措？", "list"),  # 哪 + any numeral, not a "四" typed for one text
        ("這四項舉措要在什麼期限前完成？", "deadline"),  # the four measures are its subject, not asked
    ],
)
def test_which_before_a_numeral_asks_which_not_how_many(question, kind):
    from app.question import analyze

    assert analyze(question).kind == kind


# --- segmentation: the glossary is the question segmenter's dictionary (index/tokens.words) -----
@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("信通院参会了吗？", "信通院"),  # jieba alone: 信通 + 院
        ("住建部有派人參加會議嗎？", "住建部"),  # jieba alone: 住 + 建部
        ("2019年12月座谈会上，信通院院长是谁？", "信通院"),
        ("国资委谁出席了", "国资委"),
    ],
)
def test_an_abbreviation_the_glossary_names_stays_one_term(question, term):
    assert term in analyze(question).terms


def test_the_sparse_index_tokenizer_is_not_changed_by_the_glossary():
    """Snapshots were built with plain jieba: only question analysis reads the glossary."""
    from index.tokens import tokenize

    assert "信通院" not in tokenize("信通院参会了吗")


# --- a kind's own cue words are frames (app/extractive._without_absent_frames) -----------------
@pytest.mark.parametrize(
    ("kind", "word", "frame"),
    [
        ("when", "日期", True),
        ("when", "date", True),  # from the cue "what date"
        ("role", "头衔", True),
        ("role", "title", True),
        ("document_number", "文号", True),
        ("when", "头衔", False),  # another kind's cue is content here
        ("what", "日期", False),  # no kind, no frame
    ],
)
def test_the_cue_words_of_the_questions_kind_are_frames(kind, word, frame):
    from app.extractive import _kind_words

    assert (word in _kind_words(kind)) == frame


# --- coverage over the terms the texts have (app/extractive._for_coverage) ---------------------
class _Stats:
    def __init__(self, vocabulary: str) -> None:
        self.vocabulary = vocabulary

    def document_frequency(self, term: str, _ok=None) -> int:
        return int(term in self.vocabulary)


class _Searcher:
    def __init__(self, vocabulary: str) -> None:
        self.stats = _Stats(vocabulary)

    def all_doc_names(self) -> list[str]:
        return []


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("zh-Hans", 1.0),  # the absent "那次" is weighed once, by the missing-term limit
        ("zh-Hant", 1.0),
        ("en", 2.0 / 4.66),  # English keeps absent words in coverage (fit on dev)
    ],
)
def test_a_term_no_text_has_does_not_lower_a_sentences_coverage_in_chinese(script, expected):
    from app.extractive import ExtractiveAnswerer

    groups = [TermGroup("国资委", ["国资委"], 2.0), TermGroup("那次", ["那次"], 2.66)]
    counted = ExtractiveAnswerer(_Searcher("国资委副主任翁杰明出席会议"))._for_coverage(groups, script)
    assert coverage(counted, {"国资委"}) == pytest.approx(expected, abs=0.01)


def test_when_every_term_is_absent_coverage_falls_back_to_all_of_them():
    from app.extractive import ExtractiveAnswerer

    groups = [TermGroup("预算", ["预算"], 1.6)]
    assert ExtractiveAnswerer(_Searcher("会议"))._for_coverage(groups, "zh-Hans") == groups


# --- document numbers: annotator, question kind, span ----------------------------------------
@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("工信厅信管〔2020〕8号", "工信厅信管〔2020〕8号"),
        ("工信廳信管函[2018]256號", "工信厅信管函[2018]256号"),  # folded: Simplified
        ("工业和信息化部办公厅关于推动工业互联网加快发展的通知(工信厅信管〔2020〕8号)", "工信厅信管〔2020〕8号"),
        ("国发〔2017〕50号文件", "国发〔2017〕50号"),
        ("打造20个企业工业互联网外网优秀服务案例", None),  # a count, not a number of a document
        ("2020年4月23日", None),
    ],
)
def test_the_annotator_finds_document_numbers(text, number):
    m = document_number(text)
    assert (m.group() if m else None) == number
    if m:
        assert len(m.group()) == m.end() - m.start()  # offsets are the source's own


@pytest.mark.parametrize(
    ("question", "number"),
    [
        ("2020年3月工信部办公厅关于推动工业互联网加快发展的通知，文号是什么？", "工信厅信管〔2020〕8号"),
        ("2018年工業互聯網網絡發展情況調查摸底那份通知的文號是多少？", "工信廳信管函[2018]256號"),
        ("What is the reference number of the 2018 survey notice?", "工信廳信管函[2018]256號"),
        ("国务院那份指导意见的文号是什么？", None),  # that text gives none
    ],
)
def test_a_document_number_question_is_answered_by_the_number_alone(corpus_assistant, question, number):
    answer = corpus_assistant.ask(question)
    if number is None:
        assert answer.abstained
        return
    assert not answer.abstained and [c.text for c in answer.citations] == [number]


# --- the document's headline, asked about the document itself (app/scored/candidates.meta_candidates)
@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("What's the headline of the article?", True),
        ("What is the title of the announcement?", True),
        ("这篇文章的标题是什么？", True),
        ("這篇報導的題目叫什麼？", True),
        ("What is the title of Lu Xin?", False),  # a person's title: not the headline
    ],
)
def test_the_headline_of_the_document_is_its_title_line(assistant, question, answered):
    from index.fold import fold

    answer = assistant.ask(question)
    assert not answer.abstained
    headline = [c for c in answer.citations if fold(c.text) == fold("工信部四舉措推動工業互聯網加快發展")]
    assert bool(headline) == answered


# --- header lines asked about the page (app/scored/candidates.meta_candidates) ----------------
@pytest.mark.parametrize(
    ("question", "lines"),
    [
        ("这篇文章发布于哪天，来源是哪里？", ["2020-04-24", "來源:工信微報"]),  # two questions, two lines
        ("What is the source of this article, and when was it published?", ["2020-04-24", "來源:工信微報"]),
        ("When was the article itself published?", ["2020-04-24"]),  # "published" is its wording
        ("这篇是从哪个网站上转载的？", ["《電子技術應用》"]),  # site and source cues in one clause: one line
    ],
)
def test_each_header_fact_asked_in_its_own_clause_gets_its_own_line(assistant, question, lines):
    from app.scored import ScoredPipeline

    found = [c for c in ScoredPipeline(assistant.searcher).candidates(question, []) if c.kind == "meta"]
    assert [cl.text for cl in found[0].claims] == lines


# a report that credits its source on a closing line of its own (app/scored/candidates.credit_line)
@pytest.mark.parametrize(
    ("text", "line", "credit"),
    [
        ("正文。\n来源:人民邮电报-中国信息产业网", "来源:人民邮电报-中国信息产业网", True),
        ("正文。\n來源：工信微報\n", "來源：工信微報", True),
        ("正文。\n消息来源:上海证券报", "消息来源:上海证券报", False),  # no source cue opens it
        ("来自21家企业的代表参加座谈。", "来自21家企业的代表参加座谈。", False),  # body wording, no colon
        ("正文。来源:人民邮电报", "来源:人民邮电报", False),  # inside a paragraph, not a line of its own
        ("正文。\n来源:人民邮电报。会议强调…", "来源:人民邮电报。", False),  # a sentence goes on after it
    ],
)
def test_a_closing_credit_line_is_a_line_of_its_own_that_opens_with_a_source_cue(text, line, credit):
    from app.scored.candidates import credit_line

    p = Passage(chunk_id="c", doc_id="d", title="t", date="", section="", start=100, end=100 + len(text), text=text)
    assert credit_line(p, 100 + text.index(line), line) is credit


def test_a_follow_up_asks_the_source_a_report_credits_at_its_end(corpus_assistant):
    history = ["2018年4月工信部和浙江省开联席会议，高兴夫在会上讲了什么？"]
    answer = corpus_assistant.ask("这篇报道的出处是哪里？", history)
    assert not answer.abstained and "人民邮电报" in answer.text
    assert [c.text for c in answer.citations] == ["来源:人民邮电报-中国信息产业网"]


# --- overview requests (app/scored/question.asks_overview) --------------------------------------
@pytest.mark.parametrize(
    ("question", "overview"),
    [
        ("这篇讲了啥", True),
        ("這篇文章說了什麼？", True),
        ("What is this article about?", True),
        ("What does the announcement say?", True),
        ("Give me the gist.", True),
        ("Can you summarize the announcement for me?", True),
        ("tl;dr", True),
        ("Sum up the article in one sentence.", True),
        ("文章的主旨是什么？", True),
        ("請簡要說明這篇公告", True),
        ("陈肇雄说了什么", False),  # a person's words
        ("陈肇雄讲话的要点是什么？", False),  # a summary of one person's words, not of the document
        ("What does the text say about 5G?", False),  # about one thing
        ("What is the title of the article?", False),  # its headline
        ("Does the article mention 5G?", False),
    ],
)
def test_a_question_about_the_document_that_names_nothing_else_asks_for_an_overview(question, overview):
    from app.scored.question import analyze as analyze_scored

    assert (analyze_scored(question).kind == "summary") == overview


@pytest.mark.parametrize("question", ["这篇讲了啥", "What is this article about?", "這篇文章說了什麼？"])
def test_an_overview_is_the_title_the_lead_and_the_headings(assistant, question):
    from index.fold import fold

    answer = assistant.ask(question)
    quoted = [fold(c.text) for c in answer.citations]
    assert not answer.abstained and fold("工信部四舉措推動工業互聯網加快發展") in quoted
    assert sum(q.startswith(("一、", "二、", "三、", "四、")) for q in quoted) == 4


# --- an organisation asked for (cue class 'organisation'; LAC's ORG tags) -----------------------


@pytest.mark.parametrize(
    ("text", "answers"),
    [
        ("中国信息通信研究院负责同志参加会议。", True),
        ("加快全光纤网络、5G网络建设,建设国家工业互联网大数据中心。", False),  # no organisation named
    ],
)
def test_a_sentence_answers_which_organisation_when_it_names_one(text, answers):
    p = Passage("c", "d", "t", "", "", 0, len(text), text)  # no stored tags: tagged now
    assert satisfies("organisation", text, p) == answers


def test_which_company_builds_something_the_text_names_no_builder_for_is_not_answered(assistant):
    """A near miss: the sentence that mentions the data center names no company."""
    assert assistant.ask("國家工業互聯網大數據中心最後是交給哪家公司承建的？").abstained


# --- answer-type cues count on word boundaries (app/scored/question.type_scores) ---------------
@pytest.mark.parametrize(
    ("question", "kind", "present"),
    [
        ("陈肇雄认为推动工业互联网有什么重大意义？", "summary", False),  # 大意 straddles 重大|意义
        ("文章大意是什么", "summary", True),
        ("國家工業互聯網大數據中心建在哪裡？", "where", True),  # 哪里 inside 在|哪里, not 在哪
        ("会议在哪里召开", "where", True),  # inside one word 在哪里
        ("这篇文章主要内容是什么", "summary", True),  # two words, both ends on boundaries
    ],
)
def test_a_cue_counts_only_on_word_boundaries(question, kind, present):
    from app.scored.question import analyze as analyze_scored

    assert (analyze_scored(question).p(kind) > 0) == present


# --- a yes/no cue after a question word is an auxiliary, not a yes/no question ---------------------
@pytest.mark.parametrize(
    ("question", "yesno"),
    [
        ("When did the meeting take place?", False),
        ("How many measures did the ministry put forward?", False),
        ("Did Lu Xin attend?", True),
        ("Does the second measure mention standards?", True),
        ("你知道会议是哪天开的吗？", False),  # an embedded question asks for the date
        ("鲁昕参加会议了吗？", True),
        # an English auxiliary asks yes or no where it opens its clause, not inverted inside one
        ("What kinds of new tech does the measure want developed?", False),
        ("Weng Jieming showed up too — did he speak?", True),
        ("And does it mention 5G?", True),
    ],
)
def test_yes_no_only_when_no_question_word_comes_first(question, yesno):
    from app.scored.question import analyze as analyze_scored

    assert (analyze_scored(question).p("yesno") > 0) == yesno


# --- an English question word inside an earlier one's clause opens a relative clause ----------------
@pytest.mark.parametrize(
    ("question", "asks", "not_asked"),
    [
        ("When did MIIT hold the meeting where the four measures were laid out?", "when", "where"),
        ("What did Li Keqiang say when he addressed the meeting?", "said", "when"),
        ("Which of the four measures is the one where edge computing comes up?", "which_item", "where"),
        ("Whose speech are officials told to follow when pushing the industrial internet?", "who", "when"),
        # a question word that opens its own clause still asks
        ("When was the meeting held, and where?", "when", None),
        ("When was the meeting held and where?", "when", None),
        ("Where was the meeting held?", "where", None),
    ],
)
def test_a_question_word_inside_an_earlier_ones_clause_asks_nothing(question, asks, not_asked):
    from app.scored.question import analyze as analyze_scored

    types = analyze_scored(question).types
    assert types.get(asks, 0) > 0
    if not_asked:
        assert not_asked not in types
    else:
        assert types.get("where", 0) > 0


# --- a meeting's name (index/annotate.event_names; kind 'event_name') --------------------------
@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("4月23日,工业和信息化部召开工业互联网行业应用推进会。", ["工业互联网行业应用推进会"]),
        ("4月8日,部省合作推进浙江工业互联网发展联席会议在北京召开。", ["部省合作推进浙江工业互联网发展联席会议"]),
        ("12月2日,工业和信息化部在京召开推动工业互联网创新发展座谈会", ["推动工业互联网创新发展座谈会"]),
        ("工信部召开2017年云计算工作交流会", ["云计算工作交流会"]),
        ("副主任翁杰明出席会议", []),  # a verb's object names no meeting
        ("相关企业负责人参加会议。", []),
    ],
)
def test_the_annotator_finds_the_names_of_meetings(sentence, names):
    from index.annotate import event_names, tag

    assert [sentence[a:b] for a, b in event_names(tag(sentence))] == names


@pytest.mark.parametrize("question", ["工信部开的这个会叫啥名字？", "What was the meeting called?"])
def test_a_meetings_name_is_answered_by_the_name_not_the_attendee_sentence(assistant, question):
    from index.fold import fold

    answer = assistant.ask(question)
    assert not answer.abstained and [fold(c.text) for c in answer.citations] == ["工业互联网行业应用推进会"]


def test_a_mixed_script_title_question_is_answered(assistant):
    answer = assistant.ask("工信部 vice minister 是谁？")
    assert not answer.abstained and "陈肇雄" in answer.text


# --- which site published the page: its masthead line, kept by cleaning -------------------------
@pytest.mark.parametrize(
    ("question", "site"),
    [
        ("這篇文章是掛在哪個網站上的？", True),
        ("Which website published this article?", True),
        ("这篇文章的来源是什么？", False),  # the source line (来源:工信微报), not the site
        ("這個網站的傳真號碼是多少？", False),  # the site is a modifier here: no masthead answer
        ("When was the article published on the site?", False),
    ],
)
def test_which_site_published_the_page_is_its_masthead(assistant, question, site):
    from index.fold import fold

    answer = assistant.ask(question)
    quoted = [fold(c.text) for c in answer.citations]
    assert ("《电子技术应用》" in quoted) == site


# --- an age: only a sentence that states one answers (index/annotate.AGE) -----------------------
@pytest.mark.parametrize(
    ("text", "states"),
    [
        ("陈肇雄,现年58岁。", True),
        ("He is a 58-year-old engineer.", True),
        ("中国职业技术教育学会会长、教育部原副部长鲁昕", False),
        ("2018-2020年是我国工业互联网建设起步阶段", False),  # years are not ages
    ],
)
def test_the_annotator_finds_a_stated_age(text, states):
    from index.annotate import AGE

    assert bool(AGE.search(text)) == states


@pytest.mark.parametrize("question", ["陈肇雄多大了？", "How old is Lu Xin?", "鲁昕今年几岁？"])
def test_an_age_no_text_states_is_not_answered(assistant, question):
    assert assistant.ask(question).abstained


@pytest.mark.parametrize("question", ["会议是什么时候开的？", "會議是甚麼時候開的？", "会议是哪天召开的？"])
def test_the_generic_meeting_is_the_named_meeting_not_the_publication_date(assistant, question):
    """会议 is found in 推进会's name, so the sentence that dates the meeting outranks the date line
    (2020-04-24, when the article was published); 甚麼 folds to 什么."""
    answer = assistant.ask(question)
    assert not answer.abstained and [c.text for c in answer.citations] == ["4月23日"]


@pytest.mark.parametrize("question", ["會議是在哪一天舉行的？", "会议是什么时候召开的？"])
def test_the_verbs_that_convene_a_meeting_are_one_class(assistant, question):
    """举行 in the question meets 召开 in the text (index/meeting_words.tsv, class 'convening')."""
    answer = assistant.ask(question)
    assert not answer.abstained and [c.text for c in answer.citations] == ["4月23日"]


# --- a when-question dates its verb (app/sentence_choice.asks_an_event_no_text_has) -----------------
@pytest.mark.parametrize(
    ("question", "no_text_has_it"),
    [
        ("邬贺铨是哪一年当选院士的？", True),  # 当选: no text has it, so no date of theirs dates it
        ("鲁昕是哪一年卸任教育部副部长的？", True),
        ("会议是哪天结束的？", True),
        ("推进会是哪天召开的？", False),  # 召开: the texts' own verb
        ("会议是什么时候举行的？", False),  # 举行: a thesaurus synonym of 召开
        ("这次会是哪天开的？", False),  # one character: too many things to count
        ("When did Lu Xin step down?", False),  # English verbs: the dictionary's gaps would refuse
    ],
)
def test_a_when_question_about_an_event_no_text_has_is_refused(assistant, question, no_text_has_it):
    from app.evidence import group_terms
    from app.question import analyze
    from app.sentence_choice import asks_an_event_no_text_has

    q = analyze(question)
    groups = group_terms(q.terms, q.script, assistant.searcher, question)
    assert asks_an_event_no_text_has(q, groups, assistant.searcher) == no_text_has_it
    if no_text_has_it:
        assert assistant.ask(question).abstained


@pytest.mark.parametrize(
    ("word", "dropped"),
    [
        ("报导", True),  # "在这篇报导里": the page itself, which no text names so
        ("报道", True),
        ("预算", False),  # a thing the text lacks stays, and the missing-term limit weighs it
    ],
)
def test_an_absent_word_for_the_document_itself_is_a_frame(assistant, word, dropped):
    from app.evidence import TermGroup
    from app.extractive import ExtractiveAnswerer

    groups = [TermGroup("翁杰明", ["翁杰明"], 3.0), TermGroup(word, [word], 1.9), TermGroup("职务", ["职务"], 1.5)]
    kept = ExtractiveAnswerer(assistant.searcher)._without_absent_frames(groups, "role")
    assert (word not in {g.term for g in kept}) == dropped


@pytest.mark.parametrize(
    ("terms", "absent"),
    [
        (["2025年"], ["2025"]),  # no text of the collection speaks of 2025
        (["2035"], ["2035"]),  # an English question's year
        (["2021年12月"], []),  # the report writes "12月10日" and its year apart: the year is there
        (["2018-2020"], []),
        (["工业互联网"], []),
    ],
)
def test_a_year_no_text_writes_is_absent(corpus_assistant, terms, absent):
    from app.evidence import TermGroup
    from app.extractive import ExtractiveAnswerer

    groups = [TermGroup(t, [t], 2.5) for t in terms]
    assert ExtractiveAnswerer(corpus_assistant.searcher)._years_no_text_has(groups) == absent


@pytest.mark.parametrize(
    "question",
    [
        "国务院那份指导意见对2025年定了什么发展目标？",
        "What targets for 2035 does the State Council's guiding opinion set?",
    ],
)
def test_a_question_about_a_year_no_text_writes_is_refused(corpus_assistant, question):
    assert corpus_assistant.ask(question).abstained
