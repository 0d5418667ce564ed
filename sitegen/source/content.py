"""Walk content/ in sorted order and read every entry, checked against its type's schema."""

from __future__ import annotations

import os
import posixpath
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

from slugify import slugify

from ..messages import join_known, message
from ..problems import Problem, ProblemError
from .config import SiteConfig
from .reader import Limits, SourceFile, parse_source, read_text
from .schema import ENTRY_TYPES, WINDOWS_RESERVED, Common, slug_problem
from .validate import validate

ENTRY_SUFFIXES = (".md", ".yaml", ".yml")
_CONTROL_IN_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_UNPORTABLE = re.compile(r'[<>:"|?*\\\x00-\x1f\x7f-\x9f]')
PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif")
ASSET_SUFFIXES = (*PICTURE_SUFFIXES, ".pdf")


@dataclass(eq=False)
class Entry:
    """One validated entry, filled in by the later steps (URL, backlinks, tags, HTML)."""

    type: str
    section: str
    slug: str
    fields: Common
    source: SourceFile
    url: str = ""
    backlinks: dict[str, list[Entry]] = field(default_factory=dict)
    tag_slugs: list[str] = field(default_factory=list)
    pictures: tuple[str, ...] = ()  # the picture files beside the entry that it shows (`images:`, then its body)
    body_pictures: tuple[str, ...] = ()  # those its body shows (`![…](photo.jpg)`)
    draft_note: str = ""  # set in the preview only, for drafts and scheduled entries

    @property
    def path(self) -> str:
        """The source file, as editors see it (`content/figures/eclairer.md`)."""
        return self.source.path

    @property
    def title(self) -> str:
        return self.fields.title

    def __repr__(self) -> str:
        return f"Entry({self.path})"


@dataclass(frozen=True)
class Rejected:
    """An entry file that could not be read or validated: its own problems say why.

    It still exists: links and references to it are not reported as leading nowhere, so one
    mistake gives one problem (and a preview leaves them out, as it does a draft's).
    """

    type: str
    slug: str


def slug_for(file: Path) -> str:
    """The default slug of an entry: its file name, accents folded (`Éclairer.md` → `eclairer`)."""
    return slugify(unicodedata.normalize("NFC", file.stem))


Parse = Callable[[str, str, str, Limits], SourceFile]  # text, suffix, shown path, limits → the parsed file
Read = tuple["Entry | Rejected", list[Problem]]  # one file's entry (or what is known of it when refused) and its problems


class KnownFiles(Protocol):
    """What a process remembers of files it read in an earlier build (the preview's session), by their `Status`."""

    def get(self, relative: str, status: Status) -> Read | None: ...

    def put(self, relative: str, status: Status, read: Read) -> None: ...


Status = tuple[int, ...]  # a file's size, times and inode, and its folder's (a picture added or removed beside it)


def load_entries(
    root: Path, config: SiteConfig, parse: Parse = parse_source, known: KnownFiles | None = None
) -> tuple[list[Entry], list[Problem], dict[str, Rejected]]:
    """Read and validate every file under `root/content`, collecting all problems.

    Returns the valid entries, every problem, and the entry files refused, by source path. `parse`
    is the parser, or a memo of it; `known` gives back what an earlier build of this process read
    from a file that has not changed since.
    """
    content = root / "content"
    limits = config.read_limits()
    inside = content.resolve()
    entries: list[Entry] = []
    problems: list[Problem] = []
    rejected: dict[str, Rejected] = {}
    folders: dict[str, os.stat_result | None] = {}  # each folder's status, taken once
    for parts, found in _walk(content):
        relative = "/".join(("content", *parts))
        file = Path(found.path)
        if found.is_symlink() and not _points_inside(file, inside):
            problems.append(Problem(relative, 1, "", message("symlink_outside")))
            continue
        if not all(_utf8(part) for part in parts):
            problems.append(Problem(_printable(relative), 1, "", message("name_not_utf8")))
            continue
        if not all(_portable_name(part) for part in parts):
            problems.append(Problem(_printable(relative), 1, "", message("unportable_name")))
            continue
        if _is_dir(found):
            continue
        folder = parts[0] if len(parts) > 1 else ""
        suffix = file.suffix.lower()
        if suffix in ASSET_SUFFIXES:
            continue
        if suffix not in ENTRY_SUFFIXES:
            problems.append(Problem(relative, 1, "", message("unknown_extension", ext=file.suffix or file.name)))
            continue
        if folder not in config.sections:
            folders = join_known([f"content/{name}/" for name in config.sections])
            problems.append(Problem(relative, 1, "", message("unknown_section", folder=folder or "content/", known=folders)))
            continue
        status = _status(found, folders) if known is not None else ()
        read = known.get(relative, status) if known is not None else None
        if read is None:
            read = _read_entry(file, relative, folder, config, limits, inside, parse)
            if known is not None:
                known.put(relative, status, read)
        entry, found = read
        problems += found
        if isinstance(entry, Rejected):
            rejected[relative] = entry
        else:
            entries.append(entry)
    return entries, problems, rejected


def _walk(folder: Path) -> list[tuple[tuple[str, ...], os.DirEntry[str]]]:
    """Every file and folder under `folder` but the hidden ones (`.git/`, `.brouillon.md`), by their path's parts
    in sorted order (as `sorted(folder.rglob("*"))`); a linked folder is listed, not entered."""
    found: list[tuple[tuple[str, ...], os.DirEntry[str]]] = []
    pending: list[tuple[str, tuple[str, ...]]] = [(os.fspath(folder), ())]
    while pending:
        here, above = pending.pop()
        try:
            with os.scandir(here) as items:
                listed = [item for item in items if not item.name.startswith(".")]
        except OSError:
            continue
        for item in listed:
            parts = (*above, item.name)
            found.append((parts, item))
            if _is_dir(item) and not item.is_symlink():
                pending.append((item.path, parts))
    return sorted(found, key=lambda pair: pair[0])


def _status(item: os.DirEntry[str], folders: dict[str, os.stat_result | None]) -> Status:
    """The file's `Status`, taken before it is read (a change made while it is read shows at the next build); () when
    it cannot be had. `folders`: the status of each folder already asked for."""
    here = os.path.dirname(item.path)
    if here not in folders:
        try:
            folders[here] = os.stat(here)
        except OSError:
            folders[here] = None
    try:
        own, folder = os.stat(item.path), folders[here]
    except OSError:
        return ()
    if folder is None:
        return ()
    return (own.st_size, own.st_mtime_ns, own.st_ctime_ns, own.st_ino, folder.st_mtime_ns, folder.st_ino)


def _is_dir(item: os.DirEntry[str]) -> bool:
    """Whether a listed path is a folder, or a link to one (a link that leads nowhere is not)."""
    try:
        return item.is_dir()
    except OSError:
        return False


def _portable_name(name: str) -> bool:
    """Whether a file name can be copied to Windows and macOS as it is (and printed on one line)."""
    stem = name.split(".")[0]
    return not (_UNPORTABLE.search(name) or name.endswith((".", " ")) or WINDOWS_RESERVED.match(stem))


def _utf8(name: str) -> bool:
    """Whether a file name was stored in UTF-8 (other bytes reach Python as lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _printable(path: str) -> str:
    """A path with control characters and undecodable bytes shown as `?`, on one line of the report."""
    return _CONTROL_IN_NAME.sub("?", path.encode("utf-8", "replace").decode("utf-8"))


def _points_inside(link: Path, folder: Path) -> bool:
    """Whether a symbolic link resolves to something inside `folder` (a loop or error counts as outside)."""
    try:
        return link.resolve().is_relative_to(folder)
    except (OSError, RuntimeError):
        return False


def read_entry(root: Path, config: SiteConfig, relative: str) -> Read:
    """The entry in the file at `relative` (`content/figures/essaimage.md`) under `root`, read alone, and its problems."""
    folder, inside = relative.split("/")[1], (root / "content").resolve()
    return _read_entry(root / relative, relative, folder, config, config.read_limits(), inside, parse_source)


def _read_entry(file: Path, relative: str, folder: str, config: SiteConfig, limits: Limits, inside: Path, parse: Parse) -> Read:
    try:
        return _read_valid(file, relative, folder, config, limits, inside, parse)
    except ProblemError as error:  # the file could not be read or parsed
        return Rejected(config.sections[folder].type, slug_for(file)), error.problems


def _read_valid(file: Path, relative: str, folder: str, config: SiteConfig, limits: Limits, inside: Path, parse: Parse) -> Read:
    source = parse(read_text(file, relative, limits), file.suffix, relative, limits)
    type_ = config.sections[folder].type
    fields, problems = validate(ENTRY_TYPES[type_], source, config.field_limits())
    if fields is None:
        written = source.data.get("slug")
        slug = written if isinstance(written, str) and not slug_problem(written) else slug_for(file)
        return Rejected(type_, slug), problems
    slug = fields.slug or slug_for(file)
    problem = slug_problem(slug, shown=file.stem)
    if problem:
        return Rejected(type_, slug_for(file)), [Problem(relative, 1, "", problem)]
    declared, in_body = [], []
    for index, image in enumerate(fields.images):
        if _leads_outside(file.parent / image.src, inside):
            continue  # reported by the walk of content/ (symlink_outside), and never read
        if _beside(file, image.src):
            declared.append(image.src)
        else:
            line = source.line_of(("images", index, "src"))
            problems.append(Problem(relative, line, "images.src", message("missing_image", src=image.src)))
    for src, _alt, offset in body_pictures(source.body):
        if _leads_outside(file.parent / src, inside):
            continue
        if _beside(file, src):
            in_body.append(src)
        else:
            problems.append(Problem(relative, source.line_in_body(offset), "", message("missing_image", src=src)))
    pictures, body = tuple(dict.fromkeys(declared + in_body)), tuple(dict.fromkeys(in_body))
    return Entry(type_, folder, slug, fields, source, pictures=pictures, body_pictures=body), problems


def _leads_outside(path: Path, inside: Path) -> bool:
    """Whether `path` is a symbolic link out of content/ (`inside`)."""
    return path.is_symlink() and not _points_inside(path, inside)


def _beside(file: Path, src: str) -> bool:
    """Whether `src` names a file in the same folder as the entry `file` (no subfolder, no reserved name)."""
    name = src.split(".")[0]
    return not ("/" in src or "\\" in src or WINDOWS_RESERVED.match(name)) and (file.parent / src).is_file()


# `![alt](target)` in a Markdown body.
_PICTURES = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)")


def body_pictures(body: str) -> list[tuple[str, str, int]]:
    """The pictures a Markdown body shows from the site's own files (`![alt](photo.jpg)`): file, alt, offset."""
    found = []
    for match in _PICTURES.finditer(body):
        parts = urlsplit(match.group(2))
        local = parts.path and not (parts.scheme or parts.netloc or parts.path.startswith("/"))
        if local and posixpath.splitext(parts.path)[1].lower() in PICTURE_SUFFIXES:
            found.append((unquote(parts.path), match.group(1), match.start()))
    return found


# `[text](target)`, `![alt](target)`, `[id]: target`, and raw `href="…"` / `src="…"` in a Markdown body.
_LINK_TARGETS = re.compile(r"\]\(\s*<?([^)\s>]+)|^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)|(?:href|src)=[\"']([^\"']+)", re.MULTILINE)


def link_targets(body: str) -> list[tuple[str, int]]:
    """Every link or image target written in a Markdown body, with its offset in the text."""
    return [(next(g for g in m.groups() if g), m.start()) for m in _LINK_TARGETS.finditer(body)]


def source_of(target: str, entry_path: str) -> str | None:
    """The site-relative path a relative link target names, from the entry at `entry_path`."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(entry_path), unquote(parts.path)))
