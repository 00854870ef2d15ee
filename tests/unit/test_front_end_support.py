"""Small Qt-free helpers the GUI relies on: choice lists, per-thread connections."""

from __future__ import annotations

import threading

from netjournal.services import vocabulary
from netjournal.services.journal import Journal
from netjournal.storage import models


def test_vocabulary_is_the_storage_choices() -> None:
    assert vocabulary.CONTACT_KINDS == models.CONTACT_KINDS
    assert vocabulary.CHANNELS == models.CHANNELS
    assert vocabulary.FOLLOW_UP_OWNERS == models.FOLLOW_UP_OWNERS
    assert vocabulary.ORGANISATION_KINDS == models.ORGANISATION_KINDS


def test_worker_thread_closes_only_its_own_connection(journal: Journal) -> None:
    uuid = journal.contacts.create("Ada Lovelace")
    seen: dict[str, object] = {}

    def worker() -> None:
        seen["hits"] = [h.title for h in journal.search.search("ada")]
        seen["open_before"] = not journal.db.is_closed()
        journal.close_thread_connection()
        seen["closed_after"] = journal.db.is_closed()
        journal.close_thread_connection()  # closing twice is harmless

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert seen == {"hits": ["Ada Lovelace"], "open_before": True, "closed_after": True}
    # The calling thread's connection is untouched.
    assert not journal.db.is_closed()
    assert journal.contacts.get(uuid).name == "Ada Lovelace"
