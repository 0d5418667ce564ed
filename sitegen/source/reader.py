"""Read YAML and Markdown files into plain data, remembering the line of every field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from ..messages import YAML_PROBLEMS, message
from ..problems import Problem, ProblemError

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe YAML loader that reads every plain value as the text written, but an empty one or `~`/`null`.

    YAML 1.1 would turn `14:00` into 840, `no` into false, `012` into 10 and `1e3` into a number:
    here the schema converts the text (true/false, whole numbers, dates) or says in French what it
    expected, with the line, so a value never changes silently.
    """


_NULL = "tag:yaml.org,2002:null"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == _NULL]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    if any(tag == _NULL for tag, _ in resolvers)
}

_FRONT_MATTER = YAMLHandler()

# Invisible control characters that HTML forbids (tab and line breaks are fine).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Limits:
    """Bounds on what one file may cost to read (set in site.yaml under `limits:`)."""

    max_file_kb: int = 1024
    max_yaml_depth: int = 20
    max_yaml_values: int = 10_000


DEFAULT_LIMITS = Limits()


@dataclass
class SourceFile:
    """A file's fields and Markdown body, with the line where each field is written."""

    path: str  # as shown to editors, relative to the site's root
    data: dict[str, Any]
    body: str = ""
    body_line: int = 1
    lines: dict[str, int] = field(default_factory=dict, repr=False)  # see `field_lines`
    line_offset: int = 0

    def line_in_body(self, offset: int) -> int:
        """The line of the character at `offset` in the body (the body's first line when negative)."""
        return self.body_line + (self.body.count("\n", 0, offset) if offset > 0 else 0)

    def line_of(self, loc: tuple[str | int, ...]) -> int:
        """The line of the field at `loc` (keys and list indexes), or of its closest parent."""
        line, key = self.line_offset + 1, ""
        for step in loc:
            key += f"\t#{step}" if isinstance(step, int) else f"\t{step}"
            found = self.lines.get(key)
            if found is None:
                break
            line = found
        return line

    def plain(self) -> dict[str, Any] | None:
        """The file as JSON data (for the memo), or None when its fields are not only text, lists and mappings."""
        if not _plain(self.data):
            return None
        return {
            "data": self.data,
            "body": self.body,
            "body_line": self.body_line,
            "lines": self.lines,
            "line_offset": self.line_offset,
        }

    @classmethod
    def from_plain(cls, path: str, plain: dict[str, Any]) -> SourceFile:
        """A file back from `plain()`'s data (its shape checked by the caller)."""
        return cls(path, plain["data"], plain["body"], plain["body_line"], plain["lines"], plain["line_offset"])


def _plain(value: Any) -> bool:
    """Whether `value` goes through JSON unchanged: text, nothing, lists, and mappings with text keys."""
    if value is None or isinstance(value, str):
        return True
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _plain(item) for key, item in value.items())
    return False


def field_lines(node: yaml.Node | None, line_offset: int = 0) -> dict[str, int]:
    """The line of every key and list item under `node`, by its path (`\tkey\t#index…`); the first of duplicate keys wins."""
    lines: dict[str, int] = {}
    stack: list[tuple[str, yaml.Node | None]] = [("", node)]
    while stack:
        prefix, current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                path = f"{prefix}\t{key.value}"
                if path not in lines:
                    lines[path] = key.start_mark.line + 1 + line_offset
                    stack.append((path, value))
        elif isinstance(current, yaml.SequenceNode):
            for index, value in enumerate(current.value):
                path = f"{prefix}\t#{index}"
                lines[path] = value.start_mark.line + 1 + line_offset
                stack.append((path, value))
    return lines


def parse_yaml(text: str, path: str, line_offset: int = 0, limits: Limits = DEFAULT_LIMITS) -> tuple[Any, yaml.Node | None]:
    """Parse YAML text safely into (data, node); raise ProblemError with the line on bad syntax.

    Only plain values are built (no Python objects); nesting, aliases and control characters
    are checked on the parsed nodes before any value is constructed.
    """
    try:
        _check_depth(text, path, line_offset, limits)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            _NodeCheck(path, line_offset, limits).run(node)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        quote = unclosed_quote(text, error)
        if quote is not None:
            line, char = quote
            raise ProblemError([Problem(path, line + 1 + line_offset, "", message("yaml_unclosed_quote", quote=char))]) from None
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        problem = " ".join(filter(None, [error.context, error.problem]))
        if mark and 0 <= mark.index < len(text) and text[mark.index] == "\t":
            problem = "tab character"  # libyaml does not say which character it could not read
        raise ProblemError([Problem(path, line, "", message("yaml_syntax", problem=yaml_problem(problem)))]) from None
    except yaml.YAMLError as error:
        raise ProblemError(
            [Problem(path, line_offset + 1, "", message("yaml_syntax", problem=yaml_problem(str(error))))]
        ) from None
    return data, node


def unclosed_quote(text: str, error: yaml.MarkedYAMLError) -> tuple[int, str] | None:
    """Where a syntax error comes from a quote opened and never closed: (line from 0, the quote), or None.

    Either the quoted value runs to the end of the text, or it runs over the line break and ends at
    the next value's opening quote (`title: "Atelier` then `summary: "Un…"`), where the error is found.
    """
    if error.context == "while scanning a quoted scalar" and error.context_mark is not None:
        mark = error.context_mark
        return mark.line, text[mark.index] if 0 <= mark.index < len(text) else '"'
    if error.problem_mark is None:
        return None
    found = None  # the last quoted value before the error
    try:
        for token in yaml.scan(text, Loader=_BaseLoader):
            if token.start_mark.line > error.problem_mark.line:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                found = token
    except yaml.YAMLError:
        pass
    if found is None or not found.start_mark.line < found.end_mark.line == error.problem_mark.line:
        return None
    return found.start_mark.line, found.style


def _check_depth(text: str, path: str, line_offset: int, limits: Limits) -> None:
    """Refuse deeply nested lists and groups before composing them (libyaml recurses on them)."""
    loader = _Loader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > limits.max_yaml_depth:
                    line = event.start_mark.line + 1 + line_offset
                    raise ProblemError([Problem(path, line, "", message("yaml_too_deep", limit=limits.max_yaml_depth))])
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


class _NodeCheck:
    """One pass over the composed nodes, each visited once however often aliases repeat it.

    Counts the values and characters the document expands to (aliases included), so an
    alias bomb is refused before it is built; finds recursive aliases, keys written twice,
    and invisible control characters written as escapes (`"\\0"`).
    """

    def __init__(self, path: str, line_offset: int, limits: Limits):
        self.path, self.offset, self.limits = path, line_offset, limits
        self.sizes: dict[int, tuple[int, int, int]] = {}  # id(node) → (values, characters, height)
        self.open: set[int] = set()
        self.problems: list[Problem] = []

    def run(self, node: yaml.Node | None) -> None:
        if node is None:
            return
        values, characters, _height = self._size(node, 1)
        if values > self.limits.max_yaml_values or characters > self.limits.max_file_kb * 1024:
            self._fail(node, message("yaml_too_big", limit=self.limits.max_yaml_values))
        if self.problems:
            raise ProblemError(self.problems)

    def _fail(self, node: yaml.Node, text: str, field: str = "") -> None:
        raise ProblemError([Problem(self.path, node.start_mark.line + 1 + self.offset, field, text)])

    def _size(self, node: yaml.Node, depth: int) -> tuple[int, int, int]:
        key = id(node)
        if key in self.sizes:
            return self.sizes[key]
        if key in self.open:
            self._fail(node, message("yaml_recursive_alias"))
        if depth > self.limits.max_yaml_depth:
            self._fail(node, message("yaml_too_deep", limit=self.limits.max_yaml_depth))
        if isinstance(node, yaml.ScalarNode):
            found = _CONTROL.search(node.value)
            if found:
                self.problems.append(
                    Problem(
                        self.path,
                        node.start_mark.line + 1 + self.offset,
                        "",
                        message("control_character", code=f"U+{ord(found.group()):04X}"),
                    )
                )
            result = (1, len(node.value), 1)
        else:
            self.open.add(key)
            children: list[yaml.Node] = []
            if isinstance(node, yaml.MappingNode):
                seen: set[str] = set()
                for name, value in node.value:
                    if isinstance(name, yaml.ScalarNode):
                        if name.value in seen:
                            self.problems.append(
                                Problem(
                                    self.path,
                                    name.start_mark.line + 1 + self.offset,
                                    name.value,
                                    message("yaml_duplicate_key", field=name.value),
                                )
                            )
                        seen.add(name.value)
                    children += [name, value]
            else:
                children = list(node.value)
            values, characters, height = 1, 0, 1
            for child in children:
                v, c, h = self._size(child, depth + 1)
                values, characters, height = values + v, characters + c, max(height, h + 1)
                if values > self.limits.max_yaml_values or characters > self.limits.max_file_kb * 1024:
                    self._fail(node, message("yaml_too_big", limit=self.limits.max_yaml_values))
            self.open.discard(key)
            result = (values, characters, height)
        self.sizes[key] = result
        return result


def yaml_problem(english: str) -> str:
    """PyYAML's description of a syntax error, in the editor's words when we know it."""
    return next(
        (french for fragment, french in YAML_PROBLEMS.items() if fragment in english), message("yaml_unknown", english=english)
    )


def read_text(file: Path, shown: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """Read a UTF-8 text file of bounded size (a BOM and Windows line endings are accepted)."""
    if not file.is_file():
        raise ProblemError([Problem(shown, 1, "", message("not_a_file"))])
    limit = limits.max_file_kb * 1024
    try:
        size = file.stat().st_size
        if size > limit:
            raise ProblemError([Problem(shown, 1, "", message("file_too_big", size=_size_kb(size), limit=limits.max_file_kb))])
        with file.open("rb") as stream:
            raw = stream.read(limit + 1)
    except OSError as error:
        raise ProblemError([Problem(shown, 1, "", message("unreadable", error=error.strerror))]) from None
    if len(raw) > limit:  # the file grew while we looked at it
        raise ProblemError([Problem(shown, 1, "", message("file_too_big", size=_size_kb(len(raw)), limit=limits.max_file_kb))])
    if b"\0" in raw:
        raise ProblemError([Problem(shown, 1, "", message("binary_file"))])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        start = error.start + (3 if raw.startswith(b"\xef\xbb\xbf") else 0)
        line = raw.count(b"\n", 0, start) + 1
        byte = raw[start]
        raise ProblemError([Problem(shown, line, "", message("not_utf8", byte=f"0x{byte:02X}"))]) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    problems = [
        Problem(
            shown, text.count("\n", 0, found.start()) + 1, "", message("control_character", code=f"U+{ord(found.group()):04X}")
        )
        for found in islice(_CONTROL.finditer(text), 5)
    ]
    if problems:
        raise ProblemError(problems)
    return text


def _size_kb(size: int) -> str:
    return f"{size / 1024:,.0f}".replace(",", "\u202f")


def read_source(file: Path, shown: str, limits: Limits = DEFAULT_LIMITS) -> SourceFile:
    """Read one entry: `.md` (front matter + Markdown) or `.yaml` (fields, optional `body`)."""
    return parse_source(read_text(file, shown, limits), file.suffix, shown, limits)


def parse_source(text: str, suffix: str, shown: str, limits: Limits = DEFAULT_LIMITS) -> SourceFile:
    """An entry's text parsed: `.md` (front matter + Markdown) or `.yaml` (fields, optional `body`)."""
    if not text.strip():
        raise ProblemError([Problem(shown, 1, "", message("empty_file"))])
    if suffix == ".md":
        return _read_markdown(text, shown, limits)
    data, node = parse_yaml(text, shown, limits=limits)
    _require_mapping(data, shown, 1)
    body = data.pop("body", "") if isinstance(data.get("body"), str) else ""
    body_line = 1
    if body and isinstance(node, yaml.MappingNode):
        body_line = next((v.start_mark.line + 1 for k, v in node.value if k.value == "body"), 1)
    return SourceFile(shown, data, body, body_line, field_lines(node))


def _read_markdown(text: str, shown: str, limits: Limits) -> SourceFile:
    if not _FRONT_MATTER.detect(text):
        raise ProblemError([Problem(shown, 1, "", message("no_front_matter"))])
    try:
        front, body = _FRONT_MATTER.split(text)
    except ValueError:
        raise ProblemError([Problem(shown, 1, "", message("unclosed_front_matter"))]) from None
    offset = text.count("\n", 0, text.find(front, 3))
    data, node = parse_yaml(front, shown, offset, limits)
    _require_mapping(data, shown, offset + 1 + (node.start_mark.line if node is not None else 0))
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    return SourceFile(shown, data, body, body_line, field_lines(node, offset), offset)


def _require_mapping(data: Any, shown: str, line: int) -> None:
    if not isinstance(data, dict):
        raise ProblemError([Problem(shown, line, "", message("yaml_not_mapping"))])
