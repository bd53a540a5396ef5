"""A pgspec project: a folder with ``spec/<system>/`` folders and a ``generated/`` folder."""

from __future__ import annotations

from pathlib import Path

from generator.emit.docs import readme
from generator.emit.jsonschema import schema_json
from generator.emit.models import pydantic_models
from generator.emit.typescript import typescript_types
from generator.emit.spec_schema import SCHEMA_FILE, spec_json_schema
from generator.errors import Diagnostic, SpecError, display_path
from generator.migrate.plan import plan_migrations
from generator.output import Output
from generator.spec.build import Built, load_system

GENERATED = Path("generated")
SPEC = Path("spec")


def system_folders(root: Path, args: list[str]) -> list[Path]:
    """The system folders named on the command line, or every folder under ``spec/``."""
    if args:
        folders = []
        for a in args:
            p = Path(a)
            if not p.is_absolute() and not (root / p).exists() and (root / SPEC / a).is_dir():
                p = SPEC / a
            folders.append(p if p.is_absolute() else root / p)
        return folders
    spec = root / SPEC
    if not spec.is_dir():
        raise SpecError([Diagnostic(display_path(spec), 1, 1, "E150", "no spec/ folder here: run pgspec "
                                    "in a project that has spec/<system>/*.yaml")])
    folders = sorted(p for p in spec.iterdir() if (p.is_dir() or (p.is_symlink() and not p.exists()))
                     and not p.name.startswith("."))
    if not folders:
        raise SpecError([Diagnostic(display_path(spec), 1, 1, "E150", "spec/ has no system folders")])
    return folders


def load_all(folders: list[Path], strict: bool) -> tuple[list[Built], list[Diagnostic]]:
    """Load every system; all diagnostics of all systems are raised together."""
    built, diags, failed = [], [], False
    for folder in folders:
        try:
            b = load_system(folder, strict=strict)
        except SpecError as e:
            diags += e.diagnostics
            failed = True
            continue
        built.append(b)
        diags += b.warnings
    if failed:
        raise SpecError(diags)
    return built, diags


def system_outputs(root: Path, built: Built, *, allow_destructive: bool = False,
                   name: str | None = None) -> list[Output]:
    """Everything ``generate`` writes for one system: migrations, docs, JSON Schema, models, types."""
    model = built.model
    base = GENERATED / model.system
    plan = plan_migrations(root, base / "migrations", built, allow_destructive=allow_destructive, name=name)
    schema = schema_json(model)
    models = root / base / "models.py"
    previous = models.read_text(encoding="utf-8") if models.is_file() else None
    return [*plan.outputs,
            Output(base / "README.md", readme(built, plan.migrations)),
            Output(base / "schema.json", schema),
            Output(base / "models.py", pydantic_models(model.system, schema, previous)),
            Output(base / "types.ts", typescript_types(built))]


def outputs(root: Path, built: list[Built], *, allow_destructive: bool = False,
            name: str | None = None) -> tuple[list[Output], list[Path]]:
    """All outputs and the folders whose contents ``generate`` owns. Errors of every system (a
    destructive change not allowed, say) are raised together."""
    files = [Output(GENERATED / SCHEMA_FILE, spec_json_schema())]
    owned, diags = [], []
    for b in built:
        try:
            files += system_outputs(root, b, allow_destructive=allow_destructive, name=name)
        except SpecError as e:
            diags += e.diagnostics
        owned.append(GENERATED / b.model.system)
    if diags:
        raise SpecError(diags)
    return files, owned
