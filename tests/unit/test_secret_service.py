"""Integration with a real Secret Service: gnome-keyring in a private D-Bus session.

Skipped (with the reason) where gnome-keyring-daemon or dbus-run-session is not installed;
CI installs both, so it runs there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE

SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from keyring.backends import SecretService
    from netjournal.security.keystore import SERVICE, KeyStore, journal_account
    from netjournal.services.journal import create_journal, open_journal

    folder, passphrase = Path(sys.argv[1]), sys.argv[2]
    store = KeyStore()
    chosen = store._chosen()
    assert isinstance(chosen, SecretService.Keyring), type(chosen)

    journal = create_journal(folder, passphrase, store)
    journal.contacts.create("Remembered Person")
    journal.close()

    def must_not_ask():
        raise AssertionError("asked although the Secret Service remembers the key")

    journal = open_journal(folder, store, ask=must_not_ask)
    assert [c.name for c in journal.contacts.list()] == ["Remembered Person"]
    journal.close()

    secret = chosen.get_password(SERVICE, journal_account(journal.path))
    assert secret and passphrase not in secret

    # An entry deleted behind our back: we ask, and remember again.
    chosen.delete_password(SERVICE, journal_account(journal.path))
    asked = []
    journal = open_journal(folder, store, ask=lambda: asked.append(1) or passphrase)
    journal.close()
    assert asked == [1]
    assert chosen.get_password(SERVICE, journal_account(journal.path)) == secret
    print("secret-service-ok")
    """
)


@pytest.mark.skipif(
    not (shutil.which("gnome-keyring-daemon") and shutil.which("dbus-run-session")),
    reason="needs gnome-keyring-daemon and dbus-run-session (apt install gnome-keyring dbus)",
)
def test_real_secret_service_remembers_the_key(tmp_path: Path) -> None:
    script = tmp_path / "check.py"
    script.write_text(SCRIPT)
    shell = (
        "echo -n unlock-for-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && "
        f'"{sys.executable}" "{script}" "{tmp_path / "journal"}" "{PASSPHRASE}"'
    )
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHON_KEYRING_BACKEND", "DBUS_SESSION_BUS_ADDRESS")
    }
    env["HOME"] = str(tmp_path / "home")  # the test keyring lives here, not in the user's
    (tmp_path / "home").mkdir()
    result = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", shell],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "secret-service-ok" in result.stdout
