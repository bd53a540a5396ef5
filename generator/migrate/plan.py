"""The next migration of a system: ``diff(snapshot, spec)``, written as new numbered files.

Earlier migrations are never rewritten: ``generate`` keeps their text as it is. When the spec
differs from ``snapshot.json``, it writes ``NNNN_<slug>.sql`` (one transaction) and its
``.down.sql`` (the reverse changes, in reverse order), then, when tables that hold rows need
lock-aware steps (``generator.diff.online``), ``NNNN+1_<slug>_online.sql`` and its down file, and
finally the new snapshot. Enum values that the same migration uses go first, into
``NNNN_<slug>_enum_values.sql`` (a value can only be used once the transaction adding it
commits). Destructive changes and type changes without an automatic cast stop it with an error
unless the author allowed them or gave ``using:``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from generator.diff import changes as ch
from generator.diff.differ import diff
from generator.diff.hazards import destructive, needs_using
from generator.diff.types_diff import with_base_types
from generator.migrate.type_refusals import refuse_type_changes
from generator.diff.online import split_online
from generator.diff.reverse import reverse_changes
from generator.emit.docs import Migration
from generator.emit.migration import migration_sql
from generator.emit.quoting import string
from generator.emit.sql import render
from generator.errors import Diagnostic, SpecError, display_path
from generator.migrate.files import SNAPSHOT, MigrationFileError, list_migrations, summary_of
from generator.model import objects as m
from generator.model.snapshot import SnapshotError, dumps, loads
from generator.output import Output
from generator.spec.build import Built

INITIAL = "0001_initial"


@dataclass(frozen=True)
class Plan:
    outputs: list[Output]  # every file of the migration folder, old and new
    migrations: list[Migration]  # all migrations, for the docs


def plan_migrations(root: Path, folder: Path, built: Built, *, allow_destructive: bool = False,
                    name: str | None = None) -> Plan:
    """The migration folder ``folder`` (relative to ``root``) once the spec's changes are added."""
    model = built.model
    try:
        existing = list_migrations(root / folder)
        previous = _snapshot(root / folder, bool(existing))
    except (MigrationFileError, SnapshotError) as e:
        raise SpecError([Diagnostic(display_path(root / folder), 1, 1, "E162", str(e))]) from e
    outputs = [Output(mf.path.relative_to(root), mf.text()) for mf in existing]
    outputs += [Output(mf.down_path.relative_to(root), mf.down_path.read_text(encoding="utf-8"))
                for mf in existing if mf.down_path.is_file()]
    migrations = [Migration(mf.name, summary_of(mf.text())) for mf in existing]
    changes = diff(previous, model, seeds=True)
    if existing and not changes:
        outputs.append(Output(folder / SNAPSHOT, (root / folder / SNAPSHOT).read_text(encoding="utf-8")))
        return Plan(outputs, migrations)
    _check_hazards([with_base_types(c, previous, model) for c in changes], built, allow_destructive)
    refuse_type_changes(changes, previous, built)
    version = existing[-1].version + 1 if existing else 1
    base = INITIAL if version == 1 else f"{version:04d}_{name or _slug(changes)}"
    tx, online = split_online(changes, frozenset(q for q, t in model.tables.items() if t.partition_by))
    values, tx = _new_enum_values_first(tx)
    files = []  # (name, changes, transactional, model before, model after)
    if values:
        files.append((f"{base}_enum_values", values, True, previous, _with_enums(previous, values)))
        base = f"{version + 1:04d}_{name or _slug(changes)}"
    if tx or not online:
        files.append((base, tx, True, files[-1][4] if files else previous, model))
    if online:
        files.append((f"{version + len(files):04d}_{name or _slug(changes)}_online", online, False, previous, model))
    for file_name, steps, transactional, before, after in files:
        warnings = [f"Destructive (allowed): {reason}." for c in steps
                    if (reason := destructive(with_base_types(c, before, after)))]
        up = migration_sql(model.system, file_name, steps, transactional=transactional, warnings=warnings)
        down = reverse_changes(steps, before, after)
        lossy = [f"WARNING: this down migration loses data: it {reason}." for c in down
                 if (reason := destructive(with_base_types(c, after, before)))]
        outputs += [Output(folder / f"{file_name}.sql", up),
                    Output(folder / f"{file_name}.down.sql", migration_sql(
                        model.system, f"{file_name}.down", down, transactional=transactional,
                        warnings=[f"Reverses {file_name}."] + lossy))]
        migrations.append(Migration(file_name, summary_of(up)))
    outputs.append(Output(folder / SNAPSHOT, dumps(model)))
    return Plan(outputs, migrations)


def _new_enum_values_first(tx: list[ch.Change]) -> tuple[list[ch.Change], list[ch.Change]]:
    """Enum values added in place, split from the changes that use them: Postgres refuses a new
    value in the transaction that added it, so the values get a migration of their own, before."""
    added = [c for c in tx if isinstance(c, ch.Alter) and isinstance(c.new, m.Enum)]
    new_values = {string(v) for c in added for v in c.new.values if v not in c.old.values}
    rest = [c for c in tx if c not in added]
    if not any(v in statement for c in rest for statement in render(c) for v in new_values):
        return [], tx
    return added, rest


def _with_enums(model: m.Model, altered: list[ch.Alter]) -> m.Model:
    return replace(model, enums={**model.enums, **{(c.new.schema, c.new.name): c.new for c in altered}})


def _snapshot(folder: Path, has_migrations: bool) -> m.Model:
    path = folder / SNAPSHOT
    if path.is_file():
        return loads(path.read_text(encoding="utf-8"))
    if has_migrations:
        raise SnapshotError(f"{SNAPSHOT} is missing beside the migrations: restore it from version control "
                            "(it records the schema the migrations build)")
    return m.Model()


def _check_hazards(changes: list[ch.Change], built: Built, allow_destructive: bool) -> None:
    diags = []
    for c in changes:
        reason = destructive(c)
        if reason and not allow_destructive:
            diags.append(_origin_diag(built, c, "E160", f"the next migration {reason}; if that is intended, "
                                      "run `pgspec generate --allow-destructive`"))
        if (isinstance(c, ch.Alter) and isinstance(c.new, m.Column) and c.old.type != c.new.type
                and c.new.using is None and needs_using(c.old.type, c.new.type)):
            diags.append(_origin_diag(built, c, "E161", f"column {c.new.name!r}: Postgres has no automatic cast "
                                      f"from {c.old.type} to {c.new.type}; say how to convert existing values "
                                      f"with 'using:' (for example '{c.new.name}::{c.new.type}')", at="type"))
    if diags:
        raise SpecError(diags)


def _origin_diag(built: Built, c: ch.Change, code: str, message: str, at: str | None = None) -> Diagnostic:
    """At the column or table in the spec, or at the spec folder for what the spec no longer has."""
    obj = getattr(c, "new", None) or c.obj
    table = getattr(c, "table", None)
    if table is not None and isinstance(obj, m.Column):
        origin = built.origins.get(("column", *table, obj.name)) or built.origins.get(("table", *table))
    else:
        origin = built.origins.get(("table", obj.schema, obj.name)) if isinstance(obj, m.Table) else None
    if origin is None:
        return Diagnostic(display_path(built.folder), 1, 1, code, message)
    return (origin.at(at) if at else origin).diag(code, message, key=at is None)


def _slug(changes: list[ch.Change]) -> str:
    """A file name part: ``create_orders``, ``alter_users_and_2_more``, or the first change's words."""
    tables = list(dict.fromkeys(q for c in changes if (q := ch.table_of(c)) is not None))
    if not tables:
        words = changes[0].describe().split(":")[0]
    else:
        whole = [c for c in changes if isinstance(c, (ch.Create, ch.Drop, ch.Rename))
                 and isinstance(c.obj, m.Table) and c.obj.qname == tables[0]]
        verb = {ch.Create: "create", ch.Drop: "drop", ch.Rename: "rename"}[type(whole[0])] if whole else "alter"
        words = f"{verb} {tables[0][1]}" + (f" and {len(tables) - 1} more" if len(tables) > 1 else "")
    slug = re.sub(r"[^a-z0-9]+", "_", words.lower()).strip("_")
    return slug[:50].rsplit("_", 1)[0] if len(slug) > 50 else slug
