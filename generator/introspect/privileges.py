"""Catalog rows of schema ACLs and ``pg_default_acl`` → the model's schema grants and default
privileges, kept only where they differ from what Postgres gives (``generator.model.privileges``)."""

from __future__ import annotations

from collections import defaultdict

from generator.model import objects as m
from generator.model.privileges import OBJECT_TYPES, default_baseline, schema_baseline


def schema_grants(rows: list[dict], schemas: set[str]) -> dict[tuple[str, str], m.SchemaGrant]:
    """``schemas``: the user schemas read (``public`` is always read)."""
    held: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in rows:
        if r["schema"] in schemas or r["schema"] == "public":
            held[(r["schema"], r["role"])].add(r["privilege"])
    held.setdefault(("public", "public"), set())
    out = {}
    for (schema, role), privileges in sorted(held.items()):
        if tuple(sorted(privileges)) != schema_baseline(schema, role):
            out[(schema, role)] = m.SchemaGrant(schema, role, tuple(sorted(privileges)))
    return out


def default_privileges(rows: list[dict]) -> dict[tuple, m.DefaultPrivilege]:
    entries: dict[tuple, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    owners = {}
    for r in rows:
        key = (r["for_role"], r["schema"], OBJECT_TYPES[r["objtype"]])
        owners[key] = r["owner"]
        grants = entries[key]
        if r["role"] is not None:
            grants[r["role"]].add(r["privilege"])
    out = {}
    for (for_role, schema, on), grants in entries.items():
        owner = owners[(for_role, schema, on)]
        if schema is None:  # the whole ACL: the built-in grantees count even when absent
            grants.setdefault(owner, set())
            grants.setdefault("public", set())
        for role, privileges in grants.items():
            if tuple(sorted(privileges)) != default_baseline(owner, schema, on, role):
                d = m.DefaultPrivilege(for_role, schema, on, role, tuple(sorted(privileges)))
                out[d.key] = d
    return dict(sorted(out.items()))
