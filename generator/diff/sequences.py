"""Sequences in the differ: created and dropped whole, altered in place (options and grants, never
the current value), their owning column set by a change of its own (``SetOwnedBy``), and the
sequences an SQL text calls (``nextval('name')``), for the dependency graph.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from generator.diff import changes as ch
from generator.model import objects as m

if TYPE_CHECKING:
    from generator.diff.differ import _Differ

_CALL = re.compile(r"\b(?:nextval|currval|setval)\s*\(\s*'((?:[^']|'')+)'", re.IGNORECASE)
_PART = re.compile(r'"((?:[^"]|"")*)"|([^".]+)')


def compare(differ: "_Differ", old: dict[m.QName, m.Sequence], new: dict[m.QName, m.Sequence]) -> None:
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a is None:
            differ.out.append(ch.Create(b))
            differ.comment(None, b)
            if b.owned_by:
                differ.out.append(ch.SetOwnedBy(b, None, b.owned_by))
        elif b is None:
            if a.owned_by:
                differ.out.append(ch.SetOwnedBy(a, a.owned_by, None))
            differ.out.append(ch.Drop(a))
        else:
            was = replace(a, owned_by=b.owned_by)
            if replace(was, comment=b.comment) != b:
                differ.out.append(ch.Alter(was, b))
            if a.owned_by != b.owned_by:
                differ.out.append(ch.SetOwnedBy(b, a.owned_by, b.owned_by))
            differ.comment(a, b)


@lru_cache(maxsize=4096)
def sequence_references(text: str | None) -> frozenset[m.QName]:
    """The sequences ``nextval``/``currval``/``setval`` name in an SQL text, as (schema, name)."""
    out = set()
    for found in _CALL.finditer(text or ""):
        parts = [p.group(1).replace('""', '"') if p.group(1) is not None else p.group(2).strip().lower()
                 for p in _PART.finditer(found.group(1).replace("''", "'"))]
        if len(parts) in (1, 2):
            out.add(tuple(parts) if len(parts) == 2 else ("public", parts[0]))
    return frozenset(out)
