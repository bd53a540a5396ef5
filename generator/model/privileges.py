"""What Postgres gives without being asked, so that schema grants and default privileges are kept
(in the model, the snapshot and the catalog reader alike) only where they differ from it.

A new schema gives nothing to anyone but its owner; PostgreSQL 15 creates ``public`` with USAGE
for PUBLIC. ``pg_default_acl`` stores, for a role and no schema, the whole ACL its new objects
get (starting from the built-in one: all privileges for the owner, EXECUTE on functions and USAGE
on types for PUBLIC), and for a schema only what is added there.
"""

from __future__ import annotations

from generator.model import objects as m

PRIVILEGES_ON = {
    "tables": ("select", "insert", "update", "delete", "truncate", "references", "trigger"),
    "sequences": ("usage", "select", "update"),
    "functions": ("execute",),
    "types": ("usage",),
    "schemas": ("usage", "create"),
}
OBJECT_TYPES = {"r": "tables", "S": "sequences", "f": "functions", "T": "types", "n": "schemas"}
SCHEMA_PRIVILEGES = PRIVILEGES_ON["schemas"]


def schema_baseline(schema: str, role: str) -> tuple[str, ...]:
    return ("usage",) if schema == "public" and role == "public" else ()


def default_baseline(for_role: str | None, schema: str | None, on: str, role: str) -> tuple[str, ...]:
    if schema is not None:
        return ()
    if role == for_role:
        return tuple(sorted(PRIVILEGES_ON[on]))
    if role == "public" and on in ("functions", "types"):
        return PRIVILEGES_ON[on]
    return ()


def baseline(obj: m.SchemaGrant | m.DefaultPrivilege) -> tuple[str, ...]:
    if isinstance(obj, m.SchemaGrant):
        return schema_baseline(obj.schema, obj.role)
    return default_baseline(obj.for_role, obj.schema, obj.on, obj.role)


def added_by_defaults(model: m.Model, on: str, schema: str) -> dict[str, set[str]]:
    """Role → privileges the default privileges of the migrating role add to an object it
    creates in ``schema`` (what Postgres gives such an object beyond its usual ACL)."""
    out: dict[str, set[str]] = {}
    for d in model.default_privileges.values():
        if d.for_role is None and d.on == on and d.schema in (None, schema):
            extra = set(d.privileges) - set(default_baseline(None, None, on, d.role))
            if extra:
                out.setdefault(d.role, set()).update(extra)
    return out
