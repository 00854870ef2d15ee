"""Counts of every kind of record (``netjournal stats``)."""

from __future__ import annotations

from netjournal.storage.models import (
    Contact,
    Conversation,
    FollowUp,
    Introduction,
    Opportunity,
    Organisation,
    SentItem,
    Tag,
)

STATS_KEYS = (
    "contacts",
    "organisations",
    "conversations",
    "follow_ups",
    "introductions",
    "opportunities",
    "tags",
    "sent_items",
)


def record_counts() -> dict[str, int]:
    """One count per record kind; keys are :data:`STATS_KEYS`."""
    models = (Contact, Organisation, Conversation, FollowUp, Introduction, Opportunity, Tag, SentItem)
    return {key: model.select().count() for key, model in zip(STATS_KEYS, models, strict=True)}
