"""No plaintext at rest: a session touching every feature leaves no contact data outside the
export folder the user chose — not in the data folder, config, cache, state, temp or home —
and nothing the processes log (stderr) carries it either.

Every process runs with HOME, XDG_* and TMPDIR pointed into ``tmp_path``, so everything the
app writes anywhere lands under it. Each distinctive marker is searched for case-insensitively
(the search index lowercases) in UTF-8 and UTF-16, in every file there.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE

HERE = Path(__file__).parent
PREFIX = "Qzvx"  # every marker starts with it; nothing else the app writes does
FIELDS = (
    "Name",
    "Org",
    "Email",
    "Ground",
    "Note",
    "Promise",
    "Imported",
    "ImportNote",
    "World",
    "Help",
    "Tag",
)
MARKERS = [f"{PREFIX}{field}" for field in FIELDS]


def environment(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NETJOURNAL_", "XDG_"))}
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR"):
        env[name] = str(root / name.lower())
    (root / "xdg_runtime_dir").mkdir(mode=0o700, parents=True)
    env.update(
        HOME=str(root / "home"),
        TMPDIR=str(root / "tmp"),
        NETJOURNAL_PASSPHRASE=PASSPHRASE,
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        QT_QPA_PLATFORM="offscreen",
    )
    for folder in ("home", "tmp"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    return env


def scan(root: Path, exclude: tuple[Path, ...]) -> tuple[int, list[str]]:
    """How many files were scanned, and which marker was found where."""
    hits: list[str] = []
    count = 0
    for path in root.rglob("*"):
        if not path.is_file() or path.is_symlink() or any(path.is_relative_to(e) for e in exclude):
            continue
        count += 1
        data = path.read_bytes().lower()
        for marker in MARKERS:
            low = marker.lower()
            if low.encode("utf-8") in data or low.encode("utf-16-le") in data:
                hits.append(f"{marker} in {path.relative_to(root)}")
    return count, hits


@pytest.mark.skipif(sys.platform != "linux", reason="XDG folders")
def test_a_full_session_leaves_no_plaintext_outside_the_export_folder(tmp_path: Path) -> None:
    env = environment(tmp_path)
    exports = tmp_path / "chosen-exports"  # the one place the user asked for plaintext
    inputs = tmp_path / "my-downloads"  # the user's own file to import
    exports.mkdir()
    inputs.mkdir()
    stderr: list[str] = []

    def run(*argv: str) -> str:
        result = subprocess.run(
            [sys.executable, *argv], env=env, capture_output=True, text=True, timeout=120, check=False
        )
        assert result.returncode == 0, (argv, result.stderr)
        stderr.append(result.stderr)
        return result.stdout

    cli = ("-m", "netjournal")
    run(*cli, "init")  # the default data folder: under XDG_DATA_HOME
    run(
        *cli,
        "add",
        f"{PREFIX}Name",
        "--org",
        f"{PREFIX}Org",
        "--email",
        f"{PREFIX}Email@example.com",
        "--common-ground",
        f"{PREFIX}Ground",
        "--kind",
        "client",
        "--every",
        "30",
    )
    run(
        *cli,
        "log",
        f"{PREFIX}Name",
        "--note",
        f"{PREFIX}Note",
        "--follow-up",
        f"{PREFIX}Promise",
        "--due",
        "2030-01-01",
    )
    source = inputs / "google.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["First Name", "Last Name", "Organization Name", "E-mail 1 - Value", "Notes"])
        writer.writerow([f"{PREFIX}Imported", "Person", "", "imported@example.com", f"{PREFIX}ImportNote"])
    run(*cli, "import", str(source), "--dry-run")
    run(*cli, "import", str(source))
    assert f"{PREFIX}Note".lower() in run(*cli, "search", f"{PREFIX}Note").lower()
    run(*cli, "search", f"{PREFIX}Imported", "--json")
    run(*cli, "brief", f"{PREFIX}Name")
    run(*cli, "due")
    run(*cli, "stats", "--json")
    run(*cli, "check")
    run(*cli, "export", "csv", str(exports / "backup.zip"))
    run(*cli, "export", "csv", str(exports / "backup-folder"), "--excel")
    run(*cli, "export", "vcard", str(exports / "contacts.vcf"))
    run(*cli, "backup", str(tmp_path / "encrypted-backup.db"))  # encrypted: scanned like the rest
    assert "services ok" in run(
        str(HERE / "session.py"), "services", str(tmp_path / "xdg_data_home" / "netjournal"), PREFIX
    )
    assert "gui ok" in run(
        str(HERE / "session.py"), "gui", str(tmp_path / "xdg_data_home" / "netjournal"), PREFIX
    )

    # The exports really hold the data (so the scan below would see it if it leaked).
    assert scan(exports, ())[1]
    files, hits = scan(tmp_path, (exports, inputs))
    assert hits == [], hits
    data_dir = tmp_path / "xdg_data_home" / "netjournal"
    written = {p.relative_to(tmp_path).parts[0] for p in tmp_path.rglob("*") if p.is_file()}
    assert (data_dir / "journal.db").exists() and any((data_dir / "backups").iterdir())
    assert "xdg_config_home" in written, "the GUI wrote no settings: the scan would miss them"
    assert files >= 4, written
    for text in stderr:
        for marker in MARKERS:
            assert marker.lower() not in text.lower(), f"{marker} on stderr: {text}"
