"""Schema grants and default privileges: spec → model, checked.

Default privileges of the role that runs the migrations (no ``for_role``) also apply to what the
spec declares: its tables, functions and schemas get the privileges those defaults add, as they
would if the migration created them after the ``ALTER DEFAULT PRIVILEGES`` (so the migrations,
the snapshot and a database built by them agree, whatever order objects came in)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from generator.model import objects as m
from generator.model.privileges import PRIVILEGES_ON, added_by_defaults, default_baseline, schema_baseline


def _role(b: Any, role: str, o, *, key: bool = False) -> None:
    if role != "public" and role not in b.sec["roles"]:
        b.error(o, "E130", f"unknown role {role!r}: declare it under 'roles'", key=key)


def default_privileges(b: Any, entries: list, model: m.Model) -> None:
    """Set the model's default privileges (those that differ from the built-in ones) and apply them."""
    out: dict[tuple, m.DefaultPrivilege] = {}
    for d, o in entries:
        if d.for_role is not None:
            _role(b, d.for_role, o.at("for_role"))
        _role(b, d.to, o.at("to"))
        if d.schema_ is not None:
            b.schema(d.schema_, o.at("schema"))
            if d.on == "schemas":
                b.error(o.at("schema"), "E216", "default privileges on schemas apply to every schema: "
                        "leave 'schema' out")
        for field in ("grant", "revoke"):
            for i, p in enumerate(getattr(d, field)):
                if p not in PRIVILEGES_ON[d.on]:
                    b.error(o.at(field, i), "E215", f"{p!r} does not apply to {d.on} (they take "
                            f"{', '.join(PRIVILEGES_ON[d.on])})")
        if not d.grant and not d.revoke or set(d.grant) & set(d.revoke):
            b.error(o, "E217", "a default privilege grants or revokes something, never one privilege both")
        base = default_baseline(d.for_role, d.schema_, d.on, d.to)
        key = (d.for_role or "", d.schema_ or "", d.on, d.to)
        had = set(out[key].privileges) if key in out else set(base)
        out[key] = m.DefaultPrivilege(d.for_role, d.schema_, d.on, d.to,
                                      tuple(sorted((had | set(d.grant)) - set(d.revoke))))
    found = {k: v for k, v in out.items() if v.privileges != default_baseline(v.for_role, v.schema, v.on, v.role)}
    model.default_privileges.update(found)
    for q, t in model.tables.items():
        extra = {(r, p) for r, ps in added_by_defaults(model, "tables", t.schema).items() for p in ps}
        if extra - set(t.grants):
            model.tables[q] = replace(t, grants=tuple(sorted(set(t.grants) | extra)))
    for sig, f in model.functions.items():
        extra = {r for r, ps in added_by_defaults(model, "functions", f.schema).items() if "execute" in ps}
        if extra - set(f.grants):
            model.functions[sig] = replace(f, grants=tuple(sorted(set(f.grants) | extra)))



def schema_grants(b: Any, model: m.Model) -> None:
    """Each declared schema's grants (and ``public``'s, when the spec gives them)."""
    for name, (spec, o) in sorted(b.sec["schemas"].items()):
        if name == "public" and spec.grants is None:
            continue
        roles: dict[str, set[str]] = {}
        for role, privileges in (spec.grants or {}).items():
            _role(b, role, o.at("grants", role), key=True)
            roles[role] = set(privileges)
        if name != "public":
            for role, privileges in added_by_defaults(model, "schemas", name).items():
                roles.setdefault(role, set()).update(privileges)
        for role in sorted(set(roles) | ({"public"} if name == "public" else set())):
            privileges = tuple(sorted(roles.get(role, ())))
            if privileges != schema_baseline(name, role):
                model.schema_grants[(name, role)] = m.SchemaGrant(name, role, privileges)
