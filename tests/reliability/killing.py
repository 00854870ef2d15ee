"""Start a writer process, SIGKILL it at a random moment, reopen and check what survived.

Used by ``test_sigkill.py`` (a short run in the suite) and ``tests/benchmarks/kill_loop.py``
(as many kills as you like, on demand).
"""

from __future__ import annotations

import csv
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from netjournal.security.keystore import KeyStore
from netjournal.services.journal import Journal, create_journal, open_with_secret

CHILD = Path(__file__).with_name("child.py")
PASSPHRASE = "correct horse battery staple"
GOOGLE_HEADER = ["First Name", "Last Name", "Organization Name", "E-mail 1 - Value", "Notes"]


@dataclass
class KillTally:
    """What a kill loop did: kills, and how many of them hit mid-operation."""

    kills: int = 0
    mid_operation: int = 0
    committed_seen: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def new_journal(folder: Path, contacts: int = 3) -> str:
    """A closed journal with a few contacts; returns its recovery key (opens without KDF)."""
    journal = create_journal(folder, PASSPHRASE, KeyStore())
    try:
        for n in range(contacts):
            journal.contacts.create(f"Before {n}")
        return journal.recovery_key()
    finally:
        journal.close()


@contextmanager
def reopened(folder: Path, secret: str) -> Iterator[Journal]:
    journal = open_with_secret(folder, secret)
    try:
        report = journal.check()
        assert report.ok, report.lines
        yield journal
    finally:
        journal.close()


def run_and_kill(args: list[str], delay: float, *, command: list[str] | None = None) -> list[list[str]]:
    """Start the child (or ``command``), sleep ``delay``, SIGKILL it; the lines it printed.

    The child is timed from its "ready" line (after start-up and opening the journal);
    a ``command`` is timed from its start.
    """
    env = {k: v for k, v in os.environ.items() if k != "NETJOURNAL_PASSPHRASE"}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    if command is not None:
        env["NETJOURNAL_PASSPHRASE"] = PASSPHRASE
    argv = command if command is not None else [sys.executable, str(CHILD), *args]
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        if command is None:
            first = proc.stdout.readline().strip()
            if first != b"ready":
                proc.kill()
                raise AssertionError(f"child did not start: {first!r} {proc.communicate()[1]!r}")
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        # Read through the same buffered reader as readline() above: communicate() reads the
        # raw pipe and would drop whatever readline() had already read ahead.
        out = proc.stdout.read().decode()
        err = proc.stderr.read().decode()
        proc.wait(timeout=30)
    assert proc.returncode in (-signal.SIGKILL, 0), err
    # A line the kill cut short (no newline yet) was never reported as committed.
    complete = out.split("\n")[:-1]
    return [line.split() for line in complete if line.strip()]


def kill_edits(
    folder: Path, secret: str, rng: random.Random, tally: KillTally, max_delay: float = 0.6
) -> None:
    """Kill a stream of create/log/update commits; every reported commit must be there, whole."""
    lines = run_and_kill(["edits", str(folder), secret], rng.uniform(0.0, max_delay))
    tally.kills += 1
    tally.mid_operation += 1  # the child writes without pause: every kill lands in a write
    with reopened(folder, secret) as journal:
        for line in lines:
            tally.committed_seen += 1
            if line[0] == "contact":
                assert journal.contacts.get(line[1]).name.startswith("Kill test")
            elif line[0] == "conversation":
                conv = journal.conversations.get(line[1])
                assert [p.uuid for p in conv.participants] == [line[2]]
                assert len(conv.follow_ups) == 1
            elif line[0] == "updated":
                assert journal.contacts.get(line[1]).notes == f"second version {line[2]}"
        # Whatever was committed without being reported yet must still be whole.
        for contact in journal.contacts.list():
            if contact.name.startswith("Kill test"):
                for conv in journal.conversations.timeline(contact.uuid):
                    assert len(conv.follow_ups) == 1


def write_google_csv(path: Path, rows: int, tag: str) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(GOOGLE_HEADER)
        for n in range(rows):
            writer.writerow(
                [f"Imported{tag}", f"Person{n}", f"Org {n % 50}", f"p{n}.{tag}@example.com", "n " * 40]
            )


def kill_import(
    folder: Path,
    secret: str,
    csv_file: Path,
    *,
    rows: int,
    rng: random.Random,
    tally: KillTally,
    max_delay: float,
) -> None:
    """Kill a one-transaction import; afterwards it is there completely or not at all."""
    with reopened(folder, secret) as journal:
        before = journal.stats()["contacts"]
    lines = run_and_kill(["import", str(folder), secret, str(csv_file)], rng.uniform(0.0, max_delay))
    tally.kills += 1
    done = any(line[0] == "imported" for line in lines)
    with reopened(folder, secret) as journal:
        after = journal.stats()["contacts"]
    if done:
        assert after == before + rows
    else:
        tally.mid_operation += 1
        assert after in (before, before + rows), f"half an import: {before} -> {after}"
        if after == before + rows:
            tally.notes.append("import committed before its report was printed")


def kill_rekey(
    folder: Path, secret: str, new: str, *, rng: random.Random, tally: KillTally, max_delay: float
) -> str:
    """Kill a change of passphrase to ``new``; the journal opens with the old secret or ``new``.

    Returns the secret that opens it now.
    """
    lines = run_and_kill(["rekey", str(folder), secret, new], rng.uniform(0.0, max_delay))
    tally.kills += 1
    done = any(line[0] == "rekeyed" for line in lines)
    if not done:
        tally.mid_operation += 1
    from netjournal.errors import WrongPassphraseError

    try:
        with reopened(folder, new) as journal:
            journal.stats()
        return new
    except WrongPassphraseError:
        assert not done, "the rekey was reported done but the new passphrase does not open it"
    with reopened(folder, secret) as journal:
        journal.stats()
    return secret


def kill_demo(folder: Path, rng: random.Random, tally: KillTally, max_delay: float) -> None:
    """Kill ``netjournal demo`` (the real command); the journal checks out and keeps what it had."""
    with reopened(folder, PASSPHRASE) as journal:
        before = journal.stats()
    command = [sys.executable, "-m", "netjournal", "--data-dir", str(folder), "demo"]
    command += ["--contacts", "200", "--conversations", "2000"]
    lines = run_and_kill([], rng.uniform(0.0, max_delay), command=command)
    tally.kills += 1
    if not any(line and line[0] == "Demo" for line in lines):
        tally.mid_operation += 1
    with reopened(folder, PASSPHRASE) as journal:
        after = journal.stats()
        # One transaction: all 200 demo contacts or none of them.
        assert after["contacts"] in (before["contacts"], before["contacts"] + 200), (before, after)
        assert all(after[kind] >= before[kind] for kind in before), (before, after)
        names = {c.name for c in journal.contacts.list()}
        assert {f"Before {n}" for n in range(3)} <= names
