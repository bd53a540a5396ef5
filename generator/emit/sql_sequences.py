"""SQL of sequences and of generated columns that are dropped and added again.

``ALTER SEQUENCE`` never says ``RESTART``: changing options keeps the sequence's current value.
"""

from __future__ import annotations

from generator.diff import changes as ch
from generator.emit.quoting import ident, qualified, role
from generator.model import objects as m

_OPTIONS = ("type", "increment", "min", "max", "start", "cache", "cycle")


def _options(s: m.Sequence, names=_OPTIONS) -> str:
    words = {"type": f"AS {s.type}", "increment": f"INCREMENT BY {s.increment}", "min": f"MINVALUE {s.min}",
             "max": f"MAXVALUE {s.max}", "start": f"START WITH {s.start}", "cache": f"CACHE {s.cache}",
             "cycle": "CYCLE" if s.cycle else "NO CYCLE"}
    return " ".join(words[n] for n in names)


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
