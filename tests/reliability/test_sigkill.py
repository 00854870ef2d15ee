"""Crash safety: real writer processes killed with SIGKILL at random moments, many times.

After every kill the journal is reopened: ``check`` passes (SQLite integrity, SQLCipher page
authentication, references, search index), every commit the child reported is there and whole,
an import or a demo generation is there completely or not at all, and an interrupted change of
passphrase leaves a journal that opens with the old secret or the new passphrase.

A short run for CI; ``tests/benchmarks/kill_loop.py`` runs the same loops as long as you like.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from tests.reliability.killing import (
    KillTally,
    kill_demo,
    kill_edits,
    kill_import,
    kill_rekey,
    new_journal,
    write_google_csv,
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
SEED = 20260310


def test_edits_survive_sigkill(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    secret = new_journal(folder)
    rng, tally = random.Random(SEED), KillTally()
    for _ in range(6):
        kill_edits(folder, secret, rng, tally)
    assert tally.kills == 6
    assert tally.committed_seen > 0, "the writer never got to commit anything"


def test_import_is_all_or_nothing_under_sigkill(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    secret = new_journal(folder)
    rng, tally = random.Random(SEED + 1), KillTally()
    for n in range(6):
        rows = 1500
        csv_file = tmp_path / f"contacts-{n}.csv"
        write_google_csv(csv_file, rows, tag=str(n))
        kill_import(folder, secret, csv_file, rows=rows, rng=rng, tally=tally, max_delay=1.5)
    assert tally.kills == 6


def test_demo_generation_survives_sigkill(tmp_path: Path) -> None:
    rng, tally = random.Random(SEED + 2), KillTally()
    for n in range(4):
        folder = tmp_path / f"data{n}"  # demo data is meant for a journal without it
        new_journal(folder)
        kill_demo(folder, rng, tally, max_delay=2.0)
    assert tally.kills == 4


def test_interrupted_passphrase_change_opens_with_old_or_new(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    secret = new_journal(folder, contacts=400)
    rng, tally = random.Random(SEED + 3), KillTally()
    for n in range(4):
        secret = kill_rekey(folder, secret, f"new passphrase number {n}", rng=rng, tally=tally, max_delay=0.4)
    assert tally.kills == 4
