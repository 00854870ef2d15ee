"""The process the kill tests start and SIGKILL: it writes through the services and says what it
has committed, one line per commit on stdout (flushed before the next write starts).

    python child.py edits  DATA_DIR RECOVERY_KEY
    python child.py import DATA_DIR RECOVERY_KEY CSV_FILE
    python child.py rekey  DATA_DIR RECOVERY_KEY NEW_PASSPHRASE
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from netjournal.services.journal import open_with_secret


def say(*words: object) -> None:
    """One whole line in one write(2), so a kill never leaves half a line behind.

    (``print`` writes each word separately when PYTHONUNBUFFERED is set, as it is in CI.)
    """
    os.write(sys.stdout.fileno(), (" ".join(map(str, words)) + "\n").encode())


def edits(data_dir: Path, secret: str) -> None:
    journal = open_with_secret(data_dir, secret)
    say("ready")
    n = 0
    while True:
        n += 1
        uuid = journal.contacts.create(f"Kill test {n}", notes=f"first version {n} " * 30)
        say("contact", uuid)
        conv = journal.conversations.log(
            [uuid], f"conversation {n} " + "words " * 150, follow_up=f"promise {n}"
        )
        say("conversation", conv, uuid)
        journal.contacts.update(uuid, notes=f"second version {n}")
        say("updated", uuid, n)


def import_csv(data_dir: Path, secret: str, csv_file: Path) -> None:
    from netjournal.importexport.importer import apply_import, prepare_import
    from netjournal.importexport.plan import Action

    journal = open_with_secret(data_dir, secret)
    plan = prepare_import(journal, csv_file)
    say("ready")
    applied = apply_import(journal, plan)
    say("imported", applied.count(Action.CREATE, "contacts"))


def rekey(data_dir: Path, secret: str, new_passphrase: str) -> None:
    journal = open_with_secret(data_dir, secret)
    say("ready")
    journal.change_passphrase(new_passphrase)
    say("rekeyed")


if __name__ == "__main__":
    scenario, folder, key, *rest = sys.argv[1:]
    if scenario == "edits":
        edits(Path(folder), key)
    elif scenario == "import":
        import_csv(Path(folder), key, Path(rest[0]))
    elif scenario == "rekey":
        rekey(Path(folder), key, rest[0])
    else:
        raise SystemExit(f"unknown scenario {scenario}")
