"""Write the rendered site next to output/, then swap it in: readers never see half a site.

A file whose bytes are already in the previous output is hard-linked from there instead of being
written again, so it keeps its modification time (cheap deploys, the preview reloads only what
changed) while output/ is still replaced as a whole.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_site(
    pages: dict[str, bytes],
    static: Path | None,
    assets: dict[str, Path],
    output: Path,
    before_swap: Callable[[Path], None] | None = None,
) -> None:
    """Write `pages`, the static folder and entry assets into a fresh folder, then replace `output`.

    `before_swap` runs on the complete fresh folder (the search index is made there), so readers
    only ever see a whole site, index included.
    """
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    staging.chmod(0o755)
    try:
        files = dict(sorted(assets.items()))
        if static is not None and static.is_dir():
            files |= {"static/" + p.relative_to(static).as_posix(): p for p in sorted(static.rglob("*")) if p.is_file()}
        folders: set[Path] = set()
        for path, item in [*files.items(), *sorted(pages.items())]:
            target = staging / path
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            put(target, output / path, item)
        if before_swap is not None:
            before_swap(staging)
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def put(target: Path, previous: Path, item: bytes | Path) -> None:
    """Write `item` (bytes, or a file to copy) at `target`; hard-link `previous` instead when it holds the same bytes."""
    try:
        if _same(previous, item):
            os.link(previous, target)
            return
    except OSError:
        pass
    if isinstance(item, bytes):
        target.write_bytes(item)
    else:
        shutil.copyfile(item, target)


def _same(previous: Path, item: bytes | Path) -> bool:
    """Whether the previous output's file holds exactly `item`'s bytes (sizes first, then bytes)."""
    size = len(item) if isinstance(item, bytes) else item.stat().st_size
    if previous.stat().st_size != size:
        return False
    return previous.read_bytes() == (item if isinstance(item, bytes) else item.read_bytes())


def link_tree(source: Path, target: Path) -> None:
    """Hard-link every file of `source` into `target` (a folder of the previous output kept as it is)."""
    for folder, _, names in os.walk(source):
        here = target / Path(folder).relative_to(source)
        here.mkdir(parents=True, exist_ok=True)
        for name in names:
            os.link(Path(folder) / name, here / name)


def _swap(staging: Path, output: Path) -> None:
    """Put `staging` in place of `output`, keeping the old one until the new one is there."""
    if not output.exists():
        os.replace(staging, output)
        return
    retired = output.with_name(f".{output.name}.old-{os.getpid()}")
    os.replace(output, retired)
    os.replace(staging, output)
    shutil.rmtree(retired, ignore_errors=True)
