"""French dates for readers, through Babel, with machine-readable <time> elements."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from markupsafe import Markup, escape


class DateFormatter:
    """Formats dates in one locale and time zone."""

    def __init__(self, locale: str, timezone: str):
        self.locale = locale
        self.tz = ZoneInfo(timezone)

    def day(self, value: date) -> str:
        """« jeudi 15 décembre 2016 » (and « 1er décembre », as French writes the first day)."""
        text = format_date(value, "full", locale=self.locale)
        return text.replace(" 1 ", " 1er ", 1) if value.day == 1 and self.locale.startswith("fr") else text

    def month(self, value: date) -> str:
        """« décembre 2016 »."""
        return format_date(value, "LLLL y", locale=self.locale)

    def hour(self, value: datetime) -> str:
        """« 14 h 15 »."""
        return format_time(value, "H 'h' mm", locale=self.locale)

    def iso(self, value: date) -> str:
        """The value for a <time datetime> attribute, with the UTC offset for a moment."""
        if isinstance(value, datetime):
            return value.replace(tzinfo=self.tz).isoformat(timespec="minutes")
        return value.isoformat()

    def time(self, value: date, text: str, month_only: bool = False, css: str = "") -> Markup:
        stamp = value.strftime("%Y-%m") if month_only else self.iso(value)
        if css:
            return Markup('<time class="{}" datetime="{}">{}</time>').format(css, stamp, text)
        return Markup('<time datetime="{}">{}</time>').format(stamp, text)

    def when(self, start: date, end: date | None = None, precision: str = "day", microformats: bool = False) -> Markup:
        """An event's dates in words: one day, a time range, several days or months.

        With `microformats`, the start and end carry the h-event classes `dt-start` and `dt-end`.
        """
        first_css, end_css = ("dt-start", "dt-end") if microformats else ("", "")
        if precision == "month":
            text = self.time(start, self.month(start), month_only=True, css=first_css)
            if end and (end.year, end.month) != (start.year, start.month):
                text += Markup(" – ") + self.time(end, self.month(end), month_only=True, css=end_css)
            return text
        first = _day(start)
        if end is None:
            return self._moment(start, first_css)
        if _day(end) == first:
            if isinstance(start, datetime) and isinstance(end, datetime):
                return (
                    escape(self.day(first))
                    + Markup(", de ")
                    + self.time(start, self.hour(start), css=first_css)
                    + Markup(" à ")
                    + self.time(end, self.hour(end), css=end_css)
                )
            return self._moment(start, first_css)
        return Markup("du ") + self._moment(start, first_css) + Markup(" au ") + self._moment(end, end_css)

    def _moment(self, value: date, css: str = "") -> Markup:
        if isinstance(value, datetime):
            return self.time(value, f"{self.day(value)} à {self.hour(value)}", css=css)
        return self.time(value, self.day(value), css=css)


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value
