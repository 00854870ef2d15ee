"""The demo journal tells one story per person: the card's "how we met" agrees with the timeline."""

from __future__ import annotations

from netjournal.services.demo import EVENTS, generate_demo
from netjournal.services.journal import Journal


def test_how_we_met_agrees_with_the_first_conversation(journal: Journal) -> None:
    generate_demo(journal, contacts=80, conversations=600)
    checked = met_at_first_event = met_before_first_talk = 0
    for summary in journal.contacts.list(include_archived=True):
        contact = journal.contacts.get(summary.uuid)
        timeline = journal.conversations.timeline(summary.uuid)
        if not timeline:
            continue
        first = timeline[-1]
        first_day = first.occurred_at.astimezone().date()
        assert contact.met_on is not None, contact.name
        # Never "met on 29 Aug 2025" above a timeline that starts in 2022.
        assert contact.met_on <= first_day, (contact.name, contact.met_on, first_day)
        assert contact.created_at <= first.occurred_at, contact.name
        if first.channel == "event" and first.place:
            assert (contact.how_we_met, contact.met_on) == (first.place, first_day), contact.name
            met_at_first_event += 1
        elif contact.met_on < first_day:
            # Met earlier only at an event that was not logged, and shortly before.
            assert contact.how_we_met in EVENTS and (first_day - contact.met_on).days <= 20, contact.name
            met_before_first_talk += 1
        checked += 1
    assert checked > 40 and met_at_first_event and met_before_first_talk


def test_no_later_conversation_claims_a_first_meeting(journal: Journal) -> None:
    generate_demo(journal, contacts=40, conversations=400)
    events = 0
    for summary in journal.contacts.list(include_archived=True):
        for conversation in journal.conversations.timeline(summary.uuid)[:-1]:
            events += conversation.channel == "event"
            assert not conversation.summary.startswith("Met at the event"), conversation.summary
    assert events > 5


def test_only_meetings_and_events_happen_somewhere(journal: Journal) -> None:
    generate_demo(journal, contacts=40, conversations=400)
    placed = 0
    for summary in journal.contacts.list(include_archived=True):
        for conversation in journal.conversations.timeline(summary.uuid):
            if conversation.place:
                placed += 1
                # Never "Email at walk by the river" or "Call at my office".
                assert conversation.channel in {"meeting", "event"}, conversation.channel
    assert placed > 20
