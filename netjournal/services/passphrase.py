"""Checking the user's secret again, and changing the passphrase, for an open journal.

Re-encrypting (``PRAGMA rekey``) rewrites every page with the new key on the connection that
runs it. Any *other* connection still holds the old key and can no longer read the file, so
after :func:`change_passphrase` every thread that had a connection must close it (the GUI
does this for its own thread with :func:`reconnect`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netjournal.errors import NetJournalError, ValidationError, WrongPassphraseError
from netjournal.security.keys import check_new_passphrase, parse_recovery_key
from netjournal.services.journal import key_for_secret

if TYPE_CHECKING:
    from netjournal.security.keystore import KeyStore
    from netjournal.services.journal import Journal


def is_recovery_key(secret: str) -> bool:
    """True when ``secret`` has the shape of a recovery key (not a passphrase)."""
    return parse_recovery_key(secret) is not None


def verify_secret(journal: Journal, secret: str) -> bool:
    """True when ``secret`` (the passphrase or the recovery key) opens this journal."""
    if not secret:
        return False
    current = parse_recovery_key(journal.recovery_key())
    if current is None:  # pragma: no cover - recovery_key() always parses
        return False
    try:
        key = key_for_secret(journal.path, secret)
    except NetJournalError:
        return False
    return key.matches(current)


def check_passphrase_change(journal: Journal, current: str, new: str, repeat: str) -> None:
    """Refuse a change that cannot go ahead, with a message the user can act on."""
    if not verify_secret(journal, current):
        raise WrongPassphraseError("The current passphrase (or recovery key) is not right.")
    if new != repeat:
        raise ValidationError("The two new passphrases differ.")
    check_new_passphrase(new)
    if verify_secret(journal, new):
        raise ValidationError("The new passphrase is the one you have now: choose a different one.")


def change_passphrase(
    journal: Journal, current: str, new: str, repeat: str, keystore: KeyStore | None = None
) -> str:
    """Re-encrypt the journal for ``new`` and remember its key; returns the new recovery key.

    The old passphrase and the old recovery key stop working. Slow (key derivation and a
    rewrite of every page): run it off the GUI thread.
    """
    check_passphrase_change(journal, current, new, repeat)
    journal.change_passphrase(new, keystore)
    return journal.recovery_key()


def reconnect(journal: Journal) -> None:
    """Drop the calling thread's connection; the next query opens one with the current key."""
    journal.close_thread_connection()
