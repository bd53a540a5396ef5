"""The ``pgspec`` command line: generate | check | drift | migrate | import | schema.

Exit codes: 0 success (no drift, nothing stale); 1 drift or stale generated files; 2 bad input
or an error, printed as ``file:line:col: CODE message`` without a traceback.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import sys
from pathlib import Path

from generator import __version__
from generator.emit.sql import render
from generator.errors import DatabaseError, SpecError, print_diagnostics
from generator.migrate.runner import MigrationError, Settings, timeout
from generator.output import differences, project_lock, recover, write_all, write_atomic
from generator.project import GENERATED, load_all, outputs, system_folders
from generator.redaction import scrub, sensitive_texts

EXIT_OK, EXIT_DIFFERENT, EXIT_ERROR = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pgspec", description="PostgreSQL schema as code.")
    p.add_argument("--version", action="version", version=f"pgspec {__version__}")
    p.add_argument("-C", "--root", type=Path, default=Path("."), help="project folder (default: .)")
    sub = p.add_subparsers(dest="command", required=True)
    for name, text in (("generate", "write generated/ from the specs (a new migration when a spec changed)"),
                       ("check", "exit 1 with a diff when generated/ is not what generate would write")):
        s = sub.add_parser(name, help=text, description=text)
        s.add_argument("systems", nargs="*", help="spec/<system> folders (default: all)")
        s.add_argument("--strict", action="store_true", help="treat warnings as errors")
        s.add_argument("--allow-destructive", action="store_true",
                       help="allow the new migration to drop tables or columns, narrow types or remove enum values")
        if name == "generate":
            s.add_argument("--name", type=_slug, help="name the new migration NNNN_<NAME> (default: from its changes)")
    d = sub.add_parser("drift", help="compare a live database with a spec",
                       description="Exit 0 when the database matches the spec, 1 when it does not.")
    d.add_argument("system", help="the spec/<system> folder")
    d.add_argument("--dsn", required=True, help="libpq connection string of the database")
    out = d.add_mutually_exclusive_group()
    out.add_argument("--sql", action="store_true", help="print only the SQL that brings the database to the spec")
    out.add_argument("--json", action="store_true", help="print a machine-readable report")
    d.add_argument("--strict", action="store_true", help="treat spec warnings as errors")
    mg = sub.add_parser("migrate", help="apply (or revert) a system's migrations to a database",
                        description="pgspec migrate [up|down] spec/<system> --dsn DSN [--to NNNN] [--dry-run]")
    mg.add_argument("words", nargs="+", metavar="[up|down] system", help="direction (default up) and spec folder")
    mg.add_argument("--dsn", required=True, help="libpq connection string of the database")
    mg.add_argument("--to", type=int, help="stop at this version (down: required, the version to go back to)")
    mg.add_argument("--dry-run", action="store_true", help="print what would run, run nothing")
    mg.add_argument("--lock-timeout", type=_timeout, default=Settings.lock_timeout,
                    help=f"give up on a lock after this long (default {Settings.lock_timeout})")
    mg.add_argument("--statement-timeout", type=_timeout, default=Settings.statement_timeout,
                    help=f"give up on a statement after this long (default {Settings.statement_timeout}; 0: never)")
    im = sub.add_parser("import", help="write a spec folder from a live database or SQL files",
                        description="pgspec import (--dsn DSN | --sql FILE...) --out spec/<name>")
    source = im.add_mutually_exclusive_group(required=True)
    source.add_argument("--dsn", help="libpq connection string of the database to import")
    source.add_argument("--sql", nargs="+", type=Path, metavar="FILE",
                        help="apply these SQL files in order to a throw-away database and import that")
    im.add_argument("--out", required=True, type=Path, help="the spec folder to write (its name is the system's)")
    im.add_argument("--schema", action="append", dest="schemas", metavar="NAME",
                    help="import this schema (repeatable; default: every user schema)")
    im.add_argument("--seed", action="append", default=[], metavar="TABLE",
                    help="also import this table's rows as its seed rows (repeatable; reference data)")
    im.add_argument("--strict", action="store_true", help="fail (exit 2) when something cannot be imported")
    im.add_argument("--force", action="store_true", help="replace --out even when it is not empty")
    s = sub.add_parser("schema", help="print the spec format's JSON Schema (draft-07)")
    s.add_argument("--out", type=Path, help="write it to this file instead of standard output")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # A short batch run that builds large acyclic trees: the cyclic collector would spend a third
    # of `generate` re-scanning them (benchmarks/README.md); reference counting frees them anyway.
    gc.freeze()
    gc.disable()
    try:
        return _COMMANDS[args.command](args)
    except SpecError as e:
        print_diagnostics(e.diagnostics)
        errors = sum(d.is_error for d in e.diagnostics)
        warnings = sum(d.is_warning for d in e.diagnostics)
        print(f"pgspec: {errors} error(s), {warnings} warning(s); nothing written", file=sys.stderr)
        return EXIT_ERROR
    except DatabaseError as e:
        print(f"pgspec: database error: {e}", file=sys.stderr)
        return EXIT_ERROR
    except MigrationError as e:
        print(f"pgspec: migrate: {e}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as e:
        print(f"pgspec: {e.filename or ''}: {e.strerror or e}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        gc.enable()
        gc.unfreeze()


def _generate(args) -> int:
    root = args.root
    built, warnings = load_all(system_folders(root, args.systems), args.strict)
    print_diagnostics(warnings)
    with project_lock(root):
        recover(root, GENERATED)  # what a killed run left, before the snapshot is read
        files, owned = outputs(root, built, allow_destructive=args.allow_destructive, name=args.name)
        touched = write_all(root, files, owned)
    for path in touched:
        print(f"wrote {path}" if (root / path).exists() else f"removed {path}")
    print(f"pgspec: {len(built)} system(s), {len(files)} file(s), {len(touched)} changed")
    return EXIT_OK


def _check(args) -> int:
    built, warnings = load_all(system_folders(args.root, args.systems), args.strict)
    print_diagnostics(warnings)
    files, owned = outputs(args.root, built, allow_destructive=args.allow_destructive)
    diffs = differences(args.root, files, owned)
    if diffs:
        sys.stdout.write(scrub("".join(diffs), sensitive_texts(b.model for b in built)))
        print(f"pgspec: {len(diffs)} generated file(s) out of date; run `make generate`", file=sys.stderr)
        return EXIT_DIFFERENT
    print(f"pgspec: generated files are up to date ({len(files)} file(s))")
    return EXIT_OK


def _drift(args) -> int:
    from generator.drift import drift, drift_object, group_by_object

    (built,), warnings = load_all(system_folders(args.root, [args.system]), args.strict)
    print_diagnostics(warnings)
    system = built.model.system
    changes = drift(args.dsn, built.model)
    out: list[str] = []  # printed scrubbed of sensitive values
    if args.json:
        report = [{"object": drift_object(c), "change": c.describe(), "sql": render(c)} for c in changes]
        out.append(json.dumps({"system": system, "drift": bool(changes), "changes": report}, indent=2))
    elif args.sql:
        out.append(f"-- Brings the database to spec/{system}: {len(changes)} change(s).")
        for c in changes:
            out.append(f"\n-- {c.describe()}")
            sql_text = "".join(statement + ";\n" for statement in render(c)).rstrip("\n")
            if sql_text:
                out.append(sql_text)
    elif changes:
        out.append(f"pgspec: drift: the database differs from spec/{system} in {len(changes)} way(s); "
                   "to match the spec it needs to:")
        for group, items in group_by_object(changes).items():
            out.append(f"  {group}:")
            for c in items:
                out.append(f"    - {c.describe()}")
        out.append(f"  (`pgspec drift --sql` prints the SQL that does it)")
    else:
        out.append(f"pgspec: no drift: the database matches spec/{system}")
    print(scrub("\n".join(out), sensitive_texts([built.model])))
    return EXIT_DIFFERENT if changes else EXIT_OK


def _migrate(args) -> int:
    from generator.migrate.runner import Runner

    words = list(args.words)
    direction = words.pop(0) if words[0] in ("up", "down") and len(words) > 1 else "up"
    if len(words) != 1:
        raise SystemExit("pgspec migrate: expected [up|down] and one spec/<system> folder")
    if direction == "down" and args.to is None:
        raise SystemExit("pgspec migrate down: --to NNNN is required (0 reverts every migration)")
    (built,), warnings = load_all(system_folders(args.root, words), strict=False)
    print_diagnostics(warnings)
    system = built.model.system
    runner = Runner(args.dsn, system, args.root / GENERATED / system / "migrations",
                    Settings(args.lock_timeout, args.statement_timeout))
    try:
        steps = runner.up(args.to, args.dry_run) if direction == "up" else runner.down(args.to, args.dry_run)
    except (MigrationError, DatabaseError) as e:  # a refused seed row is quoted by the database
        raise type(e)(scrub(str(e), sensitive_texts([built.model]))) from None
    verb = "would run" if args.dry_run else "ran"
    print(f"pgspec: {system}: {verb} {len(steps)} migration(s)" + ("" if steps else "; the database is up to date"))
    return EXIT_OK


def _import(args) -> int:
    from generator.importer.command import import_dsn, import_sql
    from generator.importer.layout import FolderNotEmpty, write_folder

    system = args.out.resolve().name
    schemas = set(args.schemas) if args.schemas else None
    seed = tuple(args.seed)
    imported = (import_dsn(args.dsn, system, schemas, seed) if args.dsn
                else import_sql(args.sql, system, schemas, seed))
    print_diagnostics(imported.warnings)
    if args.strict and imported.warnings:
        print(f"pgspec: import: {len(imported.warnings)} object(s) cannot be imported (--strict); nothing written",
              file=sys.stderr)
        return EXIT_ERROR
    try:
        write_folder(args.out, imported.files, args.force)
    except FolderNotEmpty as e:
        print(f"pgspec: import: {e}", file=sys.stderr)
        return EXIT_ERROR
    print(f"pgspec: imported {len(imported.model.tables)} table(s) into {args.out} ({len(imported.files)} file(s), "
          f"{len(imported.warnings)} warning(s))")
    return EXIT_OK


def _slug(text: str) -> str:
    if not re.fullmatch(r"[a-z0-9_]{1,60}", text):
        raise argparse.ArgumentTypeError("use lower-case letters, digits and _ (at most 60)")
    return text


def _timeout(text: str) -> str:
    try:
        return timeout(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from e


def _schema(args) -> int:
    from generator.emit.spec_schema import spec_json_schema

    text = spec_json_schema()
    if args.out:
        write_atomic(args.out, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


_COMMANDS = {"generate": _generate, "check": _check, "drift": _drift, "migrate": _migrate, "import": _import,
             "schema": _schema}
