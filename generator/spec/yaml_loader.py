"""Read a YAML file into plain Python data plus the line and column of every node.

PyYAML's composer gives nodes with marks; we construct the data ourselves so that duplicate
keys are an error (PyYAML keeps the last one silently), anchors and aliases are refused (the
spec's mixins reuse pieces, and an alias bomb cannot expand), mapping keys are the text as
written (YAML 1.1 would read a column named ``no`` as ``false``), and every value and every
mapping key has a position that validation errors can point at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Diagnostic, display_path

Path_ = tuple  # a location inside the document: keys and list indexes
MAX_DEPTH = 200

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Document:
    """One YAML file: its data and where each node sits (1-based line and column)."""

    file: str
    data: Any
    value_pos: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_pos: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The position of the node at ``path`` (or of its key), else of its nearest ancestor."""
        path = tuple(path)
        while True:
            if key and path in self.key_pos:
                return self.key_pos[path]
            if path in self.value_pos:
                return self.value_pos[path]
            if not path:
                return (1, 1)
            path = path[:-1]

    def diagnostic(self, path: Path_, code: str, message: str, *, key: bool = False) -> Diagnostic:
        line, col = self.position(path, key=key)
        return Diagnostic(self.file, line, col, code, message)


class _LoadError(Exception):
    def __init__(self, mark, code: str, message: str):
        self.mark, self.code, self.message = mark, code, message


def _pos(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    def __init__(self, doc: Document):
        self.doc = doc
        self.seen: set[int] = set()
        self.scalars = yaml.constructor.SafeConstructor()  # per file: it remembers every node it built

    def build(self, node: yaml.Node, path: Path_, depth: int, mark=None) -> Any:
        """``mark``: where the reference to this node is written (a key), for alias errors."""
        if depth > MAX_DEPTH:
            raise _LoadError(node.start_mark, "E103", f"document nested more than {MAX_DEPTH} levels deep")
        if id(node) in self.seen:
            raise _LoadError(mark or node.start_mark, "E112", "YAML aliases (*name) are not supported: "
                             f"the anchor is at line {node.start_mark.line + 1}; use the spec's mixins to reuse pieces")
        self.seen.add(id(node))
        self.doc.value_pos.setdefault(path, _pos(node))
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _LoadError(key_node.start_mark, "E112", "YAML merge keys ('<<') are not supported; "
                                     "use the spec's mixins to reuse pieces")
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _LoadError(key_node.start_mark, "E112", "mapping keys must be plain text")
                key = key_node.value  # as written: names are text, never YAML booleans or numbers
                if "\x00" in key:
                    raise _LoadError(key_node.start_mark, "E112", "a NUL character cannot be part of a name")
                if key in result:
                    first = self.doc.key_pos[path + (key,)]
                    raise _LoadError(key_node.start_mark, "E101",
                                     f"duplicate key {key!r} (first defined at line {first[0]})")
                self.doc.key_pos[path + (key,)] = _pos(key_node)
                result[key] = self.build(value_node, path + (key,), depth + 1, key_node.start_mark)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1, node.start_mark) for i, item in enumerate(node.value)]
        if node.tag == "tag:yaml.org,2002:str":
            value = node.value  # the common case, without the constructor's bookkeeping
        else:
            value = self.scalars.construct_object(node)
        if not isinstance(value, (str, int, float, bool, type(None))):
            # timestamps, binary and other YAML types are kept as their source text
            value = node.value
        if isinstance(value, str) and "\x00" in value:
            raise _LoadError(node.start_mark, "E112", "a NUL character cannot be stored in PostgreSQL text")
        return value


def _syntax_error(shown: str, text: str, e: yaml.MarkedYAMLError) -> Diagnostic:
    """Point at the construct left open (a bracket, a quote) when that is the problem."""
    problem = e.problem or "invalid YAML"
    mark = e.problem_mark or e.context_mark
    unclosed = e.context_mark is not None and any(
        k in (e.context or "") for k in ("flow sequence", "flow mapping", "quoted scalar"))
    if unclosed:
        mark = e.context_mark
        opened = e.context.removeprefix("while parsing ").removeprefix("while scanning ")
        problem = f"{opened} that is never closed ({problem})"
    elif e.context:
        problem = f"{e.context}: {problem}"
    if mark is None:
        return Diagnostic(shown, 1, 1, "E100", f"YAML syntax error: {problem}")
    if "maximum nesting depth" in problem:  # libyaml's own limit, met before ours in flow collections
        return Diagnostic(shown, mark.line + 1, mark.column + 1, "E103",
                          f"document nested more than {MAX_DEPTH} levels deep")
    lines = text.splitlines()
    if "cannot start any token" in problem and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        problem = "a tab character: YAML indents with spaces only"
    return Diagnostic(shown, mark.line + 1, mark.column + 1, "E100", f"YAML syntax error: {problem}")


def load_yaml(path: Path) -> Document | Diagnostic:
    """Load one YAML file, or return the diagnostic that explains why it cannot be read."""
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        return Diagnostic(shown, 1, 1, "E102", f"cannot read file: {e.strerror or e}")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        before = raw[: e.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", errors="replace")) + 1
        return Diagnostic(shown, line, col, "E102", f"file is not valid UTF-8 (byte 0x{raw[e.start]:02x})")
    doc = Document(shown, None)
    try:
        node = yaml.compose(text, Loader=_Loader)
        doc.data = {} if node is None else _Builder(doc).build(node, (), 0)
    except yaml.MarkedYAMLError as e:
        return _syntax_error(shown, text, e)
    except yaml.YAMLError as e:
        return Diagnostic(shown, 1, 1, "E100", f"YAML error: {e}")
    except _LoadError as e:
        return Diagnostic(shown, e.mark.line + 1, e.mark.column + 1, e.code, e.message)
    except RecursionError:
        return Diagnostic(shown, 1, 1, "E103", "document nested too deeply")
    return doc
