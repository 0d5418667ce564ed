"""The schema's fields as editors meet them: what kind of value, an example, in French.

Used by `build.py new` (scaffolding) and `build.py guide` (the field reference), so both follow
sitegen/schema.py and can never drift from it.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal, get_args, get_origin

import yaml
from pydantic import BaseModel, HttpUrl

from .schema import AltText, Day, Flag, Line, Ref, Slug, When

_ALIASES = {"when": When, "day": Day, "slug": Slug, "line": Line, "alt": AltText, "bool": Flag}


@dataclass(frozen=True)
class Kind:
    """The kind of value a field takes: `line`, `text`, `day`, `when`, `slug`, `bool`, `int`, `url`,
    `choice` (with `values`), `group` (a nested `model`) or `list` (of `item`); `target` for references."""

    name: str
    target: str | None = None
    item: Kind | None = None
    model: type[BaseModel] | None = None
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldDoc:
    """One field of a type, ready to be shown to an editor."""

    name: str
    required: bool
    kind: Kind
    description: str
    examples: tuple[Any, ...]
    default: Any


def fields_of(model: type[BaseModel]) -> list[FieldDoc]:
    """The fields of `model`, in the schema's order."""
    return [
        FieldDoc(
            name,
            info.is_required(),
            kind_of(info.rebuild_annotation()),
            info.description or "",
            tuple(info.examples or ()),
            None if info.is_required() else info.default,
        )
        for name, info in model.model_fields.items()
    ]


def kind_of(hint: Any, target: str | None = None) -> Kind:
    """The kind of value of a type annotation from schema.py."""
    hint = _without_none(hint)
    if get_origin(hint) is Annotated:
        inner, *meta = get_args(hint)
        target = next((m.target for m in meta if isinstance(m, Ref)), target)
        for name, alias in _ALIASES.items():
            if all(m in meta for m in get_args(alias)[1:]):
                return Kind(name, target)
        return kind_of(inner, target)
    if get_origin(hint) is list:
        return Kind("list", target, item=kind_of(get_args(hint)[0], target))
    if get_origin(hint) is Literal:
        return Kind("choice", target, values=tuple(str(v) for v in get_args(hint)))
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return Kind("group", target, model=hint)
    simple = {bool: "bool", int: "int", str: "text", HttpUrl: "url", date: "day"}
    return Kind(simple.get(hint, "text"), target)


def _without_none(hint: Any) -> Any:
    if get_origin(hint) in (typing.Union, types.UnionType):
        rest = [arg for arg in get_args(hint) if arg is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return hint


def example(field: FieldDoc, today: date | None = None, named: dict[str, list[str]] | None = None) -> Any:
    """A value that shows how to write `field`: today's date for dates when given, else the schema's example."""
    return _example(field.kind, field.examples, today, named or {})


def _example(kind: Kind, examples: tuple[Any, ...], today: date | None, named: dict[str, list[str]]) -> Any:
    if today is not None and kind.name in ("day", "when"):
        return today.isoformat()
    if named.get(kind.target or ""):
        first = named[kind.target or ""][0]
        return [first] if kind.name == "list" else first
    if examples:
        return examples[0]
    if kind.name == "list" and kind.item is not None:
        return [_example(kind.item, (), today, named)]
    if kind.name == "group" and kind.model is not None:
        return {f.name: example(f, today, named) for f in fields_of(kind.model)}
    generic = {
        "bool": True,
        "int": 1,
        "url": "https://exemple.org/",
        "slug": "page",
        "day": "2017-09-14",
        "when": "2017-09-14 17:00",
    }
    if kind.name == "choice":
        return kind.values[-1]
    return generic.get(kind.name, "…")


def as_yaml(value: Any) -> str:
    """A value written the way an editor would type it after `name: ` (one line)."""
    if isinstance(value, str) and _looks_like_date(value):
        return value
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000, sort_keys=False).strip()
    return text.removesuffix("...").strip()


def _looks_like_date(value: str) -> bool:
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        return False
    return len(value) in (10, 16) and (len(value) == 10 or value[10] == " ")
