"""Details a new-user review caught: colours that did not follow a theme change, check boxes
lost on dark, "&" read as a shortcut marker, a dialog that clipped its own text, and a merge
that did not start from the obvious namesake."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QStyle, QStyleFactory

from netjournal.services.journal import Journal
from netjournal.ui import theme
from netjournal.ui.dialogs.merge_dialog import MergeDialog
from netjournal.ui.dialogs.passphrase_dialog import RecoveryKeyDialog
from netjournal.ui.formatting import literal_ampersands
from netjournal.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE


@pytest.fixture
def light_then_dark(qapp: QApplication) -> Iterator[None]:
    """Start light; the test switches to dark; the app's palette is put back afterwards."""
    before = QApplication.palette()
    QApplication.setPalette(theme.light_palette())
    yield
    QApplication.setPalette(before)


def contrast(widget_palette: QPalette, role: QPalette.ColorRole) -> float:
    """Lightness difference between a role's colour and the window background (0..1)."""
    text = widget_palette.color(role).lightnessF()
    background = widget_palette.color(QPalette.ColorRole.Window).lightnessF()
    return abs(text - background)


def test_the_give_and_take_verdict_follows_a_switch_to_dark(
    qtbot, light_then_dark, window: MainWindow, journal: Journal
) -> None:
    anna = journal.contacts.create("Anna Berg")
    window.open_contact(anna)
    verdict = window.card.give_take_panel.verdict_label
    assert verdict.text()
    QApplication.setPalette(theme.dark_palette())
    qtbot.waitUntil(lambda: theme.is_dark(verdict.palette()))
    # Readable on the dark background: the grey of the dark theme, not the light theme's.
    assert verdict.palette().color(QPalette.ColorRole.WindowText) == theme.secondary_text(
        window.card.give_take_panel.palette()
    )
    assert contrast(verdict.palette(), QPalette.ColorRole.WindowText) > 0.3


def test_the_availability_banner_follows_a_switch_to_dark(
    qtbot, light_then_dark, window: MainWindow, journal: Journal
) -> None:
    view = window.network.intermediaries
    with qtbot.waitSignal(view.loaded, timeout=10000):
        window.show_network("intermediaries")
    assert view.banner_title.text() and not theme.is_dark(view.banner.palette())
    QApplication.setPalette(theme.dark_palette())
    qtbot.waitUntil(lambda: view.banner.palette().color(QPalette.ColorRole.Window).lightnessF() < 0.35)
    for label in (view.banner_title, view.banner_text):
        assert contrast(label.palette(), QPalette.ColorRole.WindowText) > 0.5


def test_ampersands_in_names_show_as_typed_in_the_merge_dialog(
    qtbot, window: MainWindow, journal: Journal
) -> None:
    assert literal_ampersands("P&L && more") == "P&&L &&&& more"
    who = journal.contacts.create("Sam Lee", role="Founder & Interim CFO", organisation="Lee & Co")
    other = journal.contacts.create("Sam Lee (2)", organisation="R&D Partners")
    dialog = MergeDialog(journal, who, window)
    qtbot.addWidget(dialog)
    dialog.picker.filter.setText("Sam Lee (2)")
    qtbot.waitUntil(lambda: dialog.picker.current_uuid() == other)
    # Qt shows "&&" as one "&"; a single "&" would vanish and underline the next letter.
    for button in (dialog.keep_this, dialog.keep_other):
        assert "&&" in button.text()
        assert button.text().replace("&&", "&").count("&") == button.text().count("&&")
    assert "Founder && Interim CFO" in dialog.keep_this.text()
    assert "R&&D Partners" in dialog.keep_other.text()


@pytest.mark.parametrize("with_key", [False, True], ids=["asking", "new key"])
def test_the_recovery_key_dialog_is_tall_enough_for_its_text(qtbot, journal: Journal, with_key: bool) -> None:
    dialog = RecoveryKeyDialog(journal, key=journal.recovery_key() if with_key else "")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    intro = dialog.intro
    assert intro.height() >= intro.heightForWidth(intro.width()), "the intro's lines are clipped"
    if not with_key:
        dialog.passphrase_edit.setText(PASSPHRASE)
        dialog.reveal()
        qtbot.waitUntil(lambda: dialog.key_label is not None and dialog.key_label.isVisible())
        qtbot.wait(20)
        assert intro.height() >= intro.heightForWidth(intro.width())


def _outline_pixels(style: QStyle) -> int:
    """Pixels of the dark theme's placeholder grey in an unticked check box drawn by ``style``."""
    box = QCheckBox("Show archived")
    box.setStyle(style)
    box.setPalette(theme.dark_palette())
    box.resize(box.sizeHint())
    image = box.grab().toImage()
    grey = theme.dark_palette().color(QPalette.ColorRole.PlaceholderText)
    return sum(
        1
        for x in range(min(image.width(), 24))
        for y in range(image.height())
        if abs(image.pixelColor(x, y).lightness() - grey.lightness()) < 12
    )


def test_an_unticked_check_box_can_be_seen_on_dark(qtbot) -> None:
    plain = QStyleFactory.create("Fusion")
    visible = theme.VisibleCheckBoxes("Fusion")
    assert plain is not None
    # Fusion alone: the box's outline is near-black on near-black (no grey at all).
    assert _outline_pixels(plain) < 4
    # With NetJournal's style, a grey outline of at least three sides of a 10 px box.
    assert _outline_pixels(visible) >= 30
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.style().name()
    if before.lower() == "fusion":
        try:
            theme.use_visible_check_boxes(app)
            assert isinstance(app.style(), theme.VisibleCheckBoxes)
            theme.use_visible_check_boxes(app)  # once is enough: no proxy of a proxy
            assert isinstance(app.style().baseStyle(), type(plain))
        finally:
            app.setStyle("Fusion")  # the other tests run with the plain style


def test_the_merge_dialog_starts_with_a_namesake(qtbot, window: MainWindow, journal: Journal) -> None:
    first = journal.contacts.create("Priya Raman", organisation="Acme")
    journal.contacts.create("Aaron Abbott")  # first in the list without a filter
    second = journal.contacts.create("Priya Raman")
    dialog = MergeDialog(journal, first, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.picker.current_uuid() == second)
    assert dialog.picker.filter.text() == "Priya Raman" and dialog.picker.filter.hasSelectedText()
    lonely = MergeDialog(journal, journal.contacts.find_by_name("Aaron Abbott").uuid, window)
    qtbot.addWidget(lonely)
    assert lonely.picker.filter.text() == ""  # no namesake: the whole list, as before
