"""Hostile values, and the checks that show they stay text in every kind of output.

Reusable by any test that adds an output format (JSON-LD, feeds, sitemaps, calendars): build
`hostile_site()`, then run the checker for that format on each file. A checker returns a list of
findings (empty when the output is safe), so a failing assertion shows what leaked and where.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

# Each one tries to leave its context: a text node, an attribute, a <script> block, XML, a template.
HOSTILE = [
    "</script><script>alert(1)</script>",
    '" onmouseover="alert(2)" data-x="',
    "' onfocus='alert(3)' autofocus='",
    "<img src=x onerror=alert(4)>",
    "</title><svg onload=alert(5)>",
    "]]><evil>&amp;</evil><![CDATA[",
    "{{ 7 * 7 }} {% if true %}jinja{% endif %}",
    "javascript:alert(6)",
    "</style><style>body{display:none}</style>",
    "\u2028 \u2029 <!-- -->",
]


def yaml_quoted(value: str) -> str:
    """`value` as a double-quoted YAML scalar, so any character can be written in a header."""
    return json.dumps(value, ensure_ascii=False)


def hostile_site(value: str) -> dict[str, str]:
    """Inline site files whose every editor-written text field holds `value`."""
    v, tag = yaml_quoted(value), yaml_quoted(value + " étiquette")
    return {
        "content/partenaires/fing.yaml": f"title: {v}\nsummary: {v}\nurl: https://fing.org/\n",
        "content/rendez-vous/atelier.md": (
            f"---\ntitle: {v}\nsummary: {v}\nstart: 2016-12-15 14:00\n"
            f"venue: {{name: {v}, address: {v}, city: {v}}}\n"
            f"programme:\n  - {{time: {v}, title: {v}}}\npartners: [fing]\ntags: [{tag}, ordinaire]\n---\n"
        ),
        "content/figures/eclairer.md": (
            f"---\ntitle: {v}\nsummary: {v}\nfamily: forces-du-petit\ndefinition: {v}\ntags: [{tag}]\n---\n"
        ),
        "content/imaginaires/contes.md": f"---\ntitle: {v}\nkind: conte\ncredits: [{v}]\nfigures: [eclairer]\n---\n",
        "content/micro-histoires/onu.md": f"---\ntitle: {v}\nstatus: complete\nevent: atelier\n---\n",
        "content/comptes-rendus/journee.md": f"---\ntitle: {v}\ndate: 2016-10-20\nevent: atelier\n---\n",
        "content/pages/a-propos.md": f"---\ntitle: {v}\nsummary: {v}\n---\n",
    }


class _Page(HTMLParser):
    """Collects what a browser would see as markup: elements, attributes, script and style blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.blocks: list[tuple[str, dict[str, str | None], str]] = []  # (tag, attributes, raw content)
        self._open: tuple[str, dict[str, str | None]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))
        if tag in ("script", "style"):
            self._open = (tag, dict(attrs))
            self.blocks.append((tag, dict(attrs), ""))

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag == self._open[0]:
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            tag, attrs, content = self.blocks[-1]
            self.blocks[-1] = (tag, attrs, content + data)
        else:
            self.text.append(data)


TEMPLATE_SVGS = ("brand-mark", "figure-map-svg")  # the SVG the templates write (an SVG in a body never survives)


def html_findings(page: str, expected_text: str | None = None) -> list[str]:
    """What in `page` is markup that no template wrote: event handlers, javascript: URLs, injected
    scripts or styles, stray elements; and, when given, `expected_text` missing from the visible text."""
    parsed = _Page()
    parsed.feed(page)
    parsed.close()
    findings = []
    for tag, attrs in parsed.elements:
        if tag == "svg" and dict(attrs).get("class") in TEMPLATE_SVGS and len(attrs) == len(dict(attrs)):
            pass  # the logotype and the figure map; their attributes are still checked below
        elif tag in ("svg", "evil", "iframe", "object", "embed"):
            findings.append(f"élément injecté <{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "autofocus":
                findings.append(f"attribut injecté {name}= sur <{tag}>")
            if name in ("href", "src", "action", "formaction") and value and value.strip().lower().startswith("javascript:"):
                findings.append(f"URL javascript: dans <{tag} {name}>")
    for tag, attrs, content in parsed.blocks:
        if tag == "script" and attrs.get("type") == "application/ld+json":
            findings += json_ld_findings(content)
        elif "alert(" in content or "display:none" in content:
            findings.append(f"bloc <{tag}> injecté : {content[:60]!r}")
    if expected_text is not None and expected_text not in "".join(parsed.text):
        findings.append(f"le texte {expected_text!r} n'apparaît pas tel quel dans la page")
    return findings


def json_ld_findings(block: str) -> list[str]:
    """A JSON-LD block must not close its <script> early and must parse as JSON."""
    findings = []
    if re.search(r"</script|<!--", block, re.IGNORECASE):
        findings.append("le bloc JSON-LD contient </script ou <!-- non échappé")
    try:
        json.loads(block)
    except ValueError as error:
        findings.append(f"le bloc JSON-LD n'est pas du JSON valide : {error}")
    return findings


def xml_findings(document: str | bytes, expected_text: str | None = None) -> list[str]:
    """A feed or sitemap must parse as XML, hold no injected element, and keep the value as text."""
    try:
        root = ElementTree.fromstring(document)
    except ElementTree.ParseError as error:
        return [f"XML invalide : {error}"]
    findings = [f"élément injecté <{el.tag}>" for el in root.iter() if el.tag in ("evil", "script", "img", "svg")]
    if expected_text is not None and expected_text not in "".join(root.itertext()):
        findings.append(f"le texte {expected_text!r} n'apparaît pas tel quel dans le document")
    return findings


def pages(output: Path) -> dict[str, str]:
    """Every HTML file of a built site, by its path under output/."""
    return {p.relative_to(output).as_posix(): p.read_text(encoding="utf-8") for p in sorted(output.rglob("*.html"))}
