"""French dates in words, with machine-readable <time> elements."""

from datetime import date, datetime

import pytest

from sitegen.dates import DateFormatter

fr = DateFormatter("fr", "Europe/Paris")


@pytest.mark.parametrize(
    ("start", "end", "precision", "expected"),
    [
        (date(2016, 10, 20), None, "day", '<time datetime="2016-10-20">jeudi 20 octobre 2016</time>'),
        (
            datetime(2017, 9, 14, 17, 0),
            None,
            "day",
            '<time datetime="2017-09-14T17:00+02:00">jeudi 14 septembre 2017 à 17 h 00</time>',
        ),
        (
            date(2016, 12, 1),
            date(2016, 12, 3),
            "day",
            'du <time datetime="2016-12-01">jeudi 1er décembre 2016</time> au <time datetime="2016-12-03">samedi 3 décembre 2016</time>',
        ),
        (date(2016, 6, 1), None, "month", '<time datetime="2016-06">juin 2016</time>'),
        (date(2016, 6, 1), date(2016, 6, 30), "month", '<time datetime="2016-06">juin 2016</time>'),
        (
            date(2016, 12, 1),
            date(2017, 1, 31),
            "month",
            '<time datetime="2016-12">décembre 2016</time> – <time datetime="2017-01">janvier 2017</time>',
        ),
    ],
)
def test_when(start, end, precision, expected):
    assert fr.when(start, end, precision) == expected


def test_summer_and_winter_offsets_follow_paris_time():
    assert fr.iso(datetime(2016, 12, 15, 14, 0)) == "2016-12-15T14:00+01:00"
    assert fr.iso(datetime(2016, 6, 15, 14, 0)) == "2016-06-15T14:00+02:00"
