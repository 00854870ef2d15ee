"""A rough, offline estimate of how hard a passphrase is to guess (for the strength meter).

Not a security boundary: the minimum rule is
:func:`netjournal.security.keys.check_new_passphrase`. This only nudges people towards a
few unrelated words instead of ``Password123!``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_COMMON = {
    "password",
    "passwort",
    "motdepasse",
    "welcome",
    "letmein",
    "qwerty",
    "azerty",
    "admin",
    "iloveyou",
    "monkey",
    "dragon",
    "sunshine",
    "football",
    "princess",
    "secret",
    "login",
    "netjournal",
    "journal",
    "abc",
    "123",
    "1234",
    "12345",
    "123456",
    "test",
    "master",
}
_SEQUENCES = ("abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiop", "asdfghjkl", "zxcvbnm")
LABELS = ("Too weak", "Weak", "Fair", "Good", "Strong")


@dataclass(frozen=True, slots=True)
class Strength:
    """``score`` 0..4, a label for it, and a hint on how to do better."""

    score: int
    bits: float
    hint: str

    @property
    def label(self) -> str:
        return LABELS[self.score]


def _pool(text: str) -> int:
    pool = 0
    if re.search(r"[a-z]", text):
        pool += 26
    if re.search(r"[A-Z]", text):
        pool += 26
    if re.search(r"[0-9]", text):
        pool += 10
    if re.search(r"[^a-zA-Z0-9\s]", text):
        pool += 33
    if re.search(r"\s", text):
        pool += 1
    if re.search(r"[^\x00-\x7f]", text):
        pool += 60
    return max(pool, 1)


def _effective_length(text: str) -> float:
    """Length with repeats and keyboard/alphabet runs counted as less."""
    lowered = text.lower()
    length = 0.0
    previous = ""
    for i, char in enumerate(lowered):
        if char == previous:
            length += 0.25
        elif i >= 1 and any(lowered[i - 1 : i + 1] in seq for seq in _SEQUENCES):
            length += 0.4
        else:
            length += 1.0
        previous = char
    for word in _COMMON:
        if word in lowered:
            length -= len(word) * 0.75
    return max(length, 0.0)


def estimate(passphrase: str) -> Strength:
    """Estimate the strength of ``passphrase``."""
    if not passphrase:
        return Strength(
            0, 0.0, "Use a few unrelated words, e.g. four words from different places in your life."
        )
    bits = _effective_length(passphrase) * math.log2(_pool(passphrase))
    words = [w for w in re.split(r"[\s\-_.,]+", passphrase) if len(w) >= 3]
    if len(words) >= 4:
        bits += 8
    if bits < 35:
        score = 0
    elif bits < 50:
        score = 1
    elif bits < 65:
        score = 2
    elif bits < 80:
        score = 3
    else:
        score = 4
    if score >= 3:
        hint = "A good passphrase. Remember it: it is the key to your journal."
    elif len(words) < 4:
        hint = "Longer is stronger: add another unrelated word or two."
    else:
        hint = "Avoid common words and patterns; add an unusual word."
    return Strength(score, bits, hint)
