"""A figure of speech or a coined phrase is its own answer type (cue class ``figure``, the
annotator's ``has_figure``): the texts set one in quotation marks (是工业智能化的“血液循环系统”, 打好
“团体赛”), so "把网络比作什么" is answered by the sentence that quotes one, and a quotation inside a
《…》 name (a document's title) is none."""

import pytest

from app.question import kind_of
from app.scored.question import analyze
from app.scored.type_fit import type_fit
from index.annotate import has_figure
from index.fold import fold

BLOOD = "工業互聯網網絡是……的基礎,是工業智能化的“血液循環系統”,是推動發展工業互聯網的重要基礎設施。"
TITLE = "《國務院關於深化“互聯網+先進製造業”發展工業互聯網的指導意見》印發實施以來,各地積極推動工業互聯網發展。"


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        (BLOOD, True),
        ("推动形成主体多元、协同创新的产业生态,打好“团体赛”。", True),
        ("要有步骤、有计划地推进「企业上云」", True),  # corner brackets quote as well
        (TITLE, False),  # inside a document's name
        ("4月23日,工业和信息化部召开工业互联网行业应用推进会。", False),
    ],
)
def test_a_figure_is_a_phrase_the_text_quotes(text, figure):
    assert has_figure(fold(text)) is figure


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("那份調查通知把工業互聯網網絡比作什麼?", "figure"),
        ("劉烈宏用什麼比喻來講產業各方要一起合作?", "figure"),  # before said: the figure, not his words
        ("What is the industrial internet network compared to in the survey notice?", "figure"),
        ("What team-sports metaphor did he use?", "figure"),
        ("What did Liu Liehong say about the ecosystem?", "said"),
    ],
)
def test_the_rules_read_a_figure_asked(question, kind):
    script = "en" if question.isascii() else "zh-Hans"
    assert kind_of(fold(question), None, script) == kind


@pytest.mark.parametrize(("sentence", "fits"), [(BLOOD, True), (TITLE, False)])
def test_the_scored_answerer_fits_a_figure_only_to_a_quoted_phrase(sentence, fits):
    assert analyze("那份通知把工业互联网网络比作什么？").p("figure") > 0
    assert bool(type_fit("figure", fold(sentence), [], ())) is fits
