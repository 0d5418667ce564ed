"""Strict checks (`--strict`, what CI runs), on top of validation.

Every internal link and image of the generated HTML must reach a generated file (and its anchor),
every image needs a text alternative, a tag used once must not be a near-spelling of another tag,
and every file in content/ must be used by an entry.
"""

from __future__ import annotations

import difflib
import posixpath
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from slugify import slugify

from ..site.assemble import Site
from ..source.content import ENTRY_SUFFIXES, Entry, body_pictures, link_targets, source_of
from ..messages import message
from ..problems import Problem, suggestion

# Attributes that point to another file, by element.
LINK_ATTRIBUTES = {"a": "href", "area": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src"}


@dataclass
class Link:
    tag: str
    url: str
    line: int


@dataclass
class ParsedPage:
    """What the strict checks need from one generated HTML page."""

    ids: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)
    images_without_alt: list[Link] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        line = self.getpos()[0]
        if values.get("id"):
            self.page.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.page.ids.add(values["name"])
        attribute = LINK_ATTRIBUTES.get(tag)
        if attribute and values.get(attribute):
            self.page.links.append(Link(tag, values[attribute], line))
        if tag == "img" and not values.get("alt", "").strip():
            self.page.images_without_alt.append(Link(tag, values.get("src", ""), line))


def parse_page(html: bytes) -> ParsedPage:
    """The ids, links and images of one HTML page."""
    parser = _Parser()
    parser.feed(html.decode("utf-8", errors="replace"))
    parser.close()
    return parser.page


def check(
    site: Site, pages: dict[str, bytes], files: set[str], entries: list[Entry], root: Path, pictures: set[str]
) -> list[Problem]:
    """Every strict problem of a rendered site; `files` are all output paths, `entries` include drafts.

    `pictures` are the URLs of the entries' own pictures: their text alternatives are checked in the
    sources (`images:` by the schema, where `alt: ""` marks a decorative one; bodies here).
    """
    problems = check_links(site, pages, files, pictures) + check_body_alt(site)
    return problems + check_tags(site) + check_unused_files(entries, root)


def check_body_alt(site: Site) -> list[Problem]:
    """A picture shown by `![](photo.jpg)` in a body, with no description between the brackets."""
    problems = []
    for entry in site.entries:
        body = entry.source.body
        for src, alt, offset in body_pictures(body):
            if src in entry.body_pictures and not alt.strip():
                problems.append(
                    Problem(entry.path, entry.source.line_in_body(offset), "", message("strict_missing_alt", src=src))
                )
    return problems


def resolve(url: str, page: str, base_path: str) -> tuple[str, str] | None:
    """The output path and anchor a link on `page` reaches, or None for a link outside the site."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return page, unquote(parts.fragment)
    absolute = urljoin(base_path + page, parts.path)
    if not absolute.startswith(base_path):
        return absolute, unquote(parts.fragment)
    path = unquote(absolute[len(base_path) :])
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path, unquote(parts.fragment)


def check_links(site: Site, pages: dict[str, bytes], files: set[str], pictures: set[str] = frozenset()) -> list[Problem]:
    """Internal links, anchors and images of every generated page, and text alternatives of images."""
    base = site.config.base_path
    parsed = {path: parse_page(html) for path, html in pages.items() if path.endswith(".html")}
    owners = {entry.url[len(base) :] + "index.html": entry for entry in site.entries}
    problems = []
    for path, page in sorted(parsed.items()):
        owner = owners.get(path)
        for link in page.links:
            reached = resolve(link.url, path, base)
            if reached is None:
                continue
            target, anchor = reached
            if target not in files and f"{target}/index.html" not in files:
                key = "strict_missing_image" if link.tag == "img" else "strict_broken_link"
                text = message(key, href=link.url, src=link.url)
                problems.append(_locate(owner, path, link, [link.url], "", text))
                continue
            target = target if target in files else f"{target}/index.html"
            if anchor and target in parsed and anchor not in parsed[target].ids:
                hint = suggestion(anchor, sorted(parsed[target].ids))
                shown = base + target.removesuffix("index.html")
                text = message("strict_broken_anchor", anchor=anchor, page=shown, suggestion=hint)
                problems.append(_locate(owner, path, link, [link.url, f"#{anchor}"], "", text))
        for image in page.images_without_alt:
            if image.url in pictures:
                continue
            text = message("strict_missing_alt", src=image.url)
            problems.append(_locate(owner, path, image, [f"]({image.url}", image.url], "", text))
    return problems


def _locate(owner: Entry | None, page: str, link: Link, needles: list[str], field_name: str, text: str) -> Problem:
    """Blame the entry's own text when the link is written there, else the generated page."""
    if owner is not None:
        body = owner.source.body
        for needle in needles:
            index = body.find(needle)
            if needle and index >= 0:
                return Problem(owner.path, owner.source.line_in_body(index), field_name, text)
    return Problem(f"output/{page}", link.line, field_name, text)


def check_tags(site: Site, cutoff: float = 0.85) -> list[Problem]:
    """A tag used by one entry only, spelled almost like another tag, is probably a typo."""
    problems = []
    for tag in site.tags.values():
        if len(tag.entries) != 1:
            continue
        others = [slug for slug in site.tags if slug != tag.slug]
        match = difflib.get_close_matches(tag.slug, others, n=1, cutoff=cutoff)
        if not match:
            continue
        entry = tag.entries[0]
        index = next(i for i, name in enumerate(entry.fields.tags) if slugify(name) == tag.slug)
        hint = message("did_you_mean", match=site.tags[match[0]].name)
        text = message("strict_close_tag", tag=entry.fields.tags[index], suggestion=hint)
        problems.append(Problem(entry.path, entry.source.line_of(("tags", index)), "tags", text))
    return problems


def check_unused_files(entries: list[Entry], root: Path) -> list[Problem]:
    """Files in content/ that are not entries and that no entry shows or links to."""
    used = set()
    for entry in entries:
        folder = posixpath.dirname(entry.path)
        used.update(posixpath.normpath(posixpath.join(folder, image.src)) for image in getattr(entry.fields, "images", []))
        used.update(filter(None, (source_of(target, entry.path) for target, _ in link_targets(entry.source.body))))
    used = {unicodedata.normalize("NFC", path) for path in used}
    content = root / "content"
    problems = []
    for file in sorted(content.rglob("*")) if content.is_dir() else []:
        relative = file.relative_to(root).as_posix()
        hidden = any(part.startswith(".") for part in file.relative_to(content).parts)
        if file.is_dir() or hidden or file.suffix.lower() in ENTRY_SUFFIXES:
            continue
        if unicodedata.normalize("NFC", relative) not in used:
            problems.append(Problem(relative, 1, "", message("strict_unused_file")))
    return problems
