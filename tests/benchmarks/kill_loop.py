"""The long SIGKILL loop, on demand: many random kills of real writer processes.

    .venv/bin/python -m tests.benchmarks.kill_loop [KILLS_PER_SCENARIO] [SEED]

Runs the loops of ``tests/reliability/test_sigkill.py`` (service edits, a 1,500-row import,
``netjournal demo``, a passphrase change) with as many kills as asked, and prints per scenario
the kills, how many landed mid-operation, the commits verified afterwards and the time taken.
Any lost commit, half import or failed integrity check stops it with an AssertionError.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from tests.reliability.killing import (
    KillTally,
    kill_demo,
    kill_edits,
    kill_import,
    kill_rekey,
    new_journal,
    write_google_csv,
)


def main(kills: int, seed: int) -> None:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="netjournal-kill-") as name:
        root = Path(name)
        results: dict[str, KillTally] = {}

        started, tally = time.perf_counter(), KillTally()
        folder = root / "edits"
        secret = new_journal(folder)
        for _ in range(kills):
            kill_edits(folder, secret, rng, tally)
        tally.seconds = time.perf_counter() - started
        results["service edits"] = tally

        started, tally = time.perf_counter(), KillTally()
        folder = root / "import"
        secret = new_journal(folder)
        for n in range(kills):
            csv_file = root / f"import-{n}.csv"
            write_google_csv(csv_file, 1500, tag=str(n))
            kill_import(folder, secret, csv_file, rows=1500, rng=rng, tally=tally, max_delay=1.5)
            csv_file.unlink()
        tally.seconds = time.perf_counter() - started
        results["import (1,500 rows)"] = tally

        started, tally = time.perf_counter(), KillTally()
        for n in range(kills):
            folder = root / f"demo-{n}"
            new_journal(folder)
            kill_demo(folder, rng, tally, max_delay=2.0)
        tally.seconds = time.perf_counter() - started
        results["netjournal demo"] = tally

        started, tally = time.perf_counter(), KillTally()
        folder = root / "rekey"
        secret = new_journal(folder, contacts=400)
        for n in range(kills):
            secret = kill_rekey(
                folder, secret, f"new passphrase number {n}", rng=rng, tally=tally, max_delay=0.4
            )
        tally.seconds = time.perf_counter() - started
        results["passphrase change"] = tally

    print(f"{'scenario':<22} {'kills':>6} {'mid-op':>7} {'commits checked':>16} {'seconds':>8}")
    for scenario, t in results.items():
        print(f"{scenario:<22} {t.kills:>6} {t.mid_operation:>7} {t.committed_seen:>16} {t.seconds:>8.1f}")
    total = sum(t.kills for t in results.values())
    print(f"{total} kills survived (seed {seed}).")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50, int(sys.argv[2]) if len(sys.argv) > 2 else 1)
