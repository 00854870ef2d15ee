"""Editing organisations without Qt: rename, change kind, archive, and names already taken."""

from __future__ import annotations

import pytest

from netjournal.errors import ValidationError
from netjournal.services.changes import ORGANISATIONS, Change
from netjournal.services.journal import Journal


def test_update_renames_and_changes_kind_website_and_notes(journal: Journal) -> None:
    org = journal.organisations.create("Harbour Interim Partners")
    seen: list[Change] = []
    journal.changes.subscribe(seen.append)
    journal.organisations.update(
        org,
        name="  Harbour Interim  ",
        kind="intermediary",
        website=" harbour.example ",
        notes="Met at CFO Day",
    )
    record = journal.organisations.get(org)
    assert (record.name, record.kind, record.website, record.notes) == (
        "Harbour Interim",
        "intermediary",
        "harbour.example",
        "Met at CFO Day",
    )
    assert seen and seen[-1].touches(ORGANISATIONS)


def test_a_name_another_organisation_has_is_refused_and_nothing_is_written(journal: Journal) -> None:
    acme = journal.organisations.create("Acme")
    globex = journal.organisations.create("Globex", notes="old notes")
    seen: list[Change] = []
    journal.changes.subscribe(seen.append)
    with pytest.raises(ValidationError, match=r"already an organisation called 'Acme'.*cannot be merged"):
        journal.organisations.update(globex, name="ACME", notes="new notes")
    record = journal.organisations.get(globex)
    assert (record.name, record.notes) == ("Globex", "old notes")
    assert not seen
    # An archived organisation keeps its name too, and says why it is not in the list.
    journal.organisations.set_archived(acme, True)
    with pytest.raises(ValidationError, match=r"'Acme' \(archived\)"):
        journal.organisations.update(globex, name="acme")


def test_an_organisation_may_keep_its_name_or_change_its_case(journal: Journal) -> None:
    org = journal.organisations.create("atlas chemicals")
    journal.organisations.update(org, name="atlas chemicals", kind="company")
    journal.organisations.update(org, name="Atlas Chemicals")
    assert journal.organisations.get(org).name == "Atlas Chemicals"


def test_an_intermediary_kind_puts_the_organisation_in_the_intermediaries_overview(journal: Journal) -> None:
    org = journal.organisations.create("Harbour Interim Partners")
    journal.contacts.create("Ines Duarte", organisation="Harbour Interim Partners", kind="other")
    assert not [g for g in journal.intermediaries.overview() if g.organisation_uuid == org]
    journal.organisations.update(org, kind="intermediary")
    (group,) = [g for g in journal.intermediaries.overview() if g.organisation_uuid == org]
    assert [p.contact.name for p in group.people] == ["Ines Duarte"]


def test_archive_hides_and_restore_brings_back(journal: Journal) -> None:
    org = journal.organisations.create("Bluefin Shipping")
    journal.organisations.set_archived(org, True)
    assert org not in [o.uuid for o in journal.organisations.list()]
    assert journal.organisations.get(org).archived
    journal.organisations.set_archived(org, False)
    assert org in [o.uuid for o in journal.organisations.list()]


def test_opportunity_count_names_it_as_client_or_intermediary(journal: Journal) -> None:
    journal.opportunities.create("Interim CFO", client="Helios Energy", intermediary="Boyden Interim")
    journal.opportunities.create("PMI lead", client="Boyden Interim")
    journal.opportunities.create("Board advisor", client="Atlas Chemicals")
    by_name = {o.name: o.uuid for o in journal.organisations.list()}
    assert journal.organisations.opportunity_count(by_name["Boyden Interim"]) == 2
    assert journal.organisations.opportunity_count(by_name["Helios Energy"]) == 1
