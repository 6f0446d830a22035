"""Evidence both answerers read the same way: who is speaking (a sentence that opens with a person
and a speech verb makes the rest of its paragraph that person's words, app/speakers.py), which
meeting 会议 means (the meetings the passages name), and a title the question names."""

from __future__ import annotations

import pytest

from app.evidence import TermGroup, sentences
from app.question import analyze
from app.speakers import asked_speaker, speaker_of
from index.passage import Passage

KNOWN = ("陈肇雄", "翁杰明")


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("陈肇雄指出,推动工业互联网加快发展意义重大。", "陈肇雄"),
        ("陈肇雄强调,要深入贯彻重要讲话精神。", "陈肇雄"),
        ("翁杰明表示,要支持企业发展。", "翁杰明"),
        ("陈肇雄出席会议。", ""),  # attending is not speaking
        ("会议指出,要加快发展。", ""),  # no person
        ("我国是制造大国和网络大国。", ""),
        ("陈肇雄在总结中指出,当前,第四次工业革命蓬勃兴起。", "陈肇雄"),  # an adverbial before the verb
        ("据消息,10月11日,会议召开,副部长陈肇雄表示,要有步骤地推进。", "陈肇雄"),  # not at the start
        ("翁杰明在讲话中感谢各方的支持。", "翁杰明"),  # a speech event with words after it
        ("副部长陈肇雄、副主任翁杰明出席会议并讲话。", ""),  # spoke, but no words are reported
        ("陈肇雄出席会议,翁杰明指出,要加快发展。", "翁杰明"),  # the verb is in the other's clause
    ],
)
def test_a_sentence_names_the_person_whose_words_it_reports(sentence, speaker):
    assert speaker_of(sentence, KNOWN) == speaker


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("陈肇雄在会上提出了哪些建议?", "陈肇雄"),
        ("翁杰明讲了哪些观点?", "翁杰明"),
        ("陈肇雄说浙江是什么大省?", "陈肇雄"),
        ("陈肇雄是谁?", ""),  # who he is, not what he said
        ("陈肇雄出席的是什么会议?", ""),
        ("陈肇雄出席了会议,会上提出了哪些举措?", ""),  # the verb is in another clause
    ],
)
def test_a_question_asks_for_a_persons_words_when_a_speech_verb_follows_the_name(question, asked):
    assert asked_speaker(question, KNOWN) == asked


def test_a_persons_words_are_answered_by_their_speech_not_their_attendance(corpus_assistant):
    answer = corpus_assistant.ask("邬贺铨院士在推进会上提出了哪些建议?")  # he attended; no words of his
    assert answer.abstained
    said = corpus_assistant.ask("高兴夫在联席会议上说浙江下一步打算怎么做?")
    assert not said.abstained and "下一步" in "".join(c.text for c in said.citations)


TEXT = "陈肇雄指出,推动工业互联网加快发展意义重大。我国是制造大国和网络大国。\n\n我国是网络大国。"
PRONOUN_TEXT = "陈肇雄充分肯定前期合作的成绩。他指出,要加快发展。浙江是制造大省。\n\n浙江是网络大省。"


@pytest.mark.parametrize(
    ("sentence", "attributed"),
    [
        ("浙江是制造大省。", True),  # "他指出" after a sentence that opens with 陈肇雄
        ("浙江是网络大省。", False),
    ],
)
def test_a_pronoun_with_a_speech_verb_continues_the_paragraphs_person(sentence, attributed):
    p = Passage("c", "d", "t", "", "", 0, len(PRONOUN_TEXT), PRONOUN_TEXT)
    groups = [TermGroup("陈肇雄", ["陈肇雄"], 3.0), TermGroup("大省", ["大省"], 2.0)]
    found = {e.text: e for e in sentences([p], groups, "what", people=KNOWN)}
    assert ("陈肇雄" in found[sentence].hits) == attributed


@pytest.mark.parametrize(
    ("sentence", "attributed"),
    [
        ("我国是制造大国和网络大国。", True),  # same paragraph as "陈肇雄指出"
        ("我国是网络大国。", False),  # the next paragraph: nobody's words
    ],
)
def test_the_speaker_carries_to_the_end_of_the_paragraph(sentence, attributed):
    p = Passage("c", "d", "t", "", "", 0, len(TEXT), TEXT)
    groups = [TermGroup("陈肇雄", ["陈肇雄"], 3.0), TermGroup("大国", ["大国"], 2.0)]
    found = {e.text: e for e in sentences([p], groups, "what", people=KNOWN)}
    assert ("陈肇雄" in found[sentence].hits) == attributed


@pytest.mark.parametrize(
    ("sentence", "coverage"),
    [
        ("我国是制造大国和网络大国。", 1.0),  # his words: his name counts as said in it, in full
        ("我国是网络大国。", 0.4),  # nobody's words: only 大国 of the 5.0 the question weighs
    ],
)
def test_a_speakers_name_counts_in_full_in_the_sentences_he_speaks(sentence, coverage):
    """As in the scored answerer (app/scored/candidates.sentence_candidates): the paragraph's speaker
    is not a document-level word, which counts at ``context_weight`` only."""
    p = Passage("c", "d", "t", "", "", 0, len(TEXT), TEXT)
    groups = [TermGroup("陈肇雄", ["陈肇雄"], 3.0), TermGroup("大国", ["大国"], 2.0)]
    found = {e.text: e for e in sentences([p], groups, "what", people=KNOWN)}
    assert found[sentence].coverage == pytest.approx(coverage)


@pytest.mark.parametrize("question", ["會議是哪天開的？", "会议是什么时候开的？"])
def test_the_scored_answerer_finds_the_generic_meeting_in_the_meetings_name(assistant, question):
    """As the rules do (app/sentence_choice.with_meetings_named): 会议 is found in 推进会's name, so the
    sentence that dates the meeting leads the scored candidates too."""
    from app.scored import ScoredPipeline

    best = ScoredPipeline(assistant.searcher).candidates(question, [])[0]
    assert "4月23日" in best.claims[0].text
    assert best.features["cov"] >= 0.8


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("工信部部長是誰？", False),  # the texts have a 副部长 only
        ("Who is the minister of MIIT?", False),
        ("中国电信集团总经理是谁？", False),  # a 董事长 is someone else
        ("工信部副部长是谁？", True),
    ],
)
def test_the_scored_answerer_does_not_answer_with_a_sentence_lacking_the_title_asked(assistant, question, answered):
    """As in the rules: a title the question names identifies the person (app/scored/answerer.py)."""
    from app.scored import ScoredPipeline

    _sq, draft = ScoredPipeline(assistant.searcher).draft(question, [], 0.0)  # no probability floor
    assert (not draft.abstained) == answered


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("How many 5G base stations does the first measure plan to build?", False),  # no count in item 1
        ("第一项举措要建多少个5G基站？", False),
        ("第一項舉措叫什麼？", True),  # 叫什么 names the item itself
        ("第一项举措是什么？", True),
        ("What does the first measure say?", True),
    ],
)
def test_an_item_asked_by_number_answers_a_typed_question_only_if_it_holds_that_fact(assistant, question, answered):
    """Both answerers: a numbered item is a lookup, but "how many … does item 1 build" asks for a count
    the item must hold (app/evidence.ITEM_FACT_KINDS)."""
    assert assistant.ask(question).abstained is not answered


@pytest.mark.parametrize(
    ("question", "kind", "terms"),
    [
        ("为什么要推动工业互联网加快发展？", "why", ["推动", "工业互联网", "加快", "发展"]),  # not 为什
        ("工信部為什麼決定取消5G網絡建設？", "why", ["工信部", "决定", "取消", "5g", "网络", "建设"]),
        ("Why was Li Ying removed from her post?", "why", None),
        ("会议是什么时候开的？", "when", None),
    ],
)
def test_a_why_question_is_of_its_kind_and_keeps_no_piece_of_its_question_word(question, kind, terms):
    q = analyze(question)
    assert q.kind == kind
    if terms is not None:
        assert q.terms == terms


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("为什么要推动工业互联网加快发展？", True),  # "…的重要举措,…意义重大": a reason
        ("Why does MIIT want to speed up the industrial internet?", True),
        ("工信部為什麼決定取消5G網絡建設？", False),  # a false premise: no sentence gives a reason
        ("Why was Li Ying removed from the IT development department post?", False),
    ],
)
def test_only_a_sentence_giving_a_reason_answers_why(assistant, question, answered):
    assert assistant.ask(question).abstained is not answered


# --- a term inside an organisation's name is not found there (app/evidence.hits_outside_names) ---
@pytest.mark.parametrize(
    ("sentence", "org", "term", "found"),
    [
        ("住房和城乡建设部相关司局负责同志参加会议", "住房和城乡建设部", "建设", False),  # inside the name
        ("住房和城乡建设部相关司局负责同志参加会议", "住房和城乡建设部", "住房和城乡建设部", True),  # the name
        ("中国信息通信研究院负责同志参加会议", "中国信息通信研究院", "研究院", True),  # ends it: its kind
        ("中国信息通信研究院负责同志参加会议", "中国信息通信研究院", "中国", True),  # begins it
        ("中国信息通信研究院负责同志参加会议", "中国信息通信研究院", "信息", False),
        ("建设国家工业互联网大数据中心", None, "建设", True),  # no name: found as usual
    ],
)
def test_a_term_inside_an_organisations_name_is_not_found_there(sentence, org, term, found):
    from app.evidence import hits_outside_names

    names = [(sentence.index(org), sentence.index(org) + len(org))] if org else []
    assert (term in hits_outside_names([TermGroup(term, [term])], sentence, names)) == found


# --- what someone said, not only that they spoke (app/speakers.reports_speech): the "said" type ---
@pytest.mark.parametrize(
    ("sentence", "reports"),
    [
        ("陈肇雄指出,推动工业互联网加快发展是重要举措", True),  # a speech verb and what was said
        ("陈肇雄强调要深入贯彻", True),
        ("他说:要加快", True),
        ("高兴夫在讲话中感谢工业和信息化部", True),  # the speaking, and the rest of its clause
        ("工业和信息化部副部长陈肇雄、浙江省副省长高兴夫出席会议并讲话。", False),  # only that he spoke
        ("航天科工党组书记高红卫等参加座谈并发言", False),
        ("出席会议并致辞,随后参观展览", False),
        ("按照有关要求。", False),  # a speech verb that ends its sentence
        ("出席会议并讲话,会议强调要加快", True),  # another verb reports words
    ],
)
def test_a_sentence_reports_speech_only_with_what_was_said(sentence, reports):
    from app.speakers import reports_speech

    assert reports_speech(sentence) is reports
