"""The keyring: present, absent, failing, plaintext backends refused, wrong secret stored."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends import chainer, fail

from netjournal.errors import PassphraseRequiredError, WrongPassphraseError
from netjournal.security.keys import RawKey
from netjournal.security.keystore import SERVICE, KeyStore, journal_account
from netjournal.services.journal import (
    Journal,
    create_journal,
    open_journal,
    open_remembered,
)
from tests.conftest import PASSPHRASE, FailingKeyring, MemoryKeyring


class PlaintextFileKeyring(MemoryKeyring):
    """Stands in for keyrings.alt's file backends: priority below 1, so never used."""

    priority = 0.5  # type: ignore[assignment]


def test_memory_backend_remembers_and_forgets(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    store = KeyStore()
    file = tmp_path / "journal.db"
    key = RawKey(b"\x07" * 32)
    assert store.available()
    assert store.save(file, key)
    assert store.load(file) == key
    store.forget(file)
    assert store.load(file) is None
    store.forget(file)  # forgetting twice is fine


def test_fail_backend_means_no_keyring(tmp_path: Path) -> None:
    store = KeyStore(fail.Keyring())
    assert not store.available()
    assert not store.save(tmp_path / "j.db", RawKey(b"\x01" * 32))
    assert store.load(tmp_path / "j.db") is None
    assert "passphrase" in store.describe()


def test_low_priority_plaintext_backend_is_never_used(tmp_path: Path) -> None:
    backend = PlaintextFileKeyring()
    store = KeyStore(backend)
    assert not store.available()
    assert not store.save(tmp_path / "j.db", RawKey(b"\x01" * 32))
    assert backend.store == {}


def _chainer(*members: MemoryKeyring) -> chainer.ChainerBackend:
    class FixedChainer(chainer.ChainerBackend):
        backends = tuple(members)  # type: ignore[assignment]

    return FixedChainer()


def test_chainer_uses_only_its_best_recommended_member(tmp_path: Path) -> None:
    good, bad = MemoryKeyring(), PlaintextFileKeyring()
    assert not KeyStore(_chainer(bad)).available()
    store = KeyStore(_chainer(bad, good))
    assert store.available()
    assert store.save(tmp_path / "j.db", RawKey(b"\x02" * 32))
    assert len(good.store) == 1
    assert bad.store == {}


def test_raising_backend_reads_as_nothing_remembered(tmp_path: Path) -> None:
    store = KeyStore(FailingKeyring())
    assert store.load(tmp_path / "j.db") is None


def test_create_remembers_key_and_a_normal_open_asks_nothing(
    data_dir: Path, keystore: KeyStore, memory_keyring: MemoryKeyring
) -> None:
    create_journal(data_dir, PASSPHRASE, keystore).close()
    assert len(memory_keyring.store) == 1
    secret = next(iter(memory_keyring.store.values()))
    assert PASSPHRASE not in secret  # the keyring keeps the derived key, not the passphrase

    def ask() -> str:
        raise AssertionError("must not ask when the keyring has the key")

    journal = open_journal(data_dir, keystore, ask=ask)
    journal.close()


def test_without_keyring_the_passphrase_is_asked(data_dir: Path) -> None:
    store = KeyStore(fail.Keyring())
    create_journal(data_dir, PASSPHRASE, store).close()
    asked: list[int] = []

    def ask() -> str:
        asked.append(1)
        return PASSPHRASE

    open_journal(data_dir, store, ask=ask).close()
    assert asked == [1]
    with pytest.raises(PassphraseRequiredError):
        open_journal(data_dir, store, ask=lambda: None)


def test_failing_keyring_falls_back_to_asking(data_dir: Path) -> None:
    create_journal(data_dir, PASSPHRASE, KeyStore(fail.Keyring())).close()
    journal = open_journal(data_dir, KeyStore(FailingKeyring()), ask=lambda: PASSPHRASE)
    assert journal.is_empty()
    journal.close()


def test_wrong_secret_in_keyring_asks_then_repairs_the_entry(
    data_dir: Path, keystore: KeyStore, memory_keyring: MemoryKeyring
) -> None:
    journal = create_journal(data_dir, PASSPHRASE, keystore)
    journal.contacts.create("Kept Safe")
    journal.close()
    account = journal_account(data_dir / "journal.db")
    good = memory_keyring.store[(SERVICE, account)]
    memory_keyring.store[(SERVICE, account)] = "ab" * 32  # a key, but not this journal's
    assert open_remembered(data_dir, keystore) is None
    reopened = open_journal(data_dir, keystore, ask=lambda: PASSPHRASE)
    assert [c.name for c in reopened.contacts.list()] == ["Kept Safe"]
    reopened.close()
    assert memory_keyring.store[(SERVICE, account)] == good


def test_garbage_in_keyring_is_ignored(
    data_dir: Path, keystore: KeyStore, memory_keyring: MemoryKeyring
) -> None:
    create_journal(data_dir, PASSPHRASE, keystore).close()
    key = next(iter(memory_keyring.store))
    memory_keyring.store[key] = "not hex at all"
    assert open_remembered(data_dir, keystore) is None


def test_deleted_entry_asks_and_wrong_answer_is_an_error(
    data_dir: Path, keystore: KeyStore, memory_keyring: MemoryKeyring
) -> None:
    create_journal(data_dir, PASSPHRASE, keystore).close()
    memory_keyring.store.clear()
    with pytest.raises(WrongPassphraseError):
        open_journal(data_dir, keystore, ask=lambda: "not the passphrase")


def test_environment_passphrase_wins(
    data_dir: Path, keystore: KeyStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_journal(data_dir, PASSPHRASE, keystore).close()
    keyring.get_keyring().store.clear()  # type: ignore[attr-defined]
    monkeypatch.setenv("NETJOURNAL_PASSPHRASE", PASSPHRASE)
    journal = open_journal(data_dir, keystore, ask=None)
    assert isinstance(journal, Journal)
    journal.close()
    monkeypatch.setenv("NETJOURNAL_PASSPHRASE", "wrong passphrase here")
    with pytest.raises(WrongPassphraseError):
        open_journal(data_dir, keystore, ask=lambda: PASSPHRASE)
