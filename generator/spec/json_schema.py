"""A column's ``json_schema``: the keywords pgspec's emitters read must have the types JSON Schema
(2020-12) gives them; other keywords pass through untouched."""

from __future__ import annotations

from typing import Any, Iterator

TYPES = {"null", "boolean", "object", "array", "number", "string", "integer"}
_SCHEMA_MAPS = ("properties", "$defs", "definitions", "patternProperties", "dependentSchemas")
_SCHEMAS = ("items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else",
            "unevaluatedItems", "unevaluatedProperties", "additionalItems")
_SCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")
_STRINGS = ("description", "title", "format", "pattern", "$ref", "$schema", "$id", "$comment", "$anchor")
_NUMBERS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
_COUNTS = ("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties")


def json_schema_problems(schema: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(path inside the schema, problem) for every keyword of the wrong type."""
    if isinstance(schema, bool) and path:
        return
    if not isinstance(schema, dict):
        yield path, "a JSON Schema is a mapping of keywords (true or false only inside one)"
        return
    for key, value in schema.items():
        at = path + (key,)
        if key == "type":
            kinds = value if isinstance(value, list) and value else [value]
            if not all(isinstance(k, str) and k in TYPES for k in kinds):
                yield at, f"'type' is one of {', '.join(sorted(TYPES))}, or a list of them"
        elif key in _SCHEMA_MAPS:
            if not isinstance(value, dict):
                yield at, f"{key!r} maps names to schemas"
            else:
                for name, sub in value.items():
                    if not isinstance(sub, dict):
                        yield at + (name,), f"{key}.{name} must be a schema mapping (write {{}} for any value)"
                    else:
                        yield from json_schema_problems(sub, at + (name,))
        elif key in _SCHEMAS:
            yield from json_schema_problems(value, at)
        elif key in _SCHEMA_LISTS:
            if not isinstance(value, list) or not value:
                yield at, f"{key!r} is a non-empty list of schemas"
            else:
                for i, sub in enumerate(value):
                    yield from json_schema_problems(sub, at + (i,))
        elif key == "required" and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            yield at, "'required' is a list of property names"
        elif key in ("enum", "examples") and not isinstance(value, list):
            yield at, f"{key!r} is a list"
        elif key in _STRINGS and not isinstance(value, str):
            yield at, f"{key!r} is text"
        elif key in _NUMBERS and (isinstance(value, bool) or not isinstance(value, (int, float))):
            yield at, f"{key!r} is a number"
        elif key in _COUNTS and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            yield at, f"{key!r} is a whole number, 0 or more"
