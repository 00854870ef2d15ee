"""The fixed choices users pick from (contact kinds, channels, ...), for front ends.

They are defined with the storage models; front ends import them from here so that they
never import the storage layer themselves.
"""

from __future__ import annotations

from netjournal.storage.models import CHANNELS, CONTACT_KINDS, FOLLOW_UP_OWNERS, ORGANISATION_KINDS

__all__ = ["CHANNELS", "CONTACT_KINDS", "FOLLOW_UP_OWNERS", "ORGANISATION_KINDS"]
