"""The glossary's English names and acronyms for the organisations the bundled texts name
(index/glossary.tsv, its last section): an English question naming one ("Which one of them came
from CASIC?") meets the Chinese name the texts write."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from index.crosslingual import _glossary_lines
from index.fold import fold

DATA = Path(__file__).resolve().parents[1] / "data"
SECTION = "# The organisations the bundled texts name"


def _organisation_lines() -> list[str]:
    text = (Path(__file__).resolve().parents[1] / "index" / "glossary.tsv").read_text(encoding="utf-8")
    return [line for line in text.split(SECTION, 1)[1].splitlines()[1:] if line and not line.startswith("#")]


def test_every_chinese_name_of_the_organisation_section_is_written_in_a_text():
    texts = fold("".join(p.read_text(encoding="utf-8") for p in sorted(DATA.glob("**/*.txt"))))
    plain = re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", "", texts)  # the reposting site's pinyin
    names = {n for line in _organisation_lines() for n in line.split("\t")[1].split("|")}
    assert names and not [n for n in names if fold(n) not in plain]


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("casic", "航天科工"),
        ("china aerospace science and industry corporation", "航天科工"),
        ("shanghai securities news", "上海证券报"),
        ("bureau of cybersecurity", "网络安全管理局"),
    ],
)
def test_the_glossary_gives_the_organisations_english_names(english, chinese):
    assert chinese in dict(_glossary_lines())[english]


@pytest.mark.parametrize(
    ("history", "question", "expected"),
    [
        (
            ["Who attended the December 2019 symposium on promoting industrial internet innovation?"],
            "Which one of them came from CASIC?",
            "Gao Hongwei",
        ),
        ([], "Who represented CASIC at the December 2019 symposium?", "Gao Hongwei"),
    ],
)
def test_an_english_acronym_finds_its_organisation(corpus_assistant, history, question, expected):
    assert expected in corpus_assistant.ask(question, history).text
