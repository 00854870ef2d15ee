"""Key-derivation cost at open: passphrase (PBKDF2, 256k iterations) vs the remembered raw key.

    python tests/benchmarks/kdf_bench.py [--repeat 9]

Prints the median time to open the journal and read one row, each way, and their ratio.
This is why the keyring keeps the derived raw key rather than the passphrase.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from netjournal.security.keys import derive_key, read_salt
from netjournal.services.journal import create_journal
from netjournal.storage.database import open_database, read_header

PASSPHRASE = "benchmark passphrase 42"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "journal"
        journal = create_journal(folder, PASSPHRASE)
        journal.contacts.create("Benchmark Person")
        journal.close()
        path = journal.path
        salt = read_salt(read_header(path))
        raw = derive_key(PASSPHRASE, salt)

        def with_passphrase() -> None:
            db = open_database(path, derive_key(PASSPHRASE, salt))
            db.execute_sql("SELECT count(*) FROM contact").fetchone()
            db.close()

        def with_raw_key() -> None:
            db = open_database(path, raw)
            db.execute_sql("SELECT count(*) FROM contact").fetchone()
            db.close()

        results = {}
        for name, fn in (("passphrase", with_passphrase), ("raw key", with_raw_key)):
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                fn()
                times.append(time.perf_counter() - started)
            results[name] = statistics.median(times) * 1000
        for name, ms in results.items():
            print(f"open with {name:<10}  median {ms:8.2f} ms  ({args.repeat} runs)")
        print(f"ratio passphrase / raw key: {results['passphrase'] / results['raw key']:.0f}x")


if __name__ == "__main__":
    main()
