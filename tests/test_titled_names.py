"""Stage table: a person asked by surname and title ("陈副部长", "刘副部长") is the one person the
texts name with that surname next to that title (app/titled_names.py); none or several, nothing."""

from __future__ import annotations

import pytest

from app.titled_names import titled_name


class Stats:
    """The collection statistics' ``occurs``, over a few folded passages."""

    def __init__(self, passages: list[str]) -> None:
        self.passages = passages

    def occurs(self, term: str, accept=None) -> bool:
        return any(term in p for p in self.passages)


PASSAGES = [
    "工业和信息化部副部长陈肇雄出席会议",
    "重庆市经济和信息化委员会主任陈金山等参加座谈",
    "工业和信息化部党组成员、副部长刘烈宏出席并讲话",
    "王建伟副司长参加会议并讲话",
]
PEOPLE = ["陈肇雄", "陈金山", "刘烈宏", "王建伟", "邬贺铨"]


@pytest.mark.parametrize(
    ("word", "found"),
    [
        ("陈副部长", ["陈肇雄"]),
        ("陈部长", ["陈肇雄"]),  # the deputy's 副 is often dropped
        ("陈主任", ["陈金山"]),  # the other 陈, by his title
        ("刘副部长", ["刘烈宏"]),
        ("王副司长", ["王建伟"]),  # the title after the name
        ("邬院士", []),  # no text puts 院士 next to him here
        ("李部长", []),  # no such person
        ("陈肇雄", []),  # a full name is no surname and title
        ("副部长", []),
    ],
)
def test_a_surname_and_title_stand_for_the_one_person_named_so(word, found):
    assert titled_name(word, Stats(PASSAGES), PEOPLE) == found


def test_two_people_with_the_surname_and_title_are_not_guessed_between():
    passages = [*PASSAGES, "副部长陈某某出席"]
    assert titled_name("陈副部长", Stats(passages), [*PEOPLE, "陈某某"]) == []
