"""The benchmark runner's pure helpers (bench/run.py, bench/reload_client.py); nothing here is timed."""

from __future__ import annotations

import json
import os

import yaml

from bench.corpus import plan, source_text
from bench.reload_client import frame, unframe
from bench.run import clone_site, front_title, rebuild_factor, retitled


def test_retitled_changes_the_title_line_only_and_stays_valid():
    figure = next(s for s in plan(30, seed=4) if s.folder == "figures")
    text = source_text(figure)
    assert front_title(text) == figure.title
    changed = retitled(text, 'Un « titre » modifié: n° 2 "cité"')
    assert front_title(changed) == 'Un « titre » modifié: n° 2 "cité"'
    matter, body = changed.split("---\n", 2)[1:]
    assert yaml.safe_load(matter) == {**yaml.safe_load(text.split("---\n", 2)[1]), "title": 'Un « titre » modifié: n° 2 "cité"'}
    assert body == figure.body
    assert [line for line in changed.splitlines() if not line.startswith("title:")] == [
        line for line in text.splitlines() if not line.startswith("title:")
    ]


def test_a_plain_title_is_read_too():
    assert front_title("---\ntitle: essaimage\nfamily: x\n---\ntitle: not this one\n") == "essaimage"


def test_rebuild_targets_by_size():
    assert [rebuild_factor(n) for n in (100, 1000, 5000, 10000, 20000)] == [
        (2.0, 1000), (2.0, 1000), (2.0, 1000), (5.0, 10000), (5.0, 10000),
    ]  # fmt: skip


def test_a_clone_has_new_mtimes_and_the_previous_cache(tmp_path):
    site = tmp_path / "site"
    (site / "content" / "figures").mkdir(parents=True)
    (site / ".cache").mkdir()
    (site / "site.yaml").write_text("title: x\n")
    (site / "content" / "figures" / "a.md").write_text("---\ntitle: a\n---\n")
    (site / ".cache" / "manifest.json").write_text("{}")
    old = 1_000_000_000
    for path in (site / "site.yaml", site / "content" / "figures" / "a.md", site / ".cache" / "manifest.json", site / "content"):
        os.utime(path, (old, old))
    clone_site(site, tmp_path / "clone")
    clone = tmp_path / "clone"
    assert sorted(p.relative_to(clone).as_posix() for p in clone.rglob("*")) == [
        ".cache", ".cache/manifest.json", "content", "content/figures", "content/figures/a.md", "site.yaml",
    ]  # fmt: skip
    assert (clone / "content" / "figures" / "a.md").read_text() == "---\ntitle: a\n---\n"
    assert min(p.stat().st_mtime for p in (clone / "site.yaml", clone / "content", clone / "content/figures/a.md")) > old
    assert (clone / ".cache" / "manifest.json").stat().st_mtime == old  # restored as a CI cache is, mtimes kept


def test_websocket_frames_round_trip():
    for size in (5, 200, 70_000):
        message = json.dumps({"command": "reload", "path": "x" * size})
        sent = frame(message)
        assert sent[0] == 0x81 and sent[1] & 0x80  # a client's text frame is masked
        opcode, payload, used = unframe(sent + b"rest")  # type: ignore[misc]
        assert (opcode, payload.decode(), used) == (1, message, len(sent))
        assert unframe(sent[:-1]) is None
    unmasked = bytes([0x81, 2]) + b"{}"  # as a server sends it
    assert unframe(unmasked) == (1, b"{}", 4)
