"""Pagination, breadcrumbs, previous/next within a section, related entries."""

from __future__ import annotations

import heapq
import os
import re
from collections import Counter
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.site.assemble import Site, Tag
from sitegen.site.navigation import Links, paginate
from sitegen.source.content import Entry

from reader_site import READER_SITE


def test_paginate():
    pages = paginate(list("abcde"), 2, "/x/")
    assert [list(p.items) for p in pages] == [["a", "b"], ["c", "d"], ["e"]]
    assert [p.url for p in pages] == ["/x/", "/x/page/2/", "/x/page/3/"]
    assert (pages[0].previous, pages[0].next) == (None, "/x/page/2/")
    assert (pages[2].previous, pages[2].next) == ("/x/page/2/", None)
    empty = paginate([], 2, "/x/")
    assert len(empty) == 1 and list(empty[0].items) == [] and empty[0].count == 1


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from sitegen.cli import main

    from conftest import write_files

    root = write_files(tmp_path_factory.mktemp("nav") / "site", READER_SITE)
    assert main(["--root", str(root), "--now", "2016-11-01"]) == 0
    return root / "output"


def read(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def _cards(html: str) -> list[str]:
    return re.findall(r'class="card-title"><a href="([^"]+)"', html)


def test_long_section_indexes_are_paginated(site):
    first, second = read(site, "micro-histoires"), read(site, "micro-histoires/page/2")
    assert _cards(first) == ["/micro-histoires/femme-orchestre/", "/micro-histoires/ville/"]  # « La f… », « La v… »
    assert _cards(second) == ["/micro-histoires/onu/"]  # « L'ONU » sorts as « lonu »
    assert '<h1><span class="nowrap">Micro-histoires</span> (page 2 sur 2)</h1>' in second
    assert '<nav class="pager pager-pages" aria-label="Pagination">' in first
    assert '<a href="/micro-histoires/page/2/" rel="next">Page suivante</a>' in first
    assert '<a href="/micro-histoires/" rel="prev">Page précédente</a>' in second
    assert '<a href="/micro-histoires/page/2/" aria-current="page"><span class="visually-hidden">Page </span>2</a>' in second
    assert '<link rel="canonical" href="https://example.org/micro-histoires/page/2/">' in second
    assert not (site / "micro-histoires/page/3").exists()
    assert "Pagination" not in read(site, "comptes-rendus")  # one page: no pager


def test_agenda_and_figure_table_are_never_cut(site):
    assert len(re.findall(r'class="card-title"', read(site, "rendez-vous"))) == 4
    assert not (site / "rendez-vous/page").exists() and not (site / "figures/page").exists()


def test_tag_pages_are_paginated(site):
    first, second = read(site, "etiquettes/atelier"), read(site, "etiquettes/atelier/page/2")
    assert "4 entrées, page 1 sur 2." in first and "4 entrées, page 2 sur 2." in second
    assert len(_cards(first)) == len(_cards(second)) == 2
    assert set(_cards(first)).isdisjoint(_cards(second))


def _crumbs(html: str) -> list[tuple[str, str, bool]]:
    nav = html.split('<nav class="breadcrumbs" aria-label="Fil d\'Ariane">')[1].split("</nav>")[0]
    assert "<ol>" in nav
    return [
        (href, re.sub(r"<[^>]+>", "", text), bool(current))  # text without its typography's spans
        for href, current, text in re.findall(r'<a href="([^"]+)"( aria-current="page")?>(.+?)</a>', nav)
    ]


def test_breadcrumbs(site):
    assert _crumbs(read(site, "figures/eclairer")) == [
        ("/", "Accueil", False),
        ("/figures/", "Figures-modèles", False),
        ("/figures/eclairer/", "Éclairer", True),
    ]
    assert _crumbs(read(site, "etiquettes/atelier/page/2")) == [
        ("/", "Accueil", False),
        ("/etiquettes/", "Étiquettes", False),
        ("/etiquettes/atelier/", "atelier", False),
        ("/etiquettes/atelier/page/2/", "Page 2", True),
    ]
    assert _crumbs(read(site, "a-propos")) == [("/", "Accueil", False), ("/a-propos/", "À propos", True)]
    assert "Fil d'Ariane" not in (site / "index.html").read_text(encoding="utf-8")


def _neighbours(html: str) -> dict[str, str]:
    if 'class="pager pager-entries"' not in html:
        return {}
    nav = html.split('class="pager pager-entries"')[1].split("</nav>")[0]
    return {rel: href for href, rel in re.findall(r'<a href="([^"]+)" rel="(prev|next)">', nav)}


def test_previous_and_next_within_a_section(site):
    # Events in time order: the previous one is the earlier one.
    assert _neighbours(read(site, "rendez-vous/reunion-annulee")) == {
        "prev": "/rendez-vous/journee-creative/",
        "next": "/rendez-vous/atelier-rennes/",
    }
    assert _neighbours(read(site, "rendez-vous/lancement")) == {"next": "/rendez-vous/journee-creative/"}
    assert _neighbours(read(site, "rendez-vous/journee-creative")) == {  # the second one has a previous one too
        "prev": "/rendez-vous/lancement/",
        "next": "/rendez-vous/reunion-annulee/",
    }
    assert _neighbours(read(site, "rendez-vous/atelier-rennes")) == {"prev": "/rendez-vous/reunion-annulee/"}
    # Figures in the table's order: family by family as site.yaml lists them, then the table's order.
    assert _neighbours(read(site, "figures/eclairer")) == {"next": "/figures/proximite/"}
    assert 'aria-label="Dans la rubrique Figures-modèles"' in read(site, "figures/eclairer")
    assert _neighbours(read(site, "comptes-rendus/journee")) == {}


def _related(html: str) -> list[str]:
    if 'id="a-lire-aussi"' not in html:
        return []
    return _cards(html.split('id="a-lire-aussi"')[1].split("</section>")[0])


def test_related_entries_share_tags_or_family(site):
    # Proximité shares the tag « ville » with four entries, and also its family with Éclairer: Éclairer first.
    assert _related(read(site, "figures/proximite")) == [
        "/figures/eclairer/",
        "/imaginaires/contes/",
        "/micro-histoires/ville/",
        "/micro-histoires/onu/",
    ]
    # L'ONU shares one tag with seven entries: the first four in the site's order.
    assert _related(read(site, "micro-histoires/onu")) == [
        "/figures/eclairer/",
        "/figures/proximite/",
        "/imaginaires/contes/",
        "/micro-histoires/ville/",
    ]
    assert _related(read(site, "figures/essaimage")) == []  # no tag, alone in its family


def test_figures_of_one_family_are_related_without_any_tag(build_site):
    figure = "---\ntitle: {}\nfamily: {}\ndefinition: d\n---\n"
    run = build_site(
        {
            "content/figures/a.md": figure.format("A", "forces-du-petit"),
            "content/figures/b.md": figure.format("B", "chemins-pour-les-petits"),
            "content/figures/c.md": figure.format("C", "forces-du-petit"),
        }
    )
    assert run.code == 0, run.err
    assert _related(run.page("figures/a/")) == ["/figures/c/"]
    assert _related(run.page("figures/c/")) == ["/figures/a/"]
    assert _related(run.page("figures/b/")) == []  # alone in its family


# Related entries on made-up sites: the same choice as scoring every entry, at a cost linear in the tags' sizes.


class _CountingList(list):
    """A tag's entries that count how many of them are read."""

    read = 0

    def __iter__(self):
        for entry in super().__iter__():
            _CountingList.read += 1
            yield entry


class _Fields(SimpleNamespace):
    """An entry's fields, as `Common.get` reads them: None for a field its type lacks."""

    def get(self, name: str) -> object:
        return getattr(self, name, None)


def _site(entries: list[tuple[str, list[str]]], orders: dict[str, list[int]] | None = None) -> Site:
    """A site of (family or "" for a story, tags) entries in this order; `orders` permutes a tag's member list."""
    sections = {"figures": SimpleNamespace(type="figure"), "micro-histoires": SimpleNamespace(type="story")}
    made = []
    for index, (family, _) in enumerate(entries):
        section, type_ = ("figures", "figure") if family else ("micro-histoires", "story")
        fields = _Fields(title=f"E{index}", **({"family": family} if family else {}))
        made.append(Entry(type_, section, f"e{index}", fields, SimpleNamespace(path=f"content/{section}/e{index}.md")))
    members: dict[str, list[Entry]] = {}
    for entry, (_, tags) in zip(made, entries, strict=True):
        for slug in tags:
            if slug not in entry.tag_slugs:
                entry.tag_slugs.append(slug)
                members.setdefault(slug, []).append(entry)
    for slug, order in (orders or {}).items():
        if slug in members:
            members[slug] = [members[slug][i] for i in order if i < len(members[slug])]
    tags = {slug: Tag(slug, slug, f"/etiquettes/{slug}/", _CountingList(m)) for slug, m in sorted(members.items())}
    by_type: dict[str, dict[str, Entry]] = {}
    for entry in made:
        by_type.setdefault(entry.type, {})[entry.slug] = entry
    return Site(SimpleNamespace(sections=sections, families=[]), made, by_type, {e.path: e for e in made}, tags)


def _related_by_scoring_every_entry(site: Site, entry: Entry, limit: int) -> list[Entry]:
    """The former Links.related: count each shared tag (and the family) for every entry, then take the best."""
    position = {e: i for i, e in enumerate(site.entries)}
    families: dict[str, list[Entry]] = {}
    for figure in site.of_type("figure"):
        families.setdefault(figure.fields.family, []).append(figure)
    scores: Counter[Entry] = Counter()
    for slug in entry.tag_slugs:
        scores.update(site.tags[slug].entries)
    family = getattr(entry.fields, "family", None)
    if family:
        scores.update(families.get(family, []))
    scores.pop(entry, None)
    return heapq.nsmallest(limit, scores, key=lambda e: (-scores[e], position[e]))


_ENTRIES = st.lists(
    st.tuples(st.sampled_from(["", "", "forces", "chemins"]), st.lists(st.sampled_from("abcdef"), max_size=5)),
    min_size=1,
    max_size=40,
)


@settings(max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "200")), deadline=None, database=None)
@given(entries=_ENTRIES, limit=st.integers(1, 6), shuffle=st.permutations(range(40)))
def test_related_entries_are_those_scoring_every_entry_would_choose(entries, limit, shuffle):
    site = _site(entries, {"a": shuffle, "c": shuffle[::-1]})  # a tag's own order never decides a tie
    links = Links(site, limit=limit)
    for entry in site.entries:
        assert links.related(entry) == _related_by_scoring_every_entry(site, entry, limit), entry


def test_related_entries_read_each_tag_once_for_the_whole_site():
    # 300 entries in one tag: scoring every entry for each of them reads the tag 300 times (90,000 entries).
    site = _site([("forces" if i % 3 else "", ["ville", "petit"] if i % 2 else ["ville"]) for i in range(300)])
    members = sum(len(tag.entries) for tag in site.tags.values())
    _CountingList.read = 0
    links = Links(site)
    nearby = [links.related(entry) for entry in site.entries]
    assert _CountingList.read <= 2 * members, _CountingList.read
    assert nearby[1] == [site.entries[i] for i in (5, 7, 11, 13)]  # both tags and the family
