"""Import a database: introspect, select, draft, find mixins, lay out the files."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import psycopg

from generator.errors import DatabaseError, Diagnostic
from generator.importer import draft, draft_privileges, layout, mixins, readable, scope, seed_rows
from generator.introspect.catalog import introspect
from generator.model import objects as m


@dataclass(frozen=True)
class Imported:
    files: dict[str, str]  # file name → YAML text
    warnings: list[Diagnostic]
    model: m.Model  # what the files hold


def import_database(conn: psycopg.Connection, system: str, schemas: set[str] | None = None,
                    seed: tuple[str, ...] = ()) -> Imported:
    """The spec folder of the database behind ``conn`` (``schemas``: only these; None: all user schemas;
    ``seed``: tables, ``name`` or ``schema.name``, whose rows become seed rows)."""
    try:
        warnings = scope.unsupported(conn, schemas)
        model = readable.apply(introspect(conn), readable.fetch(conn))
    except psycopg.Error as e:
        raise DatabaseError(str(e).strip()) from e
    missing = sorted((schemas or set()) - set(model.schemas) - {"public"})
    if missing:
        raise DatabaseError(f"no schema {', '.join(missing)} in the database (or it is a system schema)")
    model, more = scope.select(replace(model, system=system), schemas)
    try:
        model = _with_seed_rows(conn, model, seed)
    except psycopg.Error as e:
        raise DatabaseError(str(e).strip()) from e
    more += draft_privileges.missing_implied_grants(model)
    return Imported(spec_files(model), sorted(warnings + more), model)


def _with_seed_rows(conn: psycopg.Connection, model: m.Model, names: tuple[str, ...]) -> m.Model:
    tables = dict(model.tables)
    for name in names:
        qname = tuple(name.split(".", 1)) if "." in name else ("public", name)
        if qname not in tables:
            raise DatabaseError(f"--seed {name}: no such table among the imported ones")
        tables[qname] = replace(tables[qname], seed=seed_rows.read(conn, tables[qname]))
    return replace(model, tables=tables)


def spec_files(model: m.Model) -> dict[str, str]:
    """File name → YAML text for ``model``."""
    model = draft_privileges.without_implied_grants(model)
    names = [t.name for t in model.tables.values()]
    keys = {t.qname: draft.spec_key(t.schema, t.name, names) for t in model.tables.values()}
    tables = {keys[t.qname]: draft.table_doc(t, qualified=keys[t.qname] != t.name) for t in model.tables.values()}
    found, tables = mixins.detect(tables)
    schemas = {keys[t.qname]: t.schema for t in model.tables.values()}
    return layout.documents(draft.system_doc(model, found), tables, schemas)


def import_dsn(dsn: str, system: str, schemas: set[str] | None = None, seed: tuple[str, ...] = ()) -> Imported:
    try:
        with psycopg.connect(dsn, autocommit=True, connect_timeout=10) as conn:
            return import_database(conn, system, schemas, seed)
    except psycopg.Error as e:
        raise DatabaseError(str(e).strip()) from e


def import_sql(files: list[Path], system: str, schemas: set[str] | None = None,
               seed: tuple[str, ...] = ()) -> Imported:
    """Apply ``files`` in order to a new database on a throw-away server, then import it."""
    from generator.pgserver import running_server

    scripts = [(path, Path(path).read_text(encoding="utf-8")) for path in files]  # before any server starts
    with running_server() as server:
        dsn = server.create_database("pgspec_import")
        try:
            with psycopg.connect(dsn, autocommit=True, connect_timeout=10) as conn:
                for path, text in scripts:
                    try:
                        conn.execute(text)
                    except psycopg.Error as e:
                        raise DatabaseError(f"{path}: {str(e).strip()}") from e
                return import_database(conn, system, schemas, seed)
        finally:
            server.drop_database(dsn)
