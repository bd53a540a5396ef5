"""Typed changes. Each is data (no SQL here: ``generator.emit.sql`` renders them) and has a reverse.

``Create``/``Drop``/``Alter`` work on any model object; the object's class says what it is
(a ``Table``, an ``Index``, a ``Policy`` ...), and ``table`` names the table it belongs to, if
any. Properties that are not objects of their own get their own change kinds: comments, row
level security flags, grants and seed rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.model import objects as m


def object_kind(obj: Any) -> str:
    """A readable kind name: ``ForeignKey`` → ``foreign key``."""
    name = type(obj).__name__
    if isinstance(obj, m.View) and obj.materialized:
        return "materialized view"
    return {"PrimaryKey": "primary key", "ForeignKey": "foreign key", "Check": "check constraint",
            "Unique": "unique constraint", "Enum": "enum type",
            "Exclusion": "exclusion constraint",
            "CompositeType": "composite type", "SchemaGrant": "schema grant",
            "DefaultPrivilege": "default privilege", "ViewColumn": "view column"}.get(name, name.lower())


def object_name(obj: Any, table: m.QName | None = None) -> str:
    if isinstance(obj, (m.Table, m.Enum, m.Domain, m.CompositeType, m.Sequence, m.View)):
        return m.qname_text((obj.schema, obj.name))
    if isinstance(obj, m.Function):
        return obj.signature
    if isinstance(obj, m.SchemaGrant):
        return f"{obj.schema} to {obj.role}"
    if isinstance(obj, m.DefaultPrivilege):
        where = (f" for {obj.for_role}" if obj.for_role else "") + (f" in {obj.schema}" if obj.schema else "")
        return f"on {obj.on}{where} to {obj.role}"
    name = getattr(obj, "name")
    return f"{name} on {m.qname_text(table)}" if table else name


# How a Create or Drop is carried out on a table that already holds rows (see diff.online).
PLAIN, CONCURRENTLY, NOT_VALID = "", "concurrently", "not valid"
IF_EMPTY = "if empty"  # a Drop of a partition that stops the migration if it holds rows


@dataclass(frozen=True)
class Create:
    obj: Any
    table: m.QName | None = None
    mode: str = PLAIN  # CONCURRENTLY for indexes, NOT_VALID for foreign keys and checks

    def reverse(self) -> "Drop":
        return Drop(self.obj, self.table, CONCURRENTLY if self.mode == CONCURRENTLY else PLAIN)

    def describe(self) -> str:
        how = f" ({self.mode})" if self.mode else ""
        return f"create {object_kind(self.obj)} {object_name(self.obj, self.table)}{how}"


@dataclass(frozen=True)
class Drop:
    obj: Any
    table: m.QName | None = None
    mode: str = PLAIN  # CONCURRENTLY for indexes

    def reverse(self) -> Create:
        return Create(self.obj, self.table, self.mode)

    def describe(self) -> str:
        how = f" ({self.mode})" if self.mode else ""
        return f"drop {object_kind(self.obj)} {object_name(self.obj, self.table)}{how}"


@dataclass(frozen=True)
class RebuildEnum:
    """An enum whose values are removed or reordered: a new type, and its columns converted by text."""

    old: m.Enum
    new: m.Enum
    columns: tuple[tuple[m.QName, m.Column], ...]  # the columns of that type, with their defaults

    def reverse(self) -> "RebuildEnum":
        return RebuildEnum(self.new, self.old, self.columns)

    def describe(self) -> str:
        return (f"rebuild enum type {object_name(self.new)}: values {', '.join(self.old.values)} → "
                f"{', '.join(self.new.values)}")


@dataclass(frozen=True)
class Rename:
    """A table or column the spec renamed (``renamed_from``): same object, same data, new name."""

    obj: Any  # the object under its old name
    old: str
    new: str
    table: m.QName | None = None  # for a column: its table (under the table's new name)

    def reverse(self) -> "Rename":
        return Rename(self.obj, self.new, self.old, self.table)

    def describe(self) -> str:
        where = f" on {m.qname_text(self.table)}" if self.table else ""
        return f"rename {object_kind(self.obj)} {self.old}{where} to {self.new}"


@dataclass(frozen=True)
class Validate:
    """Check the rows against a constraint added ``NOT VALID``, without blocking writes."""

    obj: Any
    table: m.QName

    def reverse(self) -> None:
        return None  # nothing to undo: dropping the constraint is the reverse of adding it

    def describe(self) -> str:
        return f"validate {object_kind(self.obj)} {object_name(self.obj, self.table)}"


@dataclass(frozen=True)
class SetNotNull:
    """``SET NOT NULL`` on a table with rows, proven first by a validated CHECK (no long lock)."""

    table: m.QName
    column: str
    on: bool = True

    @property
    def check_name(self) -> str:
        return f"{self.table[1]}_{self.column}_not_null"[:63]

    def reverse(self) -> "SetNotNull":
        return SetNotNull(self.table, self.column, not self.on)

    def describe(self) -> str:
        return f"{'set' if self.on else 'drop'} not null on column {self.column} of {m.qname_text(self.table)}"


@dataclass(frozen=True)
class Alter:
    """An object that keeps its identity but changes in place (columns, enums, roles, functions)."""

    old: Any
    new: Any
    table: m.QName | None = None

    def reverse(self) -> "Alter":
        return Alter(self.new, self.old, self.table)

    def describe(self) -> str:
        fields = [f for f in self.old.__dataclass_fields__ if f != "comment"
                  and self.old.__dataclass_fields__[f].compare and getattr(self.old, f) != getattr(self.new, f)]
        return (f"alter {object_kind(self.new)} {object_name(self.new, self.table)}: "
                + ", ".join(_change_text(f, getattr(self.old, f), getattr(self.new, f)) for f in fields))


@dataclass(frozen=True)
class SetComment:
    obj: Any
    table: m.QName | None
    old: str | None
    new: str | None

    def reverse(self) -> "SetComment":
        return SetComment(self.obj, self.table, self.new, self.old)

    def describe(self) -> str:
        return f"set comment on {object_kind(self.obj)} {object_name(self.obj, self.table)}"


@dataclass(frozen=True)
class SetRls:
    table: m.QName
    old: tuple[bool, bool]  # (enabled, forced)
    new: tuple[bool, bool]

    def reverse(self) -> "SetRls":
        return SetRls(self.table, self.new, self.old)

    def describe(self) -> str:
        parts = []
        for label, a, b in (("row level security", self.old[0], self.new[0]), ("forced", self.old[1], self.new[1])):
            if a != b:
                parts.append(f"{'enable' if b else 'disable'} {label}")
        return f"{' and '.join(parts)} on {m.qname_text(self.table)}"


@dataclass(frozen=True)
class SetGrants:
    table: m.QName
    role: str
    grant: tuple[str, ...]
    revoke: tuple[str, ...]
    serial_sequences: tuple[str, ...] = ()  # sequences that INSERT needs USAGE on

    def reverse(self) -> "SetGrants":
        return SetGrants(self.table, self.role, self.revoke, self.grant, self.serial_sequences)

    def describe(self) -> str:
        parts = [f"grant {', '.join(self.grant)}"] if self.grant else []
        parts += [f"revoke {', '.join(self.revoke)}"] if self.revoke else []
        return f"{' and '.join(parts)} on {m.qname_text(self.table)} to {self.role}"


@dataclass(frozen=True)
class SetOwnedBy:
    """A sequence's owning column (``OWNED BY``), set apart from creating the sequence: the column's
    default calls the sequence, so the sequence exists before the table and is owned after."""

    obj: m.Sequence
    old: tuple[str, str] | None
    new: tuple[str, str] | None

    def reverse(self) -> "SetOwnedBy":
        return SetOwnedBy(self.obj, self.new, self.old)

    def describe(self) -> str:
        owner = ".".join(self.new) if self.new else "none"
        return f"set owner of sequence {object_name(self.obj)} to {owner}"


@dataclass(frozen=True)
class RegenerateColumn:
    """A generated column whose expression changes (or a column that becomes generated): Postgres 15
    cannot alter a generation expression, so the column is dropped and added again."""

    old: m.Column
    new: m.Column
    table: m.QName

    def reverse(self) -> "RegenerateColumn | Alter":
        return RegenerateColumn(self.new, self.old, self.table) if self.old.generated else Alter(
            self.new, self.old, self.table)

    def describe(self) -> str:
        return (f"regenerate column {self.new.name} on {m.qname_text(self.table)}: Postgres 15 cannot alter a "
                "generation expression, so the column is dropped and added again (its values are recomputed)")


@dataclass(frozen=True)
class InsertSeed:
    """Seed rows of a new table. No reverse: dropping the table removes them."""

    table: m.Table

    def reverse(self) -> None:
        return None

    def describe(self) -> str:
        return f"insert {len(self.table.seed)} seed row(s) into {m.qname_text(self.table.qname)}"


@dataclass(frozen=True)
class ChangeSeed:
    """Seed rows of an existing table added, removed or changed; rows are matched by primary key."""

    table: m.Table  # the table as the spec has it now
    delete: tuple[dict[str, Any], ...] = ()
    insert: tuple[dict[str, Any], ...] = ()
    update: tuple[tuple[dict[str, Any], dict[str, Any]], ...] = ()  # (old row, new row)

    def reverse(self) -> "ChangeSeed":
        return ChangeSeed(self.table, self.insert, self.delete, tuple((b, a) for a, b in self.update))

    def describe(self) -> str:
        parts = [f"{verb} {len(rows)}" for verb, rows in
                 (("delete", self.delete), ("insert", self.insert), ("update", self.update)) if rows]
        return f"{', '.join(parts)} seed row(s) of {m.qname_text(self.table.qname)}"


def table_of(change: "Change") -> m.QName | None:
    """The table a change concerns: the table itself, or the one its object belongs to."""
    table = getattr(change, "table", None)
    if isinstance(table, m.Table):
        return table.qname
    if table is not None:
        return table
    obj = getattr(change, "obj", None) or getattr(change, "new", None)
    if isinstance(change, Rename) and isinstance(obj, m.Table):
        return (obj.schema, change.new)
    return obj.qname if isinstance(obj, m.Table) else None


Change = (Create | Drop | Alter | RebuildEnum | Rename | Validate | SetNotNull | SetComment | SetRls | SetGrants | InsertSeed
          | ChangeSeed | SetOwnedBy | RegenerateColumn)


def _change_text(field: str, old: Any, new: Any) -> str:
    """``type text → integer``; a multi-line value (a function body) is only said to change, as a
    description is one comment line."""
    if "\n" in _show(old) + _show(new):
        return f"{field} changed"
    return f"{field} {_show(old)} → {_show(new)}"


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if hasattr(value, "text"):
        return value.text
    if isinstance(value, tuple) and value and isinstance(value[0], (m.DomainCheck, m.Attribute)):
        return "(" + ", ".join(f"{v.name} {v.type}" if isinstance(v, m.Attribute) else f"{v.name}: {v.expression.text}"
                               for v in value) + ")"
    if isinstance(value, tuple) and value and all(isinstance(v, tuple) and len(v) == 2 for v in value):
        return "(" + ", ".join(f"{a} {b}" for a, b in value) + ")"  # grants: (role privilege, ...)
    if isinstance(value, tuple) and value and hasattr(value[0], "__dataclass_fields__"):
        return "(" + ", ".join(getattr(v, "name", None) or getattr(v, "column", None) or str(v) for v in value) + ")"
    return str(value)
