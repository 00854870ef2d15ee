"""The one change notification every view listens to (a plain-Python observer).

A write runs inside :meth:`ChangeHub.write`; when its (outermost) transaction commits, every
subscriber is called once with a :class:`Change` describing what kinds of record changed.
The GUI adapts this to a queued Qt signal, so notifications from worker threads are safe.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import peewee

log = logging.getLogger(__name__)

CONTACTS = "contacts"
ORGANISATIONS = "organisations"
CONVERSATIONS = "conversations"
FOLLOW_UPS = "follow_ups"
INTRODUCTIONS = "introductions"
OPPORTUNITIES = "opportunities"
TAGS = "tags"
SENT_ITEMS = "sent_items"
ALL_KINDS = frozenset(
    {CONTACTS, ORGANISATIONS, CONVERSATIONS, FOLLOW_UPS, INTRODUCTIONS, OPPORTUNITIES, TAGS, SENT_ITEMS}
)


@dataclass(frozen=True, slots=True)
class Change:
    """What one committed write touched: kinds of record and the UUIDs involved."""

    kinds: frozenset[str]
    uuids: frozenset[str] = frozenset()

    def touches(self, *kinds: str) -> bool:
        return any(kind in self.kinds for kind in kinds)


@dataclass(slots=True)
class ChangeCollector:
    """Filled in by service code during a write."""

    kinds: set[str] = field(default_factory=set)
    uuids: set[str] = field(default_factory=set)

    def add(self, kind: str, *uuids: str | None) -> None:
        self.kinds.add(kind)
        self.uuids.update(u for u in uuids if u)


Subscriber = Callable[[Change], None]


class ChangeHub:
    """Runs writes in one transaction and tells subscribers once they have committed."""

    def __init__(self, db: peewee.Database) -> None:
        self._db = db
        self._subscribers: list[Subscriber] = []
        self._local = threading.local()
        self._lock = threading.Lock()

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Register ``callback``; returns a function that unregisters it."""
        with self._lock:
            self._subscribers.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._subscribers:
                    self._subscribers.remove(callback)

        return unsubscribe

    @contextmanager
    def write(self) -> Iterator[ChangeCollector]:
        """One transaction; nested calls join the outer one and notify only once, at its end."""
        outer: ChangeCollector | None = getattr(self._local, "collector", None)
        if outer is not None:
            yield outer
            return
        collector = ChangeCollector()
        # Joinable only once its transaction has begun: while it waits for the write lock, the
        # front end's waiter may run another write on this thread, which must be a write of
        # its own (see storage.database.WriteWaiter).
        with self._db.atomic():
            self._local.collector = collector
            try:
                yield collector
            finally:
                self._local.collector = None
        if collector.kinds:
            self.notify(Change(frozenset(collector.kinds), frozenset(collector.uuids)))

    def notify(self, change: Change) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for callback in subscribers:
            try:
                callback(change)
            except Exception:  # one broken listener must not undo a committed write
                log.exception("change subscriber failed")
