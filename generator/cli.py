"""The ``pgspec`` command line: generate | check | drift | schema.

Exit codes: 0 success (no drift, nothing stale); 1 drift or stale generated files; 2 bad input
or an error, printed as ``file:line:col: CODE message`` without a traceback.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from generator import __version__
from generator.emit.sql import render
from generator.errors import DatabaseError, SpecError, print_diagnostics
from generator.output import differences, write_all, write_atomic
from generator.project import load_all, outputs, system_folders

EXIT_OK, EXIT_DIFFERENT, EXIT_ERROR = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pgspec", description="PostgreSQL schema as code.")
    p.add_argument("--version", action="version", version=f"pgspec {__version__}")
    p.add_argument("-C", "--root", type=Path, default=Path("."), help="project folder (default: .)")
    sub = p.add_subparsers(dest="command", required=True)
    for name, text in (("generate", "write generated/ from the specs"),
                       ("check", "exit 1 with a diff when generated/ is not what generate would write")):
        s = sub.add_parser(name, help=text, description=text)
        s.add_argument("systems", nargs="*", help="spec/<system> folders (default: all)")
        s.add_argument("--strict", action="store_true", help="treat warnings as errors")
    d = sub.add_parser("drift", help="compare a live database with a spec",
                       description="Exit 0 when the database matches the spec, 1 when it does not.")
    d.add_argument("system", help="the spec/<system> folder")
    d.add_argument("--dsn", required=True, help="libpq connection string of the database")
    d.add_argument("--sql", action="store_true", help="also print the SQL that would fix the drift")
    d.add_argument("--strict", action="store_true", help="treat spec warnings as errors")
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
    files, owned = outputs(built)
    touched = write_all(root, files, owned)
    for path in touched:
        print(f"wrote {path}" if (root / path).exists() else f"removed {path}")
    print(f"pgspec: {len(built)} system(s), {len(files)} file(s), {len(touched)} changed")
    return EXIT_OK


def _check(args) -> int:
    built, warnings = load_all(system_folders(args.root, args.systems), args.strict)
    print_diagnostics(warnings)
    files, owned = outputs(built)
    diffs = differences(args.root, files, owned)
    if diffs:
        sys.stdout.write("".join(diffs))
        print(f"pgspec: {len(diffs)} generated file(s) out of date; run `make generate`", file=sys.stderr)
        return EXIT_DIFFERENT
    print(f"pgspec: generated files are up to date ({len(files)} file(s))")
    return EXIT_OK


def _drift(args) -> int:
    from generator.drift import drift

    (built,), warnings = load_all(system_folders(args.root, [args.system]), args.strict)
    print_diagnostics(warnings)
    changes = drift(args.dsn, built.model)
    if not changes:
        print(f"pgspec: no drift: the database matches spec/{built.model.system}")
        return EXIT_OK
    print(f"pgspec: drift: the database differs from spec/{built.model.system} in {len(changes)} way(s); "
          "to match the spec it needs to:")
    for c in changes:
        print(f"  - {c.describe()}")
        if args.sql:
            for statement in render(c):
                print("      " + statement.replace("\n", "\n      ") + ";")
    return EXIT_DIFFERENT


def _schema(args) -> int:
    from generator.emit.spec_schema import spec_json_schema

    text = spec_json_schema()
    if args.out:
        write_atomic(args.out, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


_COMMANDS = {"generate": _generate, "check": _check, "drift": _drift, "schema": _schema}
