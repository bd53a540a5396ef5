"""Partition bounds in one canonical text, whoever wrote them.

The spec gives bound values as YAML scalars, Postgres prints them as SQL literals in the session's
time zone (``pg_get_expr(relpartbound)``); both are parsed into a ``Bound``, each value normalized
by the type of its key column (an integer unquoted, a date as ``YYYY-MM-DD``, a timestamp with
time zone in UTC as ``YYYY-MM-DD HH:MM:SS+00``), and rendered by ``Bound.sql``, so equal bounds
compare equal as text, but for the order of list values, which Postgres keeps as written (and
``same_bound`` ignores). The rendered text is also what migrations write: a ``timestamptz``
bound carries its offset, whatever the server's ``TimeZone``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation

from generator.emit.quoting import string
from generator.model.types import INTEGER_TYPES, base_name

MINVALUE, MAXVALUE = "MINVALUE", "MAXVALUE"  # unbounded range ends (the spec writes them so too)
Value = str | None  # a normalized value; None is NULL (a list partition may hold NULL)


@dataclass(frozen=True)
class Bound:
    default: bool = False
    lower: tuple[Value, ...] = ()  # FROM, range
    upper: tuple[Value, ...] = ()  # TO, range
    values: tuple[Value, ...] = ()  # IN, list
    modulus: int | None = None
    remainder: int | None = None

    def sql(self, types: tuple[str | None, ...] = ()) -> str:
        """The canonical text; ``types``: the key columns' types (None for an expression key)."""
        if self.default:
            return "DEFAULT"
        if self.modulus is not None:
            return f"FOR VALUES WITH (modulus {self.modulus}, remainder {self.remainder})"
        if self.values:
            t = types[0] if types else None
            return f"FOR VALUES IN ({', '.join(_sql(v, t) for v in self.values)})"

        def row(values):
            return ", ".join(_sql(v, types[i] if i < len(types) else None) for i, v in enumerate(values))
        return f"FOR VALUES FROM ({row(self.lower)}) TO ({row(self.upper)})"


def normalize(value: object, type_: str | None) -> Value:
    """A bound value in canonical form for a key of type ``type_``; ValueError if it is not one."""
    if value is None or value in (MINVALUE, MAXVALUE):
        return value
    if isinstance(value, bool):
        if base_name(type_ or "") != "boolean":
            raise ValueError(f"{value!r} is a boolean, the key is {type_}")
        return "true" if value else "false"
    text = str(value)
    base = base_name(type_) if type_ else None
    if base in INTEGER_TYPES:
        if isinstance(value, float) or not re.fullmatch(r"\s*[-+]?\d+\s*", text):
            raise ValueError(f"{text!r} is not an integer")
        return str(int(text))
    if base == "numeric":
        try:
            return str(Decimal(text))
        except InvalidOperation:
            raise ValueError(f"{text!r} is not a number") from None
    if base == "date":
        return date.fromisoformat(text.strip()).isoformat()
    if base == "boolean":
        if text.lower() not in ("true", "false"):
            raise ValueError(f"{text!r} is not a boolean")
        return text.lower()
    if base in ("timestamp without time zone", "timestamp with time zone"):
        moment = datetime.fromisoformat(text.strip())
        if base == "timestamp with time zone":
            moment = (moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment).astimezone(timezone.utc)
            return moment.replace(tzinfo=None).isoformat(sep=" ") + "+00"
        return moment.replace(tzinfo=None).isoformat(sep=" ")
    return text


def _sql(value: Value, type_: str | None) -> str:
    if value is None:
        return "NULL"
    if value in (MINVALUE, MAXVALUE):
        return value
    if type_ and base_name(type_) in INTEGER_TYPES | {"boolean"}:
        return value
    return string(value)


_TOKEN = re.compile(r"'(?:[^']|'')*'|[^,\s]+")


def _values(text: str) -> tuple[Value, ...]:
    """Items of an SQL list as Postgres prints it: quoted strings, numbers, NULL, MINVALUE ..."""
    out: list[Value] = []
    for token in _TOKEN.findall(text):
        if token.startswith("'"):
            out.append(token[1:-1].replace("''", "'"))
        elif token.upper() == "NULL":
            out.append(None)
        else:
            out.append(token.upper() if token.upper() in (MINVALUE, MAXVALUE) else token)
    return tuple(out)


_FORMS = (
    (re.compile(r"DEFAULT", re.I), lambda g: Bound(default=True)),
    (re.compile(r"FOR VALUES FROM \((.*)\) TO \((.*)\)", re.I | re.S),
     lambda g: Bound(lower=_values(g[0]), upper=_values(g[1]))),
    (re.compile(r"FOR VALUES IN \((.*)\)", re.I | re.S), lambda g: Bound(values=_values(g[0]))),
    (re.compile(r"FOR VALUES WITH \(modulus (\d+), remainder (\d+)\)", re.I),
     lambda g: Bound(modulus=int(g[0]), remainder=int(g[1]))),
)


def parse(text: str) -> Bound:
    """A bound as Postgres prints it (or as ``Bound.sql`` renders it), values not yet normalized."""
    for pattern, make in _FORMS:
        found = pattern.fullmatch(text.strip())
        if found:
            return make(found.groups())
    raise ValueError(f"cannot read the partition bound {text!r}")


def canonical(text: str, types: tuple[str | None, ...]) -> str:
    """Postgres's text of a bound, in canonical form."""
    b = parse(text)

    def norm(values):
        return tuple(normalize(v, types[i] if i < len(types) else None) for i, v in enumerate(values))
    t0 = types[:1] * len(b.values)
    return Bound(b.default, norm(b.lower), norm(b.upper),
                 tuple(normalize(v, t0[i] if t0 else None) for i, v in enumerate(b.values)),
                 b.modulus, b.remainder).sql(types)


def same_bound(a: str, b: str) -> bool:
    """Whether two canonical bounds hold the same keys (list values in any order)."""
    if a == b:
        return True
    x, y = parse(a), parse(b)
    return bool(x.values) and sorted(x.values, key=str) == sorted(y.values, key=str) and \
        (x.default, x.lower, x.upper, x.modulus) == (y.default, y.lower, y.upper, y.modulus)
