"""What a question asks: its script, the kind of answer it wants, its content terms.

Rules, not a model: they are few, tested, and work the same for every document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.scored.question import ordinal_of
from index.crosslingual import english_tokens
from index.fold import detect_script, fold
from index.tokens import words

QUESTION_WORDS = set(
    """
    是 的 了 吗 呢 吧 啊 么 什么 甚么 哪些 哪位 哪个 哪 哪里 哪儿 谁 何 何人 如何 怎么 怎样 为什么 为何 多少 几 请问 请 问 这 那 该 其 此 这项 这个 那个 这些 那些 本
    文 文中 文件 文章 文本 政策 提到 提及 说 讲 内容 有 有关 关于 和 与 及 以及 在 中 对 对于 都 还 又 也 就 被 把 给 从 到 由 为 之 所 上 下 一下 具体 主要 分别
    哪一 一项 第 项 条 个 呢 吗 那么 那 另外 另 其他 其它 还有 次 这次 此次 本次 当时 位 名 人员 是否 有没有 没有 介绍 说明 列出 列举 包括 包含 概括 总结 简述 告诉 我
    哪天 哪一天 一共 共 总共 何时 时候 什么时候 日期 哪年 时间 属于 哪项 哪一项 哪个方面 哪方面 部门 职务 职位 身份 领导 官员 机构 单位 名字 姓名 名称 地点 地方 题目 标题
    作者 事情 目的 意义 作用 人 哪个部门 负责 负责人 担任 身份 角色 什么样 怎么样 相关 提出 哪些方面
    一起 一同 同时 这篇 该文 本文 篇 篇文章 这篇文章 共有 全称 名称 叫 叫做 称为 到 哪家 哪一家
    """.split()
)
STRUCTURE_NOUNS = set(
    """
    举措 措施 任务 方面 重点 要点 部分 内容 方向 项 条 点 主要任务 工作 measure measures step steps point points priority
    priorities task tasks area areas item items
    """.split()
)
# Words that name the kind of answer wanted rather than what the text must say ("有什么要求",
# "曾经担任", "哪位领导人"): they count where some text has them and are dropped where none does.
ANSWER_FRAME_WORDS = set("要求 目标 地位 曾经 曾 领导人 规定 方面 情况".split())
ROLE_MODIFIERS = "副原前代"

WHO = re.compile(
    r"谁|哪位|何人|叫什么|什么名字|姓名|(what is|what's) the name of (?!the (meeting|conference|forum|event|document|notice|policy|plan|platform|programme|program|announcement)\b)|who's\b|哪些人(?!才)|哪些\S{0,8}(院士|部长|领导|代表|专家|官员|负责人|嘉宾)|什么人|who\b|whom\b|which (\w+ ){0,2}(person|people|official|academician|minister|director|chairman|leader|expert|representative)s?\b",
    re.I,
)
WHEN = re.compile(
    r"什么时候|何时|哪天|哪一天|哪日|几月几日|几号|日期|哪年|哪一年|什么日子|when\b|what date|which date|which day|what day|what year",
    re.I,
)
HOW_MANY = re.compile(r"多少|几项|几个|几条|几点|几方面|数量|金额|how many|how much|what number", re.I)
_STRUCTURE = r"(举措|措施|任务|方面|重点|要点|部分|方向)"
# The list asked for must be the document's own items: "有哪些举措", "四项举措是什么", "list the measures".
LIST = re.compile(
    rf"(哪些|哪几|几|四|多少|所有|各)\S{{0,3}}{_STRUCTURE}|{_STRUCTURE}\S{{0,2}}(是什么|有哪些|有什么|包括|分别|是哪)"
    r"|(what|which) are the (\w+ ){0,2}(measures|steps|priorities|tasks|points|areas)|\blist\b|enumerate|name the",
    re.I,
)
FOLLOW_UP = re.compile(
    r"^(那|那么|还有|另外|和|及)|呢[？?]?$|^(what|how) about\b|^and\b|^and the\b|\b(it|its|they|them|that one)\b", re.I
)
WHICH_ITEM = re.compile(
    r"(属于|是|在)?(哪项|哪一项|哪条|哪一条|哪个方面|哪一方面|哪个部分)(举措|措施|任务|内容|方面|之中|中|里)?|which (measure|item|section|part|priority)|under which",
    re.I,
)
ROLE = re.compile(
    r"职务|职位|什么职|担任什么|什么身份|身份是|头衔|what (position|post|title|role)|(his|her) (position|post|title|role)",
    re.I,
)
# "陈肇雄说了什么": the answer is what someone said, so the sentence must report speech.
SAID = re.compile(
    r"(说|讲|表示|指出|强调|谈到|谈了)(了|过)?(些)?(什么|啥)|讲话(内容|要点)|"
    r"what did (?!the (text|document|announcement|notice|article|policy|report|ministry)\b)[\w .'-]+ "
    r"(say|stress|emphasi[sz]e|point out|state|remark|note)\b",
    re.I,
)
WHERE = re.compile(r"哪里|哪裡|在哪|何地|何处|什么地方|哪个城市|哪个省|where\b|which city|which province", re.I)
SOURCE = re.compile(r"来源|出处|出自|source", re.I)
COUNT = re.compile(
    r"(几|多少)(项|个|条|大|点|方面)\s*(举措|措施|任务|方面|要点|部分|重点)|how many (measures|items|points|steps|priorities|tasks|areas)",
    re.I,
)
EDGE_CHARS = "是的了在和与及把被对将吗呢么"
_COUNTED = re.compile(r"^(几.*|哪.*|什么.*|多少.*|第?[\d一二三四五六七八九十两几]+[项个条点大]?|第.+)$")
PERSON_HINT = re.compile(r"(部长|主任|会长|院士|董事长|司长|局长|厅长|书记|省长|院长|副|巡视员|总经理|主席)$")


@dataclass
class Question:
    raw: str
    script: str
    folded: str
    kind: str  # who | when | where | how_many | count | list | item | which_item | role | said | what
    terms: list[str] = field(default_factory=list)
    ordinal: int | None = None
    follow_up: bool = False
    words: list[str] = field(default_factory=list)  # every jieba word, in order, for merging


DATE_EXPR = re.compile(
    r"(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?)?|(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"
)


def date_terms(folded: str) -> list[str]:
    """Dates in the question, in the forms the texts write them ('2019年12月2日', '12月2日')."""
    out = []
    for m in DATE_EXPR.finditer(folded):
        year, month, day = m.group(1), m.group(2) or m.group(4), m.group(3) or m.group(5)
        if month and day:
            out.append(f"{month}月{day}日")
        if year and not (month and day):
            out.append(f"{year}年" if not month else f"{year}年{month}月")
        elif year:
            out.append(f"{year}年")
    return out


def _with_modifier(term: str, folded: str) -> str:
    """Keep 副/原/前 on a role word (副部长 is not 部长) even when jieba splits it off."""
    i = folded.find(term)
    if i > 0 and folded[i - 1] in ROLE_MODIFIERS and PERSON_HINT.search(term):
        return folded[i - 1] + term
    return term


def content_terms(text: str, script: str) -> list[str]:
    if script == "en":
        return english_tokens(text)  # phrases are grouped against the texts later
    folded = fold(text)
    dates = date_terms(folded)
    text = DATE_EXPR.sub(" ", folded)
    terms = [_with_modifier(w.strip(EDGE_CHARS), text) for w in words(text)]
    return dates + [
        w
        for w in dict.fromkeys(terms)
        if w not in QUESTION_WORDS and not re.fullmatch(r"[\W\d_]+", w) and not _COUNTED.match(w) and len(w) > 1
    ]


def analyze(text: str) -> Question:
    # a line break or space inside a Chinese question ("有哪些\n举措") is not a word boundary
    text = re.sub(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])", "", text.strip())
    script = detect_script(text)
    folded = fold(text)
    ordinal = ordinal_of(text)
    if ordinal is not None:
        kind = "item"
    elif WHICH_ITEM.search(folded):
        kind = "which_item"
    elif SAID.search(folded):
        kind = "said"
    elif ROLE.search(folded):
        kind = "role"
    elif WHO.search(folded):
        kind = "who"
    elif WHERE.search(folded) and not SOURCE.search(folded):
        kind = "where"
    elif WHEN.search(folded):
        kind = "when"
    elif COUNT.search(folded):
        kind = "count"
    elif HOW_MANY.search(folded):
        kind = "how_many"
    elif LIST.search(folded):
        kind = "list"
    else:
        kind = "what"
    short = len(re.sub(r"\W", "", folded)) <= 8
    return Question(
        raw=text,
        script=script,
        folded=folded,
        kind=kind,
        terms=content_terms(text, script),
        ordinal=ordinal,
        follow_up=bool(FOLLOW_UP.search(folded.strip())) or (short and kind == "item"),
        words=[] if script == "en" else words(DATE_EXPR.sub(" ", folded)),
    )


def merge_with_texts(question: Question, terms: list[str], corpus: str) -> list[str]:
    """Re-join words jieba split off in the question ("推进" + "会") when the texts write them as one."""
    seq, merged, i = question.words, [], 0
    while i < len(seq):
        for n in (3, 2):
            part = seq[i : i + n]
            joined = "".join(part)
            if (
                len(part) == n
                and any(len(w) == 1 and w not in EDGE_CHARS for w in part)
                and 2 < len(joined) <= 5
                and joined in corpus
            ):
                merged.append(joined)
                i += n
                break
        else:
            i += 1
    if not merged:
        return terms
    return merged + [t for t in terms if not any(t in m for m in merged)]
