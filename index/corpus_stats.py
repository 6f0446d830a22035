"""Corpus statistics: which passages contain a folded string, how many, and whether any does.

Answering asks these questions about every question word and every dictionary translation of an
English word. They used to be answered by ``str.find`` over the whole folded corpus joined into
one string: at 100,000 chunks that is about 8 million characters, milliseconds to tens of
milliseconds a first-time string, and it made the answer p95 1.8–3.7× the single-embedding floor
(docs/performance.md). Here a character n-gram index answers them instead:

- every single character and every pair of neighbouring characters inside a passage maps to the
  sorted ids of the passages that hold it (one sorted table of gram codes, CSR offsets, ids);
- a string of one or two characters is answered by its postings alone; a longer one intersects
  the postings of its character pairs (rarest first) and checks ``str.find`` on those few
  candidate passages only, so the result is exactly a per-passage substring test. A string never
  matches across two passages (the joined-corpus scan could, through the separator).

The tables are built with numpy in a fraction of a second at 100,000 chunks and saved with the
collection's snapshot (index/snapshot.py), so opening a collection only memory-maps them.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from index.npy import load_npy

# Unicode code points fit in 21 bits. A single character's gram code is its code point; a pair's
# is (first + 1) << 21 | second, so pairs and single characters never share a code (< 2**43).
CHAR_BITS = 21
GRAM_BITS = 2 * CHAR_BITS + 1
REMEMBERED = 200_000  # strings whose answers are kept; past that the memory starts afresh (a server's lifetime)
BUILD_BLOCK = 8192  # passages packed at a time while building
GRAM_FORMAT = 1  # in the file names: a change to the encoding never reads an old table
FILES = (f"grams-{GRAM_FORMAT}.npy", f"gram_offsets-{GRAM_FORMAT}.npy", f"gram_passages-{GRAM_FORMAT}.npy")

# An accepted occurrence: (folded passage text, position of the string in it) -> bool.
Accept = Callable[[str, int], bool]


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", errors="surrogatepass"), dtype=np.uint32).astype(np.int64)


def _block_keys(folded_passages: Sequence[str], first: int, last: int, id_bits: int) -> np.ndarray:
    """Sorted unique keys (gram << id_bits | passage id) of passages ``first``..``last``."""
    texts = folded_passages[first:last]
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    codes = _code_points("".join(texts))
    owner = np.repeat(np.arange(first, last, dtype=np.int64), lengths)
    inside = owner[1:] == owner[:-1]  # a pair never spans two passages
    pairs = ((((codes[:-1] + 1) << CHAR_BITS) | codes[1:]) << id_bits) | owner[1:]
    keys = np.concatenate([(codes << id_bits) | owner, pairs[inside]])
    keys.sort()
    return keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys


def _pair_code(first: int, second: int) -> int:
    return ((first + 1) << CHAR_BITS) | second


class GramPostings:
    """Gram code → sorted passage ids, as three arrays (what is saved and memory-mapped)."""

    def __init__(self, grams: np.ndarray, offsets: np.ndarray, passages: np.ndarray) -> None:
        self.grams = grams
        self.offsets = offsets
        self.passages = passages

    @classmethod
    def build(cls, folded_passages: Sequence[str], block: int = BUILD_BLOCK) -> GramPostings:
        """Every (gram, passage) pair once, sorted by gram then passage, as packed signed 64-bit keys
        (gram code above, passage id below) sorted by numpy instead of a Python loop. Blocks of
        passages are packed one at a time so the transient arrays stay small (about 300 MB peak at
        100,000 chunks instead of 900 MB); numpy sorts int64 with SIMD (uint64 was 5x slower and
        ``np.unique`` 250x)."""
        count = len(folded_passages)
        id_bits = max(1, int(count - 1).bit_length())
        if GRAM_BITS + id_bits >= 64:
            raise ValueError(f"{count} passages: the gram index packs at most 2**20 passage ids")
        parts = [
            _block_keys(folded_passages, first, min(first + block, count), id_bits) for first in range(0, count, block)
        ]
        keys = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        del parts
        keys.sort()  # blocks hold different passages: no pair repeats across them
        boundary = np.empty(len(keys), dtype=bool)
        boundary[:1] = True
        np.not_equal(keys[1:] >> id_bits, keys[:-1] >> id_bits, out=boundary[1:])
        starts = np.flatnonzero(boundary)
        del boundary
        grams = keys[starts] >> id_bits
        keys &= (1 << id_bits) - 1
        offsets = np.append(starts, len(keys)).astype(np.int64)
        return cls(grams, offsets, keys.astype(np.uint32))

    def save(self, folder: Path) -> None:
        """Each file written under a temporary name and renamed: a reader (which needs all three)
        never loads a half-written table, also when a snapshot saved before these tables existed
        gets them afterwards."""
        for name, array in zip(FILES, (self.grams, self.offsets, self.passages), strict=True):
            tmp = folder / f".{name}.{os.getpid()}.tmp"
            try:
                with tmp.open("wb") as fh:
                    np.save(fh, np.ascontiguousarray(array))
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, folder / name)
            finally:
                tmp.unlink(missing_ok=True)

    @classmethod
    def load(cls, folder: Path) -> GramPostings:
        """Memory-mapped: opening reads nothing but the headers; a lookup touches a few pages."""
        grams, offsets, passages = (load_npy(folder / name, mmap_mode="r") for name in FILES)
        if len(offsets) != len(grams) + 1 or (len(offsets) and int(offsets[-1]) != len(passages)):
            raise ValueError(f"gram tables in {folder} do not match each other")
        return cls(grams, offsets, passages)

    def of(self, code: int) -> np.ndarray:
        i = int(np.searchsorted(self.grams, code))
        if i == len(self.grams) or int(self.grams[i]) != code:
            return np.zeros(0, dtype=np.uint32)
        return self.passages[self.offsets[i] : self.offsets[i + 1]]


def _intersect(smaller: np.ndarray, larger: np.ndarray) -> np.ndarray:
    """Both sorted and unique: each element of the smaller one looked up in the larger one."""
    if not len(smaller) or not len(larger):
        return smaller[:0]
    at = np.minimum(np.searchsorted(larger, smaller), len(larger) - 1)
    return smaller[larger[at] == smaller]


def _bound(*memos: dict) -> None:
    if sum(len(m) for m in memos) >= REMEMBERED:
        for memo in memos:
            memo.clear()


class CorpusStats:
    """Per-passage substring statistics of a collection's folded passages.

    Also a *vocabulary* for the English→Chinese dictionary lookups (index/crosslingual.py): ``word in
    stats`` says whether any passage contains ``word``, like ``word in folded_corpus`` did.

    ``accept(text, pos)`` lets a caller veto an occurrence (a role word right after a modifier: 副部长
    is not 部长); results are remembered per (string, accept), so pass a module-level function.
    """

    def __init__(self, folded_passages: Sequence[str], postings: GramPostings | None = None) -> None:
        self.folded_passages = folded_passages
        self.postings = postings if postings is not None else GramPostings.build(folded_passages)
        self._counts: dict[tuple[str, Accept | None], int] = {}
        self._any: dict[tuple[str, Accept | None], bool] = {}

    def __len__(self) -> int:
        return len(self.folded_passages)

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and self.occurs(term)

    def candidates(self, term: str) -> tuple[np.ndarray, bool]:
        """(passage ids that may contain ``term``, whether each surely does). One or two characters:
        the postings are the answer; longer: the intersection of its pairs' postings, to check."""
        if len(term) == 1:
            return self.postings.of(ord(term)), True
        codes = {_pair_code(ord(a), ord(b)) for a, b in itertools.pairwise(term)}
        lists = sorted((self.postings.of(code) for code in codes), key=len)
        found = lists[0]
        for other in lists[1:]:
            found = _intersect(found, other)
        return found, len(term) == 2

    def _verified(self, term: str, ids: np.ndarray, accept: Accept | None, first_only: bool) -> list[int]:
        out = []
        for i in ids.tolist():
            text = self.folded_passages[i]
            pos = text.find(term)
            while pos != -1:
                if accept is None or accept(text, pos):
                    out.append(i)
                    break
                pos = text.find(term, pos + 1)
            if out and first_only:
                break
        return out

    def passage_ids(self, term: str, accept: Accept | None = None) -> list[int]:
        """Ids of the passages whose folded text contains ``term`` (an accepted occurrence), ascending."""
        if not term:  # "" is in every string
            return list(range(len(self)))
        ids, exact = self.candidates(term)
        return ids.tolist() if exact and accept is None else self._verified(term, ids, accept, False)

    def passages_containing(self, term: str, accept: Accept | None = None) -> set[int]:
        return set(self.passage_ids(term, accept))

    def document_frequency(self, term: str, accept: Accept | None = None) -> int:
        """How many passages contain ``term``; remembered (counts only: a serving process meets
        thousands of strings, and a common one's id list is 100,000 entries long)."""
        key = (term, accept)
        if key not in self._counts:
            _bound(self._counts, self._any)
            if term and accept is None and (len(term) <= 2):
                self._counts[key] = len(self.candidates(term)[0])
            else:
                self._counts[key] = len(self.passage_ids(term, accept))
            self._any.setdefault(key, self._counts[key] > 0)
        return self._counts[key]

    def occurs(self, term: str, accept: Accept | None = None) -> bool:
        """Whether any passage contains ``term``; stops at the first passage that does."""
        key = (term, accept)
        if key not in self._any:
            _bound(self._counts, self._any)
            if not term:
                self._any[key] = len(self) > 0
            else:
                ids, exact = self.candidates(term)
                self._any[key] = (
                    bool(len(ids)) if exact and accept is None else bool(self._verified(term, ids, accept, True))
                )
        return self._any[key]
