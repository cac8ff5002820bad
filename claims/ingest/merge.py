"""The rule both loaders follow when a file changes under rows editors may
have edited: a field follows the file only while it still holds what the
loader wrote last time (the row's snapshot); a field an editor changed since
keeps the editor's value."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def fields_to_follow(
    current: Mapping[str, Any], wanted: Mapping[str, Any], snapshot: Mapping[str, Any]
) -> tuple[list[str], list[str]]:
    """(fields to take from the file, fields an editor changed and keeps).

    All three mappings hold values in the same comparable form; a field the
    snapshot does not know follows the file."""
    follow, kept = [], []
    for name, value in wanted.items():
        if current[name] == value:
            continue
        if name in snapshot and current[name] != snapshot[name]:
            kept.append(name)
        else:
            follow.append(name)
    return follow, kept
