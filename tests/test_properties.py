"""Property-based tests (hypothesis) for cleaning and chunking."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.chunker import chunk_document
from ingest.clean import clean

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
PIECES = st.one_of(
    st.text(HAN, min_size=1, max_size=30),
    st.sampled_from(
        [
            "。",
            "，",
            "；",
            "！",
            "？",
            "\n",
            "\n\n",
            "、",
            " ",
            "一、",
            "（二）",
            "第三條 ",
            "1. ",
            "5G",
            "業(yè)",
            "(IPv6)",
            "1.jpg\n",
            "“",
            "”",
        ]
    ),
)
DOCS = st.lists(PIECES, min_size=1, max_size=60).map("".join)


@settings(max_examples=150, deadline=None)
@given(DOCS)
def test_every_chunk_is_exactly_the_cleaned_text_at_its_offsets(raw):
    text = clean(raw).text
    for c in chunk_document("doc", text, max_chars=60):
        assert text[c.start : c.end] == c.text
        assert c.text == c.text.strip() and c.text


@settings(max_examples=150, deadline=None)
@given(DOCS)
def test_chunks_are_in_order_and_lose_nothing_but_whitespace(raw):
    text = clean(raw).text
    chunks = chunk_document("doc", text, max_chars=60)
    pos = 0
    for c in chunks:
        assert c.start >= pos
        assert text[pos : c.start].strip() == ""
        pos = c.end
    assert text[pos:].strip() == ""


@settings(max_examples=150, deadline=None)
@given(DOCS)
def test_cleaning_is_idempotent_and_leaves_no_pinyin_note(raw):
    once = clean(raw).text
    assert clean(once).text == once
    assert "(yè)" not in once


@settings(max_examples=100, deadline=None)
@given(DOCS)
def test_chunk_ids_are_unique_and_stable(raw):
    text = clean(raw).text
    first = [c.chunk_id for c in chunk_document("doc", text, version="v1")]
    assert first == [c.chunk_id for c in chunk_document("doc", text, version="v1")]
    assert len(first) == len(set(first))
