"""When the rule answerer refuses, does the scored answer take over? (app/scorer.Model.takes_over_refusal)
Over the cascade threshold always; between the language's threshold and it, a structural lookup,
or a sentence when only wording was missed (no absent noun) and it holds the asked type."""

from __future__ import annotations

import pytest

from app.scorer import Model

MODEL = Model(thresholds={"zh-Hant": 0.47, "zh-Hans": 0.55, "en": 0.38, "cascade": 0.79})


@pytest.mark.parametrize(
    ("prob", "features", "script", "kind", "taken"),
    [
        (0.80, {"miss_noun": 0.4, "type_fit": 0.3}, "zh-Hans", "sentence", True),  # over the cascade
        (0.63, {"cov": 0.5, "miss_noun": 0.0, "type_fit": 1.0}, "zh-Hant", "sentence", True),  # wording only, typed
        (0.63, {"miss_noun": 0.2, "type_fit": 1.0}, "zh-Hant", "sentence", False),  # a noun no text has
        (0.63, {"miss_noun": 0.0, "type_fit": 0.6}, "zh-Hant", "sentence", False),  # not the asked type
        (0.50, {"cov": 0.5, "miss_noun": 0.0, "type_fit": 1.0}, "zh-Hans", "sentence", False),  # under zh-Hans' 0.55
        (0.50, {"cov": 0.5, "miss_noun": 0.0, "type_fit": 1.0}, "en", "sentence", True),  # over English's 0.38
        (0.50, {"miss_noun": 0.3, "type_fit": 0.0}, "en", "which_item", True),  # a structural lookup
        (0.30, {}, "en", "which_item", False),
        (0.63, {"cov": 0.0, "miss_noun": 0.0, "type_fit": 1.0}, "zh-Hant", "sentence", False),  # "？？？"
    ],
)
def test_a_scored_answer_takes_over_a_refusal(prob, features, script, kind, taken):
    assert MODEL.takes_over_refusal(prob, features, script, kind) == taken


def test_without_a_fitted_cascade_nothing_takes_over_in_the_middle():
    plain = Model()  # no thresholds: every language 0.5, cascade 1.01
    assert not plain.takes_over_refusal(0.9, {"miss_noun": 0.3}, "en", "sentence")
    assert plain.takes_over_refusal(0.9, {"cov": 0.5, "miss_noun": 0.0, "type_fit": 1.0}, "en", "sentence")


@pytest.mark.parametrize(
    ("phrase", "thing"),
    [
        ("formerly", False),  # an adverb only
        ("organised", False),  # a verb only
        ("before", False),
        ("budget", True),  # noun or verb: it may name the thing asked about
        ("place", True),
        ("honcho", True),  # not in the lexicon: read as a name or noun
        ("data-related", True),
        # a verb of several words in the dictionary ("to take place"): the phrase's part of speech
        ("take place", False),
        ("put forward", False),
        ("showed up", False),  # in its dictionary form "show up"
        ("data facility", True),
    ],
)
def test_an_english_word_that_cannot_be_a_noun_is_wording(phrase, thing):
    from app.terms import english_can_name_a_thing

    assert english_can_name_a_thing(phrase) == thing


def test_the_second_tier_reads_the_english_aware_missing_nouns():
    features = {"cov": 0.7, "miss_noun": 0.35, "miss_thing": 0.0, "type_fit": 1.0}  # only "formerly" absent
    assert MODEL.takes_over_refusal(0.63, features, "en", "sentence")
    assert not MODEL.takes_over_refusal(0.63, {**features, "miss_thing": 0.2}, "en", "sentence")
