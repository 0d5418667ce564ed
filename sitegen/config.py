"""The site's settings (site.yaml), checked like any entry."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlsplit

from pydantic import Field, HttpUrl, PlainValidator, PrivateAttr, WithJsonSchema
from pydantic_core import PydanticCustomError

from .messages import message
from .problems import Problem, ProblemError
from .reader import SourceFile, parse_yaml, read_text
from .schema import Line, Model, Slug
from .validate import validate

EntryType = Literal["event", "report", "figure", "imaginary", "story", "partner", "page"]


class Section(Model):
    type: EntryType
    title: Line
    singular: Line
    url: str = Field(pattern=r"^([a-z0-9]+(-[a-z0-9]+)*)?$")
    description: str = ""


class Named(Model):
    id: Slug
    name: Line


class HomeSettings(Model):
    upcoming: int = Field(3, ge=0)
    latest: int = Field(4, ge=0)


def _edit_url(value: Any) -> str:
    text = str(value).strip()
    if not text.startswith(("https://", "http://")) or "{path}" not in text:
        raise PydanticCustomError("edit_url", message("bad_edit_url", value=value))
    return text


EditUrl = Annotated[str, PlainValidator(_edit_url), WithJsonSchema({"type": "string"})]


class SiteConfig(Model):
    """Everything in site.yaml."""

    title: Line
    tagline: Line = ""
    description: str = ""
    base_url: HttpUrl
    language: str = "fr"
    timezone: str = "Europe/Paris"
    contact: str | None = None
    sections: dict[Slug, Section]
    menu: list[Line] = []
    families: list[Named] = []
    kinds: list[Named] = []
    statuses: list[Named] = []
    home: HomeSettings = HomeSettings()
    page_size: int = Field(20, ge=1)  # entries per page of a section index or a tag page
    tags_url: Slug = "etiquettes"
    edit_url: EditUrl | None = None  # « proposer une modification »: the repository's edit page, `{path}` = source file
    _source: SourceFile | None = PrivateAttr(None)

    def line_of(self, loc: tuple[str | int, ...]) -> int:
        """The line of a setting in site.yaml, for problem messages."""
        return self._source.line_of(loc) if self._source else 1

    @property
    def base_path(self) -> str:
        """The path every URL of the site starts with, such as `/` or `/think-small/`."""
        path = urlsplit(str(self.base_url)).path or "/"
        return path if path.endswith("/") else path + "/"

    def edit_link(self, path: str) -> str:
        """The repository page where `path` (`content/figures/eclairer.md`) can be edited, or ""."""
        return self.edit_url.replace("{path}", quote(path)) if self.edit_url else ""

    def named(self, target: str) -> list[Named]:
        """The list in site.yaml that a reference of type `target` points into."""
        return {"family": self.families, "kind": self.kinds, "status": self.statuses}[target]


def load_config(root: Path) -> SiteConfig:
    """Read and check `root/site.yaml`; raise ProblemError listing every problem."""
    file = root / "site.yaml"
    if not file.is_file():
        raise ProblemError([Problem("site.yaml", 1, "", message("missing_site_yaml"))])
    data, node = parse_yaml(read_text(file, "site.yaml"), "site.yaml")
    source = SourceFile("site.yaml", data if isinstance(data, dict) else {}, node=node)
    config, problems = validate(SiteConfig, source)
    if problems or config is None:
        raise ProblemError(problems)
    config._source = source
    return config
