"""``generated/<system>/types.ts``: the schema as TypeScript types, from ``templates/types.ts.j2``.

Shaped like the output of ``supabase gen types typescript`` so that supabase-js v2's
``createClient<Database>(url, key)`` types ``.from(...)`` and ``.rpc(...)`` with it unchanged:
``Json``, ``Database`` (the ``__InternalSupabase`` marker, then per schema ``Tables`` with
``Row``/``Insert``/``Update``/``Relationships``, ``Views``, ``Functions``, ``Enums``,
``CompositeTypes``), the helpers ``Tables<>``, ``TablesInsert<>``, ``TablesUpdate<>``,
``Enums<>``, ``CompositeTypes<>`` and the ``Constants`` object of enum values. As supabase does,
tables, columns, enums and functions are sorted by name, and trigger functions are left out.
Unlike supabase, which lists every partition of a partitioned table as a table of its own, only
the partitioned table is there: the application reads and writes through it (its policies and
grants do not apply to a partition queried by name).

What the spec knows beyond the catalog goes in too: a JSONB column with a ``json_schema`` gets a
named TypeScript type made from that schema instead of ``Json``; comments become JSDoc above
tables, columns, enums and functions. ``vector(n)`` is ``number[]`` (what a client writes), or
``string`` with ``vector_as="string"`` (what PostgREST returns without a cast).
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from generator.emit.jsonschema import pascal
from generator.emit.templates import render_template
from generator.model import objects as m
from generator.model.types import INTEGER_TYPES, base_name, canonical_type
from generator.spec.build import Built

WRAP = 100  # columns of JSDoc text
INLINE = 72  # longest object type written on one line
POSTGREST_VERSION = "12"  # what createClient assumes when the marker is absent
_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
_NUMBER = INTEGER_TYPES | {"numeric", "real", "double precision", "oid"}
_VECTORS = {"vector", "halfvec"}
_RESERVED_NAMES = {"Json", "Database", "DatabaseWithoutInternals", "DefaultSchema", "Tables", "TablesInsert",
                   "TablesUpdate", "Enums", "CompositeTypes", "Constants"}
_OPEN = "[key: string]: Json | undefined"


@dataclass(frozen=True)
class Prop:
    """One property of an object type: ``key`` (quoted if need be), optional or not, its type, JSDoc."""

    key: str
    type: str
    optional: bool = False
    doc: str | None = None


@dataclass(frozen=True)
class Relationship:
    name: str
    columns: tuple[str, ...]
    one_to_one: bool
    relation: str
    ref_columns: tuple[str, ...]


@dataclass(frozen=True)
class TsTable:
    key: str
    doc: str | None
    row: list[Prop]
    insert: list[Prop]
    update: list[Prop]
    relationships: list[Relationship]


@dataclass(frozen=True)
class TsFunction:
    key: str
    doc: str | None
    args: str  # one object type, or a union of them for overloads
    returns: str


@dataclass(frozen=True)
class TsEnum:
    key: str
    doc: str | None
    values: tuple[str, ...]  # TypeScript string literals


@dataclass(frozen=True)
class TsComposite:
    key: str
    doc: str | None
    props: list[Prop]  # every attribute may be null, as supabase has them


@dataclass(frozen=True)
class TsSchema:
    key: str
    tables: list[TsTable]
    functions: list[TsFunction]
    enums: list[TsEnum]
    composites: list[TsComposite] = field(default_factory=list)


@dataclass(frozen=True)
class NamedType:
    """``export type <name> = <body>`` for a typed JSONB column (or one of its ``$defs``)."""

    name: str
    doc: str | None
    body: str


def key(name: str) -> str:
    """A property key: bare when it is an identifier, a string literal otherwise."""
    return name if _IDENTIFIER.match(name) else json.dumps(name)


def literal(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


@lru_cache(maxsize=8192)
def jsdoc(text: str | None, indent: str) -> str:
    """A JSDoc block (ending in a newline) at ``indent``, wrapped at 100 columns, or nothing.

    ``*/`` in the text cannot close it early.
    """
    if not text or not text.strip():
        return ""
    width = max(40, WRAP - len(indent) - 3)
    lines: list[str] = []
    for paragraph in text.strip().replace("*/", "*\\/").split("\n"):
        wrapped = textwrap.wrap(paragraph.strip(), width, break_long_words=False, break_on_hyphens=False)
        lines += wrapped or [""]
    if len(lines) == 1 and len(indent) + len(lines[0]) + 7 <= WRAP:
        return f"{indent}/** {lines[0]} */\n"
    body = "".join(f"{indent} *{' ' + line if line else ''}\n" for line in lines)
    return f"{indent}/**\n{body}{indent} */\n"


def props(items: list[Prop], pad: str) -> str:
    """The lines of an object type's properties at ``pad``, each with its JSDoc."""
    return "\n".join(f"{jsdoc(p.doc, pad)}{pad}{p.key}{'?' if p.optional else ''}: {p.type}" for p in items)


def union(types: list[str]) -> str:
    """``A | B``, without repeats, keeping the first order."""
    seen: list[str] = []
    for t in types:
        for part in _split_union(t):
            if part not in seen:
                seen.append(part)
    if "Json" in seen:  # Json absorbs every other JSON value
        seen = ["Json"] + (["undefined"] if "undefined" in seen else [])
    return " | ".join(seen) if seen else "never"


def _split_union(t: str) -> list[str]:
    return _split_top(t, "|")


def _split_top(t: str, sep: str) -> list[str]:
    """``t`` split at ``sep`` outside brackets, string literals and comments."""
    parts, depth, start, quoted, i = [], 0, 0, False, 0
    while i < len(t):
        ch = t[i]
        if not quoted and t.startswith("/*", i):
            end = t.find("*/", i + 2)
            i = len(t) if end < 0 else end + 2
            continue
        if quoted:
            if ch == "\\":
                i += 1
            elif ch == '"':
                quoted = False
        elif ch == '"':
            quoted = True
        elif ch in "{[(<":
            depth += 1
        elif ch in "}])>":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(t[start:i].strip())
            start = i + 1
        i += 1
    parts.append(t[start:].strip())
    return [p for p in parts if p]


def array_of(t: str) -> str:
    compound = len(_split_top(t, "|")) > 1 or len(_split_top(t, "&")) > 1
    return f"({t})[]" if compound else f"{t}[]"


def _indent(text: str, by: str = "  ") -> str:
    return "\n".join(by + line if line else line for line in text.splitlines())


# ----------------------------------------------------------------------------------- JSON Schema


class _JsonTypes:
    """TypeScript types from JSON Schemas: one named type per typed column, one per ``$defs`` entry."""

    def __init__(self, taken: set[str]):
        self.taken = set(taken)
        self.named: list[NamedType] = []

    def unique(self, name: str) -> str:
        candidate, n = name, 2
        while candidate in self.taken or candidate in _RESERVED_NAMES:
            candidate, n = f"{name}{n}", n + 1
        self.taken.add(candidate)
        return candidate

    def column_type(self, base: str, schema: dict[str, Any]) -> str:
        name = self.unique(base)
        defs: dict[str, str] = {}
        for section in ("$defs", "definitions"):
            for def_name in sorted(schema.get(section) or {}):
                defs[f"#/{section}/{def_name}"] = self.unique(base + pascal(def_name))
        defs["#"] = name
        slot = len(self.named)
        self.named.append(NamedType(name, None, ""))
        for section in ("$defs", "definitions"):
            for def_name, sub in sorted((schema.get(section) or {}).items()):
                ref = f"#/{section}/{def_name}"
                if isinstance(sub, dict):
                    self.named.append(NamedType(defs[ref], _schema_doc(sub), self.ts(sub, defs)))
        self.named[slot] = NamedType(name, _schema_doc(schema), self.ts(schema, defs))
        return name

    def ts(self, s: Any, defs: dict[str, str]) -> str:
        """The TypeScript type of a value valid against JSON Schema ``s`` (``Json`` when unsure)."""
        if s is True or not isinstance(s, dict):
            return "Json" if s is not False else "never"
        if "$ref" in s:
            ref = defs.get(s["$ref"])
            if ref is None:
                return "Json"  # a reference outside this schema
            rest = {k: v for k, v in s.items() if k not in ("$ref", "description", "title", "$comment")}
            return f"{ref} & {self.ts(rest, defs)}" if _has_shape(rest) else ref
        if "const" in s:
            return _json_literal(s["const"])
        if "enum" in s and isinstance(s["enum"], list):
            return union([_json_literal(v) for v in s["enum"]])
        for combinator in ("anyOf", "oneOf"):
            if isinstance(s.get(combinator), list):
                base = {k: v for k, v in s.items() if k != combinator}
                options = [self.ts({**base, **o} if isinstance(o, dict) else o, defs) for o in s[combinator]]
                return union(options)
        if isinstance(s.get("allOf"), list):
            parts = [self.ts(o, defs) for o in s["allOf"]]
            own = {k: v for k, v in s.items() if k != "allOf"}
            if _has_shape(own):
                parts.append(self.ts(own, defs))
            parts = [p for p in parts if p != "Json"] or ["Json"]
            return " & ".join(f"({p})" if len(_split_union(p)) > 1 else p for p in parts)
        kinds = s.get("type")
        if kinds is None:
            kinds = ["object"] if "properties" in s or "additionalProperties" in s else \
                ["array"] if "items" in s else None
        if kinds is None:
            return "Json"
        kinds = kinds if isinstance(kinds, list) else [kinds]
        return union([self.of_kind(k, s, defs) for k in kinds])

    def of_kind(self, kind: str, s: dict[str, Any], defs: dict[str, str]) -> str:
        if kind == "string":
            return "string"
        if kind in ("number", "integer"):
            return "number"
        if kind == "boolean":
            return "boolean"
        if kind == "null":
            return "null"
        if kind == "array":
            items = s.get("items")
            if isinstance(s.get("prefixItems"), list) and items is False:
                return "[" + ", ".join(self.ts(i, defs) for i in s["prefixItems"]) + "]"
            return array_of(self.ts(items, defs) if isinstance(items, dict) else "Json")
        if kind == "object":
            return self.object(s, defs)
        return "Json"

    def object(self, s: dict[str, Any], defs: dict[str, str]) -> str:
        props = s.get("properties") or {}
        required = set(s.get("required") or ())
        lines: list[str] = []
        declared: list[str] = []
        for name, sub in props.items():
            t = self.ts(sub, defs)
            optional = name not in required
            declared.append(t + (" | undefined" if optional else ""))
            doc = _schema_doc(sub) if isinstance(sub, dict) else None
            lines.append(jsdoc(doc, "") + f"{key(name)}{'?' if optional else ''}: {t}")
        extra = s.get("additionalProperties", True if "patternProperties" not in s else None)
        if extra is True or (extra is None and "patternProperties" in s):
            lines.append(_OPEN)
        elif isinstance(extra, dict):
            value = self.ts(extra, defs)
            lines.append(f"[key: string]: {union([value] + declared) if declared else value}")
        if not lines:
            return "{ [_ in never]: never }"
        inline = "{ " + "; ".join(lines) + " }"
        if "\n" not in inline and len(inline) <= INLINE:
            return inline
        return "{\n" + "\n".join(_indent(line) for line in lines) + "\n}"


def _has_shape(s: dict[str, Any]) -> bool:
    return any(k in s for k in ("type", "properties", "items", "enum", "const", "additionalProperties",
                                "anyOf", "oneOf", "allOf"))


def _json_literal(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "Json"
    return literal(value)


def _schema_doc(s: dict[str, Any]) -> str | None:
    parts = [s.get("title"), s.get("description")]
    return "\n\n".join(p for p in parts if isinstance(p, str) and p.strip()) or None


# ----------------------------------------------------------------------------------- the model


class _Emitter:
    def __init__(self, model: m.Model, vector_as: str):
        if vector_as not in ("array", "string"):
            raise ValueError(f"vector_as must be 'array' or 'string', not {vector_as!r}")
        self.model = model
        self.vector_as = vector_as
        self.enums = {m.qname_text(q): e for q, e in model.enums.items()}
        self.tables = {m.qname_text(q): t for q, t in model.tables.items()}
        self.domains = {m.qname_text(q): d for q, d in model.domains.items()}
        self.composites = {m.qname_text(q): c for q, c in model.composites.items()}
        self.json = _JsonTypes(set())

    def schema_names(self) -> list[str]:
        names = {"public"} | set(self.model.schemas)
        return sorted(names, key=_order)

    # -- types ---------------------------------------------------------------------------------
    def pg_type(self, type_: str) -> str:
        """The TypeScript type of a value of PostgreSQL type ``type_`` (canonical text), not null."""
        if type_.endswith("[]"):
            return array_of(self.pg_type(type_[:-2]))
        base = base_name(type_)
        enum = self.enums.get(base)
        if enum is not None:
            return f"Database[{literal(enum.schema)}][\"Enums\"][{literal(enum.name)}]"
        if base in self.domains:  # a domain is its base type to a client
            return self.pg_type(self.domains[base].type)
        if base in self.composites:
            c = self.composites[base]
            return f"Database[{literal(c.schema)}][\"CompositeTypes\"][{literal(c.name)}]"
        if base in _NUMBER:
            return "number"
        if base == "boolean":
            return "boolean"
        if base in ("json", "jsonb"):
            return "Json"
        if base in _VECTORS:
            return "number[]" if self.vector_as == "array" else "string"
        if base in ("void",):
            return "undefined"
        if base == "record":
            return "Record<string, unknown>"
        table = self.tables.get(base)
        if table is not None:
            return f"Database[{literal(table.schema)}][\"Tables\"][{literal(table.name)}][\"Row\"]"
        return "string"  # PostgREST returns every other type as its text form

    def column_type(self, t: m.Table, c: m.Column) -> str:
        if c.json_schema is not None and base_name(c.type) in ("json", "jsonb"):
            prefix = () if t.schema == "public" else (t.schema,)
            named = self.json.column_type(pascal(*prefix, t.name, c.name), c.json_schema)
            return array_of(named) if c.type.endswith("[]") else named
        return self.pg_type(c.type)

    # -- tables --------------------------------------------------------------------------------
    def table(self, t: m.Table) -> TsTable:
        row, insert, update = [], [], []
        for c in sorted(t.columns, key=lambda c: _order(c.name)):
            ts = self.column_type(t, c)
            ts_null = f"{ts} | null" if c.nullable else ts
            doc = _column_doc(c)
            row.append(Prop(key(c.name), ts_null, doc=doc))
            if not c.writable:
                insert.append(Prop(key(c.name), "never", True, doc))
                update.append(Prop(key(c.name), "never", True, doc))
                continue
            insert.append(Prop(key(c.name), ts_null, c.optional_on_insert, doc))
            update.append(Prop(key(c.name), ts_null, True, doc))
        return TsTable(key(t.name), t.comment, row, insert, update, self.relationships(t))

    def relationships(self, t: m.Table) -> list[Relationship]:
        unique_sets = {frozenset(c.columns) for c in t.constraints if isinstance(c, (m.PrimaryKey, m.Unique))}
        unique_sets |= {frozenset(k.column for k in ix.keys) for ix in t.indexes
                        if ix.unique and ix.where is None and all(k.column for k in ix.keys)}
        out = [Relationship(fk.name, fk.columns, frozenset(fk.columns) in unique_sets, fk.ref_table[1],
                            fk.ref_columns)
               for fk in t.constraints
               if isinstance(fk, m.ForeignKey) and fk.ref_table[0] == t.schema]  # as supabase: same schema
        return sorted(out, key=lambda r: (_order(r.name), _order(r.relation), literal(r.ref_columns)))

    # -- functions -----------------------------------------------------------------------------
    def functions(self, schema: str) -> list[TsFunction]:
        by_name: dict[str, list[m.Function]] = {}
        for f in sorted(self.model.functions.values(), key=lambda f: f.signature):
            if f.schema != schema or f.returns in ("trigger", "event_trigger"):
                continue
            inputs = [a for a in f.args if a.mode in ("in", "inout", "variadic")]
            if any(not a.name for a in inputs) and len(inputs) != 1:
                continue  # PostgREST calls functions with named arguments (or one unnamed)
            by_name.setdefault(f.name, []).append(f)
        out = []
        for name in sorted(by_name, key=_order):
            fns = by_name[name]
            args = union([self.args(f) for f in fns])
            docs = [f.comment for f in fns if f.comment]
            out.append(TsFunction(key(name), docs[0] if docs else None, args, self.returns(fns[0])))
        return out

    def args(self, f: m.Function) -> str:
        inputs = [a for a in f.args if a.mode in ("in", "inout", "variadic")]
        if not inputs:
            return "Record<PropertyKey, never>"
        parts = []
        for a in sorted(inputs, key=lambda a: _order(a.name or "")):
            ts = self.pg_type(a.type)
            if a.mode == "variadic":
                ts = array_of(ts)
            parts.append(f"{key(a.name or '')}{'?' if a.default is not None else ''}: {ts}")
        return "{ " + "; ".join(parts) + " }"

    def returns(self, f: m.Function) -> str:
        text = f.returns
        outs = [a for a in f.args if a.mode in ("out", "inout")]
        setof = text.startswith("setof ")
        if setof:
            text = text[len("setof "):].strip()
        if text.startswith("table"):
            cols = _table_columns(text)
            return self.record(cols) + "[]"
        if text == "record" and outs:
            ts = self.record([(a.name or "", a.type) for a in outs])
        elif text in ("void",):
            ts = "undefined"
        else:
            ts = self.pg_type(canonical_type(text))
        return array_of(ts) if setof else ts

    def record(self, cols: list[tuple[str, str]]) -> str:
        if not cols:
            return "Record<string, unknown>"
        return "{ " + "; ".join(f"{key(n)}: {self.pg_type(canonical_type(t))}" for n, t in cols) + " }"

    # -- the file ------------------------------------------------------------------------------
    def schemas(self) -> list[TsSchema]:
        out = []
        for s in self.schema_names():
            tables = sorted((t for t in self.model.tables.values() if t.schema == s), key=lambda t: _order(t.name))
            enums = sorted((e for e in self.model.enums.values() if e.schema == s), key=lambda e: _order(e.name))
            out.append(TsSchema(
                key(s), [self.table(t) for t in tables], self.functions(s),
                [TsEnum(key(e.name), e.comment, tuple(literal(v) for v in e.values)) for e in enums],
                [TsComposite(key(c.name), c.comment, [Prop(key(a.name), f"{self.pg_type(a.type)} | null", doc=a.comment)
                                                      for a in c.attributes])
                 for c in sorted((c for c in self.model.composites.values() if c.schema == s),
                                 key=lambda c: _order(c.name))]))
        return out


def _order(name: str) -> tuple[str, str]:
    """Close to JavaScript's ``localeCompare``, which supabase sorts with, and total."""
    return (name.casefold(), name)


def _table_columns(text: str) -> list[tuple[str, str]]:
    """``table (a integer, b text)`` → [(a, integer), (b, text)]."""
    inner = text[text.find("(") + 1:text.rfind(")")]
    cols, depth, start = [], 0, 0
    for i, ch in enumerate(inner + ","):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            part = inner[start:i].strip()
            if part:
                name, _, type_ = part.partition(" ")
                cols.append((name.strip('"'), type_.strip()))
            start = i + 1
    return cols


def _column_doc(c: m.Column) -> str | None:
    parts = [c.comment] if c.comment else []
    if c.sensitive:
        parts.append("Sensitive: holds a secret.")
    return "\n\n".join(parts) or None


def typescript_types(built: Built, *, vector_as: str = "array", postgrest_version: str = POSTGREST_VERSION) -> str:
    """The text of ``generated/<system>/types.ts``.

    ``vector_as``: ``"array"`` types pgvector columns as ``number[]``, ``"string"`` as PostgREST's
    text form ``"[1,2,3]"``. ``postgrest_version`` fills the ``__InternalSupabase`` marker that
    tells supabase-js which PostgREST features to type.
    """
    emitter = _Emitter(built.model, vector_as)
    schemas = emitter.schemas()  # fills emitter.json
    return render_template(
        "types.ts.j2",
        model=built.model, schemas=schemas, json_types=emitter.json.named,
        postgrest_version=postgrest_version, jsdoc=jsdoc, literal=literal, props=props)
