"""Tokens for sparse retrieval and term matching: jieba words over folded text."""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import jieba

from index.fold import fold

jieba.setLogLevel(logging.WARNING)

_WORD = re.compile(r"[\w]+", re.UNICODE)
_HAN = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


def tokenize(text: str) -> list[str]:
    """Folded word tokens; CJK runs also yield character bigrams for recall."""
    folded = fold(text)
    out: list[str] = []
    for word in _tokenizer().lcut(folded, HMM=True):
        word = word.strip()
        if not word or not _WORD.search(word):
            continue
        out.append(word)
        if len(word) > 2 and _HAN.match(word):
            out.extend(word[i : i + 2] for i in range(len(word) - 1))
    return out


@lru_cache(maxsize=1)
def _term_tokenizer() -> jieba.Tokenizer:
    """jieba with the glossary's Chinese names as a user dictionary: "信通院" and "住建部" are one
    word each, not "信通" + "院" or "住" + "建部", so a question's abbreviation meets the glossary
    line that names its full form. Only question analysis uses it: the sparse index keeps the
    tokenizer its snapshots were built with."""
    from index.crosslingual import glossary_chinese_names

    tok = jieba.Tokenizer()
    tok.initialize()
    for name in glossary_chinese_names():
        tok.add_word(name)
    return tok


def dictionary_word(word: str) -> bool:
    """Is ``word`` one of jieba's dictionary words (对象, 对外开放, 了解), not a piece its HMM glued
    together from a word and a particle (的会, 在京)? Only a glued piece has an edge to strip."""
    return _term_tokenizer().FREQ.get(word, 0) > 0


def words(text: str) -> list[str]:
    """Folded jieba words only (no bigrams), for term analysis."""
    folded = fold(text)
    return [w for w in (t.strip() for t in _term_tokenizer().lcut(folded, HMM=True)) if w and _WORD.search(w)]


def word_spans(folded: str) -> list[tuple[str, int, int]]:
    """(word, start, end) of the question segmenter's words over folded text."""
    return [(w, start, end) for w, start, end in _term_tokenizer().tokenize(folded, HMM=True)]


def fine_words(folded: str) -> list[tuple[str, int, int]]:
    """(word, start, end) of jieba's fine-grained words, overlapping (网络安全 gives 网络, 安全 and
    网络安全): where words start, for reading abbreviations (index/abbreviations.py)."""
    return [(w, start, end) for w, start, end in _tokenizer().tokenize(folded, mode="search", HMM=False)]
