"""Sequences in the differ: created and dropped whole, altered in place (options and grants, never
the current value), their owning column set by a change of its own (``SetOwnedBy``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from generator.diff import changes as ch
from generator.model import objects as m

if TYPE_CHECKING:
    from generator.diff.differ import _Differ

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
