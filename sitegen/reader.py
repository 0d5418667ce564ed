"""Read YAML and Markdown files into plain data, remembering the line of every field."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from .messages import YAML_PROBLEMS, message
from .problems import Problem, ProblemError

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe YAML loader that leaves dates as text, so the schema reports bad ones with a line."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

_FRONT_MATTER = YAMLHandler()


@dataclass
class SourceFile:
    """A file's fields and Markdown body, with the line where each field is written."""

    path: str  # as shown to editors, relative to the site's root
    data: dict[str, Any]
    body: str = ""
    body_line: int = 1
    node: yaml.Node | None = field(default=None, repr=False)
    line_offset: int = 0

    def line_of(self, loc: tuple[str | int, ...]) -> int:
        """The line of the field at `loc` (keys and list indexes), or of its closest parent."""
        node, line = self.node, self.line_offset + 1
        for step in loc:
            if isinstance(node, yaml.MappingNode):
                match = [(k, v) for k, v in node.value if k.value == step]
                if not match:
                    break
                key, node = match[0]
                line = key.start_mark.line + 1 + self.line_offset
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if step >= len(node.value):
                    break
                node = node.value[step]
                line = node.start_mark.line + 1 + self.line_offset
            else:
                break
        return line


def parse_yaml(text: str, path: str, line_offset: int = 0) -> tuple[Any, yaml.Node | None]:
    """Parse YAML text safely into (data, node); raise ProblemError with the line on bad syntax."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        problem = " ".join(filter(None, [error.context, error.problem]))
        raise ProblemError([Problem(path, line, "", message("yaml_syntax", problem=yaml_problem(problem)))]) from None
    except yaml.YAMLError as error:
        raise ProblemError([Problem(path, line_offset + 1, "", message("yaml_syntax", problem=str(error)))]) from None
    finally:
        loader.dispose()
    problems = [
        Problem(path, key.start_mark.line + 1 + line_offset, key.value, message("yaml_duplicate_key", field=key.value))
        for key in _duplicate_keys(node)
    ]
    if problems:
        raise ProblemError(problems)
    return data, node


def yaml_problem(english: str) -> str:
    """PyYAML's description of a syntax error, in the editor's words when we know it."""
    return next(
        (french for fragment, french in YAML_PROBLEMS.items() if fragment in english), message("yaml_unknown", english=english)
    )


def _duplicate_keys(node: yaml.Node | None) -> list[yaml.Node]:
    """Keys written twice in the same mapping, anywhere in the document."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        found = []
        for key, value in node.value:
            if key.value in seen:
                found.append(key)
            seen.add(key.value)
            found += _duplicate_keys(value)
        return found
    if isinstance(node, yaml.SequenceNode):
        return [key for item in node.value for key in _duplicate_keys(item)]
    return []


def read_text(file: Path, shown: str) -> str:
    """Read a UTF-8 file (a BOM and Windows line endings are accepted)."""
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProblemError([Problem(shown, 1, "", message("not_utf8"))]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_source(file: Path, shown: str) -> SourceFile:
    """Read one entry: `.md` (front matter + Markdown) or `.yaml` (fields, optional `body`)."""
    text = read_text(file, shown)
    if file.suffix == ".md":
        return _read_markdown(text, shown)
    data, node = parse_yaml(text, shown)
    _require_mapping(data, shown, 1)
    body = data.pop("body", "") if isinstance(data.get("body"), str) else ""
    body_line = 1
    if body and isinstance(node, yaml.MappingNode):
        body_line = next((v.start_mark.line + 1 for k, v in node.value if k.value == "body"), 1)
    return SourceFile(shown, data, body, body_line, node)


def _read_markdown(text: str, shown: str) -> SourceFile:
    if not _FRONT_MATTER.detect(text):
        raise ProblemError([Problem(shown, 1, "", message("no_front_matter"))])
    try:
        front, body = _FRONT_MATTER.split(text)
    except ValueError:
        raise ProblemError([Problem(shown, 1, "", message("unclosed_front_matter"))]) from None
    offset = text.count("\n", 0, text.find(front, 3))
    data, node = parse_yaml(front, shown, offset)
    _require_mapping(data, shown, offset + 1)
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    return SourceFile(shown, data, body, body_line, node, offset)


def _require_mapping(data: Any, shown: str, line: int) -> None:
    if not isinstance(data, dict):
        raise ProblemError([Problem(shown, line, "", message("yaml_not_mapping"))])
