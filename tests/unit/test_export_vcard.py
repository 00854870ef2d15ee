"""Exporting contacts as vCard 3.0 (back to a phone), and reading our own vCards back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import vobject

from netjournal.errors import ExportError, OperationCancelled
from netjournal.importexport.importer import import_file
from netjournal.importexport.plan import Action
from netjournal.importexport.vcard import export_vcard
from netjournal.security.keystore import KeyStore
from netjournal.services.demo import generate_demo
from netjournal.services.journal import Journal, create_journal
from tests.conftest import PASSPHRASE, FakeClock
from tests.unit.io_support import DATA, add_hostile_records, counting_cancel, snapshot, use

FIELDS = (
    "name",
    "organisation",
    "role",
    "emails",
    "phones",
    "links",
    "location",
    "notes",
    "common_ground",
    "their_world",
    "how_i_can_help",
    "how_we_met",
    "met_on",
    "tags",
)


@pytest.fixture
def other(tmp_path: Path, keystore: KeyStore, clock: FakeClock) -> Iterator[Journal]:
    opened = create_journal(tmp_path / "other", PASSPHRASE, keystore, clock=clock)
    yield opened
    opened.close()


def cards(path: Path) -> list[vobject.base.Component]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(vobject.readComponents(handle.read()))


def test_one_card_per_contact_with_the_journal_in_the_note(journal: Journal, tmp_path: Path) -> None:
    uuid = journal.contacts.create(
        "Priya Raman",
        organisation="Harbour Interim Partners",
        role="Senior Consultant",
        emails=["priya@harbour.example"],
        phones=["+44 7700 900123"],
        links=["https://example.com/priya"],
        location="London",
        notes="Prefers calls before 9, not after.",
        common_ground="Both ran the Berlin marathon; both love jazz",
        their_world="Growing the finance practice",
        how_i_can_help="Introduce her to CFOs",
        how_we_met="IIM breakfast",
        met_on=date(2021, 2, 3),
        tags=["Intermediaries", "Finance"],
    )
    journal.contacts.create("Marcus Lindqvist")
    result = export_vcard(journal, tmp_path / "contacts.vcf")
    assert result.counts == {"contacts": 2}
    raw = (tmp_path / "contacts.vcf").read_bytes()
    assert raw.startswith(b"BEGIN:VCARD\r\nVERSION:3.0\r\n")
    marcus, priya = cards(tmp_path / "contacts.vcf")  # sorted by name
    assert marcus.fn.value == "Marcus Lindqvist"
    assert priya.fn.value == "Priya Raman"
    assert (priya.n.value.given, priya.n.value.family) == ("Priya", "Raman")
    assert priya.org.value == ["Harbour Interim Partners"]
    assert priya.title.value == "Senior Consultant"
    assert priya.email.value == "priya@harbour.example"
    assert priya.tel.value == "+44 7700 900123"
    assert priya.uid.value == f"urn:uuid:{uuid}"
    assert priya.categories.value == ["Finance", "Intermediaries"]
    note = priya.note.value
    assert note.startswith("Prefers calls before 9, not after.")
    assert "What we share: Both ran the Berlin marathon; both love jazz" in note
    assert "How I can help: Introduce her to CFOs" in note
    assert "How we met: IIM breakfast (2021-02-03)" in note


def test_our_vcards_carry_every_contact_field(journal: Journal, other: Journal, tmp_path: Path) -> None:
    use(journal)
    generate_demo(journal, 30, 60, seed=11)
    import_file(journal, DATA / "google-contacts.csv")
    export_vcard(journal, tmp_path / "all.vcf")
    expected = {
        c.uuid: {f: getattr(journal.contacts.get(c.uuid), f) for f in FIELDS}
        for c in journal.contacts.list(include_archived=True)
    }
    plan = import_file(use(other), tmp_path / "all.vcf")
    assert plan.count(Action.CREATE) == len(expected)
    restored = {
        c.name: {f: getattr(other.contacts.get(c.uuid), f) for f in FIELDS}
        for c in other.contacts.list(include_archived=True)
    }
    assert sorted(restored.values(), key=repr) == sorted(expected.values(), key=repr)


def test_importing_our_own_vcard_adds_nothing(journal: Journal, tmp_path: Path) -> None:
    generate_demo(journal, 25, 50, seed=4)
    export_vcard(journal, tmp_path / "all.vcf")
    before = snapshot(journal)
    plan = import_file(journal, tmp_path / "all.vcf")
    assert plan.count(Action.CREATE) == plan.count(Action.MERGE) == 0
    assert all("same vCard UID" in item.reason for item in plan.items)
    assert snapshot(journal) == before


def test_hostile_text_makes_valid_cards(journal: Journal, tmp_path: Path) -> None:
    add_hostile_records(journal)
    export_vcard(journal, tmp_path / "hostile.vcf")
    parsed = cards(tmp_path / "hostile.vcf")
    assert len(parsed) == journal.stats()["contacts"]
    names = {card.fn.value for card in parsed}
    assert '=HYPERLINK("http://evil.example","click") #0' in names
    assert "commas, and; semicolons #14" in names


def test_destination_checks_and_cancel(journal: Journal, tmp_path: Path) -> None:
    generate_demo(journal, 20, 10)
    out = tmp_path / "out"
    out.mkdir()
    (out / "taken.vcf").write_text("mine")
    with pytest.raises(ExportError, match="already exists"):
        export_vcard(journal, out / "taken.vcf")
    with pytest.raises(OperationCancelled):
        export_vcard(journal, out / "new.vcf", cancelled=counting_cancel(5))
    assert sorted(p.name for p in out.iterdir()) == ["taken.vcf"]
    assert (out / "taken.vcf").read_text() == "mine"
