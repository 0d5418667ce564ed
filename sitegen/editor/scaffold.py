"""`build.py new TYPE TITRE`: write a new entry with its type's fields, as a draft, never over another file."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from slugify import slugify

from ..messages import TYPE_WORDS, join_known, message
from ..problems import ProblemError
from ..source.config import Section, SiteConfig, load_config
from ..source.content import ENTRY_SUFFIXES, slug_for
from ..source.fields import as_yaml, example, fields_of
from ..source.schema import ENTRY_TYPES, YAML_TYPES


class ScaffoldError(Exception):
    """A request `new` cannot fulfil, with the French sentence that says why; `code` is the exit code."""

    def __init__(self, text: str, code: int = 1):
        super().__init__(text)
        self.code = code


def type_names(name: str, section: Section) -> list[str]:
    """The names `new` takes for a section, as an editor writes them: its singular, its type's French word, its folder, its type.

    Names that slug alike are one (`Compte-rendu`, `compte-rendu`).
    """
    names: dict[str, str] = {}
    for written in (section.singular.lower(), TYPE_WORDS[section.type], name, section.type):
        names.setdefault(slugify(written), written)
    return list(names.values())


def section_for(kind: str, config: SiteConfig) -> str:
    """The content folder for `kind`: a French name (`rendez-vous`, `événement`, `histoire`…), a folder or a type (`event`)."""
    wanted = slugify(kind)
    for name, section in config.sections.items():
        if wanted in {slugify(written) for written in type_names(name, section)}:
            return name
    shown = [
        type_names(name, s)[: 2 if slugify(TYPE_WORDS[s.type]) != slugify(s.singular) else 1]
        for name, s in config.sections.items()
    ]
    known = join_known([" ou ".join(names) for names in shown], 20)
    raise ScaffoldError(message("new_unknown_type", kind=kind, known=known), code=2)


def scaffold_text(type_: str, title: str, slug: str, today: date, config: SiteConfig) -> str:
    """The new file's text: required fields filled in, `draft: true`, optional fields commented out."""
    named = {target: [n.id for n in config.named(target)] for target in ("family", "kind", "status")}
    required, optional, draft = [], [], ""
    for field in fields_of(ENTRY_TYPES[type_]):
        if field.name == "title":
            required.append(f"title: {as_yaml(title)}")
        elif field.name == "draft":
            draft = f"draft: true  # {message('scaffold_draft')}"
        elif field.required:
            value = example(field, today, named)
            if field.kind.name in ("line", "text") and not field.kind.target:
                value = message("scaffold_todo")
            required.append(f"{field.name}: {as_yaml(value)}  # {field.description}")
        else:
            value = slug if field.name == "slug" else example(field, today, named)
            optional.append(f"# {field.name}: {as_yaml(value)}  # {field.description}")
    lines = [*required, draft, f"# {message('scaffold_optional')}", *optional]
    if type_ in YAML_TYPES:
        return "\n".join([*lines, "body: |", f"  {message('scaffold_body')}", ""])
    return "\n".join(["---", *lines, "---", message("scaffold_body"), ""])


def create_entry(root: Path, kind: str, title: str, today: date) -> Path:
    """Write the new entry under `root/content/`; return its path. Raise ScaffoldError or ProblemError."""
    config = load_config(root)
    folder = section_for(kind, config)
    type_ = config.sections[folder].type
    slug = slugify(title)
    if not slug:
        raise ScaffoldError(message("new_empty_slug", title=title), code=2)
    directory = root / "content" / folder
    taken = [p for p in sorted(directory.glob("*")) if p.suffix.lower() in ENTRY_SUFFIXES and slug_for(p) == slug]
    suffix = ".yaml" if type_ in YAML_TYPES else ".md"
    target = directory / f"{slug}{suffix}"
    if taken or target.exists():
        raise ScaffoldError(message("new_exists", path=(taken[0] if taken else target).relative_to(root).as_posix()))
    directory.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as file:  # "x": never overwrite, even in a race
            file.write(scaffold_text(type_, title, slug, today, config))
    except FileExistsError:
        raise ScaffoldError(message("new_exists", path=target.relative_to(root).as_posix())) from None
    return target


def new_entry(root: Path, kind: str, title: str, today: date) -> int:
    """The `new` command: create the entry and say, in French, what to do next."""
    try:
        target = create_entry(root, kind, title, today)
    except ProblemError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    except ScaffoldError as error:
        print(error, file=sys.stderr)
        return error.code
    print(message("new_created", path=target.relative_to(root).as_posix()))
    print(message("new_next"))
    return 0
