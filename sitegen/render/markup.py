"""Markdown to HTML, with links to other entries written as their source paths."""

from __future__ import annotations

import difflib
import posixpath
import re
import xml.etree.ElementTree as etree
from itertools import pairwise
from urllib.parse import unquote, urlsplit

import markdown
import nh3
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from ..messages import message
from ..problems import Problem
from ..site.assemble import Site
from ..site.links import BROKEN, entry_link
from ..source.config import HtmlSettings
from ..source.content import Entry, source_of
from .images import SIZES, Picture
from .typography import register as register_typography

EXTENSIONS = ["tables", "footnotes", "toc", "attr_list", "sane_lists"]
EXTENSION_CONFIGS = {"toc": {"permalink": False}, "footnotes": {"BACKLINK_TITLE": "Retour à l'appel de note %d"}}


class _EntryLinks(Treeprocessor):
    """Rewrite `[x](../figures/essaimage.md)` to the target entry's URL; report missing targets."""

    def __init__(self, md: markdown.Markdown, renderer: MarkdownRenderer):
        super().__init__(md)
        self.renderer = renderer

    def run(self, root: etree.Element) -> None:
        for element in root.iter("a"):
            href = element.get("href", "")
            target = self.renderer.resolve(href)
            if target == "":  # an entry kept out of the published site: keep the words, drop the link
                element.tag = "span"
                del element.attrib["href"]
            elif target is not None:
                element.set("href", target)


_LIST_ITEM = re.compile(r"^( {0,3})([*+-]|\d{1,9}\.)( +)\S")
_NESTED_ITEM = re.compile(r"^( *)([*+-]|\d{1,9}\.) +\S")


class _NarrowLists(Preprocessor):
    """Lists nested by 2 or 3 spaces (GitHub's web editor, CMSs) nest, as lists nested by 4 do.

    Python-Markdown nests a list item only 4 spaces in. In a list where some item is nested by
    less than 4 spaces more than the item above it, every line's indentation beyond the list's own
    is doubled; a list nested by 4 is left as written.
    """

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        block: list[str] = []
        for line in lines:
            inside = block and (line.startswith(" ") or _NESTED_ITEM.match(line) or (line.strip() and block[-1].strip()))
            if block and not (inside or not line.strip()):
                out += _widened(block)
                block = []
            if block or _LIST_ITEM.match(line):
                block.append(line)
            else:
                out.append(line)
        return out + _widened(block)


def _widened(block: list[str]) -> list[str]:
    """A list's lines with the indentation beyond its first item's doubled, when some item is nested by less than 4."""
    if not block:
        return block
    base = len(block[0]) - len(block[0].lstrip(" "))
    items = [len(m.group(1)) for m in map(_NESTED_ITEM.match, block) if m]
    if not any(0 < later - earlier < 4 for earlier, later in pairwise(items)):
        return block
    widened = []
    for line in block:
        indent = len(line) - len(line.lstrip(" "))
        widened.append(" " * (base + 2 * (indent - base)) + line.lstrip(" ") if line.strip() and indent > base else line)
    return widened


class _BodyPictures(Treeprocessor):
    """Give `![alt](photo.jpg)` the resized files of the picture beside the entry, as `images:` get them."""

    def __init__(self, md: markdown.Markdown, renderer: MarkdownRenderer):
        super().__init__(md)
        self.renderer = renderer

    def run(self, root: etree.Element) -> None:
        assert self.renderer.entry is not None
        pictures = self.renderer.pictures.get(self.renderer.entry.path, {})
        parents = {child: parent for parent in root.iter() for child in parent}
        for element in list(root.iter("img")):
            picture = pictures.get(unquote(element.get("src", "")))
            if picture is None:
                continue
            element.set("src", picture.url)
            if picture.variants:
                element.set("srcset", picture.srcset)
                element.set("sizes", SIZES)
                element.set("width", str(picture.width))
                element.set("height", str(picture.height))
            element.set("loading", "lazy")
            element.set("decoding", "async")
            if picture.sources and element in parents:
                _wrap_in_picture(element, parents[element], picture)


def _wrap_in_picture(img: etree.Element, parent: etree.Element, picture: Picture) -> None:
    """Put `img` inside a `<picture>` whose `<source>`s offer its modern formats first."""
    wrapper = etree.Element("picture")
    for source in picture.sources:
        etree.SubElement(wrapper, "source", {"type": source.type, "srcset": source.srcset, "sizes": SIZES})
    parent.insert(list(parent).index(img), wrapper)
    parent.remove(img)
    wrapper.tail, img.tail = img.tail, None
    wrapper.append(img)


def too_complex(entry: Entry, seconds: float) -> Problem:
    """The problem of a body Markdown could not format within `seconds`, or without recursing for ever."""
    body = entry.source.body
    line = entry.source.line_in_body(body.find(body.lstrip("\n")[:1]))
    return Problem(entry.path, line, "", message("markdown_too_complex", seconds=f"{seconds:g}".replace(".", ",")))


def sanitizer(policy: HtmlSettings) -> nh3.Cleaner:
    """An nh3 cleaner keeping only the tags, attributes and URL schemes that site.yaml allows."""
    attributes = {tag: set(names) for tag, names in policy.attributes.items()}
    tags = set(policy.tags)
    if "img" in policy.tags:
        attributes["img"] = attributes.get("img", set()) | {"srcset", "sizes", "decoding"}
        tags |= {"picture", "source"}  # the modern formats of the site's own pictures (srcset: own files only)
        attributes["source"] = {"type", "srcset", "sizes"}
    return nh3.Cleaner(
        tags=tags,
        attributes=attributes,
        attribute_filter=_own_srcset,
        url_schemes=set(policy.url_schemes),
        filter_style_properties=set(policy.style_properties),
        link_rel=None,
        strip_comments=True,
    )


def _own_srcset(element: str, attribute: str, value: str) -> str | None:
    """Keep a `srcset` only when every file it names is one of the site's own (a path, no scheme or host)."""
    if attribute != "srcset":
        return value
    urls = [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
    return value if urls and all(url.startswith("/") and not url.startswith("//") for url in urls) else None


class MarkdownRenderer:
    """One reusable Markdown converter for the whole build."""

    def __init__(self, site: Site, pictures: dict[str, dict[str, Picture]] | None = None):
        self.site = site
        self.pictures = pictures or {}  # entry path → file a body shows → its resized files
        self.md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")
        self.md.preprocessors.register(_NarrowLists(self.md), "narrow_lists", 25)
        self.md.treeprocessors.register(_EntryLinks(self.md, self), "entry_links", 5)
        self.md.treeprocessors.register(_BodyPictures(self.md, self), "body_pictures", 4)
        register_typography(self.md)
        self.cleaner = sanitizer(site.config.html)
        self.entry: Entry | None = None
        self.problems: list[Problem] = []
        self.links: list[tuple[str, str]] = []

    def render(self, entry: Entry) -> str:
        """The HTML of `entry`'s body, sanitised; broken links and endless nesting are added to `self.problems`."""
        # no time limit here: sitegen/render/bodies.py renders in a process it kills when a body takes too long
        self.entry = entry
        self.md.reset()
        try:
            html = self.md.convert(entry.source.body)
        except RecursionError:  # Python-Markdown recurses on some inputs
            self.md.reset()
            self.problems.append(too_complex(entry, self.site.config.limits.max_render_seconds))
            return ""
        return self.cleaner.clean(html)

    def render_recorded(self, entry: Entry) -> tuple[str, tuple[tuple[str, str], ...], list[Problem]]:
        """`entry`'s HTML, the entry links it resolved (href → URL), its broken links."""
        self.links = []
        before = len(self.problems)
        html = self.render(entry)
        return html, tuple(self.links), self.problems[before:]

    def resolve(self, href: str) -> str | None:
        """The URL for a link to a source file, or None when `href` is not such a link."""
        assert self.entry is not None
        target = entry_link(self.site, self.entry.path, href)
        if target is not None and target != BROKEN:
            self.links.append((href, target))
        if target != BROKEN:
            return target
        source = source_of(href, self.entry.path) or urlsplit(href).path
        close = difflib.get_close_matches(source, sorted(self.site.by_source), n=1, cutoff=0.9)
        here = posixpath.dirname(self.entry.path)
        hint = message("did_you_mean", match=posixpath.relpath(close[0], here)) if close else ""
        self.problems.append(
            Problem(self.entry.path, self._line_of(href), "", message("broken_link", target=urlsplit(href).path, suggestion=hint))
        )
        return None

    def _line_of(self, text: str) -> int:
        assert self.entry is not None
        return self.entry.source.line_in_body(self.entry.source.body.find(text))
