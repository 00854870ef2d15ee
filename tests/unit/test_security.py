from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3

from netjournal.errors import WeakPassphraseError
from netjournal.security.keys import (
    RawKey,
    check_new_passphrase,
    derive_key,
    new_salt,
    parse_recovery_key,
)
from netjournal.services.journal import Journal
from tests.conftest import PASSPHRASE


def test_passphrase_opens_the_file_with_plain_sqlcipher(journal: Journal) -> None:
    """Our own derivation must equal SQLCipher's, so the passphrase works in any SQLCipher tool."""
    journal.contacts.create("Ada Lovelace")
    journal.close()
    conn = sqlcipher3.connect(str(journal.path))
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
    assert conn.execute("SELECT name FROM contact").fetchall() == [("Ada Lovelace",)]
    conn.close()


def test_derivation_depends_on_salt_and_passphrase() -> None:
    salt = new_salt()
    assert derive_key("one passphrase", salt).key == derive_key("one passphrase", salt).key
    assert derive_key("one passphrase", salt).key != derive_key("two passphrase", salt).key
    assert derive_key("one passphrase", salt).key != derive_key("one passphrase", new_salt()).key


def test_recovery_key_round_trip() -> None:
    key = RawKey(bytes(range(32)))
    printed = key.recovery_key()
    assert len(printed.split("-")) == 8
    assert parse_recovery_key(printed) == key
    assert parse_recovery_key(printed.lower().replace("-", " ")) == key
    assert parse_recovery_key("not a key") is None


def test_raw_key_is_not_printed() -> None:
    key = RawKey(b"\x01" * 32)
    assert "01" not in repr(key)
    assert "01" not in str([key])


@pytest.mark.parametrize("weak", ["", "short", "123456789", " padded passphrase "])
def test_weak_passphrases_are_refused(weak: str) -> None:
    with pytest.raises(WeakPassphraseError):
        check_new_passphrase(weak)


def test_recovery_key_opens_the_journal(journal: Journal, data_dir: Path) -> None:
    from netjournal.services.journal import open_with_secret

    recovery = journal.recovery_key()
    journal.contacts.create("Grace Hopper")
    journal.close()
    reopened = open_with_secret(data_dir, recovery)
    assert [c.name for c in reopened.contacts.list()] == ["Grace Hopper"]
    reopened.close()
