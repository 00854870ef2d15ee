"""The OS keyring, used only when it is a real, recommended backend.

The keyring remembers the journal's raw key so that a normal start asks nothing. It is a
convenience, never the only copy of the secret: the user's passphrase or recovery key always
opens the journal. Backends that would store secrets in plaintext (``keyrings.alt`` file
backends, priority < 1) and the ``fail`` backend count as "no keyring": we then ask for the
passphrase every time instead of writing the secret anywhere.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import chainer, fail

from netjournal.security.keys import RawKey

log = logging.getLogger(__name__)

SERVICE = "NetJournal"
MIN_PRIORITY = 1.0


def _recommended(backend: keyring.backend.KeyringBackend) -> keyring.backend.KeyringBackend | None:
    """The backend to use: ``backend`` itself, or for a chainer its best recommended member.

    A chainer falls through to lower backends on write; using its best member directly makes
    sure a secret never lands in a plaintext backend chained behind a real one.
    """
    if isinstance(backend, fail.Keyring):
        return None
    if isinstance(backend, chainer.ChainerBackend):
        for member in backend.backends:
            chosen = _recommended(member)
            if chosen is not None:
                return chosen
        return None
    if type(backend).__module__.startswith("keyrings.alt"):
        return None
    try:
        return backend if float(backend.priority) >= MIN_PRIORITY else None
    except Exception:  # a backend whose priority check itself fails is not usable
        return None


def journal_account(journal_file: Path) -> str:
    """The keyring user name for one journal: a digest of its absolute path."""
    digest = hashlib.sha256(str(journal_file.resolve()).encode("utf-8")).hexdigest()
    return f"journal-{digest[:24]}"


class KeyStore:
    """Remembers one raw key per journal file in the OS keyring; every call fails soft."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._backend = backend

    def _chosen(self) -> keyring.backend.KeyringBackend | None:
        try:
            configured = self._backend if self._backend is not None else keyring.get_keyring()
            return _recommended(configured)
        except Exception:
            log.warning("keyring backend could not be determined", exc_info=True)
            return None

    def available(self) -> bool:
        """True when a recommended keyring backend is there to use."""
        return self._chosen() is not None

    def describe(self) -> str:
        """A short name of the backend, for the user (e.g. in Preferences and ``check``)."""
        backend = self._chosen()
        if backend is None:
            return "none (the passphrase is asked for at each start)"
        return str(getattr(backend, "name", type(backend).__name__))

    def load(self, journal_file: Path) -> RawKey | None:
        """The remembered key, or None when there is none, it is unreadable, or no keyring."""
        backend = self._chosen()
        if backend is None:
            return None
        try:
            secret = backend.get_password(SERVICE, journal_account(journal_file))
        except (keyring.errors.KeyringError, OSError) as exc:
            # Locked collection, D-Bus gone, ignored unlock prompt: not fatal, we ask instead.
            log.warning("keyring read failed: %s", type(exc).__name__)
            return None
        except Exception:
            log.warning("keyring read failed unexpectedly", exc_info=True)
            return None
        if not secret:
            return None
        try:
            return RawKey.from_secret(secret)
        except ValueError:
            log.warning("keyring entry for this journal is not a key; ignoring it")
            return None

    def save(self, journal_file: Path, key: RawKey) -> bool:
        """Remember the key; False (and a log line) when the keyring cannot take it."""
        backend = self._chosen()
        if backend is None:
            return False
        try:
            backend.set_password(SERVICE, journal_account(journal_file), key.to_secret())
        except Exception as exc:
            log.warning("keyring write failed: %s", type(exc).__name__)
            return False
        return True

    def forget(self, journal_file: Path) -> None:
        """Remove the remembered key, if any."""
        backend = self._chosen()
        if backend is None:
            return
        try:
            backend.delete_password(SERVICE, journal_account(journal_file))
        except keyring.errors.PasswordDeleteError:
            pass
        except Exception as exc:
            log.warning("keyring delete failed: %s", type(exc).__name__)
