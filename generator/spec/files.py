"""A system's spec folder → validated spec files, merged by section, each object with its origin."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from types import NoneType, UnionType
from typing import Annotated, Any, Union, get_args, get_origin

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

    def value(self, *more) -> Any:
        """The raw YAML data at this origin (plus ``more``), or None."""
        node = self.doc.data
        for part in self.path + more:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node


@dataclass
class MergedSpec:
    """All files of one system: each section maps a name to (validated object, origin)."""

    folder: Path
    files: list[Document] = field(default_factory=list)
    system: tuple[fmt.SystemSpec, Origin] | None = None
    sections: dict[str, dict[str, tuple[Any, Origin]]] = field(
        default_factory=lambda: {s: {} for s in fmt.SECTIONS})
    default_privileges: list[tuple[fmt.DefaultPrivilegeSpec, Origin]] = field(default_factory=list)


def _unwrap(annotation) -> Any:
    """What an annotation holds, without ``Annotated`` and ``X | None``."""
    while True:
        origin, args = get_origin(annotation), get_args(annotation)
        if origin is Annotated:
            annotation = args[0]
        elif origin in (Union, UnionType) and len([a for a in args if a is not NoneType]) == 1:
            annotation = next(a for a in args if a is not NoneType)
        else:
            return annotation


def _model_at(path: tuple) -> type[BaseModel] | None:
    """The format model that validates the mapping at ``path`` in a spec file."""
    node: Any = fmt.SpecFile
    for part in path:
        node = _unwrap(node)
        if isinstance(node, type) and issubclass(node, BaseModel):
            field = next((f for n, f in node.model_fields.items() if (f.alias or n) == part), None)
            if field is None:
                return None
            node = field.annotation
        elif get_origin(node) in (dict, list):
            node = get_args(node)[-1]
        else:
            return None
    node = _unwrap(node)
    return node if isinstance(node, type) and issubclass(node, BaseModel) else None


def _keys(model: type[BaseModel]) -> list[str]:
    return [f.alias or n for n, f in model.model_fields.items()]


def _all_keys() -> dict[str, set[str]]:
    """Every key of the format and the models that accept it."""
    out: dict[str, set[str]] = {}
    stack, seen = [fmt.SpecFile], set()
    while stack:
        model = stack.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, f in model.model_fields.items():
            out.setdefault(f.alias or name, set()).add(model.__name__.removesuffix("Spec"))
            stack += _models_in(f.annotation)
    return out


def _models_in(annotation) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]


_ALL_KEYS = _all_keys()


def _unknown_key_hint(key: str, parent: tuple) -> str:
    if key.rstrip().endswith((")", "]")):
        return "; a comma inside {...} ends the value: quote values that contain commas"
    model = _model_at(parent)
    allowed = _keys(model) if model else sorted(_ALL_KEYS)
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {close[0]!r}?"
    if key in _ALL_KEYS:
        return f"; it belongs in: {', '.join(sorted(_ALL_KEYS[key]))}"
    return f" (allowed here: {', '.join(allowed)})" if model else ""


def _data_path(data: Any, loc: tuple) -> tuple[tuple, bool]:
    """The part of a pydantic location that exists in the data (validator and union labels are
    dropped), and whether the error is about a mapping key (``[key]``)."""
    path, node, is_key = [], data, False
    for part in loc:
        if part == "[key]":
            is_key = True
        elif isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
    return tuple(path), is_key


def validation_diagnostics(doc: Document, error: ValidationError) -> list[Diagnostic]:
    """pydantic errors → diagnostics at the offending node; alternatives at one node are merged."""
    merged: dict[tuple, list[str]] = {}
    out = []
    for e in error.errors():
        path, is_key = _data_path(doc.data, e["loc"])
        kind, last = e["type"], e["loc"][-1] if e["loc"] else None
        if kind == "extra_forbidden":
            parent, _ = _data_path(doc.data, e["loc"][:-1])
            out.append(doc.diagnostic(parent + (last,), "E110",
                                      f"unknown key {last!r}{_unknown_key_hint(last, parent)}", key=True))
        elif kind == "missing":
            out.append(doc.diagnostic(path, "E111", f"missing required field {last!r}"))
        else:
            msg = e["msg"].removeprefix("Value error, ")
            merged.setdefault((path, is_key), [])
            if msg not in merged[(path, is_key)]:
                merged[(path, is_key)].append(msg)
    for (path, is_key), msgs in merged.items():
        where = f"{path[-1]}: " if path and isinstance(path[-1], str) else ""
        alternatives = [m.removeprefix("Input should be ") for m in msgs]
        text = msgs[0] if len(msgs) == 1 else \
            f"Input should be {', '.join(alternatives[:-1])} or {alternatives[-1]}"
        if is_key:
            where, text = "", f"the name {path[-1]!r} is not valid: {text}"
        out.append(doc.diagnostic(path, "E112", f"{where}{text}", key=is_key))
    return out


def spec_files(folder: Path) -> list[Path]:
    """The YAML files of a system folder, in a stable order (by name, not listing order). A symbolic
    link that leads nowhere (or into a loop) is kept, so that reading it reports why."""
    return sorted((p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and (p.is_file() or p.is_symlink())),
                  key=lambda p: p.name)


def read_folder(folder: Path) -> tuple[MergedSpec, list[Diagnostic]]:
    """Load, validate and merge every file of a system folder."""
    merged, diags = MergedSpec(folder), []
    shown = display_path(folder)
    if not folder.is_dir():
        problem = "is a symbolic link that leads nowhere (or into a loop)" if folder.is_symlink() else "does not exist"
        return merged, [Diagnostic(shown, 1, 1, "E150", f"spec folder {problem}")]
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
                                     f":{first.doc.position(first.path, key=True)[0]}", key=True))
        else:
            merged.system = (spec.system, origin)
    merged.default_privileges += [(d, Origin(doc, ("default_privileges", i))) for i, d in
                                  enumerate(spec.default_privileges)]
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
