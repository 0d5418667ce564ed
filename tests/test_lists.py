"""Lists nested as editors write them: by 2 spaces (GitHub's web editor, CMSs), 3 (after « 1. ») or 4."""

from __future__ import annotations

import re

import pytest

FIGURE = "---\ntitle: Listes\nfamily: forces-du-petit\ndefinition: Une ligne.\n---\n{body}\n"


def lists_of(html: str) -> str:
    """The list of the entry's text (from its first item « Atelier » to its last, « Fin »): tags and words only."""
    start = html.rindex("<ul>", 0, html.index("<li>Atelier"))
    end = html.index("</ul>", html.index("<li>Fin</li>")) + len("</ul>")
    return re.sub(r"\s+", "", html[start:end])


NESTED = "<ul><li>Atelier<ul><li>Accueil</li><li>Écriture<ul><li>Lecture</li></ul></li></ul></li><li>Fin</li></ul>"


@pytest.mark.parametrize("indent", [2, 4])
def test_nested_lists_nest_with_2_or_4_spaces(indent, build_site):
    one, two = " " * indent, " " * 2 * indent
    body = f"- Atelier\n{one}- Accueil\n{one}- Écriture\n{two}- Lecture\n- Fin\n"
    run = build_site({"content/figures/listes.md": FIGURE.format(body=body)})
    assert run.code == 0, run.err
    assert lists_of(run.page("figures/listes/")) == NESTED


def test_an_ordered_list_nests_under_its_item_text(build_site):
    body = "1. Accueil\n   - café\n2. Écriture\n"
    run = build_site({"content/figures/listes.md": FIGURE.format(body=body)})
    html = run.page("figures/listes/")
    assert re.search(r"<ol>\s*<li>Accueil\s*<ul>\s*<li>café</li>\s*</ul>\s*</li>\s*<li>Écriture</li>\s*</ol>", html)


def test_what_follows_a_narrow_list_is_left_as_written(build_site):
    body = "- Atelier\n  - Accueil\n\nUn paragraphe.\n\n    du code\n"
    run = build_site({"content/figures/listes.md": FIGURE.format(body=body)})
    html = run.page("figures/listes/")
    assert "<ul>\n<li>Accueil</li>\n</ul>" in html
    assert "<p>Un paragraphe.</p>" in html and "<pre><code>du code\n</code></pre>" in html
