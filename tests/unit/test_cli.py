"""The command line as a user (or a script) runs it: real processes, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE


def run(
    data_dir: Path, *args: str, passphrase: str | None = PASSPHRASE, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETJOURNAL_")}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    if passphrase is not None:
        env["NETJOURNAL_PASSPHRASE"] = passphrase
    return subprocess.run(
        [sys.executable, "-m", "netjournal", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=120,
        check=False,
    )


@pytest.fixture
def cli_journal(tmp_path: Path) -> Path:
    folder = tmp_path / "journal"
    result = run(folder, "init")
    assert result.returncode == 0, result.stderr
    assert "Recovery key" in result.stdout
    return folder


def test_version() -> None:
    from netjournal import __version__

    result = subprocess.run(
        [sys.executable, "-m", "netjournal", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"netjournal {__version__}"


def test_add_log_search_stats_check(cli_journal: Path) -> None:
    assert (
        run(
            cli_journal,
            "add",
            "Ngozi Adeyemi",
            "--org",
            "Andes Mining",
            "--kind",
            "client",
            "--email",
            "ngozi@example.com",
            "--common-ground",
            "Both love highlife music",
            "--every",
            "45",
        ).returncode
        == 0
    )
    assert run(cli_journal, "add", "Tomasz Nowak", "--introduced-by", "ngozi").returncode == 0
    logged = run(
        cli_journal,
        "log",
        "ngozi",
        "--note",
        "Coffee about the refinancing",
        "--when",
        "2026-02-01T10:00",
        "--channel",
        "call",
        "--follow-up",
        "Send the term sheet",
        "--due",
        "2026-02-10",
    )
    assert logged.returncode == 0, logged.stderr
    assert "Ngozi Adeyemi" in logged.stdout
    found = run(cli_journal, "search", "highlife", "--json")
    assert found.returncode == 0
    hits = json.loads(found.stdout)
    assert [h["title"] for h in hits] == ["Ngozi Adeyemi"]
    assert "[highlife]" in hits[0]["snippet"]
    plain = run(cli_journal, "search", "refinanc")
    assert "Coffee about the [refinancing]" in plain.stdout
    stats = json.loads(run(cli_journal, "stats", "--json").stdout)
    assert stats == {
        "contacts": 2,
        "organisations": 1,
        "conversations": 1,
        "follow_ups": 1,
        "introductions": 0,
        "opportunities": 0,
        "tags": 0,
        "sent_items": 0,
    }
    checked = run(cli_journal, "check")
    assert checked.returncode == 0 and "intact" in checked.stdout


def assert_one_line_error(result: subprocess.CompletedProcess[str], *phrases: str) -> None:
    assert result.returncode == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for phrase in phrases:
        assert phrase in lines[0]


def test_wrong_passphrase(cli_journal: Path) -> None:
    assert_one_line_error(run(cli_journal, "stats", passphrase="not the right one"), "Wrong passphrase")


def test_no_passphrase_and_no_terminal(cli_journal: Path) -> None:
    assert_one_line_error(run(cli_journal, "stats", passphrase=None), "NETJOURNAL_PASSPHRASE")


def test_missing_journal(tmp_path: Path) -> None:
    assert_one_line_error(run(tmp_path / "nowhere", "stats"), "No journal", "netjournal init")


def test_foreign_file(tmp_path: Path) -> None:
    folder = tmp_path / "foreign"
    folder.mkdir()
    (folder / "journal.db").write_bytes(b"hello, I am a text file\n" * 10)
    assert_one_line_error(run(folder, "stats"), "damaged")


def test_ambiguous_and_unknown_names(cli_journal: Path) -> None:
    run(cli_journal, "add", "Anna Müller", "--org", "Helios")
    run(cli_journal, "add", "Anna Schmidt")
    assert_one_line_error(
        run(cli_journal, "log", "anna", "--note", "x"),
        "matches 2 contacts",
        "Anna Müller (Helios)",
        "Anna Schmidt",
    )
    assert_one_line_error(run(cli_journal, "log", "Zed", "--note", "x"), "No contact named 'Zed'")


def test_two_people_of_one_name_are_told_apart_by_id(cli_journal: Path) -> None:
    first = run(cli_journal, "add", "Priya Raman", "--org", "Acme")
    first_id = first.stdout.split("(")[-1].rstrip(")\n")
    second = run(cli_journal, "add", "priya raman")
    assert second.returncode == 0
    second_id = second.stdout.split("(")[-1].rstrip(")\n")
    # Adding the namesake says so, with the ids that tell the two apart.
    assert "already had 1 contact(s) of that name" in second.stderr and first_id in second.stderr
    assert first.stderr == ""
    # A name now matches both: the error lists each with its id...
    assert_one_line_error(
        run(cli_journal, "log", "Priya Raman", "--note", "x"),
        "matches 2 contacts",
        f"Priya Raman (Acme) — id {first_id}",
        f"priya raman — id {second_id}",
    )
    # ...and the id picks one, for log and for brief.
    logged = run(cli_journal, "log", second_id, "--note", "Coffee with the second Priya")
    assert logged.returncode == 0, logged.stderr
    brief = run(cli_journal, "brief", second_id)
    assert brief.returncode == 0 and "Coffee with the second Priya" in brief.stdout
    assert "Coffee with the second Priya" not in run(cli_journal, "brief", first_id).stdout


def test_init_twice_refuses(cli_journal: Path) -> None:
    assert_one_line_error(run(cli_journal, "init"), "already exists")


def test_weak_passphrase_refused(tmp_path: Path) -> None:
    assert_one_line_error(run(tmp_path / "weak", "init", passphrase="short"), "too short")
    assert not (tmp_path / "weak" / "journal.db").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["log", "x"],
        ["add"],
        ["log", "x", "--note", "y", "--when", "yesterday-ish"],
        ["demo", "--contacts", "-1"],
        ["frobnicate"],
        ["log", "x", "--note", "y", "--due", "2026-01-01"],
        ["log", "x", "--note", "  "],  # a conversation needs something said
    ],
)
def test_bad_usage_exits_2(cli_journal: Path, args: list[str]) -> None:
    result = run(cli_journal, *args)
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr


def test_demo_creates_a_journal_when_there_is_none(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    result = run(folder, "demo", "--contacts", "30", "--conversations", "200")
    assert result.returncode == 0, result.stderr
    stats = json.loads(run(folder, "stats", "--json").stdout)
    assert stats["contacts"] == 30 and stats["conversations"] == 200


def test_due_lists_overdue_people_and_follow_ups(cli_journal: Path) -> None:
    from datetime import datetime, timedelta

    run(cli_journal, "add", "Overdue Olga", "--every", "7")
    run(cli_journal, "add", "Fresh Fred", "--every", "30")
    long_ago = (datetime.now() - timedelta(days=20)).isoformat(timespec="minutes")
    yesterday = (datetime.now() - timedelta(days=1)).date().isoformat()
    assert (
        run(
            cli_journal,
            "log",
            "olga",
            "--note",
            "x",
            "--when",
            long_ago,
            "--follow-up",
            "Send the deck",
            "--due",
            yesterday,
        ).returncode
        == 0
    )
    assert run(cli_journal, "log", "fred", "--note", "x", "--follow-up", "Call back some day").returncode == 0
    text = run(cli_journal, "due")
    assert text.returncode == 0
    assert "Send the deck — Overdue Olga (1 day overdue)" in text.stdout
    assert "Call back some day — Fresh Fred" in text.stdout.split("Open, no date set:")[1]
    assert "Overdue Olga" in text.stdout.split("Get back in touch with:")[1]
    assert "Fresh Fred" not in text.stdout.split("Open, no date set:")[0]  # not due: only listed
    data = json.loads(run(cli_journal, "due", "--json").stdout)
    assert [c["contact"] for c in data["overdue_contacts"]] == ["Overdue Olga"]
    assert data["overdue_contacts"][0]["overdue_days"] == 13
    assert [f["what"] for f in data["overdue_follow_ups"]] == ["Send the deck"]
    assert "no keep-in-touch rhythm" not in text.stdout  # both have one


def test_due_says_who_is_never_reminded(cli_journal: Path) -> None:
    assert run(cli_journal, "due").stdout.strip() == "Nothing due. Well kept!"
    run(cli_journal, "add", "Imported Ivy")  # kind "other": no rhythm
    run(cli_journal, "add", "Imported Igor")
    text = run(cli_journal, "due").stdout
    assert text.startswith("Nothing due.\n") and "Well kept" not in text
    assert "2 people have no keep-in-touch rhythm, so they are never due" in text
