"""A regular expression for "any of these words", shaped as a prefix tree.

Python's `re` tries the alternatives of `a|b|c…` one after another at every
position of the text; with a few hundred aliases that is most of the import's
time. The same alternatives folded into a tree ("Deir (?:ez-Zor (?:Military
Council)?|Ezzor …)") fail after a character or two, and, being greedy, still
match the longest alias that starts at a position.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""  # marks the end of a name in the tree


def trie_pattern(names: Iterable[str], space: str = r"\s+") -> str:
    """A pattern matching any of `names`; a space in a name matches `space`."""
    tree: dict = {}
    for name in names:
        node = tree
        for character in name:
            node = node.setdefault(character, {})
        node[_END] = {}
    return _pattern(tree, space)


def _pattern(node: dict, space: str) -> str:
    ends_here = _END in node
    branches = [
        (re.escape(character) if character != " " else space) + _pattern(child, space)
        for character, child in sorted(node.items())
        if character != _END
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        # Greedy: the longer name is tried first, the name ending here after.
        return f"(?:{body})?"
    return body
