"""Mermaid ``erDiagram`` text for a set of tables.

Cardinalities come from the foreign keys: the referenced side is "exactly one" when every
foreign key column is NOT NULL, else "zero or one"; the referencing side is "zero or one" when
the foreign key columns are also a primary key or unique constraint (1:1), else "zero or more".
Names are reduced to the characters Mermaid accepts (letters, digits, ``_``), keywords and a
leading digit are avoided (the rules were probed in Chromium with mermaid 11: a space or a
leading digit silently splits a name in two).
"""

from __future__ import annotations

import re

from generator.model import objects as m

_SHORT_TYPES = {"character varying": "varchar", "timestamp without time zone": "timestamp",
                "timestamp with time zone": "timestamptz", "double precision": "float8",
                "time without time zone": "time", "time with time zone": "timetz", "character": "char"}


# Words Mermaid's erDiagram grammar keeps for itself, as entity names and as attribute names.
_RESERVED_ENTITIES = {"end", "style", "class", "classdef", "subgraph", "erdiagram", "one", "many", "to", "u"}
_RESERVED_ATTRIBUTES = {"pk", "fk", "uk"}


def entity(q: m.QName) -> str:
    """A table's name as a Mermaid entity: letters, digits and ``_``; never a keyword."""
    name = _word(q[1] if q[0] == "public" else f"{q[0]}_{q[1]}")
    return f"t_{name}" if name.lower() in _RESERVED_ENTITIES else name


def _word(text: str) -> str:
    """Letters, digits and single ``_``, not starting with a digit, never PK/FK/UK."""
    word = re.sub(r"_+", "_", re.sub(r"[^A-Za-z0-9_]", "_", text)).strip("_") or "_"
    if word[0].isdigit():
        word = "c_" + word
    return word + "_" if word.lower() in _RESERVED_ATTRIBUTES else word


def short_type(column: m.Column) -> str:
    """A column type as one Mermaid word: ``varchar_255``, ``text_array``, ``serial``."""
    if column.serial:
        return {"integer": "serial", "bigint": "bigserial", "smallint": "smallserial"}[column.type]
    base, array = column.type.removesuffix("[]"), column.type.endswith("[]")
    head, _, mods = base.partition("(")
    head = head.strip()
    for long, short in _SHORT_TYPES.items():
        if head.startswith(long):
            head = short + head[len(long):]
    text = head + ("_" + mods.rstrip(")").replace(",", "_") if mods else "") + ("_array" if array else "")
    return _word(text)


def key_marks(table: m.Table, column: str) -> list[str]:
    """``PK``, ``FK``, ``UK``: the key constraints a column takes part in."""
    kinds = {type(c) for c in table.constraints if column in getattr(c, "columns", ())}
    return [mark for kind, mark in ((m.PrimaryKey, "PK"), (m.ForeignKey, "FK"), (m.Unique, "UK")) if kind in kinds]


def _relationship(table: m.Table, fk: m.ForeignKey) -> str:
    required = all(not (table.column(c) and table.column(c).nullable) for c in fk.columns)
    one_to_one = any(isinstance(c, (m.PrimaryKey, m.Unique)) and set(c.columns) == set(fk.columns)
                     for c in table.constraints)
    left = "||" if required else "|o"
    right = "o|" if one_to_one else "o{"
    label = ", ".join(_word(c) for c in fk.columns)
    return f'    {entity(fk.ref_table)} {left}--{right} {entity(table.qname)} : "{label}"'


def er_diagram(tables: list[m.Table], *, keys_only: bool = False) -> str:
    """The diagram of ``tables`` and their foreign keys, in the given order (a referenced table
    outside the set appears through its relationship only, without attributes). ``keys_only``
    shows only key columns: the overview of a large system stays readable."""
    lines, relations = ["erDiagram"], []
    for t in tables:
        lines.append(f"    {entity(t.qname)} {{")
        for c in t.columns:
            keys = key_marks(t, c.name)
            if keys_only and not keys:
                continue
            lines.append(f"        {short_type(c)} {_word(c.name)}" + (f" {', '.join(keys)}" if keys else ""))
        lines.append("    }")
        relations += [_relationship(t, fk) for fk in t.constraints if isinstance(fk, m.ForeignKey)]
    return "\n".join(lines + relations)
