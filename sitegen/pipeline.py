"""The whole build, one step after the other: read → validate → assemble → render → write."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

from . import CACHE_FOLDER, PROJECT
from .incremental import steps
from .incremental.inputs import code_version, digest, folder_digest
from .incremental.memo import Memo
from .output.search import BUNDLE_FILES, index_site
from .output.strict import check as check_strict
from .output.write import prepared_output, write_site
from .problems import Problem, ProblemError
from .render.images import IMAGES_FOLDER, prepare_images
from .render.pages import PageRenderer, plan_site, shared_values
from .render.room import room_assets, room_files
from .render.sharing import render_discovery
from .site.assemble import assemble
from .site.drafts import select
from .source.config import load_config
from .source.content import load_entries


@dataclass
class BuildResult:
    """What a build produced: pages (path → bytes) and the problems that stopped it, if any."""

    pages: dict[str, bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    entries: int = 0
    images_made: int = 0  # resized picture files made in this build
    images_reused: int = 0  # resized picture files found in the cache
    files_kept: int = 0  # pages, feeds and calendars kept from the previous output, unchanged
    index_later: Callable[[], None] | None = None  # with `index_later`: makes the search index of the written site

    @property
    def page_count(self) -> int:
        """The HTML pages among the files (feeds, calendars and the sitemap are not counted)."""
        return sum(path.endswith(".html") for path in self.pages)


def site_folder(root: Path, name: str) -> Path:
    """A site's own `templates/` or `static/`, or the project's when the site has none."""
    own = root / name
    return own if own.is_dir() else PROJECT / name


def build(
    root: Path,
    now: date,
    output: Path | None = None,
    *,
    strict: bool = False,
    preview: bool = False,
    search: bool = True,
    cache: Path | None = None,
    index_later: bool = False,
) -> BuildResult:
    """Build the site in `root`; write it to `output` only when there is no problem at all.

    `strict` adds the checks of sitegen/output/strict.py; `preview` keeps drafts and scheduled entries,
    marked. With `search`, the written site gets its Pagefind index before it replaces `output`. The
    memo (sitegen/incremental/: parsed files, bodies, what each output file was made from) and resized
    pictures are kept in and taken from the folder `cache` (by default `.cache/` beside site.yaml).
    With `index_later` (the preview), the site replaces `output` without its index, and the result's
    `index_later` makes it afterwards, from the previous index's unchanged parts.
    Raises OutputError when `output` is unsafe or another build is writing it.
    """
    cache = cache or root / CACHE_FOLDER
    if output is None:
        return _build(root, now, None, strict, preview, search, cache, index_later)
    with prepared_output(output, root) as checked:
        return _build(root, now, checked, strict, preview, search, cache, index_later)


def _build(
    root: Path, now: date, output: Path | None, strict: bool, preview: bool, search: bool, cache: Path, index_later: bool
) -> BuildResult:
    try:
        config = load_config(root)
    except ProblemError as error:
        return BuildResult(problems=error.problems)
    version = code_version()
    sources = Memo(cache / steps.SOURCES_FILE, valid=steps.valid_source)
    entries, problems = load_entries(root, config, steps.parser(sources, version))
    sources.save()
    selection = select(entries, now, config, preview)
    site, found = assemble(config, selection.published)
    site.hidden = selection.hidden
    problems += found
    images = prepare_images(site, root, cache / IMAGES_FOLDER, process=output is not None and not problems)
    problems += images.problems
    settings = digest(version, config.model_dump_json())
    bodies_memo = Memo(cache / steps.BODIES_FILE, valid=steps.valid_body)
    bodies, found = steps.bodies(site, bodies_memo, images.in_bodies, settings)
    problems += found
    bodies_memo.save()
    if problems:
        return BuildResult(problems=sorted(set(problems)), entries=len(entries))
    templates, static = site_folder(root, "templates"), site_folder(root, "static")
    shared = digest(settings, folder_digest(templates), shared_values(site, images.pictures))
    kept = steps.OutputMemo(cache, output.resolve(), site) if output is not None else None
    renderer = PageRenderer(site, templates, images.pictures)
    pages, problems = steps.output_files(site, plan_site(site, bodies, now), renderer, bodies, shared, kept)
    pages |= render_discovery(site, pages) | room_files(site.config)
    assets = images.files | room_assets()
    if strict and not problems:
        files = set(pages) | set(assets) | static_files(site_folder(root, "static")) | set(BUNDLE_FILES)
        pictures = {p.url for shown in images.pictures.values() for p in shown}
        pictures |= {p.url for shown in images.in_bodies.values() for p in shown.values()}
        problems = selection.problems + check_strict(site, pages, files, entries, root, pictures)
    result = BuildResult(
        pages, sorted(set(problems)), len(entries), images.made, images.reused, len(kept.kept_files) if kept else 0
    )
    if output is not None and not result.problems:
        index = partial(index_site, previous=output.resolve()) if search and not index_later else None
        unchanged = kept.kept_files if kept else ()
        previous = write_site(pages, static, assets, output, index, unchanged, keep_previous=index_later)
        if kept is not None:
            kept.save()
        if index_later:
            result.index_later = partial(index_in_place, output, previous) if search else partial(_remove, previous)
    return result


def index_in_place(output: Path, previous: Path | None) -> None:
    """The search index of the site now in `output`, from `previous`'s unchanged parts; then `previous` is removed."""
    try:
        index_site(output, previous=previous)
    finally:
        _remove(previous)


def _remove(folder: Path | None) -> None:
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def static_files(static: Path) -> set[str]:
    """The output paths of the static folder's files (`static/style.css`)."""
    return {"static/" + p.relative_to(static).as_posix() for p in static.rglob("*") if p.is_file()} if static.is_dir() else set()
