"""Property-based: whatever an editor writes in a header, a title, a tag, a slug or a file name, the build
either succeeds or lists problems as `path:line: …` — it never stops on a traceback."""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sitegen.cli import main

from conftest import NOW, write_files

# 40 examples per property keeps the suite fast; HYPOTHESIS_EXAMPLES=2000 explores further.
FAST = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "40")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
PROBLEM = re.compile(r"^[^\n]+:\d+: \S")

FIELDS = {
    "rendez-vous": ["title", "slug", "summary", "tags", "start", "end", "venue", "programme", "partners", "cancelled"],
    "figures": ["title", "slug", "tags", "family", "definition", "related"],
    "imaginaires": ["title", "kind", "credits", "images", "figures"],
    "partenaires": ["title", "url", "summary"],
}

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40)
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8
)


def build(files: dict[str, str | bytes]) -> tuple[int, str]:
    """Build an inline site in a fresh folder; return the exit code and what went to standard error."""
    with tempfile.TemporaryDirectory() as folder:
        root = write_files(Path(folder) / "site", files)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--root", str(root), "--now", NOW])
        if code == 0:
            assert (root / "output" / "index.html").is_file()
        return code, err.getvalue()


def assert_built_or_reported(code: int, err: str) -> None:
    assert code in (0, 1), err
    if code == 0:
        assert err == ""
    else:
        lines = err.splitlines()
        assert lines, "exit 1 without any problem"
        assert all(PROBLEM.match(line) for line in lines), err


def entry(header: dict, body: str = "Un texte.\n") -> str:
    return "---\n" + yaml.safe_dump(header, allow_unicode=True, sort_keys=False) + "---\n" + body


@FAST
@given(folder=st.sampled_from(sorted(FIELDS)), data=st.data())
def test_any_front_matter_values(folder, data):
    names = data.draw(st.lists(st.sampled_from([*FIELDS[folder], "inconnu"]), unique=True, max_size=6))
    header = {name: data.draw(values, label=name) for name in names}
    assert_built_or_reported(*build({f"content/{folder}/entree.md": entry(header)}))


@FAST
@given(
    title=st.text(max_size=60),
    tags=st.lists(st.text(max_size=20), max_size=4),
    slug=st.none() | st.text(max_size=20) | st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True),
    body=st.text(max_size=200),
)
def test_any_title_tags_slug_and_body(title, tags, slug, body):
    header = {"title": title, "family": "forces-du-petit", "definition": "Rendre visible.", "tags": tags}
    if slug is not None:
        header["slug"] = slug
    assert_built_or_reported(*build({"content/figures/eclairer.md": entry(header, body)}))


@FAST
@given(raw=st.text(max_size=80))
def test_any_raw_header_text(raw):
    """Text pasted straight into the header, YAML or not."""
    text = f"---\ntitle: {raw}\nfamily: forces-du-petit\ndefinition: d\n---\n"
    assert_built_or_reported(*build({"content/figures/eclairer.md": text}))


@FAST
@given(name=st.text(st.characters(exclude_categories=["Cs"], exclude_characters="/\x00"), min_size=1, max_size=30))
def test_any_file_name(name):
    assume(name not in (".", "..") and len(name.encode()) < 200)
    code, err = build({f"content/figures/{name}.md": entry({"title": "X", "family": "forces-du-petit", "definition": "d"})})
    assert_built_or_reported(code, err)
