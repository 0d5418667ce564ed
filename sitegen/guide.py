"""`build.py guide`: the editor's guide, its field reference generated from the schemas.

The prose is in guide.md.jinja beside this file; every table of fields comes from sitegen/schema.py
(descriptions, examples, kinds of values) and from site.yaml (sections, families, kinds, statuses),
so the guide cannot drift from the code. A test fails when docs/guide-editeurs.md is not up to date.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import jinja2
from pydantic import BaseModel

from .config import SiteConfig, load_config
from .fields import FieldDoc, Kind, as_yaml, example, fields_of
from .messages import FIELD_KINDS, message
from .problems import ProblemError
from .schema import ENTRY_TYPES, Common

GUIDE = Path("docs") / "guide-editeurs.md"
TEMPLATE = Path(__file__).with_name("guide.md.jinja")
SITE_LISTS = ("family", "kind", "status")


@dataclass(frozen=True)
class Row:
    """One line of a field table."""

    name: str
    required: str
    value: str
    description: str
    example: str


@dataclass(frozen=True)
class TypeDoc:
    """One type of entry: its section in site.yaml, its own fields and their sub-fields."""

    type: str
    folder: str
    title: str
    singular: str
    description: str
    suffix: str
    rows: list[Row]
    groups: list[tuple[str, list[Row]]]


def describe(kind: Kind, config: SiteConfig) -> str:
    """The kind of value of a field, in the editor's words."""
    if kind.name == "list" and kind.item is not None:
        return FIELD_KINDS["list"].format(item=describe(kind.item, config))
    if kind.target in SITE_LISTS:
        return FIELD_KINDS["list_ref"].format(values=", ".join(f"`{n.id}`" for n in config.named(kind.target)))
    if kind.target:
        folders = [f"content/{name}/" for name, s in config.sections.items() if s.type == kind.target]
        return FIELD_KINDS["entry_ref"].format(folders=" ou ".join(folders))
    if kind.name == "choice":
        return FIELD_KINDS["choice"].format(values=", ".join(f"`{v}`" for v in kind.values))
    if kind.name == "group" and kind.model is not None:
        return FIELD_KINDS["group"].format(fields=", ".join(f"`{f.name}`" for f in fields_of(kind.model)))
    return FIELD_KINDS[kind.name]


def rows(model: type[BaseModel], config: SiteConfig, skip: set[str] = frozenset()) -> list[Row]:
    """The table of `model`'s fields, leaving out those in `skip`."""
    return [_row(field, config) for field in fields_of(model) if field.name not in skip]


def _row(field: FieldDoc, config: SiteConfig) -> Row:
    description = field.description
    if field.default not in (None, [], ""):
        description += " " + FIELD_KINDS["default"].format(value=f"`{as_yaml(field.default)}`") + "."
    named = {target: [n.id for n in config.named(target)] for target in SITE_LISTS}
    shown = example(field, named=named)
    return Row(
        field.name,
        FIELD_KINDS["required" if field.required else "optional"],
        _cell(describe(field.kind, config)),
        _cell(description),
        "" if shown in ("…", ["…"]) else _cell(f"`{as_yaml(shown)}`"),
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _groups(model: type[BaseModel], config: SiteConfig) -> list[tuple[str, list[Row]]]:
    found = []
    for field in fields_of(model):
        kind = field.kind.item if field.kind.name == "list" and field.kind.item else field.kind
        if field.name not in Common.model_fields and kind.name == "group" and kind.model is not None:
            found.append((field.name, rows(kind.model, config)))
    return found


def type_docs(config: SiteConfig) -> list[TypeDoc]:
    """Every section of site.yaml with the reference of its type's fields."""
    from .scaffold import YAML_TYPES

    common = set(Common.model_fields)
    return [
        TypeDoc(
            section.type,
            folder,
            section.title,
            section.singular,
            section.description,
            ".yaml" if section.type in YAML_TYPES else ".md",
            rows(ENTRY_TYPES[section.type], config, common),
            _groups(ENTRY_TYPES[section.type], config),
        )
        for folder, section in config.sections.items()
    ]


def render_guide(config: SiteConfig) -> str:
    """The whole guide, as Markdown."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE.parent),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # Markdown, not HTML
    )
    return env.get_template(TEMPLATE.name).render(config=config, types=type_docs(config), common=rows(Common, config))


def write_guide(root: Path) -> int:
    """The `guide` command: write docs/guide-editeurs.md from the schemas and root's site.yaml."""
    try:
        config = load_config(root)
    except ProblemError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    target = root / GUIDE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_guide(config), encoding="utf-8")
    print(message("guide_written", path=GUIDE.as_posix()))
    return 0
