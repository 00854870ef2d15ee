"""Turning what the user holds (a passphrase or a recovery key) into the journal's raw key.

The journal is a SQLCipher 4 file. SQLCipher derives its page key from a passphrase with
PBKDF2-HMAC-SHA512 (256,000 iterations) over the 16-byte salt at the start of the file. We do
that derivation ourselves, once, and from then on open the file with the *raw* key: that costs
~0.1 ms instead of ~80 ms per open, and the raw key is what the OS keyring remembers. The
passphrase itself still opens the file with any SQLCipher 4 tool, so nothing depends on us.

The raw key, written in groups of hex digits, doubles as the printable *recovery key*.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from dataclasses import dataclass

from netjournal.errors import WeakPassphraseError

SALT_BYTES = 16
KEY_BYTES = 32
KDF_ITERATIONS = 256_000  # SQLCipher 4 default; must match for the passphrase to open the file
MIN_PASSPHRASE_CHARS = 10
_RECOVERY_RE = re.compile(r"^[0-9a-fA-F]{64}$")


@dataclass(frozen=True, slots=True)
class RawKey:
    """A 32-byte SQLCipher page key (never printed by ``repr``)."""

    key: bytes

    def __post_init__(self) -> None:
        if len(self.key) != KEY_BYTES:
            raise ValueError("a raw key is 32 bytes")

    def __repr__(self) -> str:  # keep keys out of logs and tracebacks
        return "RawKey(<hidden>)"

    def pragma_value(self, salt: bytes | None = None) -> str:
        """The value for ``PRAGMA key``: ``x'<hex>'`` (with the salt appended for a new file)."""
        tail = salt.hex() if salt is not None else ""
        return f"x'{self.key.hex()}{tail}'"

    def to_secret(self) -> str:
        """What the keyring stores: the key as hex."""
        return self.key.hex()

    @classmethod
    def from_secret(cls, secret: str) -> RawKey:
        """Parse what :meth:`to_secret` produced (raises ``ValueError`` if it is not a key)."""
        cleaned = secret.strip()
        if not _RECOVERY_RE.match(cleaned):
            raise ValueError("not a stored key")
        return cls(bytes.fromhex(cleaned))

    def recovery_key(self) -> str:
        """The key in 8 groups of 8 upper-case hex digits, for printing and keeping safe."""
        text = self.key.hex().upper()
        return "-".join(text[i : i + 8] for i in range(0, len(text), 8))

    def matches(self, other: RawKey) -> bool:
        """Constant-time comparison."""
        return hmac.compare_digest(self.key, other.key)


def new_salt() -> bytes:
    """A fresh random salt for a new journal file."""
    return os.urandom(SALT_BYTES)


def derive_key(passphrase: str, salt: bytes) -> RawKey:
    """SQLCipher 4's own derivation, so the passphrase also opens the file in other tools."""
    key = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS, KEY_BYTES)
    return RawKey(key)


def parse_recovery_key(text: str) -> RawKey | None:
    """The raw key if ``text`` looks like a recovery key (64 hex digits, any grouping), else None."""
    cleaned = re.sub(r"[\s\-]", "", text)
    if not _RECOVERY_RE.match(cleaned):
        return None
    return RawKey(bytes.fromhex(cleaned))


def check_new_passphrase(passphrase: str) -> None:
    """Our minimum rule for a new passphrase (peewee no longer enforces one)."""
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        raise WeakPassphraseError(
            f"The passphrase is too short: use at least {MIN_PASSPHRASE_CHARS} characters "
            "(a few unrelated words are easy to remember and hard to guess)."
        )
    if passphrase.strip() != passphrase:
        raise WeakPassphraseError("The passphrase must not start or end with spaces.")


def read_salt(header: bytes) -> bytes:
    """The salt stored in the first 16 bytes of a SQLCipher file."""
    return header[:SALT_BYTES]
