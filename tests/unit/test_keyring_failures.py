"""Every way the OS keyring can let us down ends in a passphrase prompt or one clear error.

No backend, a backend raising on read, a locked collection, an ignored unlock prompt (None),
an entry deleted behind our back, a wrong or garbled secret in it, a backend that cannot even
be determined, a backend raising on write: the journal still opens with the passphrase, a
front end that cannot ask says so in one line, and nothing — above all no new empty journal —
is written over the old one.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest

from netjournal import cli
from netjournal.errors import PassphraseRequiredError, WrongPassphraseError
from netjournal.security.keys import RawKey
from netjournal.security.keystore import SERVICE, KeyStore, journal_account
from netjournal.services.journal import create_journal, journal_exists, open_journal
from tests.conftest import PASSPHRASE, MemoryKeyring


class RaisingKeyring(MemoryKeyring):
    """Raises ``error`` on every read (D-Bus gone, backend bug)."""

    error: Exception = RuntimeError("backend exploded")

    def get_password(self, service: str, username: str) -> str | None:
        raise self.error


class LockedKeyring(RaisingKeyring):
    error = keyring.errors.KeyringLocked("the collection is locked")


class IgnoredPromptKeyring(MemoryKeyring):
    """KWallet after the user dismissed its unlock prompt: reads give None."""

    def get_password(self, service: str, username: str) -> str | None:
        return None


class ReadOnlyKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("read-only")


class UndeterminableKeyring(MemoryKeyring):
    """A backend whose priority check itself raises."""

    @property  # type: ignore[override]
    def priority(self) -> float:
        raise RuntimeError("cannot tell")


def _remembered(backend: MemoryKeyring, path: Path, secret: str) -> None:
    backend.store[(SERVICE, journal_account(path))] = secret


def setup_no_backend(path: Path) -> keyring.backend.KeyringBackend:
    from keyring.backends import fail

    return fail.Keyring()


def setup_raising(path: Path) -> keyring.backend.KeyringBackend:
    return RaisingKeyring()


def setup_locked(path: Path) -> keyring.backend.KeyringBackend:
    return LockedKeyring()


def setup_ignored_prompt(path: Path) -> keyring.backend.KeyringBackend:
    return IgnoredPromptKeyring()


def setup_deleted_entry(path: Path) -> keyring.backend.KeyringBackend:
    return MemoryKeyring()  # the entry create_journal saved is gone: a fresh, empty store


def setup_wrong_secret(path: Path) -> keyring.backend.KeyringBackend:
    backend = MemoryKeyring()
    _remembered(backend, path, RawKey(b"\x01" * 32).to_secret())
    return backend


def setup_garbage_secret(path: Path) -> keyring.backend.KeyringBackend:
    backend = MemoryKeyring()
    _remembered(backend, path, "not a key at all \x00")
    return backend


def setup_undeterminable(path: Path) -> keyring.backend.KeyringBackend:
    return UndeterminableKeyring()


FAILURES: dict[str, Callable[[Path], keyring.backend.KeyringBackend]] = {
    "no backend": setup_no_backend,
    "raises on read": setup_raising,
    "locked": setup_locked,
    "ignored prompt": setup_ignored_prompt,
    "entry deleted": setup_deleted_entry,
    "wrong secret": setup_wrong_secret,
    "garbage secret": setup_garbage_secret,
    "undeterminable": setup_undeterminable,
}


# What the one-line error says about the keyring, case by case (never "no keyring" when there is one).
NO_KEYRING = "there is no OS keyring to remember its key"
NOT_GIVEN = "did not give its key; it may be locked, or have lost the entry for this journal"
WRONG_KEY = "remembers no longer opens it"
REASONS = {
    "no backend": NO_KEYRING,
    "raises on read": NOT_GIVEN,
    "locked": NOT_GIVEN,
    "ignored prompt": NOT_GIVEN,
    "entry deleted": NOT_GIVEN,
    "wrong secret": WRONG_KEY,
    "garbage secret": NOT_GIVEN,
    "undeterminable": NO_KEYRING,  # a backend that cannot say whether it works is not used
}


def digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()
    }


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("keyring-template") / "data"
    journal = create_journal(folder, PASSPHRASE, KeyStore(MemoryKeyring()))
    journal.contacts.create("Someone who confided in me")
    journal.close()
    return folder


@pytest.fixture
def existing(template: Path, data_dir: Path) -> Path:
    shutil.copytree(template, data_dir)
    return data_dir


@pytest.fixture(params=sorted(FAILURES))
def broken_keyring(request: pytest.FixtureRequest, existing: Path) -> Iterator[str]:
    """Installs one failing keyring; yields the case's name (a key of ``FAILURES``)."""
    previous = keyring.get_keyring()
    backend = FAILURES[request.param](existing / "journal.db")
    keyring.set_keyring(backend)
    yield request.param
    keyring.set_keyring(previous)


def test_services_ask_for_the_passphrase_and_open(existing: Path, broken_keyring: object) -> None:
    asked: list[bool] = []

    def ask() -> str:
        asked.append(True)
        return PASSPHRASE

    journal = open_journal(existing, KeyStore(), ask=ask)
    try:
        assert asked == [True]
        assert [c.name for c in journal.contacts.list()] == ["Someone who confided in me"]
    finally:
        journal.close()


def test_services_without_a_way_to_ask_raise_and_touch_nothing(
    existing: Path, broken_keyring: object
) -> None:
    before = digests(existing)
    with pytest.raises(PassphraseRequiredError, match="NETJOURNAL_PASSPHRASE"):
        open_journal(existing, KeyStore(), ask=lambda: None)
    with pytest.raises(WrongPassphraseError):
        open_journal(existing, KeyStore(), ask=lambda: "a wrong passphrase here")
    assert digests(existing) == before


def test_cli_one_clear_line_and_no_new_journal(
    existing: Path, broken_keyring: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digests(existing)
    # "demo" creates a journal where there is none: here it must not.
    for argv in (["stats"], ["demo", "--contacts", "5", "--conversations", "5"], ["add", "New Person"]):
        assert cli.main(["--data-dir", str(existing), *argv]) == 1
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "NETJOURNAL_PASSPHRASE" in err[0] and "Traceback" not in err[0]
        # The reason fits the case: a locked keyring or a wrong key is not "no keyring".
        assert REASONS[broken_keyring] in err[0], err[0]
        others = {NO_KEYRING, NOT_GIVEN, WRONG_KEY} - {REASONS[broken_keyring]}
        assert not any(other in err[0] for other in others), err[0]
    assert journal_exists(existing)
    assert digests(existing) == before


def test_cli_init_never_replaces_the_journal(
    existing: Path,
    broken_keyring: object,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = digests(existing)
    monkeypatch.setenv("NETJOURNAL_PASSPHRASE", "another passphrase entirely")
    assert cli.main(["--data-dir", str(existing), "init"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert digests(existing) == before


def test_cli_with_the_passphrase_works_despite_a_locked_keyring(
    existing: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keyring, "get_keyring", LockedKeyring)
    monkeypatch.setenv("NETJOURNAL_PASSPHRASE", PASSPHRASE)
    assert cli.main(["--data-dir", str(existing), "stats", "--json"]) == 0
    assert '"contacts": 1' in capsys.readouterr().out


def test_a_keyring_that_cannot_store_still_opens(existing: Path) -> None:
    backend = ReadOnlyKeyring()
    journal = open_journal(existing, KeyStore(backend), ask=lambda: PASSPHRASE)
    journal.close()
    assert backend.store == {}


def test_a_wrong_remembered_key_is_replaced_once_the_passphrase_works(existing: Path) -> None:
    backend = MemoryKeyring()
    _remembered(backend, existing / "journal.db", RawKey(b"\x02" * 32).to_secret())
    journal = open_journal(existing, KeyStore(backend), ask=lambda: PASSPHRASE)
    journal.close()
    # The next start asks nothing.
    again = open_journal(existing, KeyStore(backend), ask=lambda: pytest.fail("asked again"))
    again.close()
