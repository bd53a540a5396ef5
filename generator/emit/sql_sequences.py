"""SQL of sequences and of generated columns that are dropped and added again.

``ALTER SEQUENCE`` never says ``RESTART``: changing options keeps the sequence's current value.
"""

from __future__ import annotations

from generator.diff import changes as ch
from generator.emit.quoting import ident, qualified, role
from generator.model import objects as m
from generator.model.sequences import defaults

_OPTIONS = ("type", "increment", "min", "max", "start", "cache", "cycle")


def _options(s: m.Sequence, names=_OPTIONS) -> str:
    return " ".join(_words({n: getattr(s, n) for n in names}))


def _words(values: dict) -> list[str]:
    words = {"type": lambda v: f"AS {v}", "increment": lambda v: f"INCREMENT BY {v}", "min": lambda v: f"MINVALUE {v}",
             "max": lambda v: f"MAXVALUE {v}", "start": lambda v: f"START WITH {v}", "cache": lambda v: f"CACHE {v}",
             "cycle": lambda v: "CYCLE" if v else "NO CYCLE"}
    return [words[k](v) for k, v in values.items()]


def identity_clause(c: m.Column) -> str:
    """`` (START WITH 100 INCREMENT BY 5)`` after ``AS IDENTITY``, for options that are not the defaults."""
    return f" ({' '.join(_words(dict(c.identity_options)))})" if c.identity_options else ""


def _identity_values(c: m.Column) -> dict:
    given = dict(c.identity_options)
    increment = given.get("increment", 1)
    low, high = defaults(c.type, increment)
    values = {"increment": increment, "min": given.get("min", low), "max": given.get("max", high)}
    values["start"] = given.get("start", values["min"] if increment > 0 else values["max"])
    return values | {"cache": given.get("cache", 1), "cycle": given.get("cycle", False)}


def identity_changes(a: m.Column, b: m.Column) -> str:
    """`` SET INCREMENT BY 5 SET START WITH 100``: the options of an identity column's sequence that
    change (never RESTART: the current value is kept)."""
    if a.identity_options == b.identity_options or a.type not in ("smallint", "integer", "bigint"):
        return ""
    old, new = _identity_values(a), _identity_values(b)
    return "".join(f" SET {w}" for w in _words({k: v for k, v in new.items() if old[k] != v}))


def _grants(s: m.Sequence, had: tuple[tuple[str, str], ...], has: tuple[tuple[str, str], ...]) -> list[str]:
    name = qualified(s.schema, s.name)
    out = []
    for verb, pairs, word in (("REVOKE", sorted(set(had) - set(has)), "FROM"),
                              ("GRANT", sorted(set(has) - set(had)), "TO")):
        for grantee in dict.fromkeys(r for r, _ in pairs):
            privileges = ", ".join(p.upper() for r, p in pairs if r == grantee)
            out.append(f"{verb} {privileges} ON SEQUENCE {name} {word} {role(grantee)}")
    return out


def create(s: m.Sequence, _table) -> list[str]:
    """Without its owner: the column that owns it comes later (``SetOwnedBy``)."""
    return [f"CREATE SEQUENCE {qualified(s.schema, s.name)} {_options(s)}"] + _grants(s, (), s.grants)


def drop(s: m.Sequence, _table) -> list[str]:
    return [f"DROP SEQUENCE {qualified(s.schema, s.name)}"]


def alter(a: m.Sequence, b: m.Sequence, _table) -> list[str]:
    changed = [n for n in _OPTIONS if getattr(a, n) != getattr(b, n)
               or a.type != b.type and n in ("min", "max")]  # a new type resets bounds that were its limits
    head = [f"ALTER SEQUENCE {qualified(b.schema, b.name)} {_options(b, changed)}"] if changed else []
    return head + _grants(b, a.grants, b.grants)


def owned_by(c: ch.SetOwnedBy) -> list[str]:
    s = c.obj
    owner = f"{qualified(s.schema, c.new[0])}.{ident(c.new[1])}" if c.new else "NONE"
    return [f"ALTER SEQUENCE {qualified(s.schema, s.name)} OWNED BY {owner}"]


def regenerate(c: ch.RegenerateColumn, column_sql, comment_sql) -> list[str]:
    """Drop the column and add it again with the new expression (and its comment, lost with it)."""
    head = f"ALTER TABLE {qualified(*c.table)}"
    out = [f"{head} DROP COLUMN {ident(c.old.name)}", f"{head} ADD COLUMN {column_sql(c.new)}"]
    return out + ([comment_sql(c.new)] if c.new.comment is not None else [])
