"""A summary of one thing the texts hold (app/summary.py): which questions ask for one, what it is
made of, and that every piece is a sentence of the text at its offsets."""

import pytest

from app.draft import Claim, Draft
from app.summary import SUMMARY, asks_summary, lead_of, speech_of, summarised
from index.fold import fold


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("帮我概括一下2021年3月那次工业互联网企业座谈会", True),
        ("工信厅信管〔2020〕8号文主要讲了什么?帮我概括一下。", True),  # the cue's clause asks nothing else
        ("Summarize the March 2021 industrial internet enterprise symposium.", True),
        ("Can you give me a quick rundown of the four measures?", True),  # WordNet's rundown
        ("Sum up the 2018 survey notice.", True),
        ("Give me the gist of what vice minister Chen said.", True),  # what someone said: their speech
        ("Can you summarise what came out of the April 2020 meeting?", True),  # the request's object
        ("Summarize how the 2018 survey was to be carried out.", True),
        ("What's the deadline for sending back the summary tables?", False),  # "what" asks before it
        ("Which summary table lists the survey results?", False),
        ("他在总结里说我国工业互联网发展到了什么阶段?", False),  # 总结 inside a question of its own
        ("陈肇雄把第四次工业革命的主要特征概括成哪几个“化”?", False),
        ("陈肇雄在那次座谈会做总结时,提出要从哪几个方面着手?", False),  # a time clause: "when he summed up"
        ("总结的时候他提到了哪些问题?", False),
        ("Who attended the meeting?", False),
        ("四项举措是什么?", False),
    ],
)
def test_which_questions_ask_for_a_summary(question, asks):
    assert asks_summary(question) is asks


@pytest.mark.parametrize(
    ("question", "summary_type", "form_words"),
    [
        ("帮我总结一下这篇通知", True, ["总结"]),
        ("陈肇雄在那次座谈会做总结时,提出要从哪几个方面着手?", False, []),  # "when he summed up"
        ("总结的时候他提到了哪些问题?", False, []),
        ("Sum up the 2018 survey notice.", True, ["sum up"]),
    ],
)
def test_a_summary_cue_opening_a_time_clause_asks_for_nothing(question, summary_type, form_words):
    """One reading in every stage: the scored answer type, the rules' form words and the summary
    postprocessor agree on whether the cue is a request (app/scored/question.summary_requests)."""
    from app.evidence import form_spans
    from app.scored.question import analyze
    from index.fold import fold

    folded = fold(question)
    assert (analyze(question).p("summary") > 0) is summary_type
    assert [folded[a:b] for a, b in form_spans(folded)] == form_words


def _checks(claims: list[Claim], searcher) -> None:
    for c in claims:
        text = searcher.document_text(c.passage.doc_id, c.passage.text_hash)
        assert text[c.start : c.end] == c.text


def test_a_persons_speech_is_what_they_said_in_order(corpus_assistant):
    searcher = corpus_assistant.searcher
    doc = next(d for d in searcher.manifest["docs"] if d.startswith("2017-10-11"))
    said = speech_of(("陈肇雄",), doc, searcher)
    assert said and "陈肇雄表示" in said[0].text  # "…副部长陈肇雄表示,要…": his words
    assert [c.start for c in said] == sorted(c.start for c in said)
    assert any("三年行动计划" in c.text for c in said)  # the paragraph goes on in his words
    assert len(said) <= SUMMARY.max_sentences
    _checks(said, searcher)
    assert speech_of(("柯瑞文",), doc, searcher) == []  # not there: no speech


def test_a_lead_leaves_out_titles_address_lines_and_captions(corpus_assistant):
    searcher = corpus_assistant.searcher
    doc = next(d for d in searcher.manifest["docs"] if d.startswith("2020-03-20"))
    lead = lead_of(doc, searcher)
    assert lead and lead[0].text.startswith("为深入贯彻")  # not "各省、自治区…各有关单位:"
    assert len(lead) == 1 or sum(len(c.text) for c in lead) <= SUMMARY.max_chars
    _checks(lead, searcher)


@pytest.mark.parametrize(
    ("question", "has", "lacks"),
    [
        ("帮我概括一下2021年3月那次工业互联网企业座谈会", ["3月1日", "刘烈宏指出"], []),
        ("Summarize the March 2021 industrial internet enterprise symposium.", ["刘烈宏指出"], []),
        ("概括一下2017年10月杭州那场云计算会议上陈肇雄讲的主要意思", ["三年行动计划", "企业上云"], ["高兴夫"]),
    ],
)
def test_a_summary_answers_with_the_documents_sentences(corpus_assistant, question, has, lacks):
    answer = corpus_assistant.ask(question)
    assert not answer.abstained
    quoted = "".join(c.text for c in answer.citations)
    assert all(h in quoted for h in has)
    assert not any(x in quoted for x in lacks)
    assert len(answer.citations) >= 2


def test_a_summary_of_the_announcement_lists_its_measures(assistant):
    answer = assistant.ask("Can you give me a quick rundown of the four things MIIT says it'll do?")
    quoted = "".join(c.text for c in answer.citations)
    for heading in ("加快設施建設", "深化融合應用", "加強科技創新", "完善政策環境"):
        assert heading in quoted


def test_an_unnamed_thing_is_still_refused(corpus_assistant):
    assert corpus_assistant.ask("Summarize the 2023 budget hearing on satellite launches.").abstained


def test_other_drafts_pass_through_unchanged(corpus_assistant):
    searcher = corpus_assistant.searcher
    refused = Draft(abstained=True)
    assert summarised("帮我概括一下那次座谈会", refused, searcher) is refused
    p = searcher.doc_passages(next(iter(searcher.manifest["docs"])))[0]
    sentence = Draft([Claim(p.text[:10], p, p.start, p.start + 10)], kind="who")
    assert summarised("Who attended the meeting?", sentence, searcher) is sentence


@pytest.mark.parametrize(
    ("question", "heading"),
    [
        ("幫我概括一下「深化融合應用」這項舉措的重點。", "二、深化融合應用"),
        ("概括一下完善政策环境这一项。", "四、完善政策環境"),
        ("帮我概括一下这篇报道。", None),  # no item named: the document's summary
    ],
)
def test_a_summary_of_a_named_item_is_that_item(assistant, question, heading):
    from app.summary import named_item

    doc_id = next(iter(assistant.searcher.manifest["docs"]))
    item = named_item(question, doc_id, assistant.searcher)
    if heading is None:
        assert item == []
        return
    assert item[0].text == heading and len(item) > 1
    answer = assistant.ask(question)
    text = fold(answer.text)
    assert fold(heading) in text and "4月23日" not in text and "参加会议" not in text  # the item alone
