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

import bisect
import re

import yaml

from generator.errors import Diagnostic, display_path

Path_ = tuple  # a location inside the document: keys and list indexes
MAX_DEPTH = 200
MAX_FILE_BYTES = 8 * 1024 * 1024  # bounded time and memory: the largest real spec file is far smaller

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


class _Lines:
    """Mark → (line, column) as editors count them. YAML also breaks lines at NEL, LINE SEPARATOR
    and PARAGRAPH SEPARATOR, which editors show inside a line: the mark's character index is used."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def of(self, mark) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, mark.index)
        return line, mark.index - self.starts[line - 1] + 1


class _Builder:
    def __init__(self, doc: Document, lines: _Lines):
        self.doc, self.lines = doc, lines
        self.seen: set[int] = set()
        self.scalars = yaml.constructor.SafeConstructor()  # per file: it remembers every node it built

    def build(self, node: yaml.Node, path: Path_, depth: int, mark=None) -> Any:
        """``mark``: where the reference to this node is written (a key), for alias errors."""
        if depth > MAX_DEPTH:
            raise _LoadError(node.start_mark, "E103", f"document nested more than {MAX_DEPTH} levels deep")
        if id(node) in self.seen:
            anchor_line = self.lines.of(node.start_mark)[0]
            raise _LoadError(mark or node.start_mark, "E112", "YAML aliases (*name) are not supported: "
                             f"the anchor is at line {anchor_line}; use the spec's mixins to reuse pieces")
        self.seen.add(id(node))
        self.doc.value_pos.setdefault(path, self.lines.of(node.start_mark))
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
                self.doc.key_pos[path + (key,)] = self.lines.of(key_node.start_mark)
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


def _syntax_error(shown: str, text: str, lines: _Lines, e: yaml.MarkedYAMLError) -> Diagnostic:
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
    line, col = lines.of(mark)
    if "maximum nesting depth" in problem:  # libyaml's own limit, met before ours in flow collections
        return Diagnostic(shown, line, col, "E103", f"document nested more than {MAX_DEPTH} levels deep")
    if "cannot start any token" in problem and "\t" in text[lines.starts[line - 1]: mark.index + 1]:
        problem = "a tab character: YAML indents with spaces only"
    return Diagnostic(shown, line, col, "E100", f"YAML syntax error: {problem}")


def load_yaml(path: Path) -> Document | Diagnostic:
    """Load one YAML file, or return the diagnostic that explains why it cannot be read."""
    shown = display_path(path)
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        return Diagnostic(shown, 1, 1, "E102", f"cannot read file: {e.strerror or e}")
    if len(raw) > MAX_FILE_BYTES:
        return Diagnostic(shown, 1, 1, "E103", f"file is larger than {MAX_FILE_BYTES // 2**20} MiB: split the spec "
                          "into several files")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        before = raw[: e.start].decode("utf-8", errors="replace")
        line, col = _Lines(before).of(yaml.Mark(shown, len(before), 0, 0, None, None))
        return Diagnostic(shown, line, col, "E102", f"file is not valid UTF-8 (byte 0x{raw[e.start]:02x})")
    doc, lines = Document(shown, None), _Lines(text)
    try:
        node = yaml.compose(text, Loader=_Loader)
        doc.data = {} if node is None else _Builder(doc, lines).build(node, (), 0)
    except yaml.MarkedYAMLError as e:
        return _syntax_error(shown, text, lines, e)
    except yaml.YAMLError as e:
        return Diagnostic(shown, 1, 1, "E100", f"YAML error: {e}")
    except _LoadError as e:
        return Diagnostic(shown, *lines.of(e.mark), e.code, e.message)
    except RecursionError:
        return Diagnostic(shown, 1, 1, "E103", "document nested too deeply")
    return doc
