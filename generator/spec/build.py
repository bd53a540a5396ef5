"""Validated spec → canonical model, with every cross-reference checked.

Each problem becomes a diagnostic at the node that caused it. Mixins are expanded here, depth
first in ``use`` order; their columns go before or after the table's own (``placement``), and
``{table}`` in the names they give is replaced by the table's name.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.emit.quoting import ident, literal
from generator.errors import Diagnostic, SpecError
from generator.model import normalize
from generator.model import objects as m
from generator.model.expr import Expr
from generator.model.types import (BUILTIN, EXTENSION_TYPES, INTEGER_TYPES, TypeSyntaxError, base_name,
                                   element_type, parse_type)
from generator.spec import build_sequences
from generator.spec import format as fmt
from generator.spec.build_exclusions import deferrable_problem, exclusion
from generator.spec.build_types import build_composites, build_domains, underlying
from generator.spec.files import MergedSpec, Origin, read_folder
from generator.spec.fragments import fragment_problem
from generator.spec.json_schema import json_schema_problems
from generator.spec.lint import lint
from generator.spec.literals import literal_problem
from generator.spec.partitions import partitioning
from generator.spec.privileges import default_privileges, schema_grants
from generator.spec.qualified import resolve, split_key
from generator.spec.views import build_views

MAX_IDENTIFIER_BYTES = 63
WORD = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*$")  # a language or operator class name: written bare in SQL
DOTTED_WORD = re.compile(r"^(?:[A-Za-z_][A-Za-z0-9_$]*\.)?[A-Za-z_][A-Za-z0-9_$]*$")
PARAMETER_VALUE = re.compile(r"^[A-Za-z0-9_.+-]+$")  # an index storage parameter, written bare
BUILTIN_ROLES = {"public", "current_user", "session_user", "current_role"}
TEXT_TYPES = {"text", "character varying", "character"}


@dataclass
class Built:
    """A system's model, its behaviour scenarios and the warnings found while building it."""

    model: m.Model
    warnings: list[Diagnostic]
    origins: dict[tuple, Origin] = field(default_factory=dict)
    scenarios: dict[str, fmt.ScenarioSpec] = field(default_factory=dict)  # fixtures already expanded
    folder: Path | None = None


def load_system(folder: Path, *, strict: bool = False) -> Built:
    """Load a system folder into a model; raise ``SpecError`` on any error (or warning, if strict)."""
    merged, diags = read_folder(folder)
    if any(d.is_error for d in diags):
        raise SpecError(diags)
    builder = _Builder(merged)
    model = builder.build()
    diags += builder.diags
    if not any(d.is_error for d in diags):
        diags += lint(model, builder.origins, builder.allowed)
    if any(d.is_error or (strict and d.is_warning) for d in diags):
        raise SpecError(diags)
    return Built(model, diags, builder.origins, builder.scenarios, folder)


class _Builder:
    def __init__(self, merged: MergedSpec):
        self.merged = merged
        self.diags: list[Diagnostic] = []
        self.origins: dict[tuple, Origin] = {}
        self.allowed: dict[m.QName, set[str]] = {}  # warnings a table accepts
        self.sec = merged.sections
        self.names: dict[tuple[str, str], str] = {}  # (section, key) → the object's own name
        for section in ("enums", "functions", "tables"):
            for key, (spec, o) in list(self.sec[section].items()):
                schema, name, problem = split_key(key, spec, set(self.sec["schemas"]))
                if problem:
                    self.error(o, "E218", problem, key=True)
                self.sec[section][key] = (spec.model_copy(update={"schema_": schema}), o)
                self.names[(section, key)] = name
        self.enum_specs = {(spec.schema_, self.names[("enums", k)]): spec for k, (spec, _) in self.sec["enums"].items()}
        self.type_specs = dict(self.enum_specs) | {  # the named types a column can have
            (spec.schema_, key): spec for section in ("domains", "composite_types")
            for key, (spec, _) in self.sec[section].items()}
        self.table_names = {(spec.schema_, self.names[("tables", k)]) for k, (spec, _) in self.sec["tables"].items()}

    # -- helpers -------------------------------------------------------------------------------
    def error(self, origin: Origin, code: str, message: str, *, key: bool = False) -> None:
        self.diags.append(origin.diag(code, message, key=key))

    def name(self, name: str, origin: Origin) -> str:
        if len(name.encode()) > MAX_IDENTIFIER_BYTES:
            self.error(origin, "E121", f"identifier {name!r} is {len(name.encode())} bytes; PostgreSQL "
                       f"truncates names to {MAX_IDENTIFIER_BYTES} bytes, so it would not be kept as written",
                       key=True)
        return name

    def expr(self, text: str | None, origin: Origin) -> Expr | None:
        if text is None:
            return None
        problem = fragment_problem(text)
        if problem:
            self.error(origin, "E140", problem)
            return None
        expr = Expr(text)
        if not expr.parsed:
            self.error(origin, "I300", "sqlglot cannot read this fragment; it is kept as written and "
                       "Postgres judges it (when the migration is applied, and in drift)")
        return expr

    def type_(self, text: str, origin: Origin) -> tuple[str, bool]:
        try:
            canonical, serial = parse_type(text)
        except TypeSyntaxError as e:
            self.error(origin, "E112", str(e))
            return text, False
        base = base_name(canonical)
        found, problem = resolve(base, set(self.type_specs))
        if problem:
            self.error(origin, "E219", f"type {problem}")
        if found is not None and found[0] != "public" and "." not in base:
            canonical = f"{found[0]}.{canonical}"
        elif found is None and not problem and not self.known_type(base):
            known = sorted(BUILTIN | {n for _, n in self.type_specs} | {t for e in self.sec["extensions"]
                                                                  for t in EXTENSION_TYPES.get(e, ())})
            close = difflib.get_close_matches(base, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else \
                "; declare it under 'enums', or the extension that provides it under 'extensions'"
            self.error(origin, "E130", f"unknown type {base!r}{hint}")
        return canonical, serial

    def known_type(self, base: str) -> bool:
        """A built-in type, or one an extension of the spec provides (any, for an extension unknown to us)."""
        if base in BUILTIN or "." in base:
            return True
        return any(e not in EXTENSION_TYPES or base in EXTENSION_TYPES[e] for e in self.sec["extensions"])

    def enum_values(self, type_: str) -> tuple[str, ...] | None:
        enum, _ = resolve(base_name(type_), set(self.enum_specs))
        return tuple(self.enum_specs[enum].values) if enum else None

    def schema(self, schema: str, origin: Origin) -> str:
        if schema != "public" and schema not in self.sec["schemas"]:
            self.error(origin, "E130", f"schema {schema!r} is not declared under 'schemas'")
        return schema

    # -- the model -----------------------------------------------------------------------------
    def build(self) -> m.Model:
        system = self.merged.system[0] if self.merged.system else None
        model = m.Model(
            system=system.name if system else self.merged.folder.name,
            description=system.description if system else None,
        )
        for name, (spec, o) in sorted(self.sec["schemas"].items()):
            if name == "public":  # it exists already: only its grants are the spec's
                if spec.comment is not None:
                    self.error(o.at("comment"), "E218", "the comment of schema 'public' is not managed by the spec")
                continue
            model.schemas[self.name(name, o)] = m.Schema(name, spec.comment)
        for name, (spec, o) in sorted(self.sec["extensions"].items()):
            model.extensions[name] = m.Extension(name, normalize.extension_schema(spec.schema_), spec.comment)
        for name, (spec, o) in sorted(self.sec["roles"].items()):
            model.roles[self.name(name, o)] = m.Role(name, spec.login, spec.comment)
        for key, (spec, o) in sorted(self.sec["enums"].items()):
            name = self.names[("enums", key)]
            self.origins[("enum", spec.schema_, name)] = o
            if ident(name) != name or ident(spec.schema_) != spec.schema_:
                self.error(o, "E112", f"enum {name!r} (schema {spec.schema_!r}): an enum used as a column type "
                           "needs a plain lower-case name and schema that SQL does not quote", key=True)
            for i, value in enumerate(spec.values):
                if value in spec.values[:i]:
                    self.error(o.at("values", i), "E120", f"enum {name!r} lists the value {value!r} twice")
            enum = m.Enum(self.schema(spec.schema_, o.at("schema")), self.name(name, o), tuple(spec.values),
                          spec.comment)
            if (enum.schema, enum.name) in model.enums:  # once qualified (audit.level), once with 'schema'
                self.error(o, "E120", f"enum {name!r} is declared twice in schema {enum.schema!r}", key=True)
            model.enums[(enum.schema, enum.name)] = enum
        build_domains(self, model)
        build_composites(self, model)
        for key, (spec, o) in sorted(self.sec["functions"].items()):
            fn = self.function(self.names[("functions", key)], spec, o)
            if fn.signature in model.functions:
                self.error(o, "E120", f"function {fn.signature} is declared twice", key=True)
            model.functions[fn.signature] = fn
            self.origins[("function", fn.schema, fn.name)] = o
        for key in sorted(self.sec["tables"]):
            name = self.names[("tables", key)]
            table = self.table(name, *self.sec["tables"][key], model)
            if table.qname in model.tables:
                self.error(self.sec["tables"][key][1], "E120", f"table {name!r} is declared twice in schema "
                           f"{table.schema!r}", key=True)
            model.tables[table.qname] = table
        self.foreign_keys(model)
        for name, (spec, o) in sorted(self.sec["sequences"].items()):
            seq = build_sequences.sequence(self, name, spec, o, model)
            model.sequences[seq.qname] = seq
        build_sequences.unknown_sequences(self, model)
        self.relation_names(model)
        default_privileges(self, self.merged.default_privileges, model)
        schema_grants(self, model)
        build_views(self, model)
        self.scenarios = {}
        for name, (spec, o) in sorted(self.sec["scenarios"].items()):
            if spec.role not in model.roles:
                self.error(o.at("role"), "E130", f"scenario {name!r} runs as unknown role {spec.role!r}: "
                           "declare it under 'roles'")
            setup = []
            for i, fixture in enumerate(spec.fixtures):
                if fixture not in self.sec["fixtures"]:
                    self.error(o.at("fixtures", i), "E130", f"unknown fixture {fixture!r}")
                else:
                    setup += self.sec["fixtures"][fixture][0]
            self.scenarios[name] = spec.model_copy(update={"fixtures": [], "setup": setup + spec.setup})
        return model

    def function(self, name: str, spec: fmt.FunctionSpec, o: Origin) -> m.Function:
        args = tuple(
            m.FunctionArg(a.name, self.type_(a.type, o.at("args", i, "type"))[0], a.mode,
                          self.expr(a.default, o.at("args", i, "default")))
            for i, a in enumerate(spec.args))
        returns = " ".join(spec.returns.lower().split())
        if returns.startswith("setof "):
            row_type = DOTTED_WORD.match(returns[6:]) and resolve(returns[6:], self.table_names)[0] is not None
            if not row_type:  # else the rows of a table, named plainly
                returns = "setof " + self.type_(returns[6:], o.at("returns"))[0]
        elif returns.startswith("table"):
            problem = fragment_problem(returns[5:]) or (None if returns[5:].lstrip().startswith("(") else
                                                        "write 'table(name type, ...)'")
            if problem:
                self.error(o.at("returns"), "E140", problem)
        elif returns not in ("trigger", "void", "event_trigger"):
            returns = self.type_(spec.returns, o.at("returns"))[0]
        for i, role in enumerate(spec.grants):
            if role not in self.sec["roles"] and role != "public":
                self.error(o.at("grants", i), "E130", f"unknown role {role!r}: declare it under 'roles'")
        if not WORD.match(spec.language):
            self.error(o.at("language"), "E112", f"language {spec.language!r} is not a name (letters, digits, _)")
        if spec.rows is not None and not returns.startswith(("setof ", "table")):
            self.error(o.at("rows"), "E112", "'rows' is for a set-returning function (returns setof or table)")
        language = spec.language.lower()
        return m.Function(self.schema(spec.schema_, o.at("schema")), self.name(name, o), args, returns,
                          language, normalize.function_body(spec.body), spec.volatility,
                          spec.security == "definer",
                          normalize.search_path(spec.search_path) if spec.search_path else None, spec.comment,
                          tuple(sorted(set(spec.grants))), spec.strict, spec.leakproof, spec.parallel,
                          normalize.function_cost(spec.cost, language), normalize.function_rows(spec.rows))

    def parts(self, spec: fmt.TableParts, o: Origin, chain: tuple[str, ...] = ()) -> list[tuple[fmt.TableParts, Origin]]:
        """A table's own parts, then its mixins'; a mixin's own parts come after those it uses."""
        out = []
        for i, mixin in enumerate(spec.use):
            found = self.sec["mixins"].get(mixin)
            if found is None:
                self.error(o.at("use", i), "E130", f"unknown mixin {mixin!r}")
            elif mixin in chain:
                self.error(o.at("use", i), "E132", f"mixin cycle: {' → '.join(chain + (mixin,))}")
            else:
                out += self.parts(found[0], found[1], chain + (mixin,))
        return out + [(spec, o)] if chain else [(spec, o)] + out

    def table(self, name: str, spec: fmt.TableSpec, o: Origin, model: m.Model) -> m.Table:
        name = self.name(name, o)
        schema = self.schema(spec.schema_, o.at("schema"))
        self.origins[("table", schema, name)] = o
        self.allowed[(schema, name)] = set(spec.allow_warnings)
        parts = self.parts(spec, o, ())
        columns: dict[str, m.Column] = {}
        constraints: dict[str, m.Constraint] = {}
        pk_cols: list[str] = []
        placed = sorted(parts, key=lambda p: {"first": 0, "last": 2}.get(getattr(p[0], "placement", ""), 1))
        for part, po in placed:
            for cname, col in part.columns.items():
                co = po.at("columns", cname)
                if cname in columns:
                    self.error(co, "E120", f"column {cname!r} is declared twice in table {name!r}", key=True)
                    continue
                if col.primary_key:
                    pk_cols.append(cname)
                columns[cname] = self.column(cname, col, co)
                self.origins[("column", schema, name, cname)] = co
        if spec.primary_key and pk_cols:
            self.error(o.at("primary_key"), "E112", "primary key given both on columns and on the table")
        pk = None
        if spec.primary_key:
            pk = m.PrimaryKey(self.name(spec.primary_key.name or f"{name}_pkey", o.at("primary_key")),
                              tuple(spec.primary_key.columns), spec.primary_key.comment,
                              spec.primary_key.deferrable, spec.primary_key.initially_deferred)
            self.deferrable(pk, o.at("primary_key"))
            listed = o.at("primary_key") if isinstance(o.value("primary_key"), list) else o.at("primary_key", "columns")
            self.columns_exist(pk.columns, columns, name, listed)
        elif pk_cols:
            pk = m.PrimaryKey(self.name(f"{name}_pkey", o), tuple(pk_cols))
        for cname in pk.columns if pk else ():
            col = columns.get(cname)
            if col is not None:
                if col.nullable:
                    self.error(self.origins[("column", schema, name, cname)].at("nullable"), "E112",
                               f"primary key column {cname!r} cannot be nullable")
                columns[cname] = replace(col, nullable=False)
        for cname, col in columns.items():
            if col.nullable is None:
                self.error(self.origins[("column", schema, name, cname)], "E111",
                           f"column {cname!r}: 'nullable' is required (true or false) outside the primary key")
                columns[cname] = replace(col, nullable=True)
        if pk:
            constraints[pk.name] = pk
        for part, po in parts:
            self.inline_constraints(name, part, po, columns, constraints)
            self.table_constraints(name, part, po, columns, constraints)
        for c in constraints.values() if spec.partition_by else ():
            if isinstance(c, m.Exclusion):
                self.error(self.origins[("constraint", name, c.name)], "E112", "PostgreSQL 15 has no exclusion "
                           "constraints on a partitioned table", key=True)
        rls = spec.rls or fmt.RlsSpec(enabled=False)
        return partitioning(self, m.Table(schema, name, tuple(columns.values()),
                       tuple(sorted(constraints.values(), key=lambda c: c.name)),
                       self.indexes(name, parts, columns), self.triggers(name, parts, columns, model),
                       self.policies(schema, name, parts, model), rls.enabled, rls.forced, self.grants(parts, model),
                       spec.comment, self.seed(spec, o, columns), spec.renamed_from), spec, o)

    def column(self, name: str, spec: fmt.Column, o: Origin) -> m.Column:
        self.name(name, o)
        errors = len(self.diags)
        type_, serial = self.type_(spec.type, o.at("type"))
        judged = len(self.diags) == errors  # a default is judged by its type only when the type is known
        if spec.identity and (serial or type_ not in INTEGER_TYPES):
            self.error(o.at("identity"), "E112", "identity columns need smallint, integer or bigint (not serial)")
        default, is_literal = None, False
        if spec.default is not None:
            if serial or spec.identity:
                self.error(o.at("default"), "E112", "a serial or identity column cannot have a default")
            elif spec.default.sql is not None:
                default = self.expr(spec.default.sql, o.at("default", "sql"))
            elif spec.default.value is None:
                self.error(o.at("default", "value"), "E112", "a NULL default is the same as no default: omit it")
            elif judged:
                base = underlying(self, type_)
                problem = literal_problem(spec.default.value, base, self.enum_values(base), sensitive=spec.sensitive)
                if problem:
                    self.error(o.at("default", "value"), "E112", problem)
                else:
                    default, is_literal = Expr(literal(spec.default.value, base)), True
        using = self.expr(spec.using, o.at("using"))
        build_sequences.column_problems(self, spec, type_, serial, o)
        for path, problem in json_schema_problems(spec.json_schema or {}):
            self.error(o.at("json_schema", *path), "E112", f"json_schema: {problem}")
        identity = spec.identity.kind if spec.identity else None
        return m.Column(name, type_, spec.nullable, default, serial, identity, spec.comment, is_literal,
                        spec.json_schema, spec.sensitive, spec.renamed_from, using, spec.tenant,
                        self.expr(spec.generated, o.at("generated")), spec.collation,
                        build_sequences.identity_options(self, spec.identity, type_, o.at("identity")))

    def columns_exist(self, names, columns: dict, table: str, o: Origin) -> None:
        for i, c in enumerate(names):
            if c not in columns:
                self.error(o.at(i), "E130", f"table {table!r} has no column {c!r}")

    def inline_constraints(self, table, part, po, columns, constraints) -> None:
        for cname, col in part.columns.items():
            co = po.at("columns", cname)
            if col.unique:
                self.add(table, constraints, m.Unique(self.name(f"{table}_{cname}_key", co), (cname,)), co)
            if col.check is not None:
                e = self.expr(col.check, co.at("check"))
                if e:
                    self.add(table, constraints, m.Check(self.name(f"{table}_{cname}_check", co), e), co)
            if col.references is not None:
                r = col.references
                self.add(table, constraints, _PendingFK(
                    self.name(f"{table}_{cname}_fkey", co), (cname,), r.schema_, r.table,
                    (r.column,) if r.column else None, r.on_delete, r.on_update, r.deferrable,
                    r.initially_deferred, None, co.at("references"), inline=True, match=r.match), co)
                self.deferrable(r, co.at("references"))

    def table_constraints(self, table, part, po, columns, constraints) -> None:
        for cname, u in part.unique.items():
            co = po.at("unique", cname)
            self.columns_exist(u.columns, columns, table, co.at("columns"))
            unique = m.Unique(self.name(_local(cname, table), co), tuple(u.columns), u.nulls_distinct, u.comment,
                              u.deferrable, u.initially_deferred)
            self.deferrable(unique, co)
            self.add(table, constraints, unique, co)
        for cname, c in part.checks.items():
            co = po.at("checks", cname)
            e = self.expr(c.expression, co.at("expression"))
            if e:
                self.add(table, constraints, m.Check(self.name(_local(cname, table), co), e, c.comment), co)
        for cname, fk in part.foreign_keys.items():
            co = po.at("foreign_keys", cname)
            self.columns_exist(fk.columns, columns, table, co.at("columns"))
            ref = fk.references
            self.add(table, constraints, _PendingFK(
                self.name(_local(cname, table), co), tuple(fk.columns), ref.schema_, ref.table,
                tuple(ref.columns) if ref.columns else None, fk.on_delete, fk.on_update, fk.deferrable,
                fk.initially_deferred, fk.comment, co.at("references"), match=fk.match), co)
            self.deferrable(fk, co)
        for cname, x in part.exclusions.items():
            co = po.at("exclusions", cname)
            self.add(table, constraints, exclusion(self, self.name(_local(cname, table), co), x, co, columns, table,
                                                   self.sec["extensions"]), co)

    def deferrable(self, c, o: Origin) -> None:
        problem = deferrable_problem(c.deferrable, c.initially_deferred)
        if problem:
            self.error(o.at("initially_deferred"), "E197", problem)

    def add(self, table: str, constraints: dict, c, o: Origin) -> None:
        self.origins[("constraint", table, c.name)] = o
        if c.name in constraints:
            self.error(o, "E120", f"constraint name {c.name!r} is used twice in this table", key=True)
        constraints[c.name] = c

    def indexes(self, table, parts, columns) -> tuple[m.Index, ...]:
        out: dict[str, m.Index] = {}
        for part, po in parts:
            for iname, ix in part.indexes.items():
                io = po.at("indexes", iname)
                iname = self.name(_local(iname, table), io)
                self.origins[("index", table, iname)] = io
                keys = []
                for i, k in enumerate(ix.columns):
                    ko = io.at("columns", i)
                    if k.column is not None and k.column not in columns:
                        self.error(ko, "E130", f"table {table!r} has no column {k.column!r}")
                    desc = k.order == "desc"
                    nulls_first = desc if k.nulls is None else k.nulls == "first"
                    if k.opclass is not None and not DOTTED_WORD.match(k.opclass):
                        self.error(ko.at("opclass"), "E112", f"operator class {k.opclass!r} is not a name")
                    keys.append(m.IndexKey(k.column, self.expr(k.expression, ko.at("expression")), k.opclass,
                                           desc, nulls_first))
                self.columns_exist(ix.include, columns, table, io.at("include"))
                params = tuple(sorted((k, str(v).lower() if isinstance(v, bool) else str(v))
                                      for k, v in ix.with_.items()))
                for k, v in params:
                    if not PARAMETER_VALUE.match(v):
                        self.error(io.at("with", k), "E112", f"index parameter {k}: {v!r} is not a number, "
                                   "a boolean or a word")
                index = m.Index(iname, tuple(keys), ix.method, ix.unique, tuple(ix.include),
                                self.expr(ix.where, io.at("where")), params, ix.comment, ix.nulls_distinct)
                if not ix.nulls_distinct and not ix.unique:
                    self.error(io.at("nulls_distinct"), "E199", "nulls_distinct applies to a unique index only")
                if iname in out:
                    self.error(io, "E120", f"index {iname!r} is declared twice", key=True)
                out[iname] = index
        return tuple(sorted(out.values(), key=lambda i: i.name))

    def triggers(self, table, parts, columns, model: m.Model) -> tuple[m.Trigger, ...]:
        out: dict[str, m.Trigger] = {}
        for part, po in parts:
            for tname, t in part.triggers.items():
                to = po.at("triggers", tname)
                fn = self.function_ref(t.function, model, to.at("function"))
                self.columns_exist(t.update_columns, columns, table, to.at("update_columns"))
                if t.update_columns and "update" not in t.events:
                    self.error(to.at("update_columns"), "E112", "update_columns needs the 'update' event")
                tname = _local(tname, table)
                trig = m.Trigger(self.name(tname, to), t.timing, tuple(sorted(set(t.events))), fn, t.for_each,
                                 tuple(t.update_columns), self.expr(t.when, to.at("when")), tuple(t.args), t.comment)
                if tname in out:
                    self.error(to, "E120", f"trigger {tname!r} is declared twice on {table!r}", key=True)
                out[tname] = trig
        return tuple(sorted(out.values(), key=lambda t: t.name))

    def function_ref(self, ref: str, model: m.Model, o: Origin) -> m.QName:
        schema, _, name = ref.rpartition(".")
        schema = schema or "public"
        fns = [f for f in model.functions.values() if (f.schema, f.name) == (schema, name)]
        if not fns:
            self.error(o, "E130", f"unknown function {ref!r}: declare it under 'functions'")
        elif fns[0].returns != "trigger":
            self.error(o, "E112", f"function {ref!r} returns {fns[0].returns}, a trigger needs 'returns: trigger'")
        return (schema, name)

    def roles_exist(self, roles, model: m.Model, o: Origin) -> None:
        for i, r in enumerate(roles):
            if r not in model.roles and r not in BUILTIN_ROLES:
                self.error(o.at(i), "E130", f"unknown role {r!r}: declare it under 'roles'")

    def policies(self, schema, table, parts, model: m.Model) -> tuple[m.Policy, ...]:
        out: dict[str, m.Policy] = {}
        for part, po in parts:
            for pname, p in part.policies.items():
                pol = po.at("policies", pname)
                self.roles_exist(p.roles, model, pol.at("roles"))
                if p.command == "insert" and p.using is not None:
                    self.error(pol.at("using"), "E112", "an INSERT policy has only 'with_check'")
                if p.command in ("select", "delete") and p.with_check is not None:
                    self.error(pol.at("with_check"), "E112", f"a {p.command.upper()} policy has only 'using'")
                if p.using is None and p.with_check is None:
                    self.error(pol, "E111", "a policy needs 'using' or 'with_check'")
                pname = _local(pname, table)
                self.origins[("policy", schema, table, pname)] = pol
                out[pname] = m.Policy(self.name(pname, pol), p.command, not p.restrictive,
                                      tuple(sorted(set(p.roles))), self.expr(p.using, pol.at("using")),
                                      self.expr(p.with_check, pol.at("with_check")), p.comment)
        return tuple(sorted(out.values(), key=lambda p: p.name))

    def grants(self, parts, model: m.Model) -> tuple[tuple[str, str], ...]:
        out = set()
        for part, po in parts:
            for role, privileges in part.grants.items():
                if role not in model.roles and role not in BUILTIN_ROLES:
                    self.error(po.at("grants", role), "E130", f"unknown role {role!r}: declare it under 'roles'",
                               key=True)
                out.update((role, p) for p in privileges)
        return tuple(sorted(out))

    def seed(self, spec: fmt.TableSpec, o: Origin, columns: dict[str, m.Column]) -> tuple[dict[str, Any], ...]:
        build_sequences.seed_problems(self, spec, o, columns)
        for i, row in enumerate(spec.seed):
            for cname, value in row.items():
                col = columns.get(cname)
                if col is None:
                    self.error(o.at("seed", i, cname), "E130", f"seed row names unknown column {cname!r}", key=True)
                elif value is not None:
                    base = underlying(self, col.type)
                    problem = literal_problem(value, base, self.enum_values(base), sensitive=col.sensitive)
                    if problem:
                        self.error(o.at("seed", i, cname), "E112", problem)
        return tuple(spec.seed)

    def relation_names(self, model: m.Model) -> None:
        """Tables, indexes (those of primary keys and unique constraints too) and types share one
        namespace per schema in Postgres (a table is also a type): a name used twice there would
        only fail when the migration runs."""
        seen: dict[tuple[str, str], str] = {}

        def claim(schema: str, name: str, what: str, origin: Origin) -> None:
            first = seen.setdefault((schema, name), what)
            if first != what:
                self.error(origin, "E120", f"{what} has the name of {first} (schema {schema!r}): Postgres keeps "
                           "tables, indexes and types in one namespace", key=True)

        for (schema, name), _ in sorted(model.enums.items()):
            claim(schema, name, f"enum {name!r}", self.origins[("enum", schema, name)])
        for (schema, name), _ in sorted(model.domains.items()):
            claim(schema, name, f"domain {name!r}", self.sec["domains"][name][1])
        for (schema, name), _ in sorted(model.composites.items()):
            claim(schema, name, f"composite type {name!r}", self.sec["composite_types"][name][1])
        for table in model.tables.values():
            claim(table.schema, table.name, f"table {table.name!r}", self.origins[("table", *table.qname)])
            for p in table.partitions:
                claim(table.schema, p.name, f"partition {p.name!r} of {p.parent!r}",
                      self.origins[("partition", table.schema, p.name)])
        for table in model.tables.values():
            for c in table.columns:
                if c.serial:
                    claim(table.schema, f"{table.name}_{c.name}_seq", f"the sequence of serial column {c.name!r} on "
                          f"{table.name!r}", self.origins[("column", *table.qname, c.name)])
        for seq in model.sequences.values():
            claim(seq.schema, seq.name, f"sequence {seq.name!r}", self.sec["sequences"][seq.name][1])
        for table in model.tables.values():
            for c in table.constraints:
                if isinstance(c, (m.PrimaryKey, m.Unique, m.Exclusion)):
                    origin = self.origins.get(("constraint", table.name, c.name), self.origins[("table", *table.qname)])
                    claim(table.schema, c.name, f"the index of constraint {c.name!r} on {table.name!r}", origin)
            for ix in table.indexes:
                claim(table.schema, ix.name, f"index {ix.name!r} on {table.name!r}",
                      self.origins[("index", table.name, ix.name)])

    def foreign_keys(self, model: m.Model) -> None:
        """Resolve pending foreign keys now that every table is known."""
        for qname, table in list(model.tables.items()):
            resolved = []
            for c in table.constraints:
                if isinstance(c, _PendingFK):
                    c = self.resolve_fk(table, c, model)
                    if c is None:
                        continue
                resolved.append(c)
            model.tables[qname] = replace(table, constraints=tuple(resolved))

    def resolve_fk(self, table: m.Table, fk: "_PendingFK", model: m.Model) -> m.ForeignKey | None:
        o = fk.origin
        ref_schema = fk.ref_schema or table.schema
        if fk.ref_schema is None and "." in fk.ref_table:  # {table: audit.events}
            ref_schema, _, ref_table = fk.ref_table.rpartition(".")
            fk = replace(fk, ref_table=ref_table)
        target = model.tables.get((ref_schema, fk.ref_table))
        if target is None:
            self.error(o.at("table"), "E130", "foreign key references unknown table "
                       f"{m.qname_text((ref_schema, fk.ref_table))!r}")
            return None
        ref_cols = fk.ref_columns
        if ref_cols is None:
            pk = next((c for c in target.constraints if isinstance(c, m.PrimaryKey)), None)
            if pk is None:
                self.error(o, "E130", f"table {fk.ref_table!r} has no primary key: name the referenced column(s)")
                return None
            ref_cols = pk.columns
        if len(ref_cols) != len(fk.columns):
            self.error(o, "E112", f"foreign key has {len(fk.columns)} column(s) but references {len(ref_cols)}")
            return None
        for i, (mine, theirs) in enumerate(zip(fk.columns, ref_cols)):
            a, b = table.column(mine), target.column(theirs)
            if b is None:
                self.error(fk.column_origin(i), "E130", f"table {fk.ref_table!r} has no column {theirs!r}")
                return None
            if a is not None and not _compatible(a.type, b.type):
                self.error(o, "E131", f"foreign key column {mine!r} ({a.type}) does not match "
                           f"{fk.ref_table}.{theirs} ({b.type})")
        keys = sorted((c for c in target.constraints if isinstance(c, (m.PrimaryKey, m.Unique))),
                      key=lambda k: k.deferrable)  # Postgres takes a key it can use, if there is one
        key = next((k for k in keys if k.columns == tuple(ref_cols)), None) or next(
            (k for k in keys if set(k.columns) == set(ref_cols)), None)
        if key is None:
            self.error(o, "E130", f"{fk.ref_table}({', '.join(ref_cols)}) is not a primary key or unique "
                       "constraint, so it cannot be referenced")
        elif key.deferrable:
            self.error(o, "E198", f"{fk.ref_table}({', '.join(ref_cols)}) is deferrable ({key.name}): Postgres "
                       "cannot reference a deferrable key; make it not deferrable or reference another key")
        return m.ForeignKey(fk.name, fk.columns, (ref_schema, fk.ref_table), tuple(ref_cols), fk.on_delete,
                            fk.on_update, fk.deferrable, fk.initially_deferred, fk.comment, fk.match)


@dataclass(frozen=True)
class _PendingFK:
    name: str
    columns: tuple[str, ...]
    ref_schema: str | None
    ref_table: str
    ref_columns: tuple[str, ...] | None
    on_delete: str
    on_update: str
    deferrable: bool
    initially_deferred: bool
    comment: str | None
    origin: Origin
    inline: bool = False
    match: str = "simple"  # written on the column (``column:``), not in ``foreign_keys`` (``columns:``)

    def column_origin(self, i: int) -> Origin:
        """Where the i-th referenced column is written."""
        if self.ref_columns is None:
            return self.origin
        return self.origin.at("column") if self.inline else self.origin.at("columns", i)


def _local(name: str, table: str) -> str:
    """A name given by a mixin, made local to the table using it."""
    return name.replace("{table}", table)


def _compatible(a: str, b: str) -> bool:
    ba, bb = base_name(a), base_name(b)
    return ba == bb or (ba in TEXT_TYPES and bb in TEXT_TYPES) or element_type(a) == element_type(b)
