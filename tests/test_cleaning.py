import re

from conftest import ANNOUNCEMENT, CORPUS
from ingest.clean import clean, strip_pinyin
from ingest.documents import prepare

PINYIN_LEFT = re.compile(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def test_pinyin_annotations_inside_words_are_removed():
    assert strip_pinyin("工業(yè)互聯(lián)網(wǎng)") == ("工業互聯網", 3)


def test_every_pinyin_annotation_of_the_seed_is_removed():
    raw = ANNOUNCEMENT.read_text(encoding="utf-8")
    doc = clean(raw)
    assert len(PINYIN_LEFT.findall(raw)) > 100
    assert not PINYIN_LEFT.search(doc.text)
    assert doc.removed["pinyin"] == len(PINYIN_LEFT.findall(raw))
    assert "工業和信息化部" in doc.text


def test_parentheses_that_are_not_pinyin_are_kept():
    text = "企業外網絡基本具備互聯網協議第六版(IPv6)支持能力。行動計劃(2018-2020年)。會議(線上)。"
    assert clean(text).text == text


def test_breadcrumb_images_and_footer_are_removed_and_the_masthead_kept():
    doc = clean(ANNOUNCEMENT.read_text(encoding="utf-8"))
    for chrome in (
        "您所在的位置",
        "首頁",
        "1.jpg",
        "1.png",
        "本站內容",
        "轉載",
        "aet@chinaaet.com",
    ):
        assert chrome not in doc.text
    assert doc.text.endswith("以及相關企業負責人參加會議。")
    assert doc.text.startswith("《電子技術應用》\n")  # the publishing site, a header line that can be cited


def test_title_date_source_and_publisher_are_extracted():
    doc = clean(ANNOUNCEMENT.read_text(encoding="utf-8"))
    assert doc.title == "工信部四舉措推動工業互聯網加快發展"
    assert doc.date == "2020-04-24"
    assert doc.source == "工信微報"
    assert doc.publisher == "電子技術應用"


def test_front_matter_wins_over_the_text():
    doc = prepare(CORPUS / "2020-03-20_miit-notice-accelerate-industrial-internet.txt")
    assert doc.title.startswith("工业和信息化部办公厅关于推动工业互联网加快发展的通知")
    assert doc.date == "2020-03-20"
    assert doc.issuer == "工业和信息化部办公厅"
    assert not doc.text.startswith("---")


def test_cleaning_is_idempotent():
    once = clean(ANNOUNCEMENT.read_text(encoding="utf-8")).text
    assert clean(once).text == once
