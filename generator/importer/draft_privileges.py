"""What default privileges already say is not written again: the builder gives the spec's tables,
functions and schemas what the migrating role's default privileges add
(``generator.spec.privileges``), so the imported spec leaves those grants out."""

from __future__ import annotations

from dataclasses import replace

from generator.errors import Diagnostic
from generator.importer.scope import warning
from generator.model import objects as m
from generator.model.privileges import added_by_defaults


def without_implied_grants(model: m.Model) -> m.Model:
    tables = {}
    for q, t in model.tables.items():
        implied = {(r, p) for r, ps in added_by_defaults(model, "tables", t.schema).items() for p in ps}
        tables[q] = replace(t, grants=tuple(g for g in t.grants if g not in implied))
    functions = {}
    for sig, f in model.functions.items():
        implied = {r for r, ps in added_by_defaults(model, "functions", f.schema).items() if "execute" in ps}
        functions[sig] = replace(f, grants=tuple(r for r in f.grants if r not in implied))
    schema_grants = {}
    for key, g in model.schema_grants.items():
        implied = added_by_defaults(model, "schemas", g.schema).get(g.role, set())
        if g.schema == "public" or not set(g.privileges) <= implied:  # public exists before any default
            schema_grants[key] = g  # written whole: the builder adds the implied ones to it again
    return replace(model, tables=tables, functions=functions, schema_grants=schema_grants)


def missing_implied_grants(model: m.Model) -> list[Diagnostic]:
    """W212 for each table or function created before the default privileges that would now give
    it more: the imported spec gives them (drift shows the difference until they are granted)."""
    out = []
    for t in model.tables.values():
        for role, privileges in sorted(added_by_defaults(model, "tables", t.schema).items()):
            missing = sorted(p for p in privileges if (role, p) not in t.grants)
            if missing:
                out.append(warning("W212", f"table {t.schema}.{t.name} lacks {', '.join(missing)} for {role}, "
                                           "which the default privileges give new tables; the spec gives them too"))
    for f in model.functions.values():
        for role, privileges in sorted(added_by_defaults(model, "functions", f.schema).items()):
            if "execute" in privileges and role not in f.grants:
                out.append(warning("W212", f"function {f.signature} lacks execute for {role}, which the default "
                                           "privileges give new functions; the spec gives it too"))
    return out
