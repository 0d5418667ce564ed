"""Check a file's fields against its schema and turn every error into an editor's message."""

from __future__ import annotations

from typing import Any, TypeVar

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


def validate(model: type[M], source: SourceFile) -> tuple[M | None, list[Problem]]:
    """Validate `source.data` as `model`; return the instance or the list of problems."""
    try:
        return model.model_validate(source.data), []
    except ValidationError as error:
        errors = error.errors(include_url=False)
        misspelt = _misspelt(model, errors)
        return None, [_problem(model, source, e) for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in misspelt)]


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


def _problem(model: type[BaseModel], source: SourceFile, error: Any) -> Problem:
    kind = error["type"]
    loc = ("end",) if kind == "end_before_start" else tuple(error["loc"])
    value = error.get("input")
    field = ".".join(str(step) for step in loc if isinstance(step, str))
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
