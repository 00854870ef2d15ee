"""The performance budgets of DESIGN.md, measured on a demo journal of any size.

    python tests/benchmarks/bench.py --contacts 10000 --conversations 100000 [--json] [--repeat K]

Builds a demo journal in a temporary folder (timed and reported, not a budget), then measures
each figure as the median of ``--repeat`` runs (search: percentiles over every keystroke of 50
queries, median over the runs) and prints a table, or one JSON object with ``--json``:

- ``cold_start_s``: new process (the app's own entry point, offscreen, bytecode compiled as an
  installed app has it) to main window shown and idle (``cold_start_child.py``); the app then
  quits by itself (``NETJOURNAL_SMOKE_TEST=1``), untimed. A normal start: the key comes from
  the keyring (a scratch backend, ``bench_keyring.py``). Also reported:
  ``cold_start_passphrase_s``, the same with ``NETJOURNAL_PASSPHRASE`` (key derivation included).
- ``quick_entry_show_ms``: ``NetJournalApp.show_quick_entry()`` to the window painted, app running.
- ``search_p50_ms`` / ``search_p95_ms``: keystroke in the main window's search field to the
  results model updated and painted, over 50 realistic queries typed character by character.
- ``open_contact_ms``: the contact with the most conversations (500 at 10k/100k) selected to
  card and timeline painted.
- ``export_csv_s`` / ``import_csv_s``: full CSV export; its import into an empty journal.
- ``rss_mb``: resident memory of the app process (the one that did the above), journal open.
- ``encryption_overhead_ratio``: a service-level workload (searches, contact opens, inserts) on
  the journal divided by the same on an unencrypted SQLite copy of it.
- ``search_vs_raw_fts_ratio``: ``search_p50_ms`` divided by the median of bare stdlib-``sqlite3``
  FTS5 queries returning the same rows (no snippets, joins or UI) on the unencrypted copy.

The GUI measurements run in a child process of their own (a fresh app, as a user would have
it) so the memory figure is the app's, not this orchestrator's. Nothing here asserts a budget;
``tests/benchmarks/test_bench_smoke.py`` runs it at a tiny size to keep it working.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script: make `netjournal` and `tests` importable
    sys.path.insert(0, str(ROOT))

PASSPHRASE = "benchmark passphrase 1"
KEYS = (
    "cold_start_s",
    "quick_entry_show_ms",
    "search_p50_ms",
    "search_p95_ms",
    "open_contact_ms",
    "export_csv_s",
    "import_csv_s",
    "rss_mb",
    "encryption_overhead_ratio",
    "search_vs_raw_fts_ratio",
)
# (key, budget, unit) — DESIGN.md; None: measured and reported, no budget.
BUDGETS: dict[str, float | None] = {
    "cold_start_s": 1.5,
    "quick_entry_show_ms": 150,
    "search_p50_ms": None,
    "search_p95_ms": 50,
    "open_contact_ms": 100,
    "export_csv_s": 5,
    "import_csv_s": 20,
    "rss_mb": 250,
    "encryption_overhead_ratio": 1.5,
    "search_vs_raw_fts_ratio": None,
}
UI_CHILD = "--ui-child"
CHILD_TIMEOUT_S = 300


def child_env(scratch: Path) -> dict[str, str]:
    """The environment of an app process: offscreen, passphrase from the environment, no
    keyring, settings in a throwaway folder (never the developer's), and compiled bytecode
    kept between runs (in the scratch folder) as an installed app has it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETJOURNAL_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        NETJOURNAL_PASSPHRASE=PASSPHRASE,
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        PYTHONPYCACHEPREFIX=str(scratch / "pycache"),
        XDG_CONFIG_HOME=str(scratch / "config"),
        XDG_CACHE_HOME=str(scratch / "cache"),
        XDG_STATE_HOME=str(scratch / "state"),
        PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p),
    )
    return env


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (``pct`` in 0..100)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def machine_description() -> str:
    """CPU model and count, memory, OS, Python, SQLCipher and Qt versions."""
    cpu = platform.processor() or platform.machine()
    memory = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f", {int(line.split()[1]) / 1024 / 1024:.1f} GiB RAM"
                break
    except OSError:
        pass
    import sqlcipher3

    conn = sqlcipher3.connect(":memory:")
    cipher = conn.execute("PRAGMA cipher_version").fetchone()[0]
    conn.close()
    try:
        from importlib.metadata import version

        qt = f", PySide6 {version('PySide6-Essentials')}"
    except Exception:  # not installed under that name: leave it out
        qt = ""
    load = f", load average {os.getloadavg()[0]:.2f} at start" if hasattr(os, "getloadavg") else ""
    return (
        f"{cpu} ({os.cpu_count()} logical CPUs{memory}); {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, SQLCipher {cipher}{qt}{load}"
    )


# -- the orchestrator (no Qt in this process) ------------------------------------------------
def build_journal(folder: Path, contacts: int, conversations: int) -> float:
    """Create the demo journal; returns how long it took in seconds."""
    from netjournal.services.demo import generate_demo
    from netjournal.services.journal import create_journal

    started = time.perf_counter()
    journal = create_journal(folder, PASSPHRASE)
    try:
        generate_demo(journal, contacts=contacts, conversations=conversations)
    finally:
        journal.close()
    return time.perf_counter() - started


def cold_start_s(folder: Path, scratch: Path, repeat: int) -> tuple[list[float], list[float]]:
    """New process to main window shown and idle, as ``netjournal --data-dir DIR`` starts:
    (with the key the keyring remembers, with ``NETJOURNAL_PASSPHRASE``) — seconds per run.

    The child (cold_start_child.py) runs the app's own entry point and prints READY on the
    first idle pass after the window is shown; NETJOURNAL_SMOKE_TEST=1 then makes the app
    quit, which is not timed. A first, untimed start compiles the bytecode (as installing
    does) and lets the keyring remember the key (as the first start with a passphrase does).
    """
    env = child_env(scratch)
    env.update(
        NETJOURNAL_SMOKE_TEST="1",
        PYTHON_KEYRING_BACKEND="tests.benchmarks.bench_keyring.ScratchKeyring",
        BENCH_KEYRING_FILE=str(scratch / "keyring.json"),
    )
    remembered = {k: v for k, v in env.items() if k != "NETJOURNAL_PASSPHRASE"}
    start_once(folder, scratch, env)
    by_keyring = [start_once(folder, scratch, remembered) for _ in range(repeat)]
    by_passphrase = [start_once(folder, scratch, env) for _ in range(repeat)]
    return by_keyring, by_passphrase


def start_once(folder: Path, scratch: Path, env: dict[str, str]) -> float:
    """One cold start (see :func:`cold_start_s`); seconds to READY."""
    command = [sys.executable, str(Path(__file__).with_name("cold_start_child.py")), str(folder)]
    log = scratch / "cold-start.log"
    with log.open("w") as errors:
        started = time.perf_counter()
        with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=errors, text=True) as child:
            assert child.stdout is not None
            ready = None
            for line in child.stdout:
                if line.strip() == "READY" and ready is None:
                    ready = time.perf_counter() - started
            status = child.wait(timeout=CHILD_TIMEOUT_S)
    if status != 0 or ready is None:
        detail = log.read_text(errors="replace").strip()[-2000:]
        raise SystemExit(f"cold start failed (exit status {status}): {detail}")
    return ready


def ui_figures(folder: Path, scratch: Path, repeat: int) -> dict[str, Any]:
    """Run the GUI measurements in a fresh app process; its JSON answer."""
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), UI_CHILD, str(folder), "--repeat", str(repeat)],
        env=child_env(scratch),
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_S * max(1, repeat),
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"GUI measurements failed ({result.returncode}): {result.stderr.strip()[-3000:]}")
    answer: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return answer


def export_import_s(folder: Path, scratch: Path, repeat: int) -> tuple[list[float], list[float]]:
    """Full CSV export of the journal, and import of it into a new empty journal."""
    from netjournal.importexport.backup_csv import export_csv
    from netjournal.importexport.importer import import_file
    from netjournal.services.journal import create_journal, open_with_secret

    exports, imports = [], []
    journal = open_with_secret(folder, PASSPHRASE)
    try:
        for run in range(repeat):
            dest = scratch / f"export-{run}"
            started = time.perf_counter()
            export_csv(journal, dest)
            exports.append(time.perf_counter() - started)
    finally:
        journal.close()
    for run in range(repeat):
        fresh = create_journal(scratch / f"imported-{run}", PASSPHRASE)  # key derivation: not timed
        try:
            started = time.perf_counter()
            import_file(fresh, scratch / f"export-{run}")
            imports.append(time.perf_counter() - started)
        finally:
            fresh.close()
    return exports, imports


def overhead_and_floor(
    folder: Path, scratch: Path, repeat: int, keystrokes: list[str]
) -> tuple[list[float], list[float], list[float]]:
    """Workload seconds (encrypted, plain) per run, and the raw-FTS ms for every keystroke."""
    from netjournal.services.journal import open_with_secret
    from tests.benchmarks.service_bench import (
        busiest_contact,
        export_plain_copy,
        open_plain,
        raw_fts_latencies_ms,
        workload,
    )

    encrypted = open_with_secret(folder, PASSPHRASE)
    plain_path = scratch / "plain-copy.db"
    try:
        export_plain_copy(encrypted, plain_path)
        plain = open_plain(plain_path, encrypted.clock)
        try:
            uuids = [busiest_contact(encrypted)[0]]
            uuids += [s.uuid for s in encrypted.contacts.list(sort="name", limit=199)]
            workload(encrypted, uuids, rounds=1)  # warm both caches the same way
            workload(plain, uuids, rounds=1)
            enc_times, plain_times = [], []
            for _ in range(repeat):
                enc_times.append(workload(encrypted, uuids))
                plain_times.append(workload(plain, uuids))
        finally:
            plain.close()
        floor = raw_fts_latencies_ms(plain_path, keystrokes)
    finally:
        encrypted.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{plain_path}{suffix}").unlink(missing_ok=True)
    return enc_times, plain_times, floor


@contextmanager
def stage(label: str, quiet: bool) -> Iterator[None]:
    started = time.perf_counter()
    if not quiet:
        print(f"  {label} ...", end="", flush=True, file=sys.stderr)
    yield
    if not quiet:
        print(f" {time.perf_counter() - started:.1f} s", flush=True, file=sys.stderr)


def run(contacts: int, conversations: int, repeat: int, quiet: bool) -> dict[str, Any]:
    from tests.benchmarks.queries import all_keystrokes

    figures: dict[str, Any] = {}
    machine = machine_description()  # before the run: the load average is the machine's own
    with tempfile.TemporaryDirectory(prefix="nj-bench-") as tmp:
        scratch = Path(tmp)
        folder = scratch / "journal"
        size = f"{contacts:,} contacts, {conversations:,} conversations"
        with stage(f"building a demo journal ({size})", quiet):
            build_s = time.perf_counter()
            build_journal(folder, contacts, conversations)
            build_s = time.perf_counter() - build_s
        with stage("cold start", quiet):
            cold, cold_passphrase = cold_start_s(folder, scratch, repeat)
        with stage("quick entry, search, open contact, memory (app process)", quiet):
            ui = ui_figures(folder, scratch, repeat)
        with stage("CSV export and import", quiet):
            exports, imports = export_import_s(folder, scratch, repeat)
        with stage("encrypted vs plain SQLite, bare FTS5 floor", quiet):
            enc, plain, floor = overhead_and_floor(folder, scratch, repeat, all_keystrokes())
    floor_p50 = statistics.median(floor)
    figures.update(
        cold_start_s=statistics.median(cold),
        quick_entry_show_ms=ui["quick_entry_show_ms"],
        search_p50_ms=ui["search_p50_ms"],
        search_p95_ms=ui["search_p95_ms"],
        open_contact_ms=ui["open_contact_ms"],
        export_csv_s=statistics.median(exports),
        import_csv_s=statistics.median(imports),
        rss_mb=ui["rss_mb"],
        encryption_overhead_ratio=statistics.median(enc) / statistics.median(plain),
        search_vs_raw_fts_ratio=ui["search_p50_ms"] / floor_p50 if floor_p50 > 0 else float("inf"),
    )
    figures = {k: round(float(figures[k]), 3) for k in KEYS}
    figures.update(
        build_s=round(build_s, 1),
        cold_start_passphrase_s=round(statistics.median(cold_passphrase), 3),
        contacts=contacts,
        conversations=conversations,
        repeat=repeat,
        raw_fts_p50_ms=round(floor_p50, 3),
        busiest_contact_conversations=ui["busiest_contact_conversations"],
        quick_entry_first_show_ms=ui["quick_entry_first_show_ms"],
        machine=machine,
    )
    return figures


def print_table(figures: dict[str, Any]) -> None:
    print(
        f"NetJournal benchmark: {figures['contacts']:,} contacts, {figures['conversations']:,} "
        f"conversations, medians of {figures['repeat']} run(s)"
    )
    print(f"machine: {figures['machine']}")
    print(f"demo journal built in {figures['build_s']:.1f} s (not a budget)\n")
    print(f"{'figure':<28}{'measured':>12}{'budget':>10}  verdict")
    for key in KEYS:
        value, budget = figures[key], BUDGETS[key]
        verdict = "-" if budget is None else ("held" if value <= budget else "OVER BUDGET")
        shown_budget = "" if budget is None else f"≤ {budget:g}"
        print(f"{key:<28}{value:>12.2f}{shown_budget:>10}  {verdict}")
    print(
        "\ncold start with NETJOURNAL_PASSPHRASE (key derivation): "
        f"{figures['cold_start_passphrase_s']:.2f} s; "
        f"quick entry, first show: {figures['quick_entry_first_show_ms']:.1f} ms; "
        f"open_contact on a contact with {figures['busiest_contact_conversations']} conversations; "
        f"bare FTS5 p50: {figures['raw_fts_p50_ms']:.2f} ms"
    )


# -- the app process (Qt) ---------------------------------------------------------------------
def rss_mb() -> float:
    """Current resident memory of this process in MiB (peak where /proc is missing)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def ui_child(folder: Path, repeat: int) -> dict[str, Any]:
    """In a fresh app process: the window as ``netjournal`` builds it, then time what users do."""
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    import netjournal.ui  # noqa: F401  (Qt compatibility guards first, as the app does)
    from netjournal.security.keystore import KeyStore
    from netjournal.services.journal import open_with_secret
    from netjournal.ui.app import NetJournalApp, configure_application
    from netjournal.ui.settings import UiSettings
    from tests.benchmarks.queries import QUERIES, keystrokes
    from tests.benchmarks.service_bench import busiest_contact
    from tests.benchmarks.ui_responsiveness import settle, type_char

    app = QApplication.instance() or QApplication(["netjournal"])
    assert isinstance(app, QApplication)
    configure_application(app)
    # Window state next to the journal, in the benchmark's scratch folder (never the user's).
    settings = UiSettings(QSettings(str(folder.parent / "ui.ini"), QSettings.Format.IniFormat))
    controller = NetJournalApp(folder, keystore=KeyStore(), settings=settings)
    controller.attach(open_with_secret(folder, PASSPHRASE))
    window = controller.show_main_window()
    window.resize(1280, 800)
    settle(app)
    journal = window.journal

    def wait_for(condition: Callable[[], bool], signal: Any, what: str) -> None:
        """Run the event loop (sleeping, not spinning) until ``condition`` holds."""
        if condition():
            return
        loop = QEventLoop()
        signal.connect(loop.quit)
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        timer.start(CHILD_TIMEOUT_S * 1000)
        while not condition() and timer.isActive():
            loop.exec()
        signal.disconnect(loop.quit)
        if not condition():
            raise SystemExit(f"timed out waiting for {what}")

    # Open the busiest contact (card + timeline, painted), alternating with another one.
    busiest, conversations = busiest_contact(journal)
    others = [s.uuid for s in journal.contacts.list(sort="name", limit=3) if s.uuid != busiest]
    opens = []
    for _ in range(max(5, 3 * repeat)):
        window.open_contact(others[0])
        settle(app)
        started = time.perf_counter()
        window.open_contact(busiest)
        settle(app)
        opens.append((time.perf_counter() - started) * 1000)

    # Search as you type: keystroke -> results model updated (and painted).
    field, model = window.search_field, window.search_results.model
    window.focus_search()
    p50s, p95s = [], []
    for _ in range(repeat):
        latencies = []
        for query in QUERIES:
            window.end_search()
            settle(app)
            window.focus_search()
            for text in keystrokes(query):
                started = time.perf_counter()
                type_char(field, text[-1])
                wait_for(lambda t=text: model.text == t, model.modelReset, f"results for {text!r}")
                app.processEvents()  # paint
                latencies.append((time.perf_counter() - started) * 1000)
        p50s.append(statistics.median(latencies))
        p95s.append(percentile(latencies, 95))
    window.end_search()
    settle(app)

    # Quick entry from the tray, app running (which builds it hidden once idle after start):
    # show, painted; then put away again.
    controller.prepare_quick_entry()
    settle(app)
    shows = []
    for _ in range(max(5, 3 * repeat)):
        started = time.perf_counter()
        quick: QWidget = controller.show_quick_entry()
        settle(app)
        shows.append((time.perf_counter() - started) * 1000)
        if not quick.isVisible():
            raise SystemExit("show_quick_entry() returned a window that is not shown")
        quick.close()
        settle(app)

    figures = {
        "open_contact_ms": statistics.median(opens),
        "busiest_contact_conversations": conversations,
        "search_p50_ms": statistics.median(p50s),
        "search_p95_ms": statistics.median(p95s),
        "quick_entry_first_show_ms": shows[0],
        "quick_entry_show_ms": statistics.median(shows),
        "rss_mb": rss_mb(),
    }
    controller.shutdown()
    window.close()
    settle(app)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(UI_CHILD, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.contacts < 2 or args.conversations < 1:
        parser.error("--repeat must be at least 1, --contacts at least 2, --conversations at least 1")
    if args.ui_child is not None:
        print(json.dumps(ui_child(args.ui_child, args.repeat)), flush=True)
        return 0
    figures = run(args.contacts, args.conversations, args.repeat, quiet=args.json)
    if args.json:
        print(json.dumps(figures))
    else:
        print_table(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
