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


def words(text: str) -> list[str]:
    """Folded jieba words only (no bigrams), for term analysis."""
    folded = fold(text)
    return [w for w in (t.strip() for t in _tokenizer().lcut(folded, HMM=True)) if w and _WORD.search(w)]
