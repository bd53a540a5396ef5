"""The migration folder ``generated/<system>/migrations/``: numbered ``NNNN_<slug>.sql`` files, each
with its ``NNNN_<slug>.down.sql``, and ``snapshot.json``, the schema the migrations build.

A migration is transactional (its statements sit between a ``BEGIN;`` line and a ``COMMIT;``
line) unless its header says ``-- pgspec:no-transaction``; then each statement follows a
``-- pgspec:statement`` line and runs on its own.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

SNAPSHOT = "snapshot.json"
NO_TRANSACTION = "-- pgspec:no-transaction"
STATEMENT = "-- pgspec:statement"
_UP = re.compile(r"^(?P<version>[0-9]{4})_(?P<slug>[a-z0-9_]+)\.sql$")
_SUMMARY = re.compile(r"^-- Migration (?P<name>\S+): (?P<summary>.*)$", re.M)


class MigrationFileError(ValueError):
    """A migration file that is not one pgspec wrote, or a folder whose numbering is broken."""


@dataclass(frozen=True)
class MigrationFile:
    version: int
    name: str  # NNNN_slug
    path: Path

    @property
    def down_path(self) -> Path:
        return self.path.with_name(f"{self.name}.down.sql")

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def list_migrations(folder: Path) -> list[MigrationFile]:
    """The up migrations in the folder, by version; two files with one version are an error."""
    found: dict[int, MigrationFile] = {}
    if folder.is_dir():
        for p in sorted(folder.iterdir()):
            match = _UP.match(p.name)
            if match is None:
                continue
            version = int(match["version"])
            if version in found:
                raise MigrationFileError(f"{p}: version {version:04d} is also {found[version].path.name}")
            found[version] = MigrationFile(version, p.stem, p)
    return [found[v] for v in sorted(found)]


def checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def summary_of(text: str) -> str:
    """The one-line summary in a migration's header."""
    match = _SUMMARY.search(text)
    return match["summary"] if match else ""


def transactional(text: str) -> bool:
    return NO_TRANSACTION not in text.splitlines()


def transaction_body(path: Path, text: str) -> str:
    """The statements between the ``BEGIN;`` and ``COMMIT;`` lines of a transactional migration."""
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.rstrip("\n") == "BEGIN;"]
    ends = [i for i, line in enumerate(lines) if line.rstrip("\n") == "COMMIT;"]
    if len(starts) != 1 or len(ends) != 1 or ends[0] < starts[0]:
        raise MigrationFileError(f"{path}: expected one BEGIN; line and one COMMIT; line after it")
    return "".join(lines[starts[0] + 1:ends[0]])


def statements(text: str) -> list[str]:
    """The statements of a migration that runs outside a transaction, in order."""
    out = []
    for part in text.split(f"\n{STATEMENT}\n")[1:]:
        lines = part.splitlines()
        while lines and (not lines[-1].strip() or lines[-1].startswith("-- ")):
            lines.pop()  # the next step's description
        out.append("\n".join(lines))
    return out
