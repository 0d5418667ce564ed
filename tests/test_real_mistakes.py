"""One mistake made in the real content gives exactly one problem, on its file and line.

Each mistake is made on a copy of the real content (and of the copy with an editor's additions), in
the entry the most other files link to: links and references to an entry that failed are not
reported as leading nowhere. Nothing here names today's entries.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.messages import join_known, message
from sitegen.source.content import ENTRY_SUFFIXES, link_targets, source_of
from sitegen.source.reader import read_source
from sitegen.source.schema import ENTRY_TYPES, references

from judges import PROJECT
from reader_site import picture
from real_site import NOW, copy_with_additions, entries_of


@pytest.fixture(params=["real", "additions"])
def site_copy(request, tmp_path) -> Path:
    """A copy of the real content, or of the copy with an editor's additions."""
    if request.param == "additions":
        return copy_with_additions(tmp_path / "site")
    root = tmp_path / "site"
    root.mkdir()
    shutil.copy(PROJECT / "site.yaml", root / "site.yaml")
    shutil.copytree(PROJECT / "content", root / "content")
    return root


def entry_files(root: Path) -> dict[str, Path]:
    """Every entry file of `root/content`, by its path from the root."""
    files = sorted((root / "content").rglob("*"))
    return {file.relative_to(root).as_posix(): file for file in files if file.suffix in ENTRY_SUFFIXES}


def most_linked(root: Path) -> tuple[str, str, str]:
    """The Markdown entry the most other files link to: its path from the root, its type and title."""
    files = entry_files(root)
    counts: Counter[str] = Counter()
    for path, file in files.items():
        counts.update({source_of(target, path) for target, _ in link_targets(read_source(file, path).body)} - {path})
    path, count = next((p, n) for p, n in counts.most_common() if p in files and p.endswith(".md"))
    assert count >= 2, "the real content has an entry linked from two other files"
    types = {f"content/{e['folder']}/{files[path].name}": e["type"] for e in entries_of(root)}
    return path, types[path], read_source(files[path], path).data["title"]


def problems_of(root: Path, capsys) -> list[str]:
    assert main(["check", "--root", str(root), "--now", NOW, "--cache", str(root.parent / "cache")]) == 1
    return capsys.readouterr().err.splitlines()


def line_of(root: Path, path: str, start: str) -> int:
    lines = (root / path).read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if text.startswith(start))


def test_a_misspelt_field_is_one_problem(site_copy, capsys):
    path, type_, _ = most_linked(site_copy)
    file = site_copy / path
    file.write_text(file.read_text(encoding="utf-8").replace("\ntitle:", "\ntilte:", 1), encoding="utf-8")
    line = line_of(site_copy, path, "tilte:")
    known = join_known(list(ENTRY_TYPES[type_].model_fields), 30)
    text = message("extra_forbidden", suggestion=message("did_you_mean", match="title"), known=known)
    assert problems_of(site_copy, capsys) == [f"{path}:{line}: tilte: {text}"]


def test_a_picture_without_alt_text_is_one_problem(site_copy, capsys):
    path, _, _ = most_linked(site_copy)
    file = site_copy / path
    (file.parent / "sans-alt.png").write_bytes(picture(64, 48))
    text = file.read_text(encoding="utf-8")
    end = text.index("\n---", 3)
    file.write_text(text[:end] + "\nimages:\n  - src: sans-alt.png" + text[end:], encoding="utf-8")
    line = line_of(site_copy, path, "  - src: sans-alt.png")
    assert problems_of(site_copy, capsys) == [f"{path}:{line}: images.alt: {message('missing_alt')}"]


def test_an_unclosed_quote_is_one_problem_on_its_line(site_copy, capsys):
    path, _, title = most_linked(site_copy)
    file = site_copy / path
    lines = file.read_text(encoding="utf-8").split("\n")
    line = line_of(site_copy, path, "title:")
    lines[line - 1] = f'title: "{title}'
    file.write_text("\n".join(lines), encoding="utf-8")
    unclosed = message("yaml_unclosed_quote", quote='"')
    assert problems_of(site_copy, capsys) == [f"{path}:{line}: {unclosed}"]


def test_a_refused_entry_that_others_reference_is_one_problem(site_copy, capsys):
    entries = entries_of(site_copy)
    referenced: Counter[tuple[str, str]] = Counter()
    for entry in entries:
        for name, target in references(ENTRY_TYPES[entry["type"]]).items():
            value = entry["data"].get(name) or []
            referenced.update((target, ref) for ref in ([value] if isinstance(value, str) else value))
    (type_, slug), count = next((key, n) for key, n in referenced.most_common() if key[0] in ENTRY_TYPES)
    assert count >= 2, "the real content has an entry referenced by two others"
    folder = next(e["folder"] for e in entries if (e["type"], e["slug"]) == (type_, slug))
    path, file = next((p, f) for p, f in entry_files(site_copy).items() if p.startswith(f"content/{folder}/") and f.stem == slug)
    text = file.read_text(encoding="utf-8")
    if file.suffix == ".md":
        end = text.index("\n---", 3)
        text = text[:end] + "\npublish: bientôt" + text[end:]
    else:
        text = text.rstrip("\n") + "\npublish: bientôt\n"
    file.write_text(text, encoding="utf-8")
    line = line_of(site_copy, path, "publish: bientôt")
    assert problems_of(site_copy, capsys) == [f"{path}:{line}: publish: {message('date', value='bientôt')}"]
