"""Italian formats for amounts, percentages and dates (Babel), used by the templates.

`1.190.893,72 €`, `99,2%`, `30/09/2021`, and month-precision dates as
`settembre 2016`. The same functions label the charts, so that a number reads the
same in a chart, in its table and in the text. Unknown values read "n.d."
(non disponibile), as on the programme's own pages.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal, parse_pattern

from .dates import PartialDate

LOCALE = Locale.parse("it_IT")
NOT_AVAILABLE = "n.d."

# Babel's NumberPattern.apply costs about 15 µs a call, and a build formats a
# dozen amounts per record: at 10,000 records that was over a second. The CLDR
# data still comes from Babel (symbols, pattern, the currency's position); only
# the arithmetic of grouping digits is done by Python's own format(), and a test
# checks the result against Babel's for thousands of values.
_CURRENCY = parse_pattern(LOCALE.currency_formats["standard"].pattern)
_SYMBOLS = LOCALE.number_symbols["latn"]
_TO_LOCALE = str.maketrans({",": _SYMBOLS["group"], ".": _SYMBOLS["decimal"]})
_EUR_PREFIX = _CURRENCY.prefix[0].replace("¤", LOCALE.currency_symbols["EUR"])
_EUR_SUFFIX = _CURRENCY.suffix[0].replace("¤", LOCALE.currency_symbols["EUR"])
_MINUS = _SYMBOLS["minusSign"]
assert _CURRENCY.grouping == (3, 3) and _CURRENCY.frac_prec == (2, 2), "unexpected CLDR pattern for it_IT"


def eur(value: Decimal | None) -> str:
    """`Decimal('1190893.72')` -> `'1.190.893,72 €'` (with a no-break space)."""
    if value is None:
        return NOT_AVAILABLE
    digits = format(abs(value), ",.2f").translate(_TO_LOCALE)
    sign = _MINUS if value < 0 else ""
    return f"{sign}{_EUR_PREFIX}{digits}{_EUR_SUFFIX}"


def number(value: Decimal | int | None, decimals: int = 0) -> str:
    if value is None:
        return NOT_AVAILABLE
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, pattern, locale=LOCALE)


def millions(value: Decimal | None) -> str:
    """An allocation in millions: `Decimal('169.01')` -> `'169,01 milioni di €'`."""
    if value is None:
        return NOT_AVAILABLE
    return f"{format_decimal(value, '#,##0.##', locale=LOCALE)} milioni di €"


_PERCENT = parse_pattern("#,##0.0%")
_PERCENT_SIGN = _SYMBOLS["percentSign"]


def percent(value: Decimal | None) -> str:
    """A ratio: `Decimal('0.9924')` -> `'99,2%'` (same digits as Babel, as for eur)."""
    if value is None:
        return NOT_AVAILABLE
    scaled = (Decimal(value) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)
    sign = _MINUS if scaled < 0 else ""
    return f"{sign}{format(abs(scaled), ',.1f').translate(_TO_LOCALE)}{_PERCENT_SIGN}"


@lru_cache(maxsize=4096)
def date_it(value: PartialDate | dt.date | None) -> str:
    """A day as `30/09/2021`, a month as `settembre 2016`."""
    if value is None:
        return NOT_AVAILABLE
    if isinstance(value, PartialDate):
        if value.precision == "mese":
            return _babel_date(value.first_day, "LLLL yyyy", locale=LOCALE)
        value = value.as_date()
    return _babel_date(value, "dd/MM/yyyy", locale=LOCALE)


@lru_cache(maxsize=4096)  # a few dates recur on thousands of pages; Babel takes ~40 µs for each
def date_long(value: dt.date | None) -> str:
    """`22 novembre 2026`, for sentences ("dati aggiornati al ...")."""
    if value is None:
        return NOT_AVAILABLE
    return _babel_date(value, "d MMMM yyyy", locale=LOCALE)


def iso(value: PartialDate | dt.date | None) -> str:
    """Machine-readable form for `<time datetime>` and exports."""
    return "" if value is None else value.isoformat()


def file_size(size: int) -> str:
    """A file's size as people read it, in powers of 1000 (SI, as "kB" says):
    `742` -> `'742 byte'`, `20179` -> `'20,2 kB'`, `4521234` -> `'4,5 MB'`.

    Babel formats numbers, not sizes; a size divided by 1024 and labelled kB
    understated every file by 2.4%."""
    if size < 1000:
        return f"{number(size)}\u00a0byte"
    for unit in ("kB", "MB", "GB"):
        value = (Decimal(size) / 1000).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)
        if value < 1000 or unit == "GB":
            break
        size = Decimal(size) / 1000
    return f"{number(value, 1)}\u00a0{unit}"


JINJA_FILTERS = {
    "dimensione": file_size,
    "eur": eur,
    "numero": number,
    "milioni": millions,
    "percentuale": percent,
    "data_it": date_it,
    "data_estesa": date_long,
    "iso": iso,
}
