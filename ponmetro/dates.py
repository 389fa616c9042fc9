"""Dates as the sources write them, keeping their precision (a day, or a month).

`30-09-2021`, `30/09/2021`, `2021-09-30`, `30 settembre 2021` are days;
`Settembre 2016`, `09.2016`, `2016-09` are months. A month is never turned into
an invented first day: a `PartialDate` remembers what the source knew. A year
outside the programme's life is an error that proposes the probable fix
(`0021` -> `2021`).
"""

from __future__ import annotations

import calendar
import functools
import difflib
import datetime as dt
import re
from dataclasses import dataclass

# The programme runs 2014-2020 with spending allowed until the end of 2023 and
# REACT-EU and closure activity later; metadata dates (sources read, last update)
# fall in the same window. Outside it a year is a typo.
FIRST_YEAR = 2014
LAST_YEAR = 2030

MONTHS = {
    "gennaio": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "maggio": 5, "giugno": 6,
    "luglio": 7, "agosto": 8, "settembre": 9, "ottobre": 10, "novembre": 11, "dicembre": 12,
}
MONTH_NAMES = {n: name for name, n in MONTHS.items()}

# ASCII digits only (Python's \d takes any Unicode digit); a day uses one
# separator throughout (30-09-2021, not 30-09/2021).
_DAY_DMY = re.compile(r"([0-9]{1,2})([-/.])([0-9]{1,2})\2(?P<year>[0-9]{4})")
_DAY_ISO = re.compile(r"(?P<year>[0-9]{4})-([0-9]{2})-([0-9]{2})")
_MONTH_MY = re.compile(r"([0-9]{1,2})[-/.](?P<year>[0-9]{4})")
_MONTH_ISO = re.compile(r"(?P<year>[0-9]{4})-([0-9]{2})")
_MONTH_NAME = re.compile(r"([a-z]+) +(?P<year>[0-9]{4})", re.IGNORECASE | re.ASCII)
# "1 marzo 2024", "1° marzo 2024": a day as Italian prose writes it.
_DAY_NAME = re.compile(r"([0-9]{1,2})[°º]? +([a-z]+) +(?P<year>[0-9]{4})", re.IGNORECASE | re.ASCII)


class DateError(ValueError):
    """The text is not a usable date; the message says why, in Italian."""


@functools.total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A calendar day, or a month when the source gives no day.

    Dates sort by time; a month sorts before every day of that month (a
    dataclass's own ordering would compare `None` with a day and raise).
    """

    year: int
    month: int
    day: int | None = None

    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.month, self.day or 0)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    @property
    def precision(self) -> str:
        return "giorno" if self.day else "mese"

    def isoformat(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}"

    def __str__(self) -> str:
        return self.isoformat()

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        if self.day:
            return dt.date(self.year, self.month, self.day)
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def as_date(self) -> dt.date:
        """The exact day; only for day-precision dates."""
        if not self.day:
            raise ValueError(f"{self} has month precision only")
        return dt.date(self.year, self.month, self.day)


def parse_date(text: str, *, require_day: bool = False) -> PartialDate:
    """`'30-09-2021'` -> a day; `'Settembre 2016'`, `'09.2016'` -> a month."""
    raw = str(text).strip()
    s = re.sub(r"\s+", " ", raw.replace("\u2013", "-"))
    if m := _DAY_DMY.fullmatch(s):
        return _checked(raw, s, m, int(m.group(4)), int(m.group(3)), int(m.group(1)))
    if m := _DAY_ISO.fullmatch(s):
        return _checked(raw, s, m, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _DAY_NAME.fullmatch(s):
        return _checked(raw, s, m, int(m.group(3)), _month_number(s, m, 2), int(m.group(1)))
    month_only = _MONTH_MY.fullmatch(s) or _MONTH_ISO.fullmatch(s) or _MONTH_NAME.fullmatch(s)
    if require_day and month_only:
        raise DateError(f"'{raw}' indica solo il mese: qui serve il giorno (es. 22-11-2026)")
    if m := _MONTH_MY.fullmatch(s):
        return _checked(raw, s, m, int(m.group(2)), int(m.group(1)), None)
    if m := _MONTH_ISO.fullmatch(s):
        return _checked(raw, s, m, int(m.group(1)), int(m.group(2)), None)
    if m := _MONTH_NAME.fullmatch(s):
        return _checked(raw, s, m, int(m.group(2)), _month_number(s, m, 1), None)
    raise DateError(
        f"data '{raw}' non leggibile: usare 30-09-2021 (giorno) oppure 09.2016 o "
        "'Settembre 2016' (solo mese)"
    )


def _month_number(s: str, m: re.Match, group: int) -> int:
    """The month named by `m.group(group)`; a misspelt or shortened name is an
    error that proposes the date with the month written out."""
    written = m.group(group)
    name = written.lower()
    if name in MONTHS:
        return MONTHS[name]
    # "Dic", "sett": the start of one month only (too short for difflib to match).
    starts = [month for month in MONTHS if len(name) >= 3 and month.startswith(name)]
    close = starts if len(starts) == 1 else difflib.get_close_matches(name, MONTHS, n=1)
    if close:
        # "Settembre 2016" as the programme writes a month, "1 marzo 2024" as prose writes a day.
        month = close[0] if group > 1 else close[0].capitalize()
        hint = f": forse '{s[:m.start(group)]}{month}{s[m.end(group):]}'?"
    else:
        hint = " (es. 'Settembre 2016')"
    raise DateError(f"'{written}' non è un mese{hint}")


def _checked(raw: str, s: str, m: re.Match, year: int, month: int, day: int | None) -> PartialDate:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        year_text = m.group("year")
        hint = ""
        guess = _guess_year(year_text)
        if guess:
            start, end = m.span("year")
            hint = f": forse {s[:start]}{guess}{s[end:]}?"
        raise DateError(
            f"anno {year_text} fuori dal periodo del programma ({FIRST_YEAR}-{LAST_YEAR}){hint}"
        )
    if not 1 <= month <= 12:
        raise DateError(f"mese {month} inesistente in '{raw}'")
    if day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise DateError(f"giorno {day} inesistente in '{raw}' (il mese ha {last} giorni)")
    return PartialDate(year, month, day)


def _guess_year(year_text: str) -> int | None:
    """`0021` -> 2021, `2201` -> 2021 (swapped digits), `2910` -> 2019."""
    year = int(year_text)
    if year < 100 and FIRST_YEAR <= 2000 + year <= LAST_YEAR:
        return 2000 + year
    if len(year_text) == 4:
        for i in range(3):
            swapped = year_text[:i] + year_text[i + 1] + year_text[i] + year_text[i + 2:]
            if FIRST_YEAR <= int(swapped) <= LAST_YEAR:
                return int(swapped)
    return None


def parse_day(text: str) -> dt.date:
    return parse_date(text, require_day=True).as_date()
