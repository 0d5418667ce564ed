"""French typography in rendered text: a narrow no-break space (U+202F) before ; : ! ? and inside « ».

Only text a reader sees is touched: never code, URLs or attributes. Markdown bodies go through
`FrenchSpaces` (a treeprocessor on text nodes); titles and summaries through the `typo` Jinja filter.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

NNBSP = "\u202f"
_SPACES = "[ \t\n\u00a0\u2009\u202f]+"
_BEFORE = re.compile(f"{_SPACES}(?=[;:!?»])")
_AFTER = re.compile(f"«{_SPACES}(?=\\S|$)")  # at the end of a text node, a link may follow
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+|\bmailto:\S+", re.IGNORECASE)
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


def typo(value: str | None) -> str | Markup:
    """Jinja filter for titles and summaries: plain text in, plain text out (escaped later)."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value  # already HTML: its text was typeset where it was made
    return french_spaces(str(value))


class FrenchSpaces(Treeprocessor):
    """Apply `french_spaces` to the text nodes of a Markdown tree, skipping code and link-as-URL text."""

    def run(self, root: etree.Element) -> None:
        self._walk(root)

    def _walk(self, element: etree.Element) -> None:
        if element.tag in UNTOUCHED:
            return
        if element.text and not _is_url_text(element):
            element.text = _keep_type(element.text, french_spaces(element.text))
        for child in element:
            self._walk(child)
            if child.tail:
                child.tail = _keep_type(child.tail, french_spaces(child.tail))


def _is_url_text(element: etree.Element) -> bool:
    """An autolink shows its own address: that text is a URL, not prose."""
    return element.tag == "a" and (element.text or "").strip() == element.get("href")


def _keep_type(original: str, changed: str) -> str:
    """Keep Markdown's AtomicString (text not to be parsed again) when replacing a node's text."""
    return type(original)(changed) if changed != original else original


def register(md: Markdown) -> None:
    """Add the French spaces to a Markdown converter, after links, tables of contents and inline markup."""
    md.treeprocessors.register(FrenchSpaces(md), "french_spaces", 3)
