"""Search scope: one letter looks at names only; two letters and more look everywhere."""

from __future__ import annotations

from datetime import datetime

from netjournal.services.journal import Journal
from tests.conftest import FakeClock


def _kinds_and_titles(journal: Journal, text: str) -> set[tuple[str, str]]:
    return {(h.kind, h.title) for h in journal.search.search(text)}


def test_one_letter_searches_names_and_organisations_only(journal: Journal) -> None:
    named = journal.contacts.create("Astrid Berg")
    journal.contacts.create("Zoë Kowalski", organisation="Atlas Chemicals")
    journal.contacts.create("Yann Le Goff", common_ground="Sailing in Brittany, apprenticeships")
    journal.conversations.log([named], "About the audit")

    assert _kinds_and_titles(journal, "a") == {
        ("contact", "Astrid Berg"),
        ("contact", "Zoë Kowalski"),  # by her organisation
        ("organisation", "Atlas Chemicals"),
    }
    assert _kinds_and_titles(journal, "A ") == _kinds_and_titles(journal, "a")  # case, spaces
    # From the second letter on, notes and conversations count too.
    assert ("contact", "Yann Le Goff") in _kinds_and_titles(journal, "ap")
    assert ("conversation", "Astrid Berg") in _kinds_and_titles(journal, "au")
    assert ("contact", "Yann Le Goff") not in _kinds_and_titles(journal, "a")


def test_one_letter_and_bad_input(journal: Journal) -> None:
    journal.contacts.create("Émile Zola")
    assert _kinds_and_titles(journal, "e") == {("contact", "Émile Zola")}  # accents ignored
    assert _kinds_and_titles(journal, "z") == {("contact", "Émile Zola")}  # any word of the name
    # FTS5 syntax typed by the user is plain text, never an error.
    for text in ('"', "*", "-", "name:", "{", "(", "^", "NEAR", "a AND", ""):
        assert isinstance(journal.search.search(text), list)
    assert journal.search.search("   ") == []


def test_conversation_hits_read_dates_and_channels_as_the_rest_of_the_app(
    journal: Journal, clock: FakeClock
) -> None:
    astrid = journal.contacts.create("Astrid Berg")
    this_year = clock().replace(month=3, day=7, hour=12)
    journal.conversations.log([astrid], "audit plan", occurred_at=this_year, channel="call")
    journal.conversations.log(
        [astrid], "audit results", occurred_at=datetime(2019, 11, 7, 12, tzinfo=this_year.tzinfo)
    )
    subtitles = [h.subtitle for h in journal.search.search("audit") if h.kind == "conversation"]
    assert subtitles == ["7 Mar · Call", "7 Nov 2019 · Meeting"]  # not "07 Mar 2026 · call"
