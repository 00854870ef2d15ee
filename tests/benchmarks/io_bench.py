"""Import/export timings against the DESIGN.md budgets, through the real command line.

    .venv/bin/python -m tests.benchmarks.io_bench [--data-dir /tmp/nj-io] [--runs 3]

Uses (or first creates, with ``netjournal demo``) a journal of 10,000 contacts and 100,000
conversations, then for each run times, as separate processes like a user would run them:
``export csv`` to a new folder, and ``import`` of that folder into a freshly ``init``-ed
journal; also ``export csv`` to a .zip, ``export vcard`` and ``backup``. Prints the median of
each. Budgets: export under 5 s, re-import into an empty journal under 20 s. Nothing asserts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PASSPHRASE = "demo passphrase 1"
BUDGETS = {"export csv (folder)": 5.0, "import into an empty journal": 20.0}


def netjournal(data_dir: Path, *args: str) -> float:
    """Run one command; returns its wall-clock time in seconds (process start included)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETJOURNAL_")}
    env["NETJOURNAL_PASSPHRASE"] = PASSPHRASE
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "netjournal", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"netjournal {' '.join(args)} failed: {result.stderr.strip()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/nj-io"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--conversations", type=int, default=100_000)
    args = parser.parse_args()
    if not (args.data_dir / "journal.db").exists():
        print(f"Creating the demo journal in {args.data_dir} ...", flush=True)
        netjournal(
            args.data_dir,
            "demo",
            "--contacts",
            str(args.contacts),
            "--conversations",
            str(args.conversations),
        )
    timings: dict[str, list[float]] = {}
    for run in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="nj-io-bench-") as scratch:
            work = Path(scratch)
            fresh = work / "fresh"
            steps = {
                "export csv (folder)": ("export", "csv", str(work / "export")),
                "export csv (.zip)": ("export", "csv", str(work / "export.zip")),
                "export vcard": ("export", "vcard", str(work / "contacts.vcf")),
                "backup (encrypted)": ("backup", str(work / "backup.db")),
            }
            for name, command in steps.items():
                timings.setdefault(name, []).append(netjournal(args.data_dir, *command))
            netjournal(fresh, "init")
            timings.setdefault("import into an empty journal", []).append(
                netjournal(fresh, "import", str(work / "export"))
            )
            timings.setdefault("import again (all skipped)", []).append(
                netjournal(fresh, "import", str(work / "export"))
            )
        print(f"run {run + 1}/{args.runs} done", flush=True)
    print(f"\nMedians of {args.runs} runs, {args.data_dir} (wall clock, process start included):")
    for name, values in timings.items():
        budget = BUDGETS.get(name)
        note = f"   budget {budget:.0f} s" if budget else ""
        runs = ", ".join(f"{v:.2f}" for v in values)
        print(f"  {name:<32} {statistics.median(values):6.2f} s   ({runs}){note}")


if __name__ == "__main__":
    main()
