"""What import takes from the catalog: the selected schemas' objects the format can hold.

Everything else is named in a warning, never dropped silently:
W400 an object of a kind the format has no place for (rule, foreign table, procedure ...),
W401 a property the format cannot express (NOT VALID constraint, overloads ...),
W402 privileges other than grants on tables and schemas, function EXECUTE and default privileges, W403 an object outside the selected schemas that a
selected one refers to. System schemas, pgspec's own and extension members are never imported
(the catalog queries leave them out).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import psycopg
from psycopg.rows import dict_row

from generator.errors import Diagnostic
from generator.introspect.catalog import query
from generator.model import objects as m
from generator.model.sequences import sequence_references, serial_sequences
from generator.model.types import base_name
from generator.model.view_query import query_facts

SOURCE = "database"


def warning(code: str, message: str) -> Diagnostic:
    return Diagnostic(SOURCE, 0, 0, code, message)


def _label(schema: str | None, name: str) -> str:
    return name if schema is None else f"{schema}.{name}"


def unsupported(conn: psycopg.Connection, schemas: set[str] | None) -> list[Diagnostic]:
    """W400–W402 for the objects of the selected schemas (all user schemas when None)."""
    with conn.cursor(row_factory=dict_row) as cur:
        rows = cur.execute(query("unsupported")).fetchall()
    return [warning(r["code"], f"{r['kind']} {_label(r['schema'], r['name'])} is not imported: "
                               "the spec format cannot express it yet")
            for r in rows if schemas is None or r["schema"] is None or r["schema"] in schemas]


def select(model: m.Model, schemas: set[str] | None) -> tuple[m.Model, list[Diagnostic]]:
    """The part of ``model`` in ``schemas`` that spec keys can name, and warnings for the rest."""
    keep = (lambda s: True) if schemas is None else (lambda s: s in schemas)
    warnings: list[Diagnostic] = []
    tables = {q: t for q, t in model.tables.items() if keep(t.schema)}
    enums = {q: e for q, e in model.enums.items() if keep(e.schema)}
    domains = _one_per_name({q: d for q, d in model.domains.items() if keep(d.schema)}, lambda d: d.name, "domain",
                            warnings)
    composites = _one_per_name({q: c for q, c in model.composites.items() if keep(c.schema)}, lambda c: c.name,
                               "composite type", warnings)
    functions = {k: f for k, f in model.functions.items() if keep(f.schema)}
    functions = _one_per_name(functions, lambda f: (f.schema, f.name), "function", warnings)
    sequences = _one_per_name({q: s for q, s in model.sequences.items() if keep(s.schema)}, lambda s: s.name,
                              "sequence", warnings)
    serial = serial_sequences(tables.values())
    for t in tables.values():
        for c in t.columns:
            for q in sorted(sequence_references(c.default.text if c.default else None) - set(sequences) - serial):
                warnings.append(warning("W403", f"column {t.schema}.{t.name}.{c.name} calls sequence {_label(*q)}, "
                                        "which is not imported: the spec will not load until it is"))
        for c in t.constraints:
            if isinstance(c, m.ForeignKey) and c.ref_table not in tables:
                warnings.append(warning("W403", f"foreign key {t.schema}.{t.name}.{c.name} references "
                                        f"{_label(*c.ref_table)}, which is not imported; the foreign key is left out"))
        for tr in t.triggers:
            if not any((f.schema, f.name) == tr.function for f in functions.values()):
                warnings.append(warning("W403", f"trigger {t.schema}.{t.name}.{tr.name} calls "
                                        f"{_label(*tr.function)}, which is not imported; the trigger is left out"))
        for c in t.columns:
            base = base_name(c.type)
            enum = tuple(base.split(".", 1)) if "." in base else ("public", base)
            if (enum in model.enums and enum not in enums or enum in model.domains and enum not in domains
                    or enum in model.composites and enum not in composites):
                warnings.append(warning("W403", f"column {t.schema}.{t.name}.{c.name} has type {_label(*enum)}, "
                                        "which is not imported: the spec will not load until it is"))
    tables = {q: replace(t, constraints=tuple(c for c in t.constraints if not isinstance(c, m.ForeignKey)
                                              or c.ref_table in tables),
                         triggers=tuple(tr for tr in t.triggers if any(
                             (f.schema, f.name) == tr.function for f in functions.values())))
              for q, t in tables.items()}
    selected = {n: s for n, s in model.schemas.items() if keep(n)}
    views = _one_per_name({q: v for q, v in model.views.items() if keep(v.schema)}, lambda v: v.name, "view",
                          warnings)
    views = _readable_views(views, tables, warnings)
    schema_grants = {k: g for k, g in model.schema_grants.items() if keep(g.schema)}
    default_privileges = {k: d for k, d in model.default_privileges.items() if d.schema is None or keep(d.schema)}
    return replace(model, schemas=selected, tables=tables, enums=enums, functions=functions, domains=domains,
                   composites=composites, sequences=sequences, views=views, schema_grants=schema_grants,
                   default_privileges=default_privileges), warnings


def _one_per_name(objects: dict, name_of, kind: str, warnings: list[Diagnostic]) -> dict:
    """Of the objects sharing the name their spec key holds (schema and name for functions, the
    bare name for other kinds), keep the first."""
    counts = Counter(name_of(o) for o in objects.values())
    out, seen = {}, set()
    for key, obj in objects.items():
        name = name_of(obj)
        if counts[name] > 1 and name in seen:
            this = getattr(obj, "signature", None) or _label(obj.schema, obj.name)
            said = _label(*name) if isinstance(name, tuple) else name
            warnings.append(warning("W401", f"{kind} {this} is not imported: another {kind} named "
                                    f"{said!r} is, and the spec format keys {kind}s by name"))
            continue
        seen.add(name)
        out[key] = obj
    return out


def _readable_views(views: dict, tables: dict, warnings: list[Diagnostic]) -> dict:
    """The views whose tables and views are imported too (else the spec would not load)."""
    views = dict(views)
    while True:
        missing = {q: r for q, v in views.items() for r in sorted(query_facts(v.query.text).relations)
                   if r not in tables and r not in views and r[0] not in ("pg_catalog", "information_schema")}
        if not missing:
            return views
        for q, r in sorted(missing.items()):
            warnings.append(warning("W403", f"view {_label(*q)} reads {_label(*r)}, which is not imported; "
                                    "the view is left out"))
            del views[q]
