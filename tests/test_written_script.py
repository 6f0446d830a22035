"""A question is judged in the script it was written in. The texts' wording (app/assistant
``_wording``) turns a Traditional question into Simplified for analysis; the scored answerer's
thresholds are fit per written script (eval/calibrate.py reads the case as written), so the
cascade must be told the asker's script, for the question and for every earlier turn it answers
again. And which question words name a title that identifies a person (app/evidence.names_a_title)."""

from __future__ import annotations

import pytest

from app.evidence import names_a_title


@pytest.mark.parametrize(
    ("term", "alternatives", "named"),
    [
        ("部长", ["部长"], True),
        ("董事长", ["董事长"], True),
        ("领导", ["领导", "主任", "主管"], False),  # thesaurus synonyms of a word that is no title
        ("出席", ["出席"], False),
        ("minister", ["部长"], True),  # an English word by its translations
        ("meeting", ["会议"], False),
    ],
)
def test_a_title_the_question_names(term, alternatives, named):
    assert names_a_title(term, alternatives) is named


@pytest.mark.parametrize(
    ("question", "history", "expected"),
    [
        ("浙江省這邊是哪位領導出席並講話的？", [], "zh-Hant"),
        ("浙江省这边是哪位领导出席并讲话的？", [], "zh-Hans"),
        ("哪位領導出席並講話了？", ["工信部與浙江省召開了什麼會議？"], "zh-Hant"),
    ],
)
def test_the_cascade_gets_the_written_script(assistant, monkeypatch, question, history, expected):
    from app.assistant import Assistant
    from app.turn_memo import CONTEXTS

    monkeypatch.setattr(CONTEXTS, "_items", type(CONTEXTS._items)())
    seen: list[tuple[str, str | None]] = []
    real = Assistant._scored

    def recording(text, hist, searcher, topic=None, script=None):
        seen.append((text, script))
        return real(text, hist, searcher, topic, script)

    monkeypatch.setattr(Assistant, "_scored", staticmethod(recording))
    monkeypatch.setattr("app.extractive.ExtractiveAnswerer.draft", _refusing)
    assistant.ask(question, history)
    assert seen, "the rules refused, so the scored answerer was consulted"
    assert all(script == expected for _text, script in seen)  # this turn and any earlier one


def _refusing(self, q, passages, context=None):
    from app.draft import Draft

    return Draft(abstained=True, kind=q.kind)
