"""Italian formats: the fast amount formatter agrees with Babel, dates keep precision."""

import datetime as dt
import random
from decimal import Decimal

from babel.numbers import format_currency, format_percent

from ponmetro import formatting
from ponmetro.dates import PartialDate


def test_eur_matches_babel_for_many_values():
    rng = random.Random(20261122)
    values = [Decimal(rng.randint(0, 10**13)) / 100 for _ in range(5000)]
    values += [Decimal("0"), Decimal("0.00"), Decimal("0.01"), Decimal("999.99"), Decimal("1000"),
               Decimal("1190893.72"), Decimal("-1234.5"), Decimal("9830384")]
    for value in values:
        assert formatting.eur(value) == format_currency(value, "EUR", locale="it_IT"), value


def test_eur_examples_and_unknown():
    assert formatting.eur(Decimal("1190893.72")) == "1.190.893,72\u00a0€"
    assert formatting.eur(Decimal("0")) == "0,00\u00a0€"
    assert formatting.eur(None) == "n.d."


def test_dates_keep_their_precision():
    assert formatting.date_it(PartialDate(2016, 9)) == "settembre 2016"
    assert formatting.date_it(PartialDate(2021, 9, 30)) == "30/09/2021"
    assert formatting.date_it(dt.date(2026, 11, 22)) == "22/11/2026"
    assert formatting.date_long(dt.date(2026, 11, 1)) == "1 novembre 2026"
    assert formatting.iso(PartialDate(2016, 9)) == "2016-09"
    assert formatting.date_it(None) == "n.d."


def test_percent_and_millions():
    assert formatting.percent(Decimal("0.99241")) == "99,2%"
    assert formatting.millions(Decimal("169.01")) == "169,01 milioni di €"
    assert formatting.millions(Decimal("920")) == "920 milioni di €"


def test_percent_matches_babel_for_many_ratios():
    rng = random.Random(7)
    ratios = [Decimal(rng.randint(0, 10**7)) / Decimal(10**6) for _ in range(5000)]
    ratios += [Decimal("0.00049"), Decimal("0.0005"), Decimal("0.0015"), Decimal("1"), Decimal("0.18181818")]
    for ratio in ratios:
        assert formatting.percent(ratio) == format_percent(ratio, "#,##0.0%", locale="it_IT"), ratio


def test_file_sizes_in_powers_of_1000():
    assert [formatting.file_size(n) for n in (0, 742, 1000, 20179, 999_949, 999_950, 4_521_234, 10**9)] == [
        "0\u00a0byte", "742\u00a0byte", "1,0\u00a0kB", "20,2\u00a0kB", "999,9\u00a0kB", "1,0\u00a0MB",
        "4,5\u00a0MB", "1,0\u00a0GB"]
