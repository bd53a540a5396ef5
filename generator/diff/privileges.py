"""Compare schema grants and default privileges: each is an object keyed by (schema or entry,
role) that exists where it differs from Postgres's default, so creating one grants (or revokes)
the difference, dropping it restores the default, and altering it moves between two sets."""

from __future__ import annotations

from generator.diff import changes as ch
from generator.model import objects as m


def compare(old: m.Model, new: m.Model) -> list[ch.Change]:
    out: list[ch.Change] = []
    for a_all, b_all in ((old.schema_grants, new.schema_grants), (old.default_privileges, new.default_privileges)):
        for key in sorted(set(a_all) | set(b_all)):
            a, b = a_all.get(key), b_all.get(key)
            if a is None:
                out.append(ch.Create(b))
            elif b is None:
                out.append(ch.Drop(a))
            elif a != b:
                out.append(ch.Alter(a, b))
    return out
