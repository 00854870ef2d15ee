"""The ``netjournal`` command: the app (no subcommand) and the scripting interface.

Exit status: 0 success, 1 an error the user can act on (one line on stderr), 2 bad usage.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import peewee
import sqlcipher3

from netjournal import __version__
from netjournal.errors import NetJournalError, ValidationError
from netjournal.paths import data_dir as resolve_data_dir
from netjournal.services.datetext import short_date
from netjournal.services.when_text import DUE_EXAMPLES, WHEN_EXAMPLES, parse_due, parse_when

if TYPE_CHECKING:
    from netjournal.security.keystore import KeyStore
    from netjournal.services.journal import Journal
    from netjournal.services.reminders import DueContact

log = logging.getLogger("netjournal")

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad usage: argparse-style message, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


WHO_HELP = "a name, part of one (unique), or the id printed by 'add'"


def _when(text: str) -> datetime:
    """``--when``: an ISO date-time, or what quick entry understands ("yesterday 15:00")."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        try:
            return parse_when(text, datetime.now().astimezone())
        except ValidationError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    return value if value.tzinfo else value.astimezone()


def _due(text: str) -> date | None:
    """``--due``: an ISO date, or what quick entry understands ("friday", "in 2 weeks")."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        try:
            return parse_due(text, datetime.now().astimezone().date())
        except ValidationError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


def build_parser() -> argparse.ArgumentParser:
    from netjournal.storage.models import CHANNELS, CONTACT_KINDS

    parser = _Parser(
        prog="netjournal",
        description="NetJournal: a private, offline journal of your professional relationships.",
        epilog="Without a command, starts the app. Data folder: --data-dir, else "
        "$NETJOURNAL_DATA_DIR, else the platform's user data folder. "
        "$NETJOURNAL_PASSPHRASE supplies the passphrase for automation.",
    )
    parser.add_argument("--version", action="version", version=f"netjournal {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="use the journal in DIR")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="open the quick-entry window (in the running app if there is one)",
    )
    parser.add_argument(
        "--background",
        action="store_true",
        help="start in the system tray without showing the window (used at login)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    sub.add_parser("init", help="create a journal (asks for a passphrase)")

    add = sub.add_parser("add", help="add a contact")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--org", metavar="ORG", default="")
    add.add_argument("--email", metavar="E", action="append", default=[])
    add.add_argument("--kind", choices=CONTACT_KINDS, default="other")
    add.add_argument("--common-ground", metavar="TEXT", default="")
    add.add_argument("--introduced-by", metavar="NAME", help=WHO_HELP)
    add.add_argument("--every", metavar="DAYS", type=_positive, help="keep in touch every DAYS days")

    log_cmd = sub.add_parser("log", help="log a conversation with a contact")
    log_cmd.add_argument("name", metavar="NAME", help=WHO_HELP)
    log_cmd.add_argument("--note", metavar="TEXT", required=True)
    log_cmd.add_argument(
        "--when",
        metavar="WHEN",
        type=_when,
        help=f"when it happened (default now), e.g. {WHEN_EXAMPLES}; ISO 2026-03-01T14:00 works too",
    )
    log_cmd.add_argument("--channel", metavar="CH", choices=CHANNELS, default="meeting")
    log_cmd.add_argument("--follow-up", metavar="TEXT", default="")
    log_cmd.add_argument(
        "--due",
        metavar="DATE",
        type=_due,
        help=f"when the follow-up is due, e.g. {DUE_EXAMPLES}",
    )

    search = sub.add_parser("search", help="search everything")
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--json", action="store_true")

    stats = sub.add_parser("stats", help="counts of every kind of record")
    stats.add_argument("--json", action="store_true")

    sub.add_parser("check", help="integrity check of the journal")

    restore = sub.add_parser(
        "restore-backup", help="put an encrypted backup in place of a damaged journal (which is kept)"
    )
    restore.add_argument(
        "backup", metavar="FILE", nargs="?", help="the backup to restore (default: the latest automatic one)"
    )

    brief = sub.add_parser("brief", help="pre-meeting briefing on one person")
    brief.add_argument("name", metavar="NAME", help=WHO_HELP)

    due = sub.add_parser("due", help="overdue keep-in-touch and follow-ups")
    due.add_argument("--json", action="store_true")

    demo = sub.add_parser("demo", help="fill a journal with realistic sample data")
    demo.add_argument("--contacts", metavar="N", type=_count, default=120)
    demo.add_argument("--conversations", metavar="M", type=_count, default=900)

    _add_import_export_parsers(sub)
    return parser


def _add_import_export_parsers(sub: argparse._SubParsersAction[_Parser]) -> None:
    """``export csv|vcard``, ``import`` and ``backup``."""
    from netjournal.importexport.plan import ImportFormat

    export = sub.add_parser("export", help="export as CSV (everything) or vCard (contacts); not encrypted")
    formats = export.add_subparsers(dest="format", metavar="FORMAT", parser_class=_Parser, required=True)
    csv_cmd = formats.add_parser("csv", help="every record, one CSV file per kind, plus a manifest")
    csv_cmd.add_argument("dest", metavar="DEST", help="a new folder, or a file name ending in .zip")
    csv_cmd.add_argument("--excel", action="store_true", help="add what Excel needs to read UTF-8 (a BOM)")
    vcard_cmd = formats.add_parser("vcard", help="all contacts in one .vcf file (vCard 3.0)")
    vcard_cmd.add_argument("dest", metavar="DEST", help="the .vcf file to write")

    imp = sub.add_parser(
        "import", help="import a NetJournal CSV backup, or contacts from Google, Outlook, LinkedIn, vCard"
    )
    imp.add_argument("file", metavar="FILE", help="a CSV or .vcf file, or a backup folder or .zip")
    imp.add_argument(
        "--from",
        dest="source",
        choices=("auto", *(f.value for f in ImportFormat)),
        default="auto",
        help="what FILE is (default: detected from its content)",
    )
    imp.add_argument(
        "--dry-run", action="store_true", help="show what would be created, merged and skipped; write nothing"
    )

    backup = sub.add_parser("backup", help="encrypted copy of the journal (same passphrase)")
    backup.add_argument("dest", metavar="DEST", help="a new file, or a folder to put it in")


# -- secrets ------------------------------------------------------------------------------
def _keystore() -> KeyStore:
    from netjournal.security.keystore import KeyStore

    return KeyStore()


def _ask_existing() -> str | None:
    if not sys.stdin.isatty():
        return None
    return getpass.getpass("Passphrase (or recovery key): ")


def _ask_new() -> str:
    from netjournal.services.journal import PASSPHRASE_ENV, env_passphrase

    from_env = env_passphrase()
    if from_env is not None:
        return from_env
    if not sys.stdin.isatty():
        raise NetJournalError(f"No passphrase: run 'netjournal init' in a terminal, or set {PASSPHRASE_ENV}.")
    first = getpass.getpass("New passphrase (10+ characters): ")
    second = getpass.getpass("Repeat it: ")
    if first != second:
        raise ValidationError("The two passphrases differ; nothing was created.")
    return first


def _open(folder: Path) -> Journal:
    from netjournal.services.journal import open_journal

    return open_journal(folder, _keystore(), ask=_ask_existing)


# -- commands -----------------------------------------------------------------------------
def cmd_init(args: argparse.Namespace, folder: Path) -> int:
    from netjournal.services.journal import create_journal

    keystore = _keystore()
    journal = create_journal(folder, _ask_new(), keystore)
    try:
        print(f"Created an encrypted journal in {folder}")
        if keystore.available():
            print(
                f"The OS keyring ({keystore.describe()}) remembers its key; "
                "your passphrase always opens it too."
            )
        else:
            print("No OS keyring is available: NetJournal will ask for the passphrase each time.")
        print(
            "Recovery key (keep it somewhere safe, offline; it opens the journal if you "
            "forget the passphrase):"
        )
        print(f"  {journal.recovery_key()}")
    finally:
        journal.close()
    return EXIT_OK


def cmd_add(args: argparse.Namespace, journal: Journal) -> int:
    introducer = None
    if args.introduced_by:
        introducer = journal.contacts.find_by_name(args.introduced_by).uuid
    namesakes = journal.contacts.named(args.name)
    uuid = journal.contacts.create(
        args.name,
        organisation=args.org,
        emails=args.email,
        kind=args.kind,
        common_ground=args.common_ground,
        introduced_by=introducer,
        keep_in_touch_days=args.every,
    )
    print(f"Added {args.name.strip()} ({uuid})")
    if namesakes:
        others = "; ".join(
            f"{c.name}{f' ({c.organisation})' if c.organisation else ''} — id {c.uuid}" for c in namesakes
        )
        print(
            f"Note: the journal already had {len(namesakes)} contact(s) of that name: {others}. "
            "Give 'log' and 'brief' the id to choose one.",
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_log(args: argparse.Namespace, journal: Journal) -> int:
    if args.due and not args.follow_up:
        raise UsageError("--due needs --follow-up")
    if not args.note.strip():
        raise UsageError("--note needs some text: what was said")
    contact = journal.contacts.find_by_name(args.name)
    journal.conversations.log(
        [contact.uuid],
        args.note,
        occurred_at=args.when,
        channel=args.channel,
        follow_up=args.follow_up,
        follow_up_due=args.due,
    )
    print(f"Logged a {args.channel} with {contact.name}")
    return EXIT_OK


def _plain(snippet: str) -> str:
    from netjournal.services.records import HIT_END, HIT_START

    return " ".join(snippet.replace(HIT_START, "[").replace(HIT_END, "]").split())


def cmd_search(args: argparse.Namespace, journal: Journal) -> int:
    hits = journal.search.search(args.query)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "kind": h.kind,
                        "uuid": h.uuid,
                        "title": h.title,
                        "subtitle": h.subtitle,
                        "snippet": _plain(h.snippet),
                        "contact_uuid": h.contact_uuid,
                    }
                    for h in hits
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    if not hits:
        print(f"Nothing matches '{args.query}'.")
        return EXIT_OK
    for hit in hits:
        subtitle = f" — {hit.subtitle}" if hit.subtitle else ""
        print(f"[{hit.kind}] {hit.title}{subtitle}")
        if hit.snippet.strip():
            print(f"    {_plain(hit.snippet)}")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace, journal: Journal) -> int:
    counts = journal.stats()
    if args.json:
        print(json.dumps(counts))
    else:
        width = max(len(k) for k in counts)
        for key, value in counts.items():
            print(f"{key.replace('_', '-'):<{width}}  {value:>8,}")
    return EXIT_OK


def cmd_due(args: argparse.Namespace, journal: Journal) -> int:
    report = journal.reminders.due()
    if args.json:
        print(report.to_json())
        return EXIT_OK

    def when(day: date) -> str:
        delta = (day - report.today).days
        if delta == 0:
            return "today"
        if delta < 0:
            return f"{-delta} day{'s' if delta != -1 else ''} overdue"
        return f"in {delta} day{'s' if delta != 1 else ''}"

    def section(title: str, lines: list[str]) -> None:
        if lines:
            print(title)
            for line in lines:
                print(f"  {line}")

    follow = [*report.overdue_follow_ups, *report.follow_ups_due_today]
    section(
        "Follow-ups due:", [f"{f.what} — {f.contact.name} ({when(f.due_on)})" for f in follow if f.due_on]
    )

    def last_seen(item: DueContact) -> str:
        if item.last_contact_at is None:
            return "never contacted"
        return f"last {short_date(item.last_contact_at, report.today)}"

    section(
        "Get back in touch with:",
        [
            f"{c.contact.name}{f' ({c.organisation})' if c.organisation else ''} — {last_seen(c)}, "
            f"every {c.cadence_days} days, {when(c.due_on)}"
            for c in report.overdue_contacts
        ],
    )
    section(
        "Coming up this week:",
        [f"{f.what} — {f.contact.name} ({when(f.due_on)})" for f in report.upcoming_follow_ups if f.due_on]
        + [f"{c.contact.name} ({when(c.due_on)})" for c in report.upcoming_contacts],
    )
    section("Open, no date set:", [f"{f.what} — {f.contact.name}" for f in report.undated_follow_ups])
    plan = journal.intermediaries.availability_refresh()
    refresh = plan.people if plan is not None and plan.is_due else ()
    if plan is not None and refresh:
        section(
            plan.summary(),
            [
                f"{p.contact.name}{f' ({p.organisation})' if p.organisation else ''} — "
                + (
                    f"availability last sent {short_date(p.last_availability_on, report.today)}"
                    if p.last_availability_on
                    else "never sent your availability"
                )
                for p in refresh
            ],
        )
    shown = (
        follow,
        report.overdue_contacts,
        report.upcoming_follow_ups,
        report.upcoming_contacts,
        report.undated_follow_ups,
        refresh,
    )
    if not any(shown):
        print("Nothing due." if report.without_rhythm else "Nothing due. Well kept!")
    if report.without_rhythm:
        people = "1 person has" if report.without_rhythm == 1 else f"{report.without_rhythm:,} people have"
        print(
            f"{people} no keep-in-touch rhythm, so they are never due: give them a kind or a "
            "rhythm in the app (on their card, or per kind in Preferences)."
        )
    return EXIT_OK


def cmd_brief(args: argparse.Namespace, journal: Journal) -> int:
    from netjournal.services.brief import render_text

    contact = journal.contacts.find_by_name(args.name)
    print(render_text(journal.briefs.brief(contact.uuid)), end="")
    return EXIT_OK


def cmd_check(args: argparse.Namespace, journal: Journal) -> int:
    report = journal.check()
    for name, ok, detail in report.lines:
        print(f"{'ok  ' if ok else 'FAIL'}  {name}: {detail}")
    if not report.ok:
        from netjournal.services.integrity import backup_hint

        hint = backup_hint(journal.data_dir) or "Restore it from a backup (see the README)."
        print(f"netjournal: the journal has problems. {hint}", file=sys.stderr)
        return EXIT_ERROR
    print("The journal is intact.")
    return EXIT_OK


def cmd_restore_backup(args: argparse.Namespace, folder: Path) -> int:
    from netjournal.services.integrity import restore_backup

    result = restore_backup(folder, Path(args.backup) if args.backup else None)
    print(f"Restored {result.restored_from.name} as the journal in {folder}.")
    if result.kept_in is not None:
        print(f"The previous journal files are kept in {result.kept_in}.")
    print("Run 'netjournal check' to confirm it is intact.")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, journal: Journal) -> int:
    import time

    from netjournal.services.demo import generate_demo

    started = time.perf_counter()
    counts = generate_demo(journal, args.contacts, args.conversations, progress=_progress)
    _end_progress()
    elapsed = time.perf_counter() - started
    print(
        f"Demo data added in {elapsed:.1f} s: {counts['contacts']:,} contacts, "
        f"{counts['conversations']:,} conversations, {counts['organisations']:,} organisations."
    )
    return EXIT_OK


def _progress(done: int, total: int) -> None:
    """A running count on stderr when it is a terminal (scripts and pipes see nothing)."""
    if sys.stderr.isatty():
        print(f"\r{done:,}/{total:,}", end="", file=sys.stderr, flush=True)


def _end_progress() -> None:
    if sys.stderr.isatty():
        print(file=sys.stderr)


def cmd_export(args: argparse.Namespace, journal: Journal) -> int:
    from netjournal.importexport.destinations import plaintext_warning
    from netjournal.importexport.plan import kind_words

    if args.format == "csv":
        from netjournal.importexport.backup_csv import export_csv

        result = export_csv(journal, Path(args.dest), excel=args.excel, progress=_progress)
    else:
        from netjournal.importexport.vcard import export_vcard

        result = export_vcard(journal, Path(args.dest), progress=_progress)
    _end_progress()
    counts = ", ".join(f"{n:,} {kind_words(kind)}" for kind, n in result.counts.items())
    print(f"Exported {counts} to {result.path}")
    print(f"netjournal: warning: {plaintext_warning(result.path)}", file=sys.stderr)
    return EXIT_OK


def cmd_import(args: argparse.Namespace, journal: Journal) -> int:
    from netjournal.importexport.importer import apply_import, prepare_import

    plan = prepare_import(journal, Path(args.file), args.source, progress=_progress)
    _end_progress()
    if not args.dry_run:
        plan = apply_import(journal, plan, progress=_progress)
        _end_progress()
    for line in plan.report_lines(limit=50):
        print(line)
    if args.dry_run:
        print("Dry run: nothing was written.")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace, journal: Journal) -> int:
    from netjournal.importexport.encrypted_backup import backup_journal

    path = backup_journal(journal, args.dest)  # a str: a trailing / means a folder
    print(f"Encrypted backup written to {path}; it opens with the journal's passphrase or recovery key.")
    return EXIT_OK


JOURNAL_COMMANDS: dict[str, Callable[[argparse.Namespace, Journal], int]] = {
    "add": cmd_add,
    "log": cmd_log,
    "search": cmd_search,
    "stats": cmd_stats,
    "check": cmd_check,
    "brief": cmd_brief,
    "due": cmd_due,
    "demo": cmd_demo,
    "export": cmd_export,
    "import": cmd_import,
    "backup": cmd_backup,
}


def _configure_logging() -> None:
    logging.basicConfig(level=logging.WARNING, format="netjournal: %(levelname)s: %(message)s")


def _with_backup_hint(message: str, error: BaseException, folder: Path) -> str:
    """For a damaged journal, add how to restore the latest automatic backup (if there is one)."""
    from netjournal.errors import DamagedJournalError

    if not isinstance(error, DamagedJournalError | peewee.DatabaseError | sqlcipher3.DatabaseError):
        return message
    from netjournal.services.integrity import backup_hint

    hint = backup_hint(folder) or "run 'netjournal check', and restore it from a backup."
    return f"{message} {hint}"


def main(argv: Sequence[str] | None = None) -> int:
    _configure_logging()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from netjournal.ui.single_instance import hand_over, server_name

        # A running instance takes the request (before any widget code loads): start-up stays fast.
        request = "quick" if args.quick else "background" if args.background else "show"
        if hand_over(server_name(resolve_data_dir(args.data_dir)), request):
            return EXIT_OK
        from netjournal.ui.app import run_app

        return run_app(args)
    folder = resolve_data_dir(args.data_dir)
    try:
        if args.command == "init":
            return cmd_init(args, folder)
        if args.command == "restore-backup":
            return cmd_restore_backup(args, folder)
        if args.command == "demo":
            from netjournal.services.journal import journal_exists

            if not journal_exists(folder):
                # The demo journal is created on the spot when there is none yet.
                cmd_init(args, folder)
        journal = _open(folder)
        try:
            return JOURNAL_COMMANDS[args.command](args, journal)
        finally:
            journal.close()
    except UsageError as exc:
        parser.exit(EXIT_USAGE, f"netjournal: error: {exc}\n")
    except NetJournalError as exc:
        print(f"netjournal: {_with_backup_hint(str(exc), exc, folder)}", file=sys.stderr)
        return EXIT_ERROR
    except peewee.IntegrityError:  # a constraint we broke is our bug, not damage to the file
        log.critical("unexpected error (a bug; please report it)", exc_info=True)
        return EXIT_ERROR
    except (peewee.DatabaseError, sqlcipher3.DatabaseError) as exc:
        if isinstance(exc, peewee.OperationalError | sqlcipher3.OperationalError) and "locked" in str(exc):
            # Another process held the journal longer than the busy timeout: busy, not damaged.
            print(
                f"netjournal: the journal in {folder} is busy: another program kept it locked for "
                "too long. Nothing was changed; try again once it has finished.",
                file=sys.stderr,
            )
            return EXIT_ERROR
        message = f"the journal in {folder} is damaged ({exc})."
        print(f"netjournal: {_with_backup_hint(message, exc, folder)}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("netjournal: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into `head` and friends: stop quietly, like other command-line tools.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception:  # a bug: keep the traceback for the report
        log.critical("unexpected error (a bug; please report it)", exc_info=True)
        return EXIT_ERROR
    return EXIT_OK


def gui_main() -> int:
    """Entry point of the desktop launcher (gui-script: no console window on Windows)."""
    return main(sys.argv[1:])
