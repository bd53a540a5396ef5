"""Spec format v1: the pydantic models a YAML spec file is validated against.

Strict: unknown keys are errors, types are not coerced, every object is keyed by its name (so
a duplicate name is a duplicate YAML key; ``audit.events`` keys an object of schema ``audit``,
see ``generator.spec.qualified``). Shorthands are expanded before validation so the
format has no unions: a column list entry ``status`` means ``{column: status}``, a
``references: users.id`` means ``{table: users, column: id}`` (``audit.events.id`` adds
``schema: audit``), ``primary_key: [a, b]`` means
``{columns: [a, b]}``. ``pgspec schema`` prints this format as JSON Schema for editors.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator

SPEC_VERSION = 1


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


Comment = Annotated[str | None, Field(description="Documentation; also records decisions the source left open.")]
Sql = Annotated[str, Field(description="An SQL expression fragment (PostgreSQL), checked at load.")]
Name = Annotated[str, Field(min_length=1)]
Action = Literal["no action", "restrict", "cascade", "set null", "set default"]


def _shorthand(key: str):
    """A plain string (or list) given where a mapping is expected means ``{key: value}``."""

    def expand(value: Any) -> Any:
        return {key: value} if isinstance(value, (str, list)) else value

    return BeforeValidator(expand)


class Default(Strict):
    """Exactly one of ``value`` (a literal, quoted for you) or ``sql`` (an expression, as written)."""

    value: str | int | float | bool | dict | list | None = None
    sql: Sql | None = None

    @model_validator(mode="after")
    def _exactly_one(self):
        if ("value" in self.model_fields_set) == ("sql" in self.model_fields_set):
            raise ValueError("a default has exactly one of 'value' (a literal) or 'sql' (an expression)")
        return self


Match = Annotated[Literal["simple", "full"], Field(description="MATCH FULL: a row with NULL in some but not "
                                                              "all of the columns is refused (simple: not checked).")]


class Reference(Strict):
    table: Name
    column: Name | None = Field(None, description="Defaults to the referenced table's primary key.")
    schema_: Name | None = Field(None, alias="schema")
    on_delete: Action = "no action"
    on_update: Action = "no action"
    deferrable: bool = False
    initially_deferred: bool = False
    match: Match = "simple"


def _dotted_reference(value: Any) -> Any:
    """``users`` (its primary key), ``users.id``, or ``audit.events.id`` (schema, table, column)."""
    if isinstance(value, str):
        parts = value.split(".")
        if len(parts) == 3:
            return {"schema": parts[0], "table": parts[1], "column": parts[2]}
        table, _, column = value.partition(".")
        return {"table": table, "column": column} if column else {"table": table}
    return value


class IdentitySpec(Strict):
    """An identity column; ``identity: always`` is short for ``{kind: always}``. Options left out are
    Postgres's defaults for the column's type."""

    kind: Literal["always", "by default"]
    start: int | None = None
    increment: int = 1
    min: int | None = None
    max: int | None = None
    cache: int = Field(1, ge=1)
    cycle: bool = False


class Column(Strict):
    type: Annotated[str, Field(description="PostgreSQL type; aliases allowed: serial, varchar(n), timestamptz, "
                                           "vector(n), text[] ...")]
    nullable: bool | None = Field(None, description="Required unless the column is in the primary key.")
    default: Default | None = None
    primary_key: bool = False
    unique: bool = False
    check: Sql | None = None
    references: Annotated[Reference | None, BeforeValidator(_dotted_reference)] = None
    identity: Annotated[IdentitySpec | None, _shorthand("kind")] = None
    comment: Comment = None
    sensitive: bool = Field(False, description="Holds a secret: generated models hide it, and docs, drift "
                                               "and error messages never show its values.")
    tenant: bool | None = Field(None, description="Holds the tenant (organization, workspace, user) a row "
                                                  "belongs to, so the table needs row level security (W203). "
                                                  "Unset: judged by the name (org_id, organization_id, "
                                                  "workspace_id); false: not a tenant key.")
    json_schema: dict[str, Any] | None = Field(None, description="Structure of a json/jsonb column (JSON Schema).")
    renamed_from: Name | None = Field(None, description="The column's previous name: the next migration renames "
                                                       "it in place, keeping its data (never guessed).")
    using: Sql | None = Field(None, description="How the next migration converts existing values when the type "
                                               "changes and Postgres has no automatic cast, e.g. 'amount::numeric'.")
    generated: Sql | None = Field(None, description="A stored generated column: GENERATED ALWAYS AS (this "
                                                   "expression) STORED. Read-only for INSERT and UPDATE; no default.")
    collation: Name | None = Field(None, description="The column's collation (an existing one, e.g. \"C\" or "
                                                    "\"und-x-icu\") when not the type's default.")


Deferrable = Annotated[bool, Field(description="May be checked at COMMIT instead of after each statement "
                                              "(SET CONSTRAINTS ... DEFERRED); a foreign key cannot "
                                              "reference a deferrable key.")]
InitiallyDeferred = Annotated[bool, Field(description="Checked at COMMIT unless the transaction says otherwise; "
                                                     "needs 'deferrable: true'.")]


class PrimaryKeySpec(Strict):
    columns: list[Name] = Field(min_length=1)
    name: Name | None = None
    deferrable: Deferrable = False
    initially_deferred: InitiallyDeferred = False
    comment: Comment = None


class UniqueSpec(Strict):
    columns: list[Name] = Field(min_length=1)
    nulls_distinct: bool = True
    deferrable: Deferrable = False
    initially_deferred: InitiallyDeferred = False
    comment: Comment = None


class CheckSpec(Strict):
    expression: Sql
    comment: Comment = None


class ForeignKeyReference(Strict):
    table: Name
    columns: list[Name] | None = None
    schema_: Name | None = Field(None, alias="schema")


class ForeignKeySpec(Strict):
    columns: list[Name] = Field(min_length=1)
    references: ForeignKeyReference
    on_delete: Action = "no action"
    on_update: Action = "no action"
    deferrable: bool = False
    initially_deferred: bool = False
    match: Match = "simple"
    comment: Comment = None


class IndexColumn(Strict):
    column: Name | None = None
    expression: Sql | None = None
    order: Literal["asc", "desc"] = "asc"
    nulls: Literal["first", "last"] | None = None
    opclass: Name | None = None

    @model_validator(mode="after")
    def _one_target(self):
        if (self.column is None) == (self.expression is None):
            raise ValueError("an index key has exactly one of 'column' or 'expression'")
        return self


class IndexSpec(Strict):
    columns: list[Annotated[IndexColumn, _shorthand("column")]] = Field(min_length=1)
    method: Literal["btree", "hash", "gist", "spgist", "gin", "brin", "ivfflat", "hnsw"] = "btree"
    unique: bool = False
    nulls_distinct: bool = Field(True, description="false: NULLS NOT DISTINCT, a unique index then holds one row "
                                                   "with NULL keys at most.")
    include: list[Name] = []
    where: Sql | None = None
    with_: dict[str, str | int | float | bool] = Field({}, alias="with")
    comment: Comment = None


class ExclusionElementSpec(IndexColumn):
    with_: str = Field(alias="with", description="The operator two rows' values must not satisfy together: "
                                                 "'=', '&&' (ranges overlap) ...")


class ExclusionSpec(Strict):
    """EXCLUDE: no two rows whose elements all match by their operators (e.g. overlapping bookings
    of one room). Equality on a scalar column in a gist index needs the btree_gist extension."""

    elements: list[ExclusionElementSpec] = Field(min_length=1)
    method: Literal["gist", "spgist", "btree", "hash"] = "gist"
    include: list[Name] = []
    where: Sql | None = Field(None, description="Only rows matching this predicate are compared.")
    deferrable: Deferrable = False
    initially_deferred: InitiallyDeferred = False
    comment: Comment = None


Event = Literal["insert", "update", "delete", "truncate"]


class TriggerSpec(Strict):
    timing: Literal["before", "after", "instead of"]
    events: list[Event] = Field(min_length=1)
    function: Name
    for_each: Literal["row", "statement"] = "row"
    update_columns: list[Name] = Field([], description="UPDATE OF these columns only.")
    when: Sql | None = None
    args: list[str] = []
    comment: Comment = None


class PolicySpec(Strict):
    command: Literal["all", "select", "insert", "update", "delete"] = "all"
    restrictive: bool = False
    roles: list[Name] = ["public"]
    using: Sql | None = None
    with_check: Sql | None = None
    comment: Comment = None


class RlsSpec(Strict):
    enabled: bool = True
    forced: bool = False


Privilege = Literal["select", "insert", "update", "delete", "truncate", "references", "trigger"]


class TableParts(Strict):
    """What a table and a mixin can both declare. In names, '{table}' becomes the table's name."""

    use: list[Name] = Field([], description="Mixins applied, in order (see a mixin's 'placement').")
    columns: dict[Name, Column] = {}
    unique: dict[Name, UniqueSpec] = {}
    checks: dict[Name, CheckSpec] = {}
    foreign_keys: dict[Name, ForeignKeySpec] = {}
    exclusions: dict[Name, ExclusionSpec] = {}
    indexes: dict[Name, IndexSpec] = {}
    triggers: dict[Name, TriggerSpec] = {}
    policies: dict[Name, PolicySpec] = {}
    grants: dict[Name, list[Privilege]] = {}
    comment: Comment = None


class MixinSpec(TableParts):
    placement: Literal["first", "last"] = Field(
        "last", description="Where the mixin's columns go: before or after the table's own columns.")


class PartitionColumn(Strict):
    column: Name | None = None
    expression: Sql | None = None

    @model_validator(mode="after")
    def _one_target(self):
        if (self.column is None) == (self.expression is None):
            raise ValueError("a partition key has exactly one of 'column' or 'expression'")
        return self


class PartitionBySpec(Strict):
    """Declarative partitioning: rows go to the partition whose bound holds their key."""

    method: Literal["range", "list", "hash"]
    columns: list[Annotated[PartitionColumn, _shorthand("column"), WithJsonSchema({"anyOf": [
        {"type": "string", "minLength": 1, "description": "A column name."},
        {"type": "object", "additionalProperties": False, "properties": {
            "column": {"type": "string", "minLength": 1},
            "expression": {"type": "string", "description": "An SQL expression (PostgreSQL)."}}}]})]] = Field(
        min_length=1, description="Column names, or {expression: ...}.")


BoundValue = str | int | float | bool | None
_SCALAR = {"type": ["string", "integer", "number", "boolean"]}
# One value or a list of them (a scalar is a one-value list): the JSON Schema says both, for editors.
BoundValues = Annotated[
    list[BoundValue] | None,
    BeforeValidator(lambda v: v if isinstance(v, list) or v is None else [v]),
    WithJsonSchema({"anyOf": [_SCALAR, {"type": "array", "items": {"type": _SCALAR["type"] + ["null"]}},
                              {"type": "null"}]})]


class PartitionSpec(Strict):
    """A partition, created as its own table (PARTITION OF the parent); it has the parent's columns,
    constraints, indexes and triggers, made by Postgres. Give exactly one bound: 'from'/'to' (range;
    'MINVALUE'/'MAXVALUE' for no limit), 'in' (list; null allowed), 'modulus'/'remainder' (hash)
    or 'default: true'. Policies and grants of the parent apply to rows read through the parent only."""

    from_: BoundValues = Field(
        None, alias="from", description="Range: the lowest key included, one value per key column.")
    to: BoundValues = Field(
        None, description="Range: the key the partition stops before (excluded).")
    in_: BoundValues = Field(
        None, alias="in", description="List: the key values it holds.")
    modulus: int | None = Field(None, ge=1, description="Hash: the number of partitions the hash is divided by.")
    remainder: int | None = Field(None, ge=0, description="Hash: the remainder of this partition.")
    default: bool = Field(False, description="Holds the rows no other partition takes.")
    partition_by: PartitionBySpec | None = Field(None, description="Sub-partitioning of this partition.")
    partitions: dict[Name, "PartitionSpec"] = {}
    comment: Comment = None


class TableSpec(TableParts):
    schema_: Name = Field("public", alias="schema")
    renamed_from: Name | None = Field(None, description="The table's previous name (same schema): the next "
                                                       "migration renames it in place, keeping its rows.")
    allow_warnings: list[Literal["W200", "W201", "W202", "W203", "W204", "W205", "W206"]] = Field(
        [], description="Warnings accepted for this table; say why in its comment.")
    primary_key: Annotated[PrimaryKeySpec | None, _shorthand("columns")] = None
    rls: RlsSpec | None = None
    seed: list[dict[str, str | int | float | bool | dict | list | None]] = Field(
        [], description="Rows inserted by the initial migration (literal values).")
    partition_by: PartitionBySpec | None = Field(
        None, description="Partition the table (range, list or hash) by these columns or expressions.")
    partitions: dict[Name, PartitionSpec] = Field(
        {}, description="The partitions of a partitioned table, by name (in the table's schema).")


class FunctionArgSpec(Strict):
    name: Name | None = None
    type: str
    mode: Literal["in", "out", "inout", "variadic"] = "in"
    default: Sql | None = None


class FunctionSpec(Strict):
    schema_: Name = Field("public", alias="schema")
    args: list[FunctionArgSpec] = []
    returns: str
    language: Name
    body: str = Field(description="Kept verbatim; checked by the database in tests.")
    volatility: Literal["volatile", "stable", "immutable"] = "volatile"
    security: Literal["invoker", "definer"] = "invoker"
    search_path: str | None = None
    grants: list[Name] = Field([], description="Roles that may EXECUTE it ('public' for every role). Nobody "
                                               "else may: the migration revokes PostgreSQL's default grant to "
                                               "PUBLIC. A trigger needs none; a policy needs its roles here.")
    strict: bool = Field(False, description="STRICT: returns null, without running, when an argument is null.")
    leakproof: bool = Field(False, description="LEAKPROOF (setting it takes a superuser).")
    parallel: Literal["unsafe", "restricted", "safe"] = "unsafe"
    cost: float | None = Field(None, gt=0, description="Estimated cost in cpu_operator_cost units "
                                                      "(PostgreSQL's default: 100).")
    rows: float | None = Field(None, gt=0, description="Estimated rows of a set-returning function "
                                                      "(PostgreSQL's default: 1000).")
    comment: Comment = None


SequencePrivilege = Literal["usage", "select", "update"]


class SequenceSpec(Strict):
    """A sequence of its own; options left out are Postgres's defaults (serial and identity columns
    imply theirs: do not list them)."""

    schema_: Name = Field("public", alias="schema")
    type: Literal["smallint", "integer", "bigint"] = "bigint"
    start: int | None = Field(None, description="Defaults to min (max for a descending sequence).")
    increment: int = 1
    min: int | None = Field(None, description="Defaults to 1 (the type's lowest value when descending).")
    max: int | None = Field(None, description="Defaults to the type's highest value (-1 when descending).")
    cache: int = Field(1, ge=1)
    cycle: bool = False
    owned_by: Name | None = Field(None, description="'table.column' (same schema): dropping the column or "
                                                   "table drops the sequence.")
    grants: dict[Name, list[SequencePrivilege]] = {}
    comment: Comment = None


class EnumSpec(Strict):
    schema_: Name = Field("public", alias="schema")
    values: list[str] = Field(min_length=1)
    comment: Comment = None


class DomainCheckSpec(Strict):
    expression: Annotated[str, Field(description="A condition on the value, written VALUE: 'VALUE > 0'.")]
    comment: Comment = None


class DomainSpec(Strict):
    """A named type over a base type: columns, arguments and attributes may use it by name."""

    schema_: Name = Field("public", alias="schema")
    type: Annotated[str, Field(description="The base type (aliases as for columns; an enum, another domain).")]
    nullable: bool = Field(True, description="false: NOT NULL, for every column of this type.")
    default: Default | None = Field(None, description="The default of columns of this type that have none.")
    checks: dict[Name, Annotated[DomainCheckSpec, _shorthand("expression")]] = Field(
        {}, description="Named conditions on VALUE; a string is the expression.")
    collation: Name | None = Field(None, description="A collation other than the base type's default.")
    comment: Comment = None


class AttributeSpec(Strict):
    type: str
    comment: Comment = None


class CompositeTypeSpec(Strict):
    """A row type of its own (CREATE TYPE ... AS (...)); attributes keep their order."""

    schema_: Name = Field("public", alias="schema")
    attributes: dict[Name, Annotated[AttributeSpec, _shorthand("type")]] = Field(
        min_length=1, description="Name → type (or {type, comment}), in order.")
    comment: Comment = None


class ExtensionSpec(Strict):
    schema_: Name | None = Field(None, alias="schema")
    comment: Comment = None


class RoleSpec(Strict):
    login: bool = False
    comment: Comment = None


class SchemaSpec(Strict):
    comment: Comment = None
    grants: dict[Name, list[Literal["usage", "create"]]] | None = Field(
        None, description="Roles and their privileges on the schema ('public' for every role); nobody else "
                          "has any. On 'public', unset keeps PostgreSQL's USAGE for every role.")


class DefaultPrivilegeSpec(Strict):
    """ALTER DEFAULT PRIVILEGES: what objects created later get. Objects the spec declares get them too."""

    for_role: Name | None = Field(None, description="Whose new objects; unset: the role that runs the migrations.")
    schema_: Name | None = Field(None, alias="schema", description="Only objects created in this schema; "
                                                                    "unset: in every schema.")
    on: Literal["tables", "sequences", "functions", "types", "schemas"]
    grant: list[Literal["select", "insert", "update", "delete", "truncate", "references", "trigger", "usage",
                        "create", "execute"]] = []
    revoke: list[Literal["select", "insert", "update", "delete", "truncate", "references", "trigger", "usage",
                         "create", "execute"]] = Field([], description="Take back a built-in default, e.g. "
                                                                       "EXECUTE on functions from 'public'.")
    to: Name = Field(description="The role given (or refused) the privileges; 'public' for every role.")
    comment: Comment = None


class ExpectSpec(Strict):
    """What a scenario step must give; with nothing set, only that it succeeds."""

    rows: list[list[Any]] | None = Field(None, description="Exactly these rows, in this order.")
    count: int | None = Field(None, description="This many rows returned.")
    affected: int | None = Field(None, description="This many rows inserted, updated or deleted.")
    error: str | None = Field(
        None, description="It fails with this SQLSTATE (e.g. 42501) or with a message containing this text.")
    plan_contains: str | None = Field(None, description="The step is an EXPLAIN whose plan contains this text.")


class StepSpec(Strict):
    sql: str = Field(description="One statement, run as the scenario's role.")
    expect: ExpectSpec = ExpectSpec()
    owner: bool = Field(False, description="Run this step as the database owner instead, to show what "
                                           "even the owner cannot do (a trigger, a constraint).")
    comment: Comment = None


class ScenarioSpec(Strict):
    """Behaviour the database must show, run by `make test` on a fresh database built from the
    migrations, connected as a login role that is neither superuser nor owner."""

    role: Name = Field(description="The declared role the steps run as (SET ROLE).")
    fixtures: list[Name] = Field([], description="Named fixtures whose statements run first, in order.")
    settings: dict[str, str] = Field({}, description="Session settings for the steps, e.g. app.current_user_id.")
    setup: list[str] = Field([], description="Statements run first by the database owner (data to test with).")
    steps: list[StepSpec] = Field(min_length=1)
    comment: Comment = None


class SystemSpec(Strict):
    name: Name
    description: str | None = None


class ViewColumnSpec(Strict):
    type: Annotated[str, Field(description="The type Postgres gives the column (count(*) is bigint); drift "
                                           "checks it against the catalog.")]
    nullable: bool = Field(True, description="Whether the column can be null, for the generated types "
                                             "(Postgres does not track it for views).")
    sensitive: bool = Field(False, description="Holds a secret: generated models hide it. Set for you when "
                                               "the query gives a sensitive column of a table it reads.")
    comment: Comment = None


class ViewSpec(Strict):
    schema_: Name = Field("public", alias="schema")
    query: str = Field(description="The SELECT, kept verbatim and emitted as written; the tables, views and "
                                   "functions it reads are found in it (they are created first).")
    materialized: bool = False
    columns: dict[Name, ViewColumnSpec] = Field(
        min_length=1, description="The query's output columns, in order, with their types.")
    with_data: bool = Field(True, description="A materialized view is filled when created (else it waits "
                                              "for REFRESH MATERIALIZED VIEW).")
    security_invoker: bool = Field(False, description="Read the tables with the caller's privileges and row "
                                                      "level security (PostgreSQL 15), not the owner's.")
    security_barrier: bool = False
    check_option: Literal["local", "cascaded"] | None = Field(
        None, description="Inserts and updates through the view must satisfy its WHERE.")
    indexes: dict[Name, IndexSpec] = Field({}, description="Indexes of a materialized view.")
    grants: dict[Name, list[Privilege]] = {}
    allow_warnings: list[Literal["W207"]] = Field([], description="Warnings accepted for this view; say why "
                                                                  "in its comment.")
    comment: Comment = None


class SpecFile(Strict):
    """One YAML file of a system; a system is the union of its folder's files."""

    version: Literal[1] = 1
    system: SystemSpec | None = None
    schemas: dict[Name, SchemaSpec] = {}
    extensions: dict[Name, Annotated[ExtensionSpec, BeforeValidator(lambda v: {} if v is None else v)]] = {}
    roles: dict[Name, Annotated[RoleSpec, BeforeValidator(lambda v: {} if v is None else v)]] = {}
    enums: dict[Name, EnumSpec] = {}
    domains: dict[Name, DomainSpec] = {}
    composite_types: dict[Name, CompositeTypeSpec] = {}
    functions: dict[Name, FunctionSpec] = {}
    sequences: dict[Name, SequenceSpec] = {}
    mixins: dict[Name, MixinSpec] = {}
    tables: dict[Name, TableSpec] = {}
    views: dict[Name, ViewSpec] = Field({}, description="Views and materialized views.")
    fixtures: dict[Name, list[str]] = Field({}, description="Test data: SQL statements run by the owner, "
                                                           "shared by scenarios.")
    scenarios: dict[Name, ScenarioSpec] = {}
    default_privileges: list[DefaultPrivilegeSpec] = Field([], description="ALTER DEFAULT PRIVILEGES entries.")


SECTIONS = ("schemas", "extensions", "roles", "enums", "domains", "composite_types", "functions", "sequences", "mixins",
            "tables", "views", "fixtures", "scenarios")
