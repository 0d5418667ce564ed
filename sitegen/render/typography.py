"""French typography in rendered text.

A narrow no-break space (U+202F) before ; : ! ? and inside « »; the typographic apostrophe (’)
between letters; compound words kept on one line (« micro-histoires » never breaks at its
hyphen: a `nowrap` span, the text itself unchanged for search and copy); times written « 14 h 15 » rather than « 14:15 »; ordinals raised
(« 11e » → 11<sup>e</sup>). Only text a reader sees is touched: never code, URLs or attributes.
Markdown bodies go through `FrenchSpaces` (a treeprocessor on text nodes); titles and summaries
through the `typo` Jinja filter (`typo_text` where no markup may appear, such as <title>).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from functools import lru_cache

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE
from markupsafe import Markup, escape

NNBSP = "\u202f"
NBSP = "\u00a0"
APOSTROPHE = "\u2019"
_SPACES = "[ \t\n\u00a0\u2009\u202f]+"
_BEFORE = re.compile(f"{_SPACES}(?=[;:!?»])")
_AFTER = re.compile(f"«{_SPACES}(?=\\S|$)")  # at the end of a text node, a link may follow
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+|\bmailto:\S+", re.IGNORECASE)
_RAW_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>", re.DOTALL)
_LETTER = r"[^\W\d_]"
_APOS = re.compile(f"(?<={_LETTER})'(?={_LETTER})")
_TIME = re.compile(r"(?<![\w:.,])([01]?\d|2[0-3]):([0-5]\d)(?![\w:])")
_DIGIT = re.compile(r"\d")
# A compound word (kept on one line) or a French ordinal (1er, 1re, 2e, 11e, 2nd, 2de and plurals).
_MARKED = re.compile(
    f"(?P<compound>(?<![\\w-]){_LETTER}+(?:-{_LETTER}+)+(?![\\w-]))"
    r"|\b(?P<number>\d+)(?P<letters>ers?|res?|ères?|es?|nde?s?|des?)\b"
)
UNTOUCHED = frozenset({"code", "pre", "kbd", "samp", "script", "style", "math", "svg"})


def french_spaces(text: str) -> str:
    """Turn the spaces before ; : ! ? » and after « into narrow no-break spaces; URLs are left alone."""
    if not any(c in text for c in ";:!?«»"):
        return text
    pieces, last = [], 0
    for url in _URL.finditer(text):
        pieces += [_space(text[last : url.start()]), url.group()]
        last = url.end()
    pieces.append(_space(text[last:]))
    return "".join(pieces)


def _space(text: str) -> str:
    return _AFTER.sub("«" + NNBSP, _BEFORE.sub(NNBSP, text))


def french_text(text: str, mark: Callable[[str, str], str] | None = None) -> str:
    """Everything French typography asks of plain text (see the module's docstring); URLs are left alone.

    `mark(kind, text)` returns what shows an ordinal's letters raised (kind `sup`) or a compound
    word kept on one line (kind `nowrap`); without it, both stay as written.
    """
    pieces, last = [], 0
    for url in _URL.finditer(text):
        pieces += [_typeset_prose(text[last : url.start()], mark), url.group()]
        last = url.end()
    pieces.append(_typeset_prose(text[last:], mark))
    return "".join(pieces)


def _typeset_prose(text: str, mark: Callable[[str, str], str] | None) -> str:
    if "'" in text:
        text = _APOS.sub(APOSTROPHE, text)
    if ":" in text:
        text = _TIME.sub(lambda m: f"{m.group(1)}{NBSP}h{NBSP}{m.group(2)}", text)
    if any(c in text for c in ";:!?«»"):
        text = _space(text)
    if mark is not None and ("-" in text or _DIGIT.search(text)):
        # last, so that what `mark` returns (markup, placeholders) is never typeset again
        text = _MARKED.sub(lambda m: _mark(m, mark), text)
    return text


def _mark(found: re.Match[str], mark: Callable[[str, str], str]) -> str:
    if found.group("compound"):
        return mark("nowrap", found.group("compound"))
    return found.group("number") + mark("sup", found.group("letters"))


_MARKUP = {"sup": "<sup>{}</sup>", "nowrap": '<span class="nowrap">{}</span>'}


def typo(value: str | None) -> str | Markup:
    """Jinja filter for titles and summaries: plain text in, escaped HTML out (ordinals raised, compounds whole)."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value  # already HTML: its text was typeset where it was made
    return _typo(str(value))


@lru_cache(maxsize=16384)
def _typo(value: str) -> str | Markup:
    """`typo` of a text, remembered: a title is shown on every page that lists its entry."""
    marked: list[tuple[str, str]] = []
    text = french_text(value, lambda kind, part: marked.append((kind, part)) or "\x00")
    if not marked:
        return text
    html = Markup("")
    for index, part in enumerate(text.split("\x00")):
        html += escape(part)
        if index < len(marked):
            kind, shown = marked[index]
            html += Markup(_MARKUP[kind]).format(shown)
    return html


def typo_text(value: str | None) -> str:
    """Jinja filter for text where markup cannot appear (<title>): typeset, ordinals and compounds as written."""
    if value is None:
        return ""
    return _french_text(str(value))


@lru_cache(maxsize=16384)
def _french_text(value: str) -> str:
    return french_text(value)


class FrenchSpaces(Treeprocessor):
    """Apply `french_spaces` to the text nodes of a Markdown tree, skipping code and link-as-URL text.

    Code from backticks is an element of the tree; code written as raw inline HTML (`<code>a : b</code>`)
    is only placeholders for its tags around plain text nodes, so the walk follows those tags in
    document order and leaves the text between an opening and its closing tag alone.
    """

    def run(self, root: etree.Element) -> None:
        self._inside = 0  # raw inline tags of UNTOUCHED elements opened and not yet closed
        self._walk(root, top=True)

    def _walk(self, element: etree.Element, top: bool = False) -> None:
        if element.tag in UNTOUCHED:
            return
        if element.text and not _is_url_text(element):
            element.text = _keep_type(element.text, self._typeset(element.text))
        for child in element:
            if top:
                self._inside = 0  # raw inline HTML never spans two blocks
            self._walk(child)
            if child.tail:
                child.tail = _keep_type(child.tail, self._typeset(child.tail))

    def _typeset(self, text: str) -> str:
        if not self._inside and "\x02" not in text:
            return self._french(text)
        done: list[str] = []
        prose = ""  # text outside code, typeset at once so spaces next to other tags behave as before
        last = 0
        for found in HTML_PLACEHOLDER_RE.finditer(text):
            if self._inside:
                done.append(text[last : found.start()])
            else:
                prose += text[last : found.start()]
            last = found.end()
            change = self._raw_code_tag(int(found.group(1)))
            if self._inside:
                done.append(found.group())
                self._inside = max(0, self._inside + change)
            else:
                prose += found.group()
                if change > 0:
                    done.append(self._french(prose))
                    prose = ""
                    self._inside = change
        if self._inside:
            done.append(text[last:])
        else:
            prose += text[last:]
        done.append(self._french(prose))
        return "".join(done)

    def _french(self, text: str) -> str:
        """`french_text`, its markup (<sup>, nowrap spans) kept aside in the stash until the HTML is written."""
        stash = self.md.htmlStash
        return french_text(text, lambda kind, part: stash.store(_MARKUP[kind].format(escape(part))))

    def _raw_code_tag(self, index: int) -> int:
        """+1 for a raw opening tag of an UNTOUCHED element, -1 for its closing tag, else 0."""
        blocks = self.md.htmlStash.rawHtmlBlocks
        raw = blocks[index] if index < len(blocks) else None
        found = _RAW_TAG.fullmatch(raw.strip()) if isinstance(raw, str) else None
        if not found or found.group(2).lower() not in UNTOUCHED or found.group(3):
            return 0
        return -1 if found.group(1) else 1


def _is_url_text(element: etree.Element) -> bool:
    """An autolink shows its own address: that text is a URL, not prose."""
    return element.tag == "a" and (element.text or "").strip() == element.get("href")


def _keep_type(original: str, changed: str) -> str:
    """Keep Markdown's AtomicString (text not to be parsed again) when replacing a node's text."""
    return type(original)(changed) if changed != original else original


def register(md: Markdown) -> None:
    """Add the French spaces to a Markdown converter, after links, tables of contents and inline markup."""
    md.treeprocessors.register(FrenchSpaces(md), "french_spaces", 3)
