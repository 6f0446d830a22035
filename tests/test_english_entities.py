"""English questions name people, places and dates in English: the table below is what each form
must reach in the Chinese texts (index/crosslingual.py ``english_entities``)."""

import pytest

from index.crosslingual import english_entities

PEOPLE = ["陈肇雄", "鲁昕", "翁杰明", "邬贺铨", "陈明", "何立峰"]
PLACES = ["浙江省", "北京", "杭州市"]


@pytest.mark.parametrize(
    "question, expected",
    [
        ("What did Chen Zhaoxiong stress?", [("Chen Zhaoxiong", ["陈肇雄"])]),
        ("What did Zhaoxiong Chen stress?", [("Zhaoxiong Chen", ["陈肇雄"])]),
        ("What did Chen Zhao-xiong stress?", [("Chen Zhao-xiong", ["陈肇雄"])]),
        ("Lu Xin used to be a vice minister of which ministry?", [("Lu Xin", ["鲁昕"])]),
        ("According to Chen, what kind of country is China?", [("Chen", ["陈肇雄", "陈明"])]),
        # a surname that is a common English word, or not capitalised, is not a name
        ("What did he say?", []),
        ("He said what?", []),
        ("who is chen", []),
        ("Who spoke for Zhejiang?", [("Zhejiang", ["浙江"])]),
        ("Was it held in Beijing or Hangzhou?", [("Beijing", ["北京"]), ("Hangzhou", ["杭州"])]),
        ("What happened in April 2018?", [("April 2018", ["2018年4月"])]),
        ("What happened on April 23, 2020?", [("April 23, 2020", ["2020年4月23日", "4月23日"])]),
        ("What happened on 23rd April?", [("23rd April", ["4月23日"])]),
        ("Who came in August?", [("August", ["8月"])]),
        ("What may the ministry do in march?", []),  # lower-case modal verb and verb, not months
    ],
)
def test_english_entities(question, expected):
    assert english_entities(question, PEOPLE, PLACES) == expected


def test_dictionary_lookups_do_not_depend_on_hash_order():
    """CC-CEDICT gives a set of words per gloss; the first few are kept, so their order must not
    follow Python's per-process string hashing (it made answers differ between runs)."""
    import subprocess
    import sys

    code = "from index.crosslingual import _lookup; print(_lookup('build', '修建 修筑 修造 兴建 建成 建设 创制'))"
    outs = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONHASHSEED": seed}, check=True
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outs) == 1
