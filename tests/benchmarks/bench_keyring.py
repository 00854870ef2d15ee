"""A keyring backend for bench.py's app processes: a JSON file in the benchmark's scratch folder.

It lets a cold start open the journal the way a normal start does (with the key the keyring
remembers, no key derivation) on a machine without a desktop keyring. Benchmark only: the
folder is temporary and holds the key of a throwaway demo journal. Selected with
``PYTHON_KEYRING_BACKEND=tests.benchmarks.bench_keyring.ScratchKeyring`` and
``BENCH_KEYRING_FILE=<path>``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.backend
import keyring.errors

FILE_ENV = "BENCH_KEYRING_FILE"


class ScratchKeyring(keyring.backend.KeyringBackend):
    """Secrets in the JSON file named by ``BENCH_KEYRING_FILE`` (recommended priority, 1)."""

    priority = 1.0  # type: ignore[assignment]

    @staticmethod
    def _file() -> Path:
        name = os.environ.get(FILE_ENV)
        if not name:
            raise keyring.errors.KeyringError(f"{FILE_ENV} is not set")
        return Path(name)

    def _entries(self) -> dict[str, str]:
        path = self._file()
        if not path.exists():
            return {}
        entries: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
        return entries

    def get_password(self, service: str, username: str) -> str | None:
        return self._entries().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        entries = self._entries()
        entries[f"{service}/{username}"] = password
        path = self._file()
        path.touch(mode=0o600)
        path.write_text(json.dumps(entries), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        entries = self._entries()
        if entries.pop(f"{service}/{username}", None) is None:
            raise keyring.errors.PasswordDeleteError("not there")
        self._file().write_text(json.dumps(entries), encoding="utf-8")
