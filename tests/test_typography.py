"""French spaces in rendered text only: never in code, URLs or attributes."""

from __future__ import annotations

import markdown
import pytest
from markupsafe import Markup

from sitegen.render.typography import NBSP, NNBSP, FrenchSpaces, french_spaces, french_text, register, typo, typo_text

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
    assert f'<h2 data-x="y : z" id="ancre">Titre{NNBSP}: <span class="nowrap">sous-titre</span></h2>' in html


def test_built_pages_use_narrow_spaces_in_text_only(build_site):
    run = build_site(READER_SITE)
    assert run.code == 0, run.err
    page = run.page("rendez-vous/atelier-rennes/")
    assert f'<h1 class="p-name">Atelier à Rennes{NNBSP}: petits et grands</h1>' in page
    assert f"des «{NNBSP}petits{NNBSP}»{NNBSP}: qui décide{NNBSP}?" in page
    assert "<code>a : b</code>" in page
    assert '<a href="https://fing.org/?a=1">https://fing.org/?a=1</a> restent' in page
    assert 'content="Atelier à Rennes : petits et grands"' in page  # attributes keep plain spaces
    assert 'content="Un après-midi sur les écosystèmes ; qui est petit ?"' in page
    assert f'Un <span class="nowrap">après-midi</span> sur les écosystèmes{NNBSP}; qui est petit{NNBSP}?</p>' in page
    card = run.page("rendez-vous/")
    assert f"Atelier à Rennes{NNBSP}: petits et grands</a>" in card


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Written out, not with NNBSP: the tests must fail if the module's own constant changes.
        ("a ; b", "a\u202f; b"),
        ("a : b", "a\u202f: b"),
        ("a ! b", "a\u202f! b"),
        ("a ? b", "a\u202f? b"),
        ("« a »", "«\u202fa\u202f»"),
        ("a\u2009: b", "a\u202f: b"),  # a thin space becomes the narrow no-break space
        ("a\u202f: b", "a\u202f: b"),  # already right: unchanged
        ("a\t; b", "a\u202f; b"),
        ("a \u00a0 ? b", "a\u202f? b"),  # a run of spaces becomes one
        ("«\u00a0a", "«\u202fa"),
        ("«", "«"),
        ("a;b:c!d?e", "a;b:c!d?e"),  # no space, nothing added
        ("« a", "«\u202fa"),
        ("a »", "a\u202f»"),
    ],
)
def test_each_mark_gets_exactly_a_narrow_no_break_space(text, expected):
    assert french_spaces(text) == expected
    assert typo(text) == expected


def test_the_narrow_no_break_space_is_u202f():
    assert NNBSP == "\u202f"


def test_raw_inline_html_code_keeps_its_spaces(build_site):
    body = (
        "Du code brut <code>a : b ?</code> et <kbd>Ctrl : C !</kbd> ; <samp>x ; y</samp> puis "
        '<code class="x">*c* « d »</code> : fin ?\n\n'
        "Les « petits » <b>gras : oui</b> !\n"
    )
    run = build_site(
        {
            "content/figures/eclairer.md": "---\ntitle: Éclairer\nfamily: forces-du-petit\ndefinition: d\n---\n" + body,
        }
    )
    assert run.code == 0, run.err
    page = run.page("figures/eclairer/")
    assert (
        "<p>Du code brut <code>a : b ?</code> et <kbd>Ctrl : C !</kbd>\u202f; <samp>x ; y</samp> puis "
        '<code class="x"><em>c</em> « d »</code>\u202f: fin\u202f?</p>'
    ) in page
    assert "<p>Les «\u202fpetits\u202f» <b>gras\u202f: oui</b>\u202f!</p>" in page


def test_text_between_two_urls_is_spaced_and_both_urls_kept():
    assert french_spaces("a https://x.org/ ; b mailto:c@d.org ! e") == "a https://x.org/\u202f; b mailto:c@d.org\u202f! e"


def test_raw_code_stays_untouched_around_other_tags_and_within_its_block():
    html = _markdown(
        "<code>a <b>b</b> : c</code> ; <kbd><samp>x</samp> : y</kbd> ?\n\n"
        "Une ligne\n\n---\n\n"  # an element without text (<hr>)
        "<code>jamais fermé : ici\n\n"
        "Paragraphe suivant : espacé !"
    )
    assert html == (
        "<p><code>a <b>b</b> : c</code>\u202f; <kbd><samp>x</samp> : y</kbd>\u202f?</p>\n"
        "<p>Une ligne</p>\n<hr />\n"
        "<p><code>jamais fermé : ici</p>\n"
        "<p>Paragraphe suivant\u202f: espacé\u202f!</p>"
    )


def test_the_treeprocessor_runs_after_inline_markup_under_its_name():
    md = markdown.Markdown()
    register(md)
    order = [md.treeprocessors.get_index_for_name(name) for name in ("inline", "prettify", "french_spaces")]
    assert order == sorted(order)  # after the inline patterns made the text nodes
    assert isinstance(md.treeprocessors["french_spaces"], FrenchSpaces)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("L'ONU des données", "L’ONU des données"),  # the typographic apostrophe between letters
        ("'guillemets simples'", "'guillemets simples'"),  # not an apostrophe: left alone
        ("à 14:15", f"à 14{NBSP}h{NBSP}15"),  # times as French writes them
        ("14:15–15:00", f"14{NBSP}h{NBSP}15–15{NBSP}h{NBSP}00"),
        ("9:30 et 23:59", f"9{NBSP}h{NBSP}30 et 23{NBSP}h{NBSP}59"),
        ("12:30:45, 1:2, 24:00, 3.14:15", "12:30:45, 1:2, 24:00, 3.14:15"),  # not times of day
        ("http://x.org/l'a:80 14:00", f"http://x.org/l'a:80 14{NBSP}h{NBSP}00"),  # URLs untouched
        ("micro-histoires", "micro-histoires"),  # plain text keeps its hyphen (the markup keeps it whole)
    ],
)
def test_french_text(text, expected):
    assert french_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Paris 11e", "Paris 11<sup>e</sup>"),
        (
            "le 1er, la 1re, le 2nd, la 2de, les 3es",
            "le 1<sup>er</sup>, la 1<sup>re</sup>, le 2<sup>nd</sup>, la 2<sup>de</sup>, les 3<sup>es</sup>",
        ),
        ("1e10, 11em, A11e, 2016", "1e10, 11em, A11e, 2016"),  # not ordinals
        ("les micro-histoires", 'les <span class="nowrap">micro-histoires</span>'),
        ("Provence-Alpes-Côte d'Azur", '<span class="nowrap">Provence-Alpes-Côte</span> d’Azur'),
        ("2016-2017, a - b, -x", "2016-2017, a - b, -x"),  # no compound word there
        ("<b>11e</b> & co", "&lt;b&gt;11<sup>e</sup>&lt;/b&gt; &amp; co"),  # the text is escaped, only our markup is HTML
        ("voir https://a-b.org/11e", "voir https://a-b.org/11e"),
    ],
)
def test_filter_raises_ordinals_and_keeps_compounds_whole(text, expected):
    assert str(typo(text)) == expected
    assert "<" not in typo_text(text) or "<b>" in text  # <title> gets no markup


def test_markdown_typography_skips_code_urls_and_attributes():
    html = _markdown(
        "Les micro-histoires du 11e, l'après-midi à 14:15.\n\n"
        "`micro-histoires 11e l'a 14:15` et [le 11e](https://a-b.org/l'11e-14:15 \"titre l'a 11e\") "
        "<https://x-y.org/11e>\n\n"
        "    bloc l'a 11e micro-a 14:15\n\n"
        '<span title="11e l\'a a-b 14:15">x</span> <code>a-b 11e</code>'
    )
    assert (
        '<p>Les <span class="nowrap">micro-histoires</span> du 11<sup>e</sup>, l’<span class="nowrap">après-midi</span>'
        f" à 14{NBSP}h{NBSP}15.</p>"
    ) in html
    assert "<code>micro-histoires 11e l'a 14:15</code>" in html
    assert 'href="https://a-b.org/l\'11e-14:15"' in html and 'title="titre l\'a 11e"' in html
    assert ">le 11<sup>e</sup></a>" in html  # a link's text is prose
    assert '<a href="https://x-y.org/11e">https://x-y.org/11e</a>' in html
    assert "<pre><code>bloc l'a 11e micro-a 14:15" in html
    assert '<span title="11e l\'a a-b 14:15">x</span> <code>a-b 11e</code>' in html


def test_built_pages_typeset_titles_and_programmes_but_not_attributes(build_site):
    site = {
        "content/rendez-vous/atelier.md": """
            ---
            title: "L'atelier du 11e"
            summary: "Les micro-histoires de l'après-midi"
            start: 2016-12-15 14:00
            venue: {city: Paris 11e}
            programme:
              - {time: "14:15–15:00", title: "Écriture d'une micro-histoire"}
            ---
            Un texte.
        """,
    }
    run = build_site(site)
    assert run.code == 0, run.err
    page = run.page("rendez-vous/atelier/")
    assert "<title>L’atelier du 11e — Site d’essai</title>" in page  # no markup inside <title>
    assert '<h1 class="p-name">L’atelier du 11<sup>e</sup></h1>' in page
    assert '<dd class="p-location">Paris 11<sup>e</sup></dd>' in page
    assert f"<td>14{NBSP}h{NBSP}15–15{NBSP}h{NBSP}00</td><td>Écriture d’une micro-histoire</td>" in page.replace(
        '<span class="nowrap">micro-histoire</span>', "micro-histoire"
    )
    assert 'content="L&#39;atelier du 11e"' in page  # attributes keep the text as written
    assert 'content="Les micro-histoires de l&#39;après-midi"' in page
