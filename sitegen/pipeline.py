"""The whole build, one step after the other: read → validate → assemble → render → write."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .assemble import Site, assemble
from .config import load_config
from .content import load_entries
from .problems import Problem, ProblemError
from .render import render_bodies, render_site
from .write import prepared_output, write_site

PROJECT = Path(__file__).resolve().parent.parent


@dataclass
class BuildResult:
    """What a build produced: pages (path → bytes) and the problems that stopped it, if any."""

    pages: dict[str, bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    entries: int = 0


def site_folder(root: Path, name: str) -> Path:
    """A site's own `templates/` or `static/`, or the project's when the site has none."""
    own = root / name
    return own if own.is_dir() else PROJECT / name


def build(root: Path, now: date, output: Path | None = None) -> BuildResult:
    """Build the site in `root`; write it to `output` only when there is no problem at all.

    Raises OutputError when `output` is unsafe or another build is writing it.
    """
    if output is None:
        return _build(root, now, None)
    with prepared_output(output, root) as checked:
        return _build(root, now, checked)


def _build(root: Path, now: date, output: Path | None) -> BuildResult:
    try:
        config = load_config(root)
    except ProblemError as error:
        return BuildResult(problems=error.problems)
    entries, problems = load_entries(root, config)
    site, found = assemble(config, entries)
    problems += found
    bodies, found = render_bodies(site)
    problems += found
    if problems:
        return BuildResult(problems=sorted(set(problems)), entries=len(entries))
    pages, problems = render_site(site, bodies, site_folder(root, "templates"), now)
    result = BuildResult(pages, sorted(set(problems)), len(entries))
    if output is not None and not result.problems:
        write_site(pages, site_folder(root, "static"), assets(site, root), output)
    return result


def assets(site: Site, root: Path) -> dict[str, Path]:
    """Images declared by entries, copied beside the entry's page."""
    found = {}
    for entry in site.entries:
        for image in getattr(entry.fields, "images", []):
            source = (root / entry.path).parent / image.src
            found[entry.url[len(site.config.base_path) :] + Path(image.src).name] = source
    return found
