"""The figure map: the table of the dynamics drawn as SVG, one panel per family.

A pure function of plain values (titles, URLs, how many entries of each kind cite a figure): the
same figures give the same bytes. Each family is its own `<svg>`, so panels reflow with the page
(one column on a phone, several on a screen) and their text keeps a legible size; each figure is an
`<a>` that the keyboard reaches, named for screen readers with what cites it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from ..messages import reader_text
from ..source.content import Entry
from .typography import typo

CITING = ("story", "report", "imaginary")  # the kinds of entries counted, in the legend's order
WIDTH = 340  # the viewBox's width: about the width a panel takes on a 375 px phone
ROW = 22  # height of one line of a figure's label
GAP = 16  # space between two figures
TOP = 18
SPINE_X = 16
NODE_X = 34
LABEL_X = 66
CHARS = 24  # characters of a label per line: 15 px text beside up to six marks
MARK = 8  # side of a mark (one entry that cites the figure)
MARKS = 6  # marks drawn at most per kind (the label says the count)


@dataclass(frozen=True)
class MapFigure:
    """One figure as the map draws it."""

    title: str
    url: str
    cited: tuple[int, ...]  # how many entries of each kind of CITING cite it


@dataclass(frozen=True)
class MapFamily:
    """One family's panel."""

    id: str
    name: str
    figures: tuple[MapFigure, ...]
    added_by_site: bool = False  # a grouping of the site's own, not one of the cycle's (site.yaml)


def map_families(families: tuple[tuple[Any, tuple[Entry, ...]], ...]) -> tuple[MapFamily, ...]:
    """The map's values from the figure table (families of site.yaml with their figures); empty families are left out."""
    return tuple(
        MapFamily(
            family.id,
            family.name,
            tuple(MapFigure(f.title, f.url, tuple(len(f.backlinks.get(kind, ())) for kind in CITING)) for f in figures),
            bool(getattr(family, "added_by_site", False)),
        )
        for family, figures in families
        if figures
    )


def wrap(text: str, width: int = CHARS) -> list[str]:
    """`text` cut into lines of at most `width` characters, at spaces (a longer word keeps its own line)."""
    lines: list[str] = []
    for word in filter(None, text.split(" ")):  # only spaces: a non-breaking one holds its words together
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def cited_label(figure: MapFigure) -> str:
    """What cites a figure, in French words (« citée par 2 micro-histoires et 1 compte rendu »)."""
    parts = [
        reader_text(f"map_{kind}_{'one' if count == 1 else 'many'}", count=count)
        for kind, count in zip(CITING, figure.cited, strict=True)
        if count
    ]
    if not parts:
        return reader_text("map_cited_none")
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " et " + parts[-1]
    return reader_text("map_cited", what=listed)


def family_svg(family: MapFamily, heading_id: str) -> Markup:
    """One family's panel: a spine, a node per figure (larger when more entries cite it), its label, and at
    the right one mark per entry that cites it."""
    rows: list[str] = []
    y = TOP
    centres: list[int] = []
    for figure in family.figures:
        title = str(typo(figure.title))
        lines = wrap(title)
        height = ROW * len(lines)
        total = sum(figure.cited)
        radius = 6 + 2 * min(total, 5)
        cy = y + ROW // 2
        centres.append(cy)
        label = f"{title} — {cited_label(figure)}"
        # a space between lines: the visible name reads as the title (WCAG 2.5.3)
        texts = " ".join(f'<tspan x="{LABEL_X}" y="{cy + 5 + ROW * i}">{escape(line)}</tspan>' for i, line in enumerate(lines))
        marks, x = [], WIDTH - 8 - MARK
        for kind, count in reversed(tuple(zip(CITING, figure.cited, strict=True))):
            for _ in range(min(count, MARKS)):
                marks.append(f'<rect class="mark mark-{kind}" x="{x}" y="{cy - MARK // 2}" width="{MARK}" height="{MARK}"/>')
                x -= MARK + 3
            if count:
                x -= 5
        rows.append(
            f'<a href="{escape(figure.url)}" aria-label="{escape(label)}">'
            f'<rect class="hit" x="2" y="{y - GAP // 2 + 1}" width="{WIDTH - 4}" height="{height + GAP - 2}" rx="4"/>'
            f'<line class="branch" x1="{SPINE_X}" x2="{NODE_X}" y1="{cy}" y2="{cy}"/>'
            f'<circle class="node{" node-cited" if total else ""}" cx="{NODE_X + 6}" cy="{cy}" r="{radius}"/>'
            f'<text class="label">{texts}</text>{"".join(marks)}</a>'
        )
        y += height + GAP
    height = y - GAP + TOP
    spine = f'<line class="spine" x1="{SPINE_X}" x2="{SPINE_X}" y1="{centres[0]}" y2="{centres[-1]}"/>' if centres else ""
    return Markup(
        f'<svg class="figure-map-svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-labelledby="{escape(heading_id)}">{spine}{"".join(rows)}</svg>'
    )


def legend() -> tuple[tuple[str, str], ...]:
    """The legend's entries: the class of each kind's mark and its French name."""
    return tuple((kind, reader_text(f"map_{kind}_legend")) for kind in CITING)
