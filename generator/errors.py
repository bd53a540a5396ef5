"""Diagnostics: every user-facing problem is a ``Diagnostic`` printed as ``file:line:col: CODE message``.

Codes:
  E100 YAML syntax      E101 duplicate key     E102 encoding / unreadable file
  E103 file too large (over 8 MiB) or nested too deep
  E110 unknown key      E111 missing field     E112 wrong type or value
  E120 duplicate name   E121 identifier longer than 63 bytes
  E130 unknown reference (table, column, function, role, enum, mixin)
  E131 foreign key type mismatch               E132 cycle in mixins
  E140 SQL fragment is not one balanced fragment
  E150 spec folder missing or empty
  E160 destructive change not allowed             E161 type change needs 'using:'
  E162 migration folder broken (snapshot missing or unreadable, numbering)
  E210 partition bound that does not fit the partitioning (method, number of key columns, remainder)
  E211 primary key or unique constraint of a partitioned table without every partition key column
  E212 partition bound value not of its key column's type   E213 partitions that overlap (or an empty range)
  E170 SECURITY DEFINER function without a pinned search_path
  E171 policy calling a function one of its roles may not execute (missing from the function's grants)
  E185 domain whose base type or collation changes while something uses it (Postgres cannot alter it)
  E186 composite type whose attributes change order, or change type under a table column, while in use
  E187 domain or composite type that contains itself
  E188 enum losing or reordering values while a domain or composite type uses it
  E190 generated column with a default, identity or serial type
  E191 sequence options out of range or inconsistent (increment 0, min >= max, start outside them)
  E192 sequence owned_by not 'table.column', or naming the sequence a serial column implies
  E193 collation on a type without one, or 'default'     E194 seed row setting a generated column
  E195 exclusion element on a scalar column in a gist index without the btree_gist extension
  E196 exclusion operator that is not an operator name    E197 initially_deferred without deferrable
  E198 foreign key referencing a deferrable primary key or unique constraint
  E199 nulls_distinct: false on an index that is not unique
  E215 default privilege that does not apply to its object type (EXECUTE on tables ...)
  E216 default privileges on schemas given a schema (Postgres has no IN SCHEMA for them)
  E217 default privilege with nothing to grant or revoke, or one privilege in both
  E218 a qualified key (audit.events) that disagrees with the object's 'schema', or a comment on 'public'
  E219 a bare name (enum, table) declared in several schemas, none of them 'public': qualify it
  E180 view query is not one SELECT            E181 view columns do not match the query's output
  E182 view reads an unknown table or view     E183 view option that does not fit its kind
  E184 views reading each other in a circle
  W200 policy on a table without row level security
  W201 row level security enabled with no policy
  W202 foreign key columns without an index
  W203 tenant key (a column marked 'tenant', or org_id/organization_id/workspace_id) without row level security
  W204 row level security not forced on a table only its owner may use
  W205 policy reading current_setting(name) without missing_ok = true
  W206 policy querying its own table (infinite recursion at run time)
  W207 view granted to a role, reading a table under row level security with its owner's rights
  W212 import: an object lacks privileges the default privileges give new ones (the spec gives them)
  W400 import: an object of a kind the spec format cannot express (rule, foreign table, procedure ...)
  W401 import: a property the format cannot express (overload, table storage parameters ...)
  W402 import: privileges other than grants on tables, schemas, functions and default privileges
  W403 import: a reference out of the import
  I300 SQL fragment that sqlglot cannot parse: kept, and judged by Postgres (never an error)
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in a spec, with the position of the offending node."""

    file: str
    line: int
    col: int
    code: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.code.startswith("E")

    @property
    def is_warning(self) -> bool:
        return self.code.startswith("W")

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.code} {self.message}"


class SpecError(Exception):
    """Raised when a spec cannot be turned into a model; carries every diagnostic found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sorted(set(diagnostics))
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class DatabaseError(Exception):
    """A database could not be reached or answered with an error (exit code 2)."""


def display_path(path: Path | str) -> str:
    """A path relative to the working directory when it lies below it, else as given. Only the
    folder is resolved: a file that is a symbolic link (even one into a loop) keeps its own name."""
    p = Path(path)
    try:
        return str((p.parent.resolve() / p.name).relative_to(Path.cwd().resolve()))
    except (ValueError, RuntimeError, OSError):
        return str(p)


def print_diagnostics(diagnostics: Iterable[Diagnostic], stream=None) -> None:
    """The one printer: sorted, one per line."""
    out = stream or sys.stderr
    for d in sorted(diagnostics):
        print(d, file=out)
