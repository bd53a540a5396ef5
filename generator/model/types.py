"""Column types in one canonical spelling: the one PostgreSQL's ``format_type`` prints.

The spec may write aliases (``int``, ``varchar(255)``, ``timestamptz``, ``float``, ``decimal(10,2)``);
the catalog reports ``format_type`` text. Both map to the same string here, so type equality is
string equality. ``serial`` family types are not types: they become an integer type plus the
column's ``serial`` flag (see ``objects.Column``).
"""

from __future__ import annotations

import re
from functools import lru_cache

_ALIASES = {
    "int": "integer", "int4": "integer", "integer": "integer",
    "int2": "smallint", "smallint": "smallint",
    "int8": "bigint", "bigint": "bigint",
    "float": "double precision", "float8": "double precision", "double precision": "double precision",
    "double": "double precision",
    "float4": "real", "real": "real",
    "bool": "boolean", "boolean": "boolean",
    "varchar": "character varying", "character varying": "character varying",
    "char": "character", "character": "character", "bpchar": "character",
    "decimal": "numeric", "numeric": "numeric",
    "timestamp": "timestamp without time zone",
    "timestamp without time zone": "timestamp without time zone",
    "timestamptz": "timestamp with time zone", "timestamp with time zone": "timestamp with time zone",
    "time": "time without time zone", "time without time zone": "time without time zone",
    "timetz": "time with time zone", "time with time zone": "time with time zone",
    "varbit": "bit varying", "bit varying": "bit varying",
}
SERIALS = {"serial": "integer", "serial4": "integer", "bigserial": "bigint", "serial8": "bigint",
           "smallserial": "smallint", "serial2": "smallint"}
SERIAL_OF = {"integer": "serial", "bigint": "bigserial", "smallint": "smallserial"}
_TIME_TYPES = {"timestamp", "timestamptz", "time", "timetz"}
_TYPE_RE = re.compile(
    r"^\s*(?P<base>[a-z_][a-z0-9_ .\"]*?)\s*(?:\(\s*(?P<mods>[0-9]+(?:\s*,\s*-?[0-9]+)?)\s*\))?"
    r"(?P<tz>\s+with(?:out)?\s+time\s+zone)?\s*(?P<arr>(?:\[\s*[0-9]*\s*\])*)\s*$",
    re.IGNORECASE,
)
INTEGER_TYPES = {"smallint", "integer", "bigint"}


class TypeSyntaxError(ValueError):
    """A type string that cannot be read."""


def parse_type(text: str) -> tuple[str, bool]:
    """Canonical type text and whether the spec asked for a serial column."""
    m = _TYPE_RE.match(text)
    if not m:
        raise TypeSyntaxError(f"cannot read type {text!r}")
    base = " ".join(m.group("base").lower().split())
    if base.count('"') % 2:
        raise TypeSyntaxError(f"type {text!r} has an unbalanced double quote")
    mods = m.group("mods")
    tz = " ".join(m.group("tz").lower().split()) if m.group("tz") else ""
    dims = m.group("arr").count("[")
    serial = base in SERIALS
    if serial:
        if mods or tz or dims:
            raise TypeSyntaxError(f"{base} takes no modifiers")
        return SERIALS[base], True
    if tz:
        if base not in ("timestamp", "time"):
            raise TypeSyntaxError(f"'{tz}' only follows timestamp or time")
        base = f"{base} {tz}"
    canonical = _ALIASES.get(base, base)
    if mods:
        mods = ",".join(p.strip() for p in mods.split(","))
        if canonical.startswith(("timestamp", "time")):
            head, _, zone = canonical.partition(" ")
            canonical = f"{head}({mods}) {zone}"
        else:
            canonical = f"{canonical}({mods})"
    return canonical + ("[]" if dims else ""), False  # Postgres does not track array dimensions


@lru_cache(maxsize=4096)
def canonical_type(text: str) -> str:
    """The canonical spelling of a type text, or the text itself when it cannot be read (``trigger``,
    a type only the catalog knows)."""
    try:
        return parse_type(text)[0]
    except TypeSyntaxError:
        return text


def element_type(canonical: str) -> str:
    """The element type of an array type; the type itself otherwise."""
    while canonical.endswith("[]"):
        canonical = canonical[:-2]
    return canonical


def base_name(canonical: str) -> str:
    """The type name without modifiers or array brackets: ``character varying(5)[]`` → ``character varying``."""
    return re.sub(r"\(.*?\)", "", element_type(canonical)).strip()


# Base names (``base_name``) of the types PostgreSQL 15 ships, and of those common extensions add.
BUILTIN = frozenset({
    "smallint", "integer", "bigint", "numeric", "real", "double precision", "money", "text", "character",
    "character varying", "bytea", "boolean", "date", "interval", "uuid", "json", "jsonb", "xml", "inet",
    "cidr", "macaddr", "macaddr8", "point", "line", "lseg", "box", "path", "polygon", "circle", "tsvector",
    "tsquery", "bit", "bit varying", "pg_lsn", "pg_snapshot", "txid_snapshot", "oid", "name", "regclass",
    "regconfig", "regtype", "regproc", "regprocedure", "regrole", "regnamespace", "int4range", "int8range",
    "numrange", "tsrange", "tstzrange", "daterange", "int4multirange", "int8multirange", "nummultirange",
    "tsmultirange", "tstzmultirange", "datemultirange", "timestamp without time zone",
    "timestamp with time zone", "time without time zone", "time with time zone", '"char"',
})
EXTENSION_TYPES = {
    "vector": {"vector", "halfvec", "sparsevec"}, "citext": {"citext"}, "hstore": {"hstore"},
    "ltree": {"ltree", "lquery", "ltxtquery"}, "cube": {"cube"}, "isn": {"isbn", "issn", "ean13", "upc"},
    "postgis": {"geometry", "geography", "box2d", "box3d"}, "uuid-ossp": set(), "pgcrypto": set(),
    "pg_trgm": set(), "btree_gin": set(), "btree_gist": set(), "unaccent": set(), "pg_stat_statements": set(),
}
