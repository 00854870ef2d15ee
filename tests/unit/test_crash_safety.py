"""An interrupted write never leaves a half-written record (SIGKILL in the middle of writes)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from netjournal.security.keystore import KeyStore
from netjournal.services.journal import create_journal, open_with_secret
from tests.conftest import PASSPHRASE

WRITER = """
import sys
from pathlib import Path
from netjournal.services.journal import open_with_secret
journal = open_with_secret(Path(sys.argv[1]), sys.argv[2])
a, b = sys.argv[3], sys.argv[4]
print("ready", flush=True)
n = 0
while True:
    n += 1
    journal.conversations.log([a, b], f"conversation {n} " + "words " * 200,
                              follow_up=f"promise {n}")
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("delay", [0.3, 0.7, 1.1])
def test_sigkill_mid_write_leaves_whole_records(data_dir: Path, delay: float) -> None:
    journal = create_journal(data_dir, PASSPHRASE, KeyStore())
    a = journal.contacts.create("Writer A")
    b = journal.contacts.create("Writer B")
    journal.close()
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data_dir), PASSPHRASE, a, b], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close()
    reopened = open_with_secret(data_dir, PASSPHRASE)
    try:
        assert reopened.check().ok
        timeline = reopened.conversations.timeline(a)
        assert timeline, "the writer committed nothing before the kill"
        for conv in timeline:
            assert len(conv.participants) == 2
            assert len(conv.follow_ups) == 1
        assert reopened.stats()["follow_ups"] == len(timeline)
        assert len(reopened.search.search("conversation")) > 0
    finally:
        reopened.close()
