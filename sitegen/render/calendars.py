"""iCalendar files (RFC 5545, with the `icalendar` library): one per event, one for the whole cycle.

Times are wall-clock times in the site's time zone (a VTIMEZONE is included); an event known only
by its day is an all-day event. UID and DTSTAMP come from the content, so builds are reproducible.
"""

from __future__ import annotations

import calendar as monthly
from collections.abc import Collection
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from ..messages import reader_text
from ..site.assemble import Site
from ..source.content import Entry

AGENDA = "agenda.ics"


def calendar_url(site: Site, entry: Entry) -> str:
    """The URL of an event's own .ics file, beside its page."""
    return entry.url + f"{entry.slug}.ics"


def webcal_url(url: str) -> str:
    """The subscription address of a published calendar: its absolute URL with the `webcal` scheme."""
    return "webcal://" + url.split("://", 1)[1] if "://" in url else url


def calendar_plans(site: Site) -> dict[str, tuple[list[Entry], str]]:
    """Each calendar file's path under output/, with the events it shows and its name: one per event, and the agenda."""
    events = sorted(site.of_type("event"), key=lambda e: (_first_day(e), e.slug))
    if not events:
        return {}
    base, title = site.config.base_path, site.config.title
    plans = {calendar_url(site, e)[len(base) :]: ([e], reader_text("calendar_event", site=title, event=e.title)) for e in events}
    plans[AGENDA] = (events, reader_text("calendar_name", site=title))
    return plans


def render_calendars(site: Site, only: Collection[str] | None = None) -> dict[str, bytes]:
    """An .ics file per event and `agenda.ics` with every event (or those in `only`), keyed by path under output/."""
    plans = calendar_plans(site)
    return {path: _calendar(site, group, name) for path, (group, name) in plans.items() if only is None or path in only}


def _calendar(site: Site, events: list[Entry], name: str) -> bytes:
    config = site.config
    tz = ZoneInfo(config.timezone)
    cal = Calendar()
    cal.add("prodid", f"-//Fing//{config.title}//{config.language.upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", config.timezone)
    first = min(_first_day(e) for e in events)
    last = max(_last_day(e) for e in events)
    cal.add_component(Timezone.from_tzid(config.timezone, first_date=date(first.year, 1, 1), last_date=date(last.year + 1, 1, 1)))
    for entry in events:
        cal.add_component(_event(site, entry, tz))
    return cal.to_ical()


def _event(site: Site, entry: Entry, tz: ZoneInfo) -> Event:
    f = entry.fields
    url = urljoin(str(site.config.base_url), entry.url)
    event = Event()
    event.add("uid", f"{entry.section}-{entry.slug}@{urlsplit(str(site.config.base_url)).hostname}")
    event.add("dtstamp", _stamp(f.start, tz))
    event.add("summary", entry.title)
    if _timed(entry):
        event.add("dtstart", f.start.replace(tzinfo=tz))
        if f.end is not None:
            event.add("dtend", f.end.replace(tzinfo=tz))
    else:
        event.add("dtstart", _first_day(entry))
        event.add("dtend", _last_day(entry) + timedelta(days=1))  # all day: the end is exclusive
    if f.venue:
        place = ", ".join(part for part in (f.venue.name, f.venue.address, f.venue.city) if part)
        if place:
            event.add("location", place)
    event.add("description", "\n\n".join(_notes(entry, url)))
    event.add("url", url)
    if f.cancelled:
        event.add("status", "CANCELLED")
        event.add("sequence", 1)  # a cancellation replaces the version calendars already hold
    else:
        event.add("status", "TENTATIVE" if f.date_precision == "month" or f.date_inferred else "CONFIRMED")
        event.add("sequence", 0)
    names = [tag.name for tag in site.tag_list(entry)]
    if names:
        event.add("categories", names)
    return event


def _notes(entry: Entry, url: str) -> list[str]:
    f = entry.fields
    notes = [" ".join(f.summary.split())] if f.summary else []
    if f.cancelled:
        notes.insert(0, reader_text("calendar_cancelled"))
    if f.date_precision == "month":
        notes.append(reader_text("calendar_month_only"))
    if f.date_inferred:
        notes.append(reader_text("calendar_year_inferred"))
    notes.append(reader_text("calendar_more", url=url))
    return notes


def _timed(entry: Entry) -> bool:
    """Start (and end, when there is one) at a given time of day."""
    f = entry.fields
    return f.date_precision == "day" and isinstance(f.start, datetime) and (f.end is None or isinstance(f.end, datetime))


def _first_day(entry: Entry) -> date:
    start = entry.fields.start
    return start.date() if isinstance(start, datetime) else start


def _last_day(entry: Entry) -> date:
    f = entry.fields
    if f.end is not None:
        return f.end.date() if isinstance(f.end, datetime) else f.end
    first = _first_day(entry)
    if f.date_precision == "month":
        return first.replace(day=monthly.monthrange(first.year, first.month)[1])
    return first


def _stamp(start: date | datetime, tz: ZoneInfo) -> datetime:
    """DTSTAMP from the content, not the clock: the start of the event, in UTC."""
    moment = start.replace(tzinfo=tz) if isinstance(start, datetime) else datetime.combine(start, time(), tz)
    return moment.astimezone(UTC)
