"""French spaces in rendered text only: never in code, URLs or attributes."""

from __future__ import annotations

import markdown
import pytest
from markupsafe import Markup

from sitegen.typography import NNBSP, french_spaces, register, typo

from reader_site import READER_SITE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Qui décide ?", f"Qui décide{NNBSP}?"),
        ("Attention !", f"Attention{NNBSP}!"),
        ("deux points : suite ; fin", f"deux points{NNBSP}: suite{NNBSP}; fin"),
        ("les « petits »", f"les «{NNBSP}petits{NNBSP}»"),
        ("les « ", f"les «{NNBSP}"),  # a link follows: « [texte](lien) »
        ("déjà\u00a0: insécable", f"déjà{NNBSP}: insécable"),
        ("à la ligne\n: suite", f"à la ligne{NNBSP}: suite"),
        ("14:00 et http://fing.org/?a=1", "14:00 et http://fing.org/?a=1"),  # no space: nothing added
        ("voir https://x.org/a ? non", f"voir https://x.org/a{NNBSP}? non"),
        ("sans ponctuation", "sans ponctuation"),
    ],
)
def test_french_spaces(text, expected):
    assert french_spaces(text) == expected


def test_urls_are_never_changed():
    assert french_spaces("lien https://exemple.org/a?b=1 ; fin") == f"lien https://exemple.org/a?b=1{NNBSP}; fin"
    assert french_spaces("mailto:x@y.org ; fin") == f"mailto:x@y.org{NNBSP}; fin"


def test_filter_keeps_markup_and_none():
    assert typo(None) == ""
    assert typo(Markup("<b>a</b> : b")) == Markup("<b>a</b> : b")
    assert typo("Atelier : Rennes") == f"Atelier{NNBSP}: Rennes"


def _markdown(source: str) -> str:
    md = markdown.Markdown(extensions=["attr_list", "toc"])
    register(md)
    return md.convert(source)


def test_markdown_text_nodes_only():
    html = _markdown(
        "Une question ? Les « petits ».\n\n"
        'Du code `a : b ?` et un [lien](https://x.org/?q=1 "titre : ici ?") ; '
        "une adresse <https://fing.org/?a=b> !\n\n"
        "    bloc : de code ?\n\n"
        '<span title="attribut : brut ?">html brut</span> : fin\n\n'
        '## Titre : sous-titre {: #ancre data-x="y : z" }'
    )
    assert f"Une question{NNBSP}? Les «{NNBSP}petits{NNBSP}»." in html
    assert "<code>a : b ?</code>" in html
    assert 'href="https://x.org/?q=1"' in html and 'title="titre : ici ?"' in html
    assert f"</a>{NNBSP}; une adresse" in html
    assert '<a href="https://fing.org/?a=b">https://fing.org/?a=b</a>' in html
    assert "<pre><code>bloc : de code ?" in html
    assert '<span title="attribut : brut ?">html brut</span>' in html
    assert f'<h2 data-x="y : z" id="ancre">Titre{NNBSP}: sous-titre</h2>' in html


def test_built_pages_use_narrow_spaces_in_text_only(build_site):
    run = build_site(READER_SITE)
    assert run.code == 0, run.err
    page = run.page("rendez-vous/atelier-rennes/")
    assert f"<h1>Atelier à Rennes{NNBSP}: petits et grands</h1>" in page
    assert f"des «{NNBSP}petits{NNBSP}»{NNBSP}: qui décide{NNBSP}?" in page
    assert "<code>a : b</code>" in page
    assert '<a href="https://fing.org/?a=1">https://fing.org/?a=1</a> restent' in page
    assert 'content="Atelier à Rennes : petits et grands"' in page  # attributes keep plain spaces
    assert 'content="Un après-midi sur les écosystèmes ; qui est petit ?"' in page
    assert f"Un après-midi sur les écosystèmes{NNBSP}; qui est petit{NNBSP}?</p>" in page
    card = run.page("rendez-vous/")
    assert f"Atelier à Rennes{NNBSP}: petits et grands</a>" in card
