"""The site's settings (site.yaml), checked like any entry."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlsplit

from pydantic import Field, HttpUrl, PlainValidator, PrivateAttr, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from ..messages import message
from ..problems import Problem, ProblemError
from .reader import Limits, SourceFile, field_lines, parse_yaml, read_text
from .schema import Flag, Line, Model, Slug
from .validate import FieldLimits, validate

EntryType = Literal["event", "report", "figure", "imaginary", "story", "partner", "page"]

SEARCH_PAGE = "recherche/"  # the search page, and its index (written by Pagefind) below
SEARCH_BUNDLE = "pagefind/"
ROOM_PAGE = "admin/"  # the editing room (Decap CMS: sitegen/render/room.py)


class Section(Model):
    type: EntryType
    title: Line
    singular: Line
    url: str = Field(pattern=r"^([a-z0-9]+(-[a-z0-9]+)*)?$")
    description: str = ""


class Named(Model):
    id: Slug
    name: Line


class Family(Named):
    """A family of figure-models; `added_by_site` marks a grouping the site made, not the cycle."""

    added_by_site: Flag = False


class Booklet(Model):
    """The publication the site points readers to (stories give their page in it)."""

    title: Line
    url: HttpUrl
    pages: int | None = Field(None, ge=1)  # its page count, when known
    approximate_pages: Flag = False  # page numbers inferred: shown « p. 36 environ »


class Licence(Model):
    """The licence of the site's content: shown in the footer, announced in feeds and structured data."""

    name: Line
    url: HttpUrl


class HomeSettings(Model):
    upcoming: int = Field(3, ge=0)
    latest: int = Field(4, ge=0)


def _edit_url(value: Any) -> str:
    text = str(value).strip()
    if not text.startswith(("https://", "http://")) or "{path}" not in text:
        raise PydanticCustomError("edit_url", message("bad_edit_url", value=value))
    return text


EditUrl = Annotated[str, PlainValidator(_edit_url), WithJsonSchema({"type": "string"})]


class LimitSettings(Model):
    """Bounds on what one content file may cost to read: editors' files are not trusted."""

    max_file_kb: int = Field(1024, ge=1)
    max_yaml_depth: int = Field(20, ge=1, le=100)
    max_yaml_values: int = Field(10_000, ge=1)
    max_render_seconds: float = Field(10, gt=0)
    max_tags: int = Field(20, ge=1)  # tags of one entry: each is a page and a feed the entry appears in
    max_list_items: int = Field(100, ge=1)  # any other list of a header (programme, partners, figures, images…)
    max_line_chars: int = Field(500, ge=1)  # a one-line field (title, name, alt text, tag…)
    max_text_chars: int = Field(5000, ge=1)  # a field of several lines (summary, description)


# Raw HTML that editors may write in Markdown; nh3 removes everything else (see SECURITY.md).
HTML_TAGS = [
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
]  # fmt: skip
HTML_ATTRIBUTES = {
    "*": ["id", "class", "title", "lang", "dir"],
    "a": ["href", "hreflang", "rel"],
    "img": ["src", "alt", "width", "height", "loading"],
    "td": ["colspan", "rowspan", "style"],
    "th": ["colspan", "rowspan", "scope", "style"],
    "ol": ["start", "reversed"],
    "time": ["datetime"],
    "blockquote": ["cite"],
    "q": ["cite"],
    "del": ["cite", "datetime"],
    "ins": ["cite", "datetime"],
}
# Tags whose content can run code or restyle the page: nh3 always removes them, content included.
NEVER_ALLOWED_TAGS = {"script", "style", "iframe", "object", "embed", "frame", "frameset", "form", "base", "meta", "link"}
NEVER_ALLOWED_SCHEMES = {"javascript", "vbscript", "data", "file"}


class HtmlSettings(Model):
    """The allow-list for raw HTML in Markdown bodies."""

    tags: list[str] = HTML_TAGS
    attributes: dict[str, list[str]] = HTML_ATTRIBUTES
    style_properties: list[str] = ["text-align"]
    url_schemes: list[str] = ["http", "https", "mailto", "tel"]

    @field_validator("tags")
    @classmethod
    def _safe_tags(cls, value: list[str]) -> list[str]:
        _refuse([t for t in value if t.lower() in NEVER_ALLOWED_TAGS])
        return value

    @field_validator("attributes")
    @classmethod
    def _safe_attributes(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        _refuse([a for names in value.values() for a in names if a.lower().startswith("on") or a.lower() == "srcdoc"])
        return value

    @field_validator("url_schemes")
    @classmethod
    def _safe_schemes(cls, value: list[str]) -> list[str]:
        _refuse([s for s in value if s.lower() in NEVER_ALLOWED_SCHEMES])
        return value


def _refuse(unsafe: list[str]) -> None:
    if unsafe:
        raise PydanticCustomError("html_unsafe", message("html_unsafe", value=unsafe[0]))


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
    footer: list[Line] = []  # pages linked from every page's footer (mentions légales, accessibilité…), by slug
    families: list[Family] = []
    kinds: list[Named] = []
    statuses: list[Named] = []
    home: HomeSettings = HomeSettings()
    page_size: int = Field(20, ge=1)  # entries per page of a section index or a tag page
    tags_url: Slug = "etiquettes"
    booklet: Booklet | None = None
    licence: Licence | None = None
    edit_url: EditUrl | None = None  # « proposer une modification »: the repository's edit page, `{path}` = source file
    cms_auth_url: HttpUrl | None = None  # the editing room's sign-in relay for GitHub (OAuth), once the team runs one
    limits: LimitSettings = LimitSettings()
    html: HtmlSettings = HtmlSettings()
    _source: SourceFile | None = PrivateAttr(None)

    def line_of(self, loc: tuple[str | int, ...]) -> int:
        """The line of a setting in site.yaml, for problem messages."""
        return self._source.line_of(loc) if self._source else 1

    @cached_property
    def base_path(self) -> str:
        """The path every URL of the site starts with, such as `/` or `/think-small/`."""
        path = urlsplit(str(self.base_url)).path or "/"
        return path if path.endswith("/") else path + "/"

    def edit_link(self, path: str) -> str:
        """The repository page where `path` (`content/figures/eclairer.md`) can be edited, or ""."""
        return self.edit_url.replace("{path}", quote(path)) if self.edit_url else ""

    def read_limits(self) -> Limits:
        """The limits the reader applies to every content file."""
        return Limits(self.limits.max_file_kb, self.limits.max_yaml_depth, self.limits.max_yaml_values)

    def field_limits(self) -> FieldLimits:
        """The bounds on the header fields of every content file."""
        limits = self.limits
        return FieldLimits(limits.max_tags, limits.max_list_items, limits.max_line_chars, limits.max_text_chars)

    def named(self, target: str) -> list[Named]:
        """The list in site.yaml that a reference of type `target` points into."""
        return {"family": self.families, "kind": self.kinds, "status": self.statuses}[target]


def load_config(root: Path) -> SiteConfig:
    """Read and check `root/site.yaml`; raise ProblemError listing every problem."""
    file = root / "site.yaml"
    if not file.is_file():
        raise ProblemError([Problem("site.yaml", 1, "", message("missing_site_yaml"))])
    data, node = parse_yaml(read_text(file, "site.yaml"), "site.yaml")
    source = SourceFile("site.yaml", data if isinstance(data, dict) else {}, lines=field_lines(node))
    config, problems = validate(SiteConfig, source)
    if problems or config is None:
        raise ProblemError(problems)
    config._source = source
    return config
