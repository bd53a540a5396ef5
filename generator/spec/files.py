"""A system's spec folder → validated spec files, merged by section, each object with its origin."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.errors import Diagnostic, display_path
from generator.spec import format as fmt
from generator.spec.yaml_loader import Document, load_yaml


@dataclass(frozen=True)
class Origin:
    """Where a spec node was written: its document and its path inside it."""

    doc: Document
    path: tuple

    def at(self, *more) -> "Origin":
        return Origin(self.doc, self.path + more)

    def diag(self, code: str, message: str, *, key: bool = False) -> Diagnostic:
        return self.doc.diagnostic(self.path, code, message, key=key)


@dataclass
class MergedSpec:
    """All files of one system: each section maps a name to (validated object, origin)."""

    folder: Path
    files: list[Document] = field(default_factory=list)
    system: tuple[fmt.SystemSpec, Origin] | None = None
    sections: dict[str, dict[str, tuple[Any, Origin]]] = field(
        default_factory=lambda: {s: {} for s in fmt.SECTIONS})


def _vocabulary() -> list[str]:
    names: set[str] = set()
    stack: list[type[BaseModel]] = [fmt.SpecFile]
    seen: set[type] = set()
    while stack:
        model = stack.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, f in model.model_fields.items():
            names.add(f.alias or name)
            for sub in _submodels(f.annotation):
                stack.append(sub)
    return sorted(names)


def _submodels(annotation) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out = []
    for arg in getattr(annotation, "__args__", ()) or ():
        out.extend(_submodels(arg))
    out.extend(_submodels(getattr(annotation, "__origin__", None)) if hasattr(annotation, "__metadata__") else [])
    return out


_KEYS = _vocabulary()


def _data_path(data: Any, loc: tuple) -> tuple:
    """Keep the parts of a pydantic location that exist in the data (drops validator tags)."""
    path, node = [], data
    for i, part in enumerate(loc):
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif i == len(loc) - 1 and isinstance(part, str):
            path.append(part)
    return tuple(path)


def validation_diagnostics(doc: Document, error: ValidationError) -> list[Diagnostic]:
    out = []
    for e in error.errors():
        path = _data_path(doc.data, e["loc"])
        kind = e["type"]
        if kind == "extra_forbidden":
            key = str(path[-1])
            close = difflib.get_close_matches(key, _KEYS, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            if key.rstrip().endswith((")", "]")):
                hint = "; a comma inside {...} ends the value: quote values that contain commas"
            out.append(doc.diagnostic(path, "E110", f"unknown key {key!r}{hint}", key=True))
        elif kind == "missing":
            out.append(doc.diagnostic(path[:-1], "E111", f"missing required field {path[-1]!r}"))
        else:
            msg = e["msg"].removeprefix("Value error, ")
            where = f"{path[-1]}: " if path and isinstance(path[-1], str) else ""
            out.append(doc.diagnostic(path, "E112", f"{where}{msg}"))
    return out


def spec_files(folder: Path) -> list[Path]:
    """The YAML files of a system folder, in a stable order (by name, not listing order)."""
    return sorted((p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()),
                  key=lambda p: p.name)


def read_folder(folder: Path) -> tuple[MergedSpec, list[Diagnostic]]:
    """Load, validate and merge every file of a system folder."""
    merged, diags = MergedSpec(folder), []
    shown = display_path(folder)
    if not folder.is_dir():
        return merged, [Diagnostic(shown, 1, 1, "E150", "spec folder does not exist")]
    try:
        paths = spec_files(folder)
    except OSError as e:
        return merged, [Diagnostic(shown, 1, 1, "E150", f"cannot list spec folder: {e.strerror or e}")]
    if not paths:
        return merged, [Diagnostic(shown, 1, 1, "E150", "spec folder has no *.yaml files")]
    for path in paths:
        loaded = load_yaml(path)
        if isinstance(loaded, Diagnostic):
            diags.append(loaded)
            continue
        merged.files.append(loaded)
        if not isinstance(loaded.data, dict):
            diags.append(loaded.diagnostic((), "E112", "a spec file is a mapping of sections "
                                           f"({', '.join(('system',) + fmt.SECTIONS)})"))
            continue
        try:
            spec = fmt.SpecFile.model_validate(loaded.data)
        except ValidationError as e:
            diags.extend(validation_diagnostics(loaded, e))
            continue
        _merge(merged, spec, loaded, diags)
    return merged, diags


def _merge(merged: MergedSpec, spec: fmt.SpecFile, doc: Document, diags: list[Diagnostic]) -> None:
    if spec.system is not None:
        origin = Origin(doc, ("system",))
        if merged.system is not None:
            first = merged.system[1]
            diags.append(origin.diag("E120", f"'system' is already set in {first.doc.file}"
                                     f":{first.doc.position(first.path)[0]}", key=True))
        else:
            merged.system = (spec.system, origin)
    for section in fmt.SECTIONS:
        for name, obj in getattr(spec, section).items():
            origin = Origin(doc, (section, name))
            seen = merged.sections[section].get(name)
            if seen is not None:
                first = seen[1]
                diags.append(origin.diag("E120", f"duplicate {section[:-1]} {name!r} (first defined at "
                                         f"{first.doc.file}:{first.doc.position(first.path, key=True)[0]})",
                                         key=True))
                continue
            merged.sections[section][name] = (obj, origin)
