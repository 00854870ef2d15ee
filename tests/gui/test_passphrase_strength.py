"""The strength meter's estimate: weak patterns low, a few unrelated words high."""

from __future__ import annotations

import pytest

from netjournal.ui.passphrase_strength import estimate


@pytest.mark.parametrize("weak", ["", "password", "Password123!", "aaaaaaaaaaaa", "qwertyuiop12"])
def test_common_patterns_are_weak(weak: str) -> None:
    assert estimate(weak).score <= 1


@pytest.mark.parametrize("strong", ["correct horse battery staple", "Lantern-otter rides 7 quiet trams"])
def test_unrelated_words_are_strong(strong: str) -> None:
    assert estimate(strong).score >= 3


def test_longer_is_never_weaker() -> None:
    assert estimate("river copper lamp").bits < estimate("river copper lamp violin").bits
