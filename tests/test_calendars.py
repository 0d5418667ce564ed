"""iCalendar files, parsed back with the icalendar library."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from reader_site import READER_SITE

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from sitegen.cli import main

    from conftest import write_files

    root = write_files(tmp_path_factory.mktemp("ics") / "site", READER_SITE)
    assert main(["--root", str(root), "--now", "2016-11-01"]) == 0
    return root / "output"


def parse(site, path) -> Calendar:
    data = (site / path).read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded as RFC 5545 asks
    return Calendar.from_ical(data)


def events(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def test_event_with_times_in_paris(site):
    calendar = parse(site, "rendez-vous/atelier-rennes/atelier-rennes.ics")
    assert str(calendar["version"]) == "2.0" and str(calendar["method"]) == "PUBLISH"
    zones = list(calendar.walk("VTIMEZONE"))
    assert [str(z["tzid"]) for z in zones] == ["Europe/Paris"]
    [event] = events(calendar)
    assert str(event["uid"]) == "rendez-vous-atelier-rennes@example.org"
    assert str(event["summary"]) == "Atelier à Rennes : petits et grands"
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == datetime(2016, 12, 15, 14, 0, tzinfo=PARIS) and end == datetime(2016, 12, 15, 18, 0, tzinfo=PARIS)
    assert event["dtstart"].params["TZID"] == "Europe/Paris"
    assert str(event["location"]) == "La Mabilais, 2 rue de la Mabilais, Rennes"
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["url"]) == "https://example.org/rendez-vous/atelier-rennes/"
    assert "Un après-midi sur les écosystèmes ; qui est petit ?" in str(event["description"])
    assert event.decoded("dtstamp") == datetime(2016, 12, 15, 13, 0, tzinfo=ZoneInfo("UTC"))  # the start, in UTC


def test_all_day_cancelled_and_month_only_events(site):
    [day] = events(parse(site, "rendez-vous/journee-creative/journee-creative.ics"))
    assert day.decoded("dtstart") == date(2016, 10, 20) and day.decoded("dtend") == date(2016, 10, 21)
    assert day["dtstart"].params["VALUE"] == "DATE"
    [cancelled] = events(parse(site, "rendez-vous/reunion-annulee/reunion-annulee.ics"))
    assert str(cancelled["status"]) == "CANCELLED" and cancelled["sequence"] == 1
    assert str(cancelled["description"]) == (
        "Ce rendez-vous est annulé.\n\nPlus d'informations : https://example.org/rendez-vous/reunion-annulee/"
    )
    [month] = events(parse(site, "rendez-vous/lancement/lancement.ics"))
    assert month.decoded("dtstart") == date(2016, 6, 1) and month.decoded("dtend") == date(2016, 7, 1)
    assert str(month["status"]) == "TENTATIVE"
    assert "seul le mois est connu" in str(month["description"])


def test_agenda_of_the_whole_cycle(site):
    calendar = parse(site, "agenda.ics")
    assert str(calendar["x-wr-calname"]) == "Site d'essai — rendez-vous"
    assert [str(e["summary"]) for e in events(calendar)] == [
        "Lancement",
        "Journée créative",
        "Réunion annulée",
        "Atelier à Rennes : petits et grands",
    ]
    uids = [str(e["uid"]) for e in events(calendar)]
    assert len(set(uids)) == 4
    assert uids[-1] == "rendez-vous-atelier-rennes@example.org"  # the same UID as in the event's own file


def test_event_page_offers_the_calendar_file(site):
    page = (site / "rendez-vous/atelier-rennes/index.html").read_text(encoding="utf-8")
    assert (
        '<a href="/rendez-vous/atelier-rennes/atelier-rennes.ics" type="text/calendar" download>Ajouter à mon agenda</a>' in page
    )
    cancelled = (site / "rendez-vous/reunion-annulee/index.html").read_text(encoding="utf-8")
    assert (
        'download>Mettre à jour mon agenda</a> <span class="note">(fichier .ics qui marque ce rendez-vous comme annulé)'
        in cancelled
    )
    index = (site / "rendez-vous/index.html").read_text(encoding="utf-8")
    assert 'href="/agenda.ics"' in index


def test_calendars_do_not_depend_on_the_day_of_the_build(build_site, tmp_path):
    first = build_site(READER_SITE, root=tmp_path / "a")
    later = build_site(READER_SITE, "--now", "2030-01-01", root=tmp_path / "b")
    assert first.code == later.code == 0
    for path in ("agenda.ics", "rendez-vous/atelier-rennes/atelier-rennes.ics", "atom.xml", "sitemap.xml"):
        assert (first.output / path).read_bytes() == (later.output / path).read_bytes(), path


def test_values_cannot_break_the_calendar(build_site):
    site = dict(READER_SITE)
    site["content/rendez-vous/lancement.md"] = """
        ---
        title: "Fin\\rBEGIN:VEVENT ; a, b \\\\ c"
        summary: "Texte\\nEND:VEVENT\\nBEGIN:VEVENT\\nUID:x"
        start: 2016-06-01
        ---
    """
    run = build_site(site)
    assert run.code == 0, run.err
    calendar = Calendar.from_ical((run.output / "agenda.ics").read_bytes())
    assert len(events(calendar)) == 4
    first = events(calendar)[0]
    assert str(first["summary"]).replace("\r", "\n") == "Fin\nBEGIN:VEVENT ; a, b \\ c"  # escaped text, not a line
    assert str(first["description"]) == (
        "Texte END:VEVENT BEGIN:VEVENT UID:x\n\nPlus d'informations : https://example.org/rendez-vous/lancement/"
    )
    assert str(first["uid"]) == "rendez-vous-lancement@example.org"


def test_an_event_whose_year_is_inferred_is_tentative(build_site):
    site = {
        "content/rendez-vous/deduit.md": "---\ntitle: Déduit\nstart: 2016-03-10\ndate_inferred: true\n---\n",
        "content/rendez-vous/atteste.md": "---\ntitle: Attesté\nstart: 2016-03-11\n---\n",
    }
    run = build_site(site)
    assert run.code == 0, run.err
    [inferred] = events(Calendar.from_ical((run.output / "rendez-vous/deduit/deduit.ics").read_bytes()))
    assert inferred.decoded("dtstart") == date(2016, 3, 10) and inferred.decoded("dtend") == date(2016, 3, 11)
    assert str(inferred["status"]) == "TENTATIVE"  # a day is given, but not its year for sure
    assert inferred["sequence"] == 0
    assert str(inferred["description"]) == (
        "Année déduite des sources, non attestée.\n\nPlus d'informations : https://example.org/rendez-vous/deduit/"
    )
    [attested] = events(Calendar.from_ical((run.output / "rendez-vous/atteste/atteste.ics").read_bytes()))
    assert str(attested["status"]) == "CONFIRMED"
    assert str(attested["description"]) == "Plus d'informations : https://example.org/rendez-vous/atteste/"


def test_the_agenda_is_exactly_this_calendar(build_site):
    # icalendar reads names case-insensitively and forgives missing properties: the exact text does not.
    run = build_site(
        {
            "content/rendez-vous/mois.md": "---\ntitle: Au mois\nstart: 2016-06-01\ndate_precision: month\ntags: [Atelier, Ville]\n---\n",
            "content/rendez-vous/deux-jours.md": "---\ntitle: Deux jours\nstart: 2017-03-09\nend: 2017-03-10\nvenue: {city: Rennes}\n---\n",
        }
    )
    assert run.code == 0, run.err
    text = (run.output / "agenda.ics").read_bytes().decode("utf-8").replace("\r\n", "\n")
    head, rest = text.split("BEGIN:VTIMEZONE\n")
    zone, events_text = rest.split("END:VTIMEZONE\n")
    assert head == (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Fing//Site d'essai//FR\nCALSCALE:GREGORIAN\nMETHOD:PUBLISH\n"
        "NAME:Site d'essai — rendez-vous\nX-WR-CALNAME:Site d'essai — rendez-vous\nX-WR-TIMEZONE:Europe/Paris\n"
    )
    # The time zone covers the years of the events, 2016 and 2017, and no more.
    assert [line for line in zone.splitlines() if line.startswith(("TZID", "BEGIN", "DTSTART", "RDATE"))] == [
        "TZID:Europe/Paris",
        "BEGIN:STANDARD",
        "DTSTART:20160101T000000",
        "BEGIN:DAYLIGHT",
        "DTSTART:20160327T030000",
        "RDATE:20170326T030000",
        "BEGIN:STANDARD",
        "DTSTART:20161030T030000",
        "RDATE:20171029T030000",
    ]
    assert events_text == (
        "BEGIN:VEVENT\nSUMMARY:Au mois\nDTSTART;VALUE=DATE:20160601\nDTEND;VALUE=DATE:20160701\n"
        "DTSTAMP:20160531T220000Z\nUID:rendez-vous-mois@example.org\nSEQUENCE:0\nCATEGORIES:Atelier,Ville\n"
        "DESCRIPTION:Date précise inconnue : seul le mois est connu.\\n\\nPlus d'inf\n"
        " ormations : https://example.org/rendez-vous/mois/\n"
        "STATUS:TENTATIVE\n"  # only the month is known (the year is not inferred)
        "URL:https://example.org/rendez-vous/mois/\nEND:VEVENT\n"
        "BEGIN:VEVENT\nSUMMARY:Deux jours\nDTSTART;VALUE=DATE:20170309\nDTEND;VALUE=DATE:20170311\n"  # the end is exclusive
        "DTSTAMP:20170308T230000Z\nUID:rendez-vous-deux-jours@example.org\nSEQUENCE:0\n"
        "DESCRIPTION:Plus d'informations : https://example.org/rendez-vous/deux-jou\n rs/\n"
        "LOCATION:Rennes\nSTATUS:CONFIRMED\nURL:https://example.org/rendez-vous/deux-jours/\nEND:VEVENT\n"
        "END:VCALENDAR\n"
    )
    own = (run.output / "rendez-vous/mois/mois.ics").read_bytes().decode("utf-8")
    assert "\r\nNAME:Site d'essai — Au mois\r\nX-WR-CALNAME:Site d'essai — Au mois\r\n" in own
