"""The same question gets the same answer in every process: nothing may follow Python's per-process
string hashing (set order). Each check runs a small program under several PYTHONHASHSEEDs."""

import subprocess
import sys

import pytest


def _outputs(code: str) -> set[str]:
    return {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONHASHSEED": seed}, check=True
        ).stdout
        for seed in ("1", "2", "3", "4")
    }


@pytest.mark.parametrize(
    "code",
    [
        # CC-CEDICT gives a set of words per gloss; the first few are kept
        "from index.crosslingual import _lookup; print(_lookup('build', '修建 修筑 修造 兴建 建成 建设 创制'))",
        # two answer types tie: the strongest one is chosen in the cue file's order
        "from app.scored.question import analyze; q = analyze('工信部这次一共提出了哪几项举措？'); print(q.kind, list(q.types))",
    ],
)
def test_no_hash_order(code):
    assert len(_outputs(code)) == 1
