"""Search scope: one letter looks at names only; two letters and more look everywhere."""

from __future__ import annotations

from netjournal.services.journal import Journal


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
