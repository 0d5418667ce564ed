"""The figure map (sitegen/render/figure_map.py): a picture of the table, its links, its text equivalent, its rebuilds."""

from __future__ import annotations

import re
from datetime import date

from test_cache import SITE, figure

from sitegen.pipeline import build
from sitegen.render.figure_map import MapFamily, MapFigure, cited_label, family_svg, wrap

from conftest import write_files

NOW = date(2016, 11, 1)
STORY = "---\ntitle: {title}\nstatus: complete\nfigures: [{figures}]\n---\nUn récit.\n"


def test_a_panel_is_the_same_bytes_for_the_same_figures_and_escapes_titles():
    family = MapFamily(
        "f", "Famille", (MapFigure("A <b> & « c »", "/figures/a/", (2, 1, 0)), MapFigure("B", "/figures/b/", (0, 0, 0)))
    )
    svg = family_svg(family, "carte-f")
    assert svg == family_svg(family, "carte-f")
    assert "<b>" not in svg and "A &lt;b&gt; &amp; «\u202fc\u202f»" in svg  # escaped, typeset
    assert svg.count("<a ") == 2 and 'href="/figures/a/"' in svg
    assert 'aria-label="A &lt;b&gt; &amp; «\u202fc\u202f» — citée par 2 micro-histoires et 1 compte rendu"' in svg
    assert svg.count('class="mark mark-story"') == 2 and svg.count('class="mark mark-report"') == 1
    radii = [int(r) for r in re.findall(r'<circle class="node[^"]*" cx="\d+" cy="\d+" r="(\d+)"', svg)]
    assert radii[0] > radii[1]  # the more entries cite a figure, the larger its node


def test_long_titles_wrap_into_lines_that_fit_the_panel():
    assert wrap("Efficacité et petite taille dans un monde aux ressources finies", 24) == [
        "Efficacité et petite",
        "taille dans un monde aux",
        "ressources finies",
    ]
    assert wrap("Pas\u202fcoupé ici", 5) == ["Pas\u202fcoupé", "ici"]  # a no-break space holds
    svg = family_svg(MapFamily("f", "F", (MapFigure("un " * 30, "/u/", (0, 0, 0)),)), "x")
    xs = [int(x) for x in re.findall(r'<tspan x="(\d+)"', svg)]
    assert len(xs) > 1
    assert "</tspan> <tspan" in svg  # the lines read as one title, words apart
    width = int(re.search(r'viewBox="0 0 (\d+) ', svg).group(1))
    assert all(len(line) <= 24 and x + len(line) * 9 <= width for x, line in zip(xs, wrap("un " * 30, 24), strict=True))


def test_what_cites_a_figure_is_said_in_french():
    assert cited_label(MapFigure("A", "/a/", (0, 0, 0))) == "citée par aucune autre publication du site"
    assert cited_label(MapFigure("A", "/a/", (1, 0, 3))) == "citée par 1 micro-histoire et 3 imaginaires"
    assert cited_label(MapFigure("A", "/a/", (2, 2, 1))) == "citée par 2 micro-histoires, 2 comptes rendus et 1 imaginaire"


def test_the_figures_page_draws_every_figure_and_has_the_table_in_text(tmp_path):
    files = SITE | {"content/micro-histoires/recit.md": STORY.format(title="Un récit", figures="essaimage")}
    root = write_files(tmp_path / "site", files)
    result = build(root, NOW, root / "output", search=False)
    assert result.problems == []
    page = result.pages["figures/index.html"].decode()
    svg = page[page.index('<svg class="figure-map-svg"') : page.index("</svg>", page.index("figure-map-svg")) + 6]
    assert 'href="/figures/essaimage/"' in svg and 'href="/figures/eclairer/"' in svg
    assert "Essaimage — citée par 1 micro-histoire" in svg and "Éclairer — citée par aucune" in svg
    table = page[page.index("<table") : page.index("</table>")]
    assert '<th scope="row"><a href="/figures/essaimage/">Essaimage</a>' in table
    assert '<a href="/micro-histoires/recit/">Un récit</a>' in table
    assert '<ul class="cards">' not in page  # the table, not a column of cards
    assert "figure-map-svg" in result.pages["index.html"].decode()  # the home page shows the map too


def test_the_map_follows_a_story_citing_a_figure_and_a_title_change_as_a_cold_build_would(tmp_path):
    files = SITE | {"content/micro-histoires/recit.md": STORY.format(title="Un récit", figures="eclairer")}
    root = write_files(tmp_path / "site", files)
    output = root / "output"
    assert build(root, NOW, output, search=False).problems == []
    write_files(root, {
        "content/micro-histoires/recit.md": STORY.format(title="Un récit", figures="essaimage"),
        "content/figures/essaimage.md": figure(title="Essaimage des petits", body="Se répliquer ailleurs."),
    })  # fmt: skip
    pages = build(root, NOW, output, search=False).pages
    shown = pages["figures/index.html"].decode()
    assert "Essaimage des petits — citée par 1 micro-histoire" in shown and "Éclairer — citée par aucune" in shown
    assert "Essaimage des petits — citée par 1 micro-histoire" in pages["index.html"].decode()
    assert pages == build(root, NOW, tmp_path / "froid", search=False, cache=tmp_path / "vide").pages
