"""Arbitrary text in every text field: nothing crashes, what is stored comes back unchanged."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netjournal.errors import ValidationError
from netjournal.security.keystore import KeyStore
from netjournal.services.journal import Journal, create_journal
from tests.conftest import PASSPHRASE

# Control characters, NUL, RTL/LTR marks, zero-width joiners, emoji, quotes, FTS5 syntax.
NASTY = st.sampled_from(
    ["\x00", "\x1b[31m", "\u202e", "\u200f", "\u200d", "👩‍💻", '"', "'", "*", "NEAR(", "\r\n", "\t", "=1+1"]
)
TEXT = st.lists(st.one_of(st.text(max_size=40), NASTY), max_size=6).map("".join)

CONTACT_TEXT_FIELDS = (
    "role",
    "location",
    "how_we_met",
    "common_ground",
    "their_world",
    "how_i_can_help",
    "notes",
)


@pytest.fixture(scope="module")
def shared_journal(tmp_path_factory: pytest.TempPathFactory) -> Journal:
    folder = tmp_path_factory.mktemp("hostile") / "data"
    journal = create_journal(folder, PASSPHRASE, KeyStore())
    yield journal  # type: ignore[misc]
    journal.close()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=TEXT.filter(lambda t: t.strip()), values=st.lists(TEXT, min_size=7, max_size=7), summary=TEXT)
def test_contact_and_conversation_text_round_trips(
    shared_journal: Journal, name: str, values: list[str], summary: str
) -> None:
    fields = dict(zip(CONTACT_TEXT_FIELDS, values, strict=True))
    uuid = shared_journal.contacts.create(name, **fields)
    record = shared_journal.contacts.get(uuid)
    assert record.name == name.strip()
    for field, value in fields.items():
        assert getattr(record, field) == value
    conv = shared_journal.conversations.log([uuid], summary, place=values[0])
    stored = shared_journal.conversations.get(conv)
    assert stored.summary == summary.strip()
    assert stored.place == values[0].strip()
    # Searching for any of it never raises, whatever the text.
    shared_journal.search.search(summary)
    shared_journal.search.search(name)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(categories=["Cs"]), min_size=1, max_size=3), prefix=TEXT)
def test_lone_surrogates_are_refused_cleanly(shared_journal: Journal, text: str, prefix: str) -> None:
    before = shared_journal.stats()
    with pytest.raises(ValidationError, match="broken character"):
        shared_journal.contacts.create(f"Name {prefix}", notes=prefix + text)
    assert shared_journal.stats() == before


def test_huge_values_round_trip(shared_journal: Journal) -> None:
    huge = "Lorem ipsum dolor sit amet. " * 40_000  # ~1.1 MB
    uuid = shared_journal.contacts.create("Huge Notes", notes=huge)
    assert shared_journal.contacts.get(uuid).notes == huge
    assert shared_journal.check().ok
