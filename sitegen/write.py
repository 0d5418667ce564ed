"""Write the rendered site next to output/, then swap it in: readers never see half a site."""

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
        if static is not None and static.is_dir():
            shutil.copytree(static, staging / "static")
        for path, source in sorted(assets.items()):
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        for path, data in sorted(pages.items()):
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if before_swap is not None:
            before_swap(staging)
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, output: Path) -> None:
    """Put `staging` in place of `output`, keeping the old one until the new one is there."""
    if not output.exists():
        os.replace(staging, output)
        return
    retired = output.with_name(f".{output.name}.old-{os.getpid()}")
    os.replace(output, retired)
    os.replace(staging, output)
    shutil.rmtree(retired, ignore_errors=True)
