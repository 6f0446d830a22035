"""Cleaning that removes reposting-site chrome without touching meaning.

Each rule removes one kind of noise and is tested on its own:
pinyin annotations inserted after characters (``業(yè)``), breadcrumb lines,
image placeholders (``1.jpg``) and the reprint footer.
Metadata (title, date, source, publisher) is read off the header lines; the
header lines that carry meaning (the site's masthead 《…》, title, date, 來源)
stay in the text so that they can be cited ("which site published this?").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from index.fold import fold

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_VOWELS = f"aeiouvü{_TONED}"
# One pinyin syllable: optional initial, vowel cluster, optional final n/ng/r.
_SYLLABLE = rf"(?:zh|ch|sh|[bpmfdtnlgkhjqxzcsryw])?[{_VOWELS}]+(?:ng|n|r)?"
PINYIN_NOTE = re.compile(
    rf"(?<=[\u3400-\u9fff])[(（]({_SYLLABLE}(?:\s+{_SYLLABLE})?)[)）]",
)
BREADCRUMB = re.compile(
    r"^(您所在的位置|您的位置|你的位置|当前位置|當前位置|現在位置|现在位置)\s*[:：]|(\s[>›»]\s.*){2,}"
)
IMAGE_PLACEHOLDER = re.compile(r"^\s*[\w\-. ]{1,60}\.(jpe?g|png|gif|webp|bmp|svg|tiff?)\s*$", re.IGNORECASE)
MASTHEAD = re.compile(r"^《[^》]{2,30}》$")
DATE_LINE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)(\s+\d{1,2}:\d{2}(:\d{2})?)?$")
SOURCE_LINE = re.compile(r"^(消息)?(来源|來源|出处|出處)\s*[:：]\s*(.+)$")
FOOTER_MARKERS = ("转载", "版权", "联系电话", "邮箱", "本站", "本网", "免责", "原创")


@dataclass
class CleanDocument:
    text: str
    title: str = ""
    date: str = ""
    source: str = ""
    publisher: str = ""
    removed: dict[str, int] = field(default_factory=dict)


def strip_pinyin(text: str) -> tuple[str, int]:
    """Remove pinyin annotations that directly follow a Han character."""
    return PINYIN_NOTE.subn("", text)


def _is_footer(paragraph: str) -> bool:
    folded = fold(paragraph)
    return sum(marker in folded for marker in FOOTER_MARKERS) >= 2


def clean(raw: str) -> CleanDocument:
    """Clean one document's body; returns text whose offsets every chunk uses."""
    removed: dict[str, int] = {}
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u3000", " ").replace("\u00a0", " ")
    text = re.sub(r"[\u200b-\u200f\u2060\ufeff]", "", text)
    text, n = strip_pinyin(text)
    removed["pinyin"] = n

    lines = [line.strip() for line in text.split("\n")]
    doc = CleanDocument(text="")
    kept: list[str] = []
    header_zone = True
    breadcrumb_tail = ""
    for line in lines:
        if not line:
            kept.append("")
            continue
        if IMAGE_PLACEHOLDER.match(line):
            removed["image"] = removed.get("image", 0) + 1
            continue
        if header_zone and BREADCRUMB.search(line):
            removed["breadcrumb"] = removed.get("breadcrumb", 0) + 1
            breadcrumb_tail = re.split(r"\s[>›»]\s", line)[-1].strip()
            continue
        if header_zone and not kept_nonempty(kept) and MASTHEAD.match(line) and not doc.publisher:
            doc.publisher = line.strip("《》")  # the site that published the page: kept, so it can be cited
            kept.append(line)
            continue
        if header_zone:
            if not doc.date and DATE_LINE.match(line):
                doc.date = DATE_LINE.match(line).group(1)
            elif not doc.source and (m := SOURCE_LINE.match(line)) and len(line) < 60:
                doc.source = m.group(3).strip()
            elif not doc.title and len(line) <= 80 and not re.search(r"[。！？]$", line):
                doc.title = line
            elif len(line) > 80:
                header_zone = False
        kept.append(line)

    paragraphs = _paragraphs(kept)
    # The reprint footer is the last paragraph(s); anything after it goes too.
    for i in range(len(paragraphs) - 1, max(-1, len(paragraphs) - 4), -1):
        if _is_footer(paragraphs[i]):
            removed["footer"] = len(paragraphs) - i
            paragraphs = paragraphs[:i]
            break
    if breadcrumb_tail and not doc.title:
        doc.title = breadcrumb_tail
    doc.text = "\n\n".join(paragraphs).strip()
    doc.removed = {k: v for k, v in removed.items() if v}
    return doc


def kept_nonempty(kept: list[str]) -> bool:
    return any(line for line in kept)


def _paragraphs(lines: list[str]) -> list[str]:
    """Group lines into paragraphs; one line of a structured text is its own paragraph."""
    paragraphs: list[str] = []
    for line in lines:
        if line:
            paragraphs.append(re.sub(r"[ \t]{2,}", " ", line))
    return paragraphs
