"""Pagefind's index, made in the staging folder before it replaces output/ (browser checks: test_browser.py)."""

from __future__ import annotations

import json

import pytest

from sitegen.output.search import SearchIndexError, index_site
from sitegen.output.write import write_site

from reader_site import READER_SITE


def test_the_build_writes_a_french_search_index_of_the_entries(build_site):
    run = build_site(READER_SITE)
    assert run.code == 0, run.err
    entry = json.loads((run.output / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    entries = sum(1 for p in run.output.rglob("index.html") if "data-pagefind-body" in p.read_text(encoding="utf-8"))
    assert entries == 15  # every entry, no list page
    assert list(entry["languages"]) == ["fr"] and entry["languages"]["fr"]["page_count"] == entries
    assert (run.output / "pagefind/pagefind-ui.js").is_file()
    assert [p.name for p in run.root.iterdir() if p.name.startswith(".output")] == []


def test_search_page_and_form(build_site):
    run = build_site(READER_SITE)
    page = run.page("recherche/")
    assert "<h1>Rechercher</h1>" in page
    assert '<script src="/pagefind/pagefind-ui.js" defer></script>' in page
    assert "<noscript>" in page and "La recherche a besoin de JavaScript" in page
    assert 'class="site-search"' not in page  # no second search box on the search page
    home = run.page("index.html")
    assert '<form class="site-search" role="search" action="/recherche/" method="get">' in home
    assert '<label for="recherche-rapide">Rechercher</label>' in home


def test_a_failed_index_keeps_the_previous_site(tmp_path):
    output = tmp_path / "output"
    write_site({"index.html": b"<html lang=fr><h1>avant</h1></html>"}, None, {}, output)

    def fail(folder):
        assert (folder / "index.html").read_bytes() == b"apres"  # the new site is complete when it runs
        raise SearchIndexError("index de recherche impossible")

    with pytest.raises(SearchIndexError):
        write_site({"index.html": b"apres"}, None, {}, output, before_swap=fail)
    assert (output / "index.html").read_bytes() == b"<html lang=fr><h1>avant</h1></html>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_pagefind_errors_are_reported_in_french(tmp_path):
    with pytest.raises(SearchIndexError) as error:
        index_site(tmp_path)  # nothing to index
    assert str(error.value).startswith("index de recherche impossible : ")
    assert str(error.value).endswith("— installez les dépendances (python -m pip install -r requirements.txt)")
