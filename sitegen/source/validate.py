"""Check a file's fields against its schema and turn every error into an editor's message."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from types import UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ..messages import join_known, message
from ..problems import Problem, closest, suggestion
from .reader import SourceFile

M = TypeVar("M", bound=BaseModel)

# pydantic error types → message keys (custom errors already carry French text).
_BY_TYPE = {
    "int_parsing": "int",
    "int_from_float": "int",
    "int_type": "int",
    "bool_parsing": "bool",
    "bool_type": "bool",
    "string_type": "string",
    "list_type": "list",
    "model_type": "mapping",
    "model_attributes_type": "mapping",
    "dict_type": "mapping",
    "url_parsing": "url",
    "url_scheme": "url",
    "url_type": "url",
}

# Errors raised by our own validators (schema.py), whose text is already French.
_OWN = {
    "date",
    "datetime",
    "slug",
    "tag",
    "string",
    "empty",
    "alt_blank",
    "one_line",
    "end_before_start",
    "edit_url",
    "html_unsafe",
}


@dataclass(frozen=True)
class FieldLimits:
    """How long a list or a text of a header may be (site.yaml's `limits:`, named there as below)."""

    max_tags: int
    max_list_items: int
    max_line_chars: int
    max_text_chars: int


def validate(model: type[M], source: SourceFile, limits: FieldLimits | None = None) -> tuple[M | None, list[Problem]]:
    """Validate `source.data` as `model` (every list and text within `limits`); the instance or the problems."""
    bounds = _bounds(model, source.data, source, limits, ()) if limits else []
    try:
        value = model.model_validate(source.data)
    except ValidationError as error:
        errors = error.errors(include_url=False)
        misspelt = _misspelt(model, errors)
        found = {(p.line, p.field) for p in bounds}
        problems = [_problem(model, source, e) for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in misspelt)]
        return None, bounds + [p for p in problems if (p.line, p.field) not in found]
    return (None, bounds) if bounds else (value, [])


def _misspelt(model: type[BaseModel], errors: list[Any]) -> set[tuple[Any, ...]]:
    """The missing fields written under another name (`tilte:` for `title:`): one mistake, reported once, as unknown."""
    missing = {tuple(e["loc"]) for e in errors if e["type"] == "missing"}
    found = set()
    for e in errors:
        if e["type"] == "extra_forbidden":
            loc = tuple(e["loc"])
            match = closest(str(loc[-1]), _known_fields(model, loc[:-1]))
            if match and (*loc[:-1], match) in missing:
                found.add((*loc[:-1], match))
    return found


def _bounds(model: type[BaseModel], data: Any, source: SourceFile, limits: FieldLimits, loc: tuple[Any, ...]) -> list[Problem]:
    """A problem for each list or text of `data` (read as `model`) longer than `limits` allow."""
    if not isinstance(data, dict):
        return []
    problems = []
    for name, value in data.items():
        shape = _field_shape(model, name) if isinstance(name, str) else None
        if shape is not None:
            problems += _bound(shape, value, source, limits, (*loc, name), name == "tags")
    return problems


@dataclass(frozen=True)
class _Shape:
    """What the limits see of a field's type: a list (its items' shape), a text on one line or several, a mapping."""

    item: _Shape | None
    multiline: bool
    model: type[BaseModel] | None


@cache
def _field_shape(model: type[BaseModel], name: str) -> _Shape | None:
    """The shape of `model`'s field `name` (None for a field it does not have), worked out once per field."""
    info = model.model_fields.get(name)
    if info is None:
        return None
    return _shape(Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation)


def _shape(annotation: Any) -> _Shape:
    item = _list_item(annotation)
    return _Shape(_shape(item) if item is not None else None, _multiline(annotation), _model_in(annotation))


def _bound(shape: _Shape, value: Any, source: SourceFile, limits: FieldLimits, loc: tuple[Any, ...], tags: bool) -> list[Problem]:
    if isinstance(value, list) and shape.item is not None:
        limit, setting = (limits.max_tags, "max_tags") if tags else (limits.max_list_items, "max_list_items")
        if len(value) > limit:
            text = message("too_many_tags" if tags else "too_many_items", count=len(value), limit=limit, setting=setting)
            return [Problem(source.path, source.line_of(loc), _field_name(loc), text)]
        return [p for index, v in enumerate(value) for p in _bound(shape.item, v, source, limits, (*loc, index), False)]
    if isinstance(value, str):
        limit, setting = (
            (limits.max_text_chars, "max_text_chars") if shape.multiline else (limits.max_line_chars, "max_line_chars")
        )
        if len(value) > limit:
            text = message("too_long", count=len(value), limit=limit, setting=setting)
            return [Problem(source.path, source.line_of(loc), _field_name(loc), text)]
        return []
    return _bounds(shape.model, value, source, limits, loc) if shape.model is not None else []


def _field_name(loc: tuple[Any, ...]) -> str:
    return ".".join(str(step) for step in loc if isinstance(step, str))


def _list_item(annotation: Any) -> Any | None:
    """The type of a list's items when `annotation` is a list (possibly optional or annotated), else None."""
    while True:
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
        elif get_origin(annotation) in (Union, UnionType) and len(_not_none(annotation)) == 1:
            annotation = _not_none(annotation)[0]
        else:
            break
    return get_args(annotation)[0] if get_origin(annotation) is list else None


def _multiline(annotation: Any) -> bool:
    """Whether a text field may hold several lines: plain `str` (Line, TagName… are annotated one-line types)."""
    if get_origin(annotation) in (Union, UnionType) and len(_not_none(annotation)) == 1:
        annotation = _not_none(annotation)[0]
    return annotation is str


def _not_none(annotation: Any) -> list[Any]:
    return [a for a in get_args(annotation) if a is not type(None)]


def _problem(model: type[BaseModel], source: SourceFile, error: Any) -> Problem:
    kind = error["type"]
    loc = ("end",) if kind == "end_before_start" else tuple(error["loc"])
    value = error.get("input")
    field = _field_name(loc)
    if kind == "missing":
        text = message("missing_alt") if loc[-1] == "alt" else message("missing", field=loc[-1], example=_example(model, loc))
    elif kind == "empty" and not _required(model, loc):
        text = message("empty_optional")
    elif kind == "extra_forbidden":
        known = _known_fields(model, loc[:-1])
        text = message("extra_forbidden", suggestion=suggestion(str(loc[-1]), known), known=join_known(known, 30))
    elif kind in ("literal_error", "enum"):
        expected = str(error["ctx"]["expected"]).replace("'", "").replace(" or ", ", ")
        text = message("enum", value=value, known=expected)
    elif kind in _BY_TYPE:
        text = message(_BY_TYPE[kind], value=value)
    elif kind in ("greater_than_equal", "string_pattern_mismatch", "too_short"):
        text = message("other", detail=_french_constraint(kind, error))
    elif kind in _OWN:
        text = error["msg"]
    else:
        text = message("other", detail=error["msg"])
    return Problem(source.path, source.line_of(loc), field, text)


def _french_constraint(kind: str, error: Any) -> str:
    ctx = error.get("ctx", {})
    if kind == "greater_than_equal":
        return f"le nombre doit être au moins {ctx.get('ge')}"
    if kind == "too_short":
        return "la liste ou le texte est vide"
    return f"« {error.get('input')} » ne convient pas : minuscules, chiffres et tirets seulement"


def _sub_model(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model that holds the field at `loc` (following nested models and lists)."""
    for step in loc:
        if isinstance(step, int):
            continue
        info = model.model_fields.get(step)
        if info is None:
            return None
        inner = _model_in(info.annotation)
        if inner is None:
            return None
        model = inner
    return model


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found:
            return found
    return None


def _required(model: type[BaseModel], loc: tuple[Any, ...]) -> bool:
    """Whether the field at `loc` must be written (a list's item counts as required)."""
    if loc and isinstance(loc[-1], int):
        return True
    holder = _sub_model(model, loc[:-1])
    info = holder.model_fields.get(str(loc[-1])) if holder and loc else None
    return info is None or info.is_required()


def _known_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    holder = _sub_model(model, loc)
    return list(holder.model_fields) if holder else []


def _example(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    holder = _sub_model(model, loc[:-1])
    info = holder.model_fields.get(str(loc[-1])) if holder else None
    examples = info.examples if info and info.examples else ["…"]
    example = examples[0]
    return f"[{', '.join(example)}]" if isinstance(example, list) else str(example)
