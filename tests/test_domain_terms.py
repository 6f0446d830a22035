"""The English wordings of the texts' domain terms (index/domain_terms.tsv) widen the words of an
English question to the Chinese term the texts use, without making the phrase one all-or-nothing
term; and an English name no text has is refused as a pinyin name is."""

from pathlib import Path

import pytest

from index.crosslingual import glossary_chinese_names, phrase_groups
from index.domain_terms import domain_terms
from index.fold import fold
from ingest.clean import clean

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.mark.parametrize(
    ("question", "vocabulary", "expected"),
    [
        # every word of the phrase meets the term; "nodes" still meets its own translation too
        (
            "Which cities get the disaster-recovery nodes?",
            "启动南京、贵阳两大灾备节点工程建设。新建二级节点。",
            {"disaster": ["灾备节点"], "recovery": ["灾备节点"], "nodes": ["节点", "灾备节点"]},
        ),
        # British or American spelling, singular or plural: the dictionary forms are looked up
        (
            "How many firms should move onto the cloud?",
            "推动30万家工业企业上云。",
            {},  # no domain wording here: nothing widened
        ),
        # the term is absent from these texts: the words keep only their own translations
        (
            "Which cities get the disaster-recovery nodes?",
            "新建二级节点。",
            {"disaster": [], "recovery": [], "nodes": ["节点"]},
        ),
    ],
)
def test_a_domain_wording_widens_each_word_of_the_phrase(question, vocabulary, expected):
    grouped = dict(phrase_groups(question, vocabulary))
    for word, found in expected.items():
        assert grouped[word] == found


def test_a_phrase_is_not_one_term_a_sentence_must_hold_whole():
    """ "industrial internet network development": a sentence with 工业互联网 and 网络 but not the
    compound 工业互联网网络 still meets every word."""
    grouped = dict(phrase_groups("the industrial internet network survey", "工业互联网网络。工业互联网的网络"))
    assert "industrial internet network" not in grouped
    assert "工业互联网" in grouped["industrial internet"]
    assert "网络" in grouped["network"]


def _bundled_texts() -> str:
    files = sorted(DATA.glob("**/*.txt"))
    assert files, "the bundled texts are missing"
    return "\n".join(fold(clean(f.read_text(encoding="utf-8")).text) for f in files)


def test_every_domain_term_is_a_term_the_bundled_texts_use():
    texts = _bundled_texts()
    terms = domain_terms()
    assert len(terms) > 500
    missing = sorted({c for chinese in terms.values() for c in chinese[:1] if fold(c) not in texts})
    assert missing == []


def test_domain_wordings_are_phrases_not_single_common_words():
    """A one-word entry would replace CC-CEDICT's translations of a common word ("platform")."""
    single = [e for e in domain_terms() if " " not in e]
    assert single == []


def test_domain_terms_are_not_the_question_segmenters_dictionary():
    """Only English questions read them: a Chinese question is cut into words as before."""
    names = set(glossary_chinese_names())
    assert "灾备节点" not in names
    assert "工信部" in names


def test_an_english_name_the_texts_have_is_answered(assistant):
    answer = assistant.ask("Who from China Telecom attended the meeting?")
    assert not answer.abstained
    assert "柯瑞文" in answer.text or "Ke Ruiwen" in answer.text


@pytest.mark.parametrize(
    ("word", "chinese"),
    [
        ("integration", "融合"),  # CC-CEDICT's 融合 is "fusion", "mixture"; the domain phrases render it so
        ("identifier", "标识"),
        ("questionnaire", "问卷"),
        ("roundtable", "座谈会"),
    ],
)
def test_a_words_rendering_is_read_from_the_domain_phrases(word, chinese):
    from index.domain_terms import domain_word_renderings

    assert domain_word_renderings()[word] == chinese


def test_a_word_few_domain_phrases_hold_has_no_rendering():
    from index.domain_terms import WORD_MIN_PHRASES, domain_terms, domain_word_renderings

    rare = [w for w in ("risk", "resource", "link") if sum(w in e.split() for e in domain_terms()) < WORD_MIN_PHRASES]
    assert rare and not set(rare) & set(domain_word_renderings())


@pytest.mark.parametrize(
    ("phrase", "vocabulary", "found"),
    [
        ("integration", "深化融合应用", ["融合"]),  # the rendering, where the texts have it
        ("integration", "加快设施建设", []),  # not where they do not
        ("platform", "工业互联网平台", ["平台"]),  # CC-CEDICT first: the fallback is not reached
    ],
)
def test_the_lookup_falls_back_on_the_domain_rendering(phrase, vocabulary, found):
    from index.crosslingual import _lookup

    assert _lookup(phrase, vocabulary) == found
