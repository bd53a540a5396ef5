"""Frozen model objects, one class per kind. Equality is semantic: ``Expr`` compares by key.

Fields marked ``compare=False`` are spec metadata (positions, documentation hints) that the
catalog does not hold; they never make two models differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.model.expr import Expr

QName = tuple[str, str]  # (schema, name)


def qname_text(q: QName) -> str:
    return q[1] if q[0] == "public" else f"{q[0]}.{q[1]}"


@dataclass(frozen=True)
class Schema:
    name: str
    comment: str | None = None


@dataclass(frozen=True)
class Extension:
    name: str
    schema: str | None = None  # None: wherever CREATE EXTENSION puts it
    comment: str | None = field(default=None, compare=False)  # extensions ship their own comment


@dataclass(frozen=True)
class Role:
    name: str
    login: bool = False
    comment: str | None = None


@dataclass(frozen=True)
class Enum:
    schema: str
    name: str
    values: tuple[str, ...]
    comment: str | None = None


@dataclass(frozen=True)
class DomainCheck:
    name: str
    expression: Expr  # reads the value as VALUE
    comment: str | None = None


@dataclass(frozen=True)
class Domain:
    """A named base type with a default, NOT NULL and checks (``generator.emit.sql_types``)."""

    schema: str
    name: str
    type: str  # canonical base type
    nullable: bool = True
    default: Expr | None = None
    checks: tuple[DomainCheck, ...] = ()  # sorted by name
    collation: str | None = None  # only when not the base type's default
    comment: str | None = None


@dataclass(frozen=True)
class Attribute:
    name: str
    type: str
    comment: str | None = None


@dataclass(frozen=True)
class CompositeType:
    schema: str
    name: str
    attributes: tuple[Attribute, ...]  # in declared order
    comment: str | None = None


@dataclass(frozen=True)
class FunctionArg:
    name: str | None
    type: str
    mode: str = "in"
    default: Expr | None = None


@dataclass(frozen=True)
class Function:
    schema: str
    name: str
    args: tuple[FunctionArg, ...]
    returns: str
    language: str
    body: str
    volatility: str = "volatile"
    security_definer: bool = False
    search_path: str | None = None
    comment: str | None = None
    grants: tuple[str, ...] = ("public",)  # sorted roles with EXECUTE besides the owner; Postgres's default
    strict: bool = False  # RETURNS NULL ON NULL INPUT
    leakproof: bool = False
    parallel: str = "unsafe"  # unsafe | restricted | safe
    cost: float | None = None  # None: Postgres's default (1 for C and internal functions, else 100)
    rows: float | None = None  # set-returning only; None: Postgres's default (1000)

    @property
    def signature(self) -> str:
        """Identity as Postgres sees it: name and input argument types."""
        types = ", ".join(a.type for a in self.args if a.mode in ("in", "inout", "variadic"))
        return f"{qname_text((self.schema, self.name))}({types})"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # canonical, see model.types
    nullable: bool
    default: Expr | None = None
    serial: bool = False  # integer type + owned sequence <table>_<column>_seq + nextval default
    identity: str | None = None  # 'always' | 'by default'
    comment: str | None = None
    default_is_literal: bool = field(default=False, compare=False)
    json_schema: dict[str, Any] | None = field(default=None, compare=False)
    sensitive: bool = field(default=False, compare=False)
    renamed_from: str | None = field(default=None, compare=False)  # migration hints, see diff.differ
    using: Expr | None = field(default=None, compare=False)
    tenant: bool | None = field(default=None, compare=False)  # None: judged by its name (spec.security)
    generated: Expr | None = None  # GENERATED ALWAYS AS (expression) STORED
    collation: str | None = None  # only when not the type's default collation
    identity_options: tuple[tuple[str, Any], ...] = ()  # its sequence's options that are not the defaults

    @property
    def optional_on_insert(self) -> bool:
        """An INSERT may leave it out: it has a default, is serial or identity, or is nullable."""
        return self.nullable or self.default is not None or self.serial or self.identity is not None

    @property
    def writable(self) -> bool:
        """INSERT and UPDATE may set it: Postgres refuses values for generated and identity-always columns."""
        return self.generated is None and self.identity != "always"


@dataclass(frozen=True)
class PrimaryKey:
    name: str
    columns: tuple[str, ...]
    comment: str | None = None
    deferrable: bool = False
    initially_deferred: bool = False


@dataclass(frozen=True)
class Unique:
    name: str
    columns: tuple[str, ...]
    nulls_distinct: bool = True
    comment: str | None = None
    deferrable: bool = False
    initially_deferred: bool = False


@dataclass(frozen=True)
class Check:
    name: str
    expression: Expr
    comment: str | None = None


@dataclass(frozen=True)
class ForeignKey:
    name: str
    columns: tuple[str, ...]
    ref_table: QName
    ref_columns: tuple[str, ...]
    on_delete: str = "no action"
    on_update: str = "no action"
    deferrable: bool = False
    initially_deferred: bool = False
    comment: str | None = None
    match: str = "simple"  # simple | full


@dataclass(frozen=True)
class IndexKey:
    column: str | None = None
    expression: Expr | None = None
    opclass: str | None = None  # only when not the type's default operator class
    descending: bool = False
    nulls_first: bool = False  # canonical: always set, Postgres's default is NULLS FIRST for DESC


@dataclass(frozen=True)
class ExclusionElement:
    """One ``key WITH operator`` of an exclusion constraint: no two rows have keys the operator matches."""

    key: IndexKey
    operator: str  # as written bare (``&&``, ``=``) or ``OPERATOR(schema.op)``


@dataclass(frozen=True)
class Exclusion:
    """``EXCLUDE USING method (element, ...)``: an index-backed constraint, like a generalised unique."""

    name: str
    elements: tuple[ExclusionElement, ...]
    method: str = "gist"
    include: tuple[str, ...] = ()
    where: Expr | None = None
    deferrable: bool = False
    initially_deferred: bool = False
    comment: str | None = None

    @property
    def expressions(self) -> tuple[Expr, ...]:
        """Its SQL expressions: those of its elements, then its predicate."""
        keys = tuple(e.key.expression for e in self.elements if e.key.expression)
        return keys + ((self.where,) if self.where else ())


Constraint = PrimaryKey | Unique | Check | ForeignKey | Exclusion


@dataclass(frozen=True)
class Index:
    name: str
    keys: tuple[IndexKey, ...]
    method: str = "btree"
    unique: bool = False
    include: tuple[str, ...] = ()
    where: Expr | None = None
    with_params: tuple[tuple[str, str], ...] = ()
    comment: str | None = None
    nulls_distinct: bool = True  # False: NULLS NOT DISTINCT (a unique index)


@dataclass(frozen=True)
class Trigger:
    name: str
    timing: str  # before | after | instead of
    events: tuple[str, ...]  # sorted: delete, insert, truncate, update
    function: QName
    for_each: str = "row"
    update_columns: tuple[str, ...] = ()
    when: Expr | None = None
    args: tuple[str, ...] = ()
    comment: str | None = None


@dataclass(frozen=True)
class Policy:
    name: str
    command: str = "all"  # all | select | insert | update | delete
    permissive: bool = True
    roles: tuple[str, ...] = ("public",)
    using: Expr | None = None
    with_check: Expr | None = None
    comment: str | None = None


@dataclass(frozen=True)
class PartitionKey:
    """``PARTITION BY method (keys)``: each key a column or an expression."""

    method: str  # range | list | hash
    keys: tuple[IndexKey, ...]


@dataclass(frozen=True)
class Partition:
    """A partition of a partitioned table, in the table's schema; ``parent`` is the table or, for
    a sub-partition, the partition it belongs to. ``bound`` is canonical (``model.partitions``)."""

    name: str
    parent: str
    bound: str  # DEFAULT | FOR VALUES FROM (...) TO (...) | FOR VALUES IN (...) | FOR VALUES WITH (...)
    partition_by: PartitionKey | None = None
    comment: str | None = None


@dataclass(frozen=True)
class Table:
    schema: str
    name: str
    columns: tuple[Column, ...]
    constraints: tuple[Constraint, ...] = ()
    indexes: tuple[Index, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    policies: tuple[Policy, ...] = ()
    rls_enabled: bool = False
    rls_forced: bool = False
    grants: tuple[tuple[str, str], ...] = ()  # sorted (role, privilege)
    comment: str | None = None
    seed: tuple[dict[str, Any], ...] = field(default=(), compare=False)
    renamed_from: str | None = field(default=None, compare=False)
    partition_by: PartitionKey | None = None
    partitions: tuple[Partition, ...] = ()  # every level, each after its parent, siblings by name

    @property
    def qname(self) -> QName:
        return (self.schema, self.name)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


@dataclass(frozen=True)
class Sequence:
    """A sequence of its own (a serial or identity column's sequence is implied by the column).
    Options are always concrete: the builder fills in what Postgres would choose."""

    schema: str
    name: str
    type: str = "bigint"
    start: int = 1
    increment: int = 1
    min: int = 1
    max: int = 9223372036854775807
    cache: int = 1
    cycle: bool = False
    owned_by: tuple[str, str] | None = None  # (table, column), in the sequence's schema
    grants: tuple[tuple[str, str], ...] = ()  # sorted (role, privilege): usage, select, update
    comment: str | None = None

    @property
    def qname(self) -> QName:
        return (self.schema, self.name)


@dataclass(frozen=True)
class ViewColumn:
    """A column a view's query gives: its type is what Postgres infers (checked by drift)."""

    name: str
    type: str
    nullable: bool = field(default=True, compare=False)  # the catalog never knows; for the emitted types
    comment: str | None = None
    sensitive: bool = field(default=False, compare=False)  # models hide it (see generator.spec.views)


@dataclass(frozen=True)
class View:
    """A view or materialized view. ``query`` is emitted as written; its key compares two specs,
    and drift asks Postgres (``generator.diff.oracle``) to deparse both."""

    schema: str
    name: str
    query: Expr
    columns: tuple[ViewColumn, ...]
    materialized: bool = False
    indexes: tuple[Index, ...] = ()  # materialized views only
    grants: tuple[tuple[str, str], ...] = ()  # sorted (role, privilege)
    security_invoker: bool = False
    security_barrier: bool = False
    check_option: str | None = None  # 'local' | 'cascaded'
    with_data: bool = field(default=True, compare=False)  # how the migration creates a materialized view
    comment: str | None = None

    @property
    def qname(self) -> QName:
        return (self.schema, self.name)


@dataclass(frozen=True)
class SchemaGrant:
    """The privileges a role holds on a schema, kept only where they differ from what Postgres
    gives (nothing; on ``public``, USAGE to PUBLIC): see ``generator.model.privileges``."""

    schema: str
    role: str
    privileges: tuple[str, ...]  # sorted; () when a default grant is revoked


@dataclass(frozen=True)
class DefaultPrivilege:
    """What ``ALTER DEFAULT PRIVILEGES`` gives ``role`` on objects ``for_role`` creates later, kept
    only where it differs from Postgres's built-in defaults (as ``pg_default_acl`` does)."""

    for_role: str | None  # None: the role that runs the migrations
    schema: str | None  # None: in every schema
    on: str  # tables | sequences | functions | types | schemas
    role: str
    privileges: tuple[str, ...]  # sorted

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.for_role or "", self.schema or "", self.on, self.role)


@dataclass(frozen=True)
class Model:
    """A whole database schema as one value: spec and catalog both produce it."""

    schemas: dict[str, Schema] = field(default_factory=dict)
    extensions: dict[str, Extension] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    enums: dict[QName, Enum] = field(default_factory=dict)
    functions: dict[str, Function] = field(default_factory=dict)  # keyed by signature
    tables: dict[QName, Table] = field(default_factory=dict)
    domains: dict[QName, Domain] = field(default_factory=dict)
    composites: dict[QName, CompositeType] = field(default_factory=dict)
    sequences: dict[QName, Sequence] = field(default_factory=dict)
    schema_grants: dict[tuple[str, str], SchemaGrant] = field(default_factory=dict)  # (schema, role)
    default_privileges: dict[tuple[str, str, str, str], DefaultPrivilege] = field(default_factory=dict)  # by key
    views: dict[QName, View] = field(default_factory=dict)
    system: str = field(default="", compare=False)
    description: str | None = field(default=None, compare=False)
