"""The README's words for schema grants and default privileges (what each role may do where)."""

from __future__ import annotations

from generator.model import objects as m
from generator.model.privileges import default_baseline


def schema_grant_lines(model: m.Model) -> list[str]:
    """``audit``: auditor: usage; ... — one line per schema, with what PUBLIC lost on ``public``."""
    by_schema: dict[str, list[str]] = {}
    for g in sorted(model.schema_grants.values(), key=lambda g: (g.schema, g.role)):
        held = ", ".join(g.privileges) if g.privileges else "nothing (its default USAGE is revoked)"
        by_schema.setdefault(g.schema, []).append(f"{g.role}: {held}")
    return [f"`{schema}`: " + "; ".join(roles) for schema, roles in by_schema.items()]


def default_privilege_lines(model: m.Model) -> list[str]:
    """One sentence per entry: whose new objects, where, give or lose what, to whom."""
    out = []
    for d in model.default_privileges.values():
        base = set(default_baseline(d.for_role, d.schema, d.on, d.role))
        given, taken = sorted(set(d.privileges) - base), sorted(base - set(d.privileges))
        whose = f"created by {d.for_role}" if d.for_role else "created by the role that runs the migrations"
        where = f" in schema `{d.schema}`" if d.schema else ""
        parts = ([f"grant {', '.join(given)} to {d.role}"] if given else []) + (
            [f"revoke {', '.join(taken)} from {d.role}"] if taken else [])
        out.append(f"New {d.on} {whose}{where}: {' and '.join(parts)}.")
    return out
