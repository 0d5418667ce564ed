"""The benchmark's synthetic corpus builds cleanly and is the same for a seed (no timing here)."""

from __future__ import annotations

import re

import yaml

from bench.corpus import counts, plan, source_text, write_corpus
from bench.hugo_site import write_hugo_site
from sitegen.cli import main


def test_a_generated_corpus_builds_without_problems(tmp_path, capsys):
    specs = write_corpus(tmp_path / "site", 50, seed=3)
    code = main(["--root", str(tmp_path / "site"), "--now", "2020-01-01"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, ""), err
    assert "aucun problème" in out
    assert len(specs) == 50
    assert {s.folder for s in specs} == set(counts(50))
    assert (tmp_path / "site/output/a-propos/index.html").is_file()
    links = sum(s.body.count("](") for s in specs)
    assert links == 288  # every body links to other entries by source path (seed 3: 288 links, 50 bodies)


def test_the_corpus_is_the_same_for_a_seed_and_differs_across_seeds():
    first, again, other = plan(40, seed=7), plan(40, seed=7), plan(40, seed=8)
    assert [source_text(s) for s in first] == [source_text(s) for s in again]
    assert [source_text(s) for s in first] != [source_text(s) for s in other]


def test_bodies_are_french_markdown_of_300_to_800_words():
    specs = plan(60, seed=1)
    words = [len(s.body.split()) for s in specs]
    assert (min(words), max(words)) == (330, 857)  # seed 1; the last block may run past the 800-word target
    bodies = "\n".join(s.body for s in specs)
    for feature in ("\n## ", "\n- ", "**", "|---|", "[^1]: ", "](../figures/"):
        assert feature in bodies


def test_the_hugo_twin_has_the_same_entries_and_bodies(tmp_path):
    specs = plan(30, seed=2)
    write_hugo_site(tmp_path / "hugo", specs)
    pages = sorted(p for p in (tmp_path / "hugo/content").rglob("*.md") if p.name != "_index.md")
    assert len(pages) == len(specs)
    partner = next(s for s in specs if s.folder == "partenaires")
    text = (tmp_path / "hugo/content" / partner.folder / f"{partner.slug}.md").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["title"] == partner.title and front["params"]["website"] == partner.fields["url"]
    assert text.split("---\n", 2)[2] == re.sub(r"\.yaml([)#])", r".md\1", partner.body)  # Hugo content is .md
