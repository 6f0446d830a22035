from conftest import ANNOUNCEMENT, CORPUS
from ingest.chunker import chunk_document, split_sentences
from ingest.documents import prepare
from ingest.structure import find_headings

ALL_FILES = [ANNOUNCEMENT, *sorted(CORPUS.glob("*.txt"))]


def test_every_chunk_of_both_collections_is_the_exact_cleaned_text_at_its_offsets():
    for path in ALL_FILES:
        doc = prepare(path)
        chunks = chunk_document(doc.doc_id, doc.text)
        assert chunks, path
        for c in chunks:
            assert doc.text[c.start : c.end] == c.text


def test_chunks_never_split_a_sentence():
    for path in ALL_FILES:
        doc = prepare(path)
        bounds = {(s.start, s.end) for s in split_sentences(doc.text)}
        starts = {s for s, _ in bounds}
        ends = {e for _, e in bounds}
        for c in chunk_document(doc.doc_id, doc.text):
            assert c.start in starts and c.end in ends


def test_a_heading_opens_a_chunk_and_gives_it_a_section_path():
    doc = prepare(ANNOUNCEMENT)
    chunks = chunk_document(doc.doc_id, doc.text)
    heads = [c for c in chunks if c.heading_level >= 0]
    assert [c.section for c in heads] == [
        "一、加快設施建設",
        "二、深化融合應用",
        "三、加強科技創新",
        "四、完善政策環境",
    ]
    for c in heads:
        assert c.text.startswith(c.section)
        assert "加快" in c.text or "打造" in c.text or "完善" in c.text


def test_nested_headings_give_a_path():
    doc = prepare(CORPUS / "2020-03-20_miit-notice-accelerate-industrial-internet.txt")
    sections = {c.section for c in chunk_document(doc.doc_id, doc.text)}
    assert "一、加快新型基础设施建设 > (二)增强完善工业互联网标识体系" in sections


def test_headings_of_each_style_are_recognised():
    text = "第一章 總則\n第三條 本辦法適用於全國。\n一、總體要求\n（一）指導思想\n1. 加強網絡建設。"
    assert [h.level for h in find_headings(text)] == [0, 2, 1, 2, 3]


def test_chunk_ids_are_stable_across_runs():
    doc = prepare(ANNOUNCEMENT)
    first = [c.chunk_id for c in chunk_document(doc.doc_id, doc.text)]
    assert first == [c.chunk_id for c in chunk_document(doc.doc_id, doc.text)]
    assert len(set(first)) == len(first)


def test_long_paragraphs_are_split_within_the_size_limit():
    text = "一、測試\n" + "這是一個很長的句子，用來測試分塊。" * 40
    chunks = chunk_document("t", text, max_chars=100)
    assert len(chunks) > 3
    assert all(len(c.text) <= 100 for c in chunks)
    assert all(c.section == "一、測試" for c in chunks)
