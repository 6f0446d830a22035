"""`policy-chat bench --quick` runs end to end (a smoke test: speed itself is measured, not asserted)."""

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.bench_smoke


def test_bench_quick_runs_and_writes_its_tables(tmp_path):
    cli = Path(sys.executable).parent / "policy-chat"
    env = {"PATH": str(Path(sys.executable).parent), "HOME": str(tmp_path), "POLICY_CHAT_EMBED_MODEL": "hash:256"}
    proc = subprocess.run(
        [str(cli), "bench", "--quick", "--out", str(tmp_path / "b")],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads((tmp_path / "b" / "bench.json").read_text(encoding="utf-8"))
    assert set(result) >= {"query", "ingest", "scale", "concurrency", "cold_start", "machine"}
    assert all(not math.isnan(v) for v in result["query"]["ratios"].values())
    assert "error" not in result["ingest"] and all("error" not in s for s in result["scale"].values())
    assert all(v["errors"] == 0 for k, v in result["concurrency"].items() if isinstance(v, dict))
    assert result["cold_start"]["ours"][0]["ok"] and result["cold_start"]["anchor"][0]["ok"]
    big = result["scale_100k"]  # the issue-13 steps, at 200 chunks
    assert "error" not in big["build"] and all("error" not in o for o in big["open"] + big["server_open"])
    assert all(step["exit"] == 0 for step in big["maintain"].values())
    assert big["serve"]["errors"] == big["server_serve_first"]["errors"] == 0
    table = (tmp_path / "b" / "bench.md").read_text(encoding="utf-8")
    assert "| our_answer |" in table and "| our_follow_up |" in table and "| our_follow_up_cold |" in table
