"""Dates as the sources write them, with their precision, and the 0021 typo."""

from __future__ import annotations

import datetime as dt

import pytest

from ponmetro.dates import DateError, PartialDate, parse_date, parse_day


@pytest.mark.parametrize("written, iso, precision", [
    ("30-09-2021", "2021-09-30", "giorno"),   # the programme site
    ("01-07-2017", "2017-07-01", "giorno"),
    ("1-7-2017", "2017-07-01", "giorno"),
    ("30/09/2021", "2021-09-30", "giorno"),
    ("30.09.2021", "2021-09-30", "giorno"),
    ("30–09–2021", "2021-09-30", "giorno"),   # en dashes from a word processor
    ("2021-09-30", "2021-09-30", "giorno"),
    ("29-02-2024", "2024-02-29", "giorno"),
    ("30 settembre 2021", "2021-09-30", "giorno"),   # as prose writes a day
    ("1° luglio 2017", "2017-07-01", "giorno"),
    ("1 Luglio 2017", "2017-07-01", "giorno"),
    ("Settembre 2016", "2016-09", "mese"),    # the Bologna sheet
    ("settembre 2016", "2016-09", "mese"),
    ("DICEMBRE 2022", "2022-12", "mese"),
    ("Settembre  2016", "2016-09", "mese"),
    ("Settembre\u00a02016", "2016-09", "mese"),
    ("09.2016", "2016-09", "mese"),           # the Bologna Asse 3 page
    ("9.2016", "2016-09", "mese"),
    ("12/2021", "2021-12", "mese"),
    ("2016-09", "2016-09", "mese"),
    (" 30-09-2021 ", "2021-09-30", "giorno"),
])
def test_accepted_forms_keep_their_precision(written, iso, precision):
    date = parse_date(written)
    assert date.isoformat() == iso
    assert str(date) == iso
    assert date.precision == precision


@pytest.mark.parametrize("name, month", [
    ("Gennaio", 1), ("Febbraio", 2), ("Marzo", 3), ("Aprile", 4), ("Maggio", 5), ("Giugno", 6),
    ("Luglio", 7), ("Agosto", 8), ("Settembre", 9), ("Ottobre", 10), ("Novembre", 11), ("Dicembre", 12),
])
def test_every_italian_month_name(name, month):
    assert parse_date(f"{name} 2020") == PartialDate(2020, month)


def test_a_month_is_not_turned_into_an_invented_first_day():
    month = parse_date("Dicembre 2022")
    assert month.day is None
    assert month.first_day == dt.date(2022, 12, 1)
    assert month.last_day == dt.date(2022, 12, 31)
    with pytest.raises(ValueError):
        month.as_date()
    assert parse_date("02.2024").last_day == dt.date(2024, 2, 29)


def test_a_day_is_its_own_first_and_last_day():
    day = parse_date("30-09-2021")
    assert day.first_day == day.last_day == day.as_date() == dt.date(2021, 9, 30)


def test_partial_dates_order_by_time_a_month_before_its_days():
    dates = [parse_date(t) for t in ("10.2016", "30-09-2016", "09.2016", "01-09-2016", "2015-12")]
    assert [d.isoformat() for d in sorted(dates)] == ["2015-12", "2016-09", "2016-09-01", "2016-09-30", "2016-10"]
    assert parse_date("09.2016") <= parse_date("Settembre 2016")
    assert parse_date("09.2016") != parse_date("01-09-2016")


@pytest.mark.parametrize("written, message", [
    ("30-09-0021", "anno 0021 fuori dal periodo del programma (2014-2030): forse 30-09-2021?"),
    ("0021-09-30", "anno 0021 fuori dal periodo del programma (2014-2030): forse 2021-09-30?"),
    ("09.0021", "anno 0021 fuori dal periodo del programma (2014-2030): forse 09.2021?"),
    ("Settembre 0016", "anno 0016 fuori dal periodo del programma (2014-2030): forse Settembre 2016?"),
    ("30-09-2201", "anno 2201 fuori dal periodo del programma (2014-2030): forse 30-09-2021?"),
    ("30-09-2012", "anno 2012 fuori dal periodo del programma (2014-2030): forse 30-09-2021?"),
    ("30-09-1921", "anno 1921 fuori dal periodo del programma (2014-2030)"),
    ("30-09-9999", "anno 9999 fuori dal periodo del programma (2014-2030)"),
])
def test_a_year_outside_the_programme_is_refused_with_the_probable_fix(written, message):
    with pytest.raises(DateError) as info:
        parse_date(written)
    assert str(info.value) == message


@pytest.mark.parametrize("written, message", [
    ("31-06-2023", "giorno 31 inesistente in '31-06-2023' (il mese ha 30 giorni)"),
    ("29-02-2023", "giorno 29 inesistente in '29-02-2023' (il mese ha 28 giorni)"),
    ("00-09-2021", "giorno 0 inesistente in '00-09-2021' (il mese ha 30 giorni)"),
    ("30-13-2021", "mese 13 inesistente in '30-13-2021'"),
    ("13.2021", "mese 13 inesistente in '13.2021'"),
    ("2021-00", "mese 0 inesistente in '2021-00'"),
    ("Setembre 2016", "'Setembre' non è un mese: forse 'Settembre 2016'?"),
    ("Giuigno 2023", "'Giuigno' non è un mese: forse 'Giugno 2023'?"),
    ("Xyz 2016", "'Xyz' non è un mese (es. 'Settembre 2016')"),
    ("Dic 2022", "'Dic' non è un mese: forse 'Dicembre 2022'?"),       # the start of one month only
    ("sett 2016", "'sett' non è un mese: forse 'Settembre 2016'?"),
    ("31 giugno 2023", "giorno 31 inesistente in '31 giugno 2023' (il mese ha 30 giorni)"),
    ("1 marzzo 2024", "'marzzo' non è un mese: forse '1 marzo 2024'?"),
    ("1 dic 2022", "'dic' non è un mese: forse '1 dicembre 2022'?"),
])
def test_impossible_dates_are_refused_in_italian(written, message):
    with pytest.raises(DateError) as info:
        parse_date(written)
    assert str(info.value) == message


@pytest.mark.parametrize("written", [
    "30-09-21",            # two-digit year: which century?
    "30 09 2021",
    "30-09/2021",          # mixed separators
    "2021/09/30",
    "2021-9-30",
    "2016",
    "Sett. 2016",
    "30-09-2021T00:00",
    "Settembre 2016 - Dicembre 2022",
    "\u0663\u0660-\u0660\u0669-\u0662\u0660\u0662\u0661",  # Arabic-Indic digits
    "",
])
def test_unreadable_dates_say_which_forms_to_use(written):
    with pytest.raises(DateError) as info:
        parse_date(written)
    assert str(info.value) == (
        f"data '{written.strip()}' non leggibile: usare 30-09-2021 (giorno) oppure 09.2016 o "
        "'Settembre 2016' (solo mese)"
    )


def test_where_a_day_is_required_a_month_is_refused():
    assert parse_day("22-11-2026") == parse_day("22 novembre 2026") == dt.date(2026, 11, 22)
    for month in ("11.2026", "Novembre 2026", "2026-11"):
        with pytest.raises(DateError) as info:
            parse_day(month)
        assert str(info.value) == f"'{month}' indica solo il mese: qui serve il giorno (es. 22-11-2026)"
