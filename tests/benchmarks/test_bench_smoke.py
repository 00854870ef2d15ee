"""The benchmark keeps working: a tiny run end to end (figures checked for shape, never timed)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from tests.benchmarks import bench

BENCH = Path(bench.__file__)


def run_bench(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BENCH), *args], capture_output=True, text=True, timeout=280, check=False
    )


@pytest.mark.slow
def test_tiny_run_reports_every_figure_as_json() -> None:
    result = run_bench("--contacts", "12", "--conversations", "60", "--repeat", "1", "--json")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1  # one JSON object, nothing else on stdout
    figures = json.loads(lines[0])
    for key in bench.KEYS:
        value = figures[key]
        assert isinstance(value, float) and math.isfinite(value) and value >= 0, (key, value)
    for key in ("cold_start_s", "cold_start_passphrase_s", "search_p50_ms", "open_contact_ms", "rss_mb"):
        assert figures[key] > 0, key
    assert figures["search_p95_ms"] >= figures["search_p50_ms"]
    assert figures["contacts"] == 12 and figures["conversations"] == 60 and figures["repeat"] == 1
    assert figures["busiest_contact_conversations"] >= 1
    assert "logical CPUs" in figures["machine"] and figures["build_s"] >= 0


def test_bad_arguments_are_refused() -> None:
    for args in (("--repeat", "0"), ("--contacts", "1"), ("--conversations", "many")):
        result = run_bench(*args)
        assert result.returncode == 2, args
        assert "error" in result.stderr and not result.stdout


def test_table_marks_budgets_held_and_over(capsys: pytest.CaptureFixture[str]) -> None:
    figures: dict[str, object] = dict.fromkeys(bench.KEYS, 1.0)
    figures.update(
        cold_start_s=2.0,  # over its 1.5 s budget
        search_p95_ms=49.0,
        contacts=10,
        conversations=20,
        repeat=1,
        build_s=0.5,
        cold_start_passphrase_s=2.5,
        raw_fts_p50_ms=0.2,
        busiest_contact_conversations=5,
        quick_entry_first_show_ms=3.0,
        machine="test machine (2 logical CPUs)",
    )
    bench.print_table(figures)
    rows = {line.split()[0]: line for line in capsys.readouterr().out.splitlines() if line.strip()}
    assert rows["cold_start_s"].endswith("OVER BUDGET")
    assert rows["search_p95_ms"].endswith("held")
    assert rows["search_vs_raw_fts_ratio"].endswith("-")  # reported, no budget


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert bench.percentile(values, 50) == 51.0
    assert bench.percentile(values, 95) == 95.0
    assert bench.percentile([7.0], 95) == 7.0
