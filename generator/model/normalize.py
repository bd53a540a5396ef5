"""Small canonical forms shared by the spec builder and the catalog reader."""

from __future__ import annotations


def search_path(value: str) -> str:
    """``pg_catalog,public`` and ``pg_catalog, public`` are the same setting."""
    return ", ".join(part.strip() for part in value.split(","))


def function_body(body: str) -> str:
    """Bodies are verbatim except for the blank lines around them, which carry no meaning."""
    return body.strip("\n")


def extension_schema(schema: str | None) -> str | None:
    """``public`` is where an extension goes when no schema is named."""
    return None if schema in (None, "public") else schema
