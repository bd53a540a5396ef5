"""Qualified spec keys: ``audit.events`` under ``tables`` (or ``enums``, ``functions``) is the
object ``events`` of schema ``audit``, so objects of one name can live in several schemas. A key
is qualified when the part before its last dot is ``public`` or a declared schema; ``schema:``
may repeat it, never contradict it (E218). A bare reference (a column type, a foreign key's
table) means the object of that name in ``public``, or else the only one of that name."""

from __future__ import annotations

from typing import Any

from generator.model import objects as m


def split_key(key: str, spec: Any, schemas: set[str]) -> tuple[str, str, str | None]:
    """(schema, name, problem) of a spec key; ``spec.schema_`` is the object's ``schema:`` field."""
    prefix, dot, name = key.rpartition(".")
    if dot and (prefix == "public" or prefix in schemas):
        given = spec.schema_ if "schema_" in spec.model_fields_set else None
        if given is not None and given != prefix:
            return prefix, name, f"key {key!r} names schema {prefix!r} but 'schema' says {given!r}"
        return prefix, name, None
    return spec.schema_, key, None


def resolve(ref: str, qnames: set[m.QName]) -> tuple[m.QName | None, str | None]:
    """The object a reference names among ``qnames``: ``schema.name``, or a bare name (in public, or
    the only one so named); (None, problem) when a bare name is ambiguous, (None, None) when unknown."""
    schema, dot, name = ref.rpartition(".")
    if dot:
        return ((schema, name) if (schema, name) in qnames else None), None
    if ("public", ref) in qnames:
        return ("public", ref), None
    found = sorted(q for q in qnames if q[1] == ref)
    if len(found) > 1:
        return None, (f"{ref!r} is declared in schemas {', '.join(s for s, _ in found)}: "
                      f"write {found[0][0]}.{ref} (or another schema)")
    return (found[0] if found else None), None
