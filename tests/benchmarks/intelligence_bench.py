"""Timings of the networking-intelligence services on an existing (demo) journal.

    NETJOURNAL_PASSPHRASE=... python -m tests.benchmarks.intelligence_bench DATA_DIR [--repeat 5]

Make the journal first, e.g. ``netjournal --data-dir DATA_DIR demo --contacts 10000
--conversations 100000``. Prints the median wall time of each call; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from netjournal.services.brief import render_html, render_text
from netjournal.services.journal import open_with_secret


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    journal = open_with_secret(args.data_dir, os.environ["NETJOURNAL_PASSPHRASE"])
    try:
        # The busiest contact (500 conversations in the demo) is the worst case for a brief.
        (busiest_uuid,) = journal.db.execute_sql(
            "SELECT c.uuid FROM participant p JOIN contact c ON c.id = p.contact_id "
            "GROUP BY p.contact_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        busiest = journal.contacts.summary(busiest_uuid)
        taker = journal.give_take.balances(limit=1)
        taker_uuid = taker[0].contact.uuid if taker else busiest.uuid
        org = next((o.name for o in journal.organisations.list(kind="company")), "Helios Energy")
        calls: dict[str, Callable[[], object]] = {
            "give_take.for_contact": lambda: journal.give_take.for_contact(taker_uuid),
            "give_take.balances": journal.give_take.balances,
            "work.report": journal.work.report,
            "work.sources": journal.work.sources,
            "work.events": journal.work.events,
            "intermediaries.overview": journal.intermediaries.overview,
            "intermediaries.availability_reminders": journal.intermediaries.availability_reminders,
            f"intro_paths.who_can_introduce({org!r})": lambda: journal.intro_paths.who_can_introduce(org),
            "intro_paths.who_can_introduce(person)": lambda: journal.intro_paths.who_can_introduce(
                busiest.name
            ),
            "briefs.brief (+ text + html)": lambda: (
                render_text(b := journal.briefs.brief(busiest.uuid)),
                render_html(b),
            ),
            "insights.dashboard": journal.insights.dashboard,
            "reminders.due (for reference)": journal.reminders.due,
        }
        stats = journal.stats()
        print(f"{stats['contacts']:,} contacts, {stats['conversations']:,} conversations")
        for name, call in calls.items():
            print(f"{name:<55} {median_ms(call, args.repeat):8.1f} ms")
    finally:
        journal.close()


if __name__ == "__main__":
    main()
