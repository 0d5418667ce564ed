"""Drafts and scheduled entries: kept out of the published site, shown « brouillon » in the preview.

A published entry that points to an unpublished one (a reference field or a Markdown link) keeps
building: the reference is left out of its page (a link becomes plain text). `--strict` reports
each such reference, so CI catches it before it goes unnoticed. No I/O.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field
from datetime import date

from ..dates import DateFormatter
from ..messages import message
from ..problems import Problem
from ..source.config import SiteConfig
from ..source.content import Entry, link_targets, source_of
from ..source.schema import ENTRY_TYPES, references


@dataclass
class Selection:
    """The entries to publish, those kept back (by source path), and references to the latter."""

    published: list[Entry]
    hidden: dict[str, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # reported under --strict


def unpublished_reason(entry: Entry, now: date, dates: DateFormatter) -> str:
    """Why `entry` is not on the published site on `now` (« brouillon », « à paraître le … »), or ""."""
    if entry.fields.draft:
        return message("why_draft")
    if entry.fields.publish is not None and entry.fields.publish > now:
        return message("why_scheduled", date=dates.day(entry.fields.publish))
    return ""


def select(entries: list[Entry], now: date, config: SiteConfig, preview: bool = False) -> Selection:
    """Keep drafts and entries scheduled after `now` out of the site; in the preview, mark them instead."""
    dates = DateFormatter(config.language, config.timezone)
    reasons = {entry.path: unpublished_reason(entry, now, dates) for entry in entries}
    if preview:
        for entry in entries:
            entry.draft_note = _mark(entry, dates) if reasons[entry.path] else ""
        return Selection(entries)
    published = [e for e in entries if not reasons[e.path]]
    hidden = {e.path: e for e in entries if reasons[e.path]}
    live = {(e.type, e.slug) for e in published}
    kept_back = {(e.type, e.slug): reasons[e.path] for e in hidden.values() if (e.type, e.slug) not in live}
    problems = []
    for entry in published:
        problems += _drop_references(entry, kept_back)
        if hidden:  # reading every body for links is for nothing when no entry is hidden
            problems += _links_to_hidden(entry, hidden, reasons)
    return Selection(published, hidden, problems)


def _mark(entry: Entry, dates: DateFormatter) -> str:
    """The note a draft or scheduled entry shows in the preview."""
    if entry.fields.draft or entry.fields.publish is None:
        return message("draft_mark")
    return message("scheduled_mark", date=dates.day(entry.fields.publish))


def _drop_references(entry: Entry, kept_back: dict[tuple[str, str], str]) -> list[Problem]:
    """Remove from `entry`'s fields the references to unpublished entries; one problem for each."""
    problems = []
    for loc, target, ref in drop_references(entry, kept_back):
        text = message("hidden_reference", value=ref, why=kept_back[(target, ref)])
        problems.append(Problem(entry.path, entry.source.line_of(loc), str(loc[0]), text))
    return problems


def drop_references(entry: Entry, gone: Container[tuple[str, str]]) -> list[tuple[tuple, str, str]]:
    """Remove from `entry`'s fields its references to the entries `gone` (type, slug); return each (loc, type, slug)."""
    dropped, update = [], {}
    for name, target in references(type(entry.fields)).items():
        if target not in ENTRY_TYPES:
            continue
        value = getattr(entry.fields, name)
        values = value if isinstance(value, list) else [value] if value else []
        for index, ref in enumerate(values):
            if (target, ref) in gone:
                dropped.append(((name, index) if isinstance(value, list) else (name,), target, ref))
        if any((target, ref) in gone for ref in values):
            kept = [ref for ref in values if (target, ref) not in gone]
            update[name] = kept if isinstance(value, list) else None
    if update:
        entry.fields = entry.fields.model_copy(update=update)
    return dropped


def _links_to_hidden(entry: Entry, hidden: dict[str, Entry], reasons: dict[str, str]) -> list[Problem]:
    """Markdown links from `entry` to unpublished entries (rendered as plain text)."""
    problems = []
    body = entry.source.body
    for target, offset in link_targets(body):
        source = source_of(target, entry.path)
        if source in hidden:
            line = entry.source.line_in_body(offset)
            problems.append(Problem(entry.path, line, "", message("hidden_link", target=target, why=reasons[source])))
    return problems
