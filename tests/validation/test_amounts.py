"""Italian amounts to exact Decimals: every form the sources use, and refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ponmetro.amounts import AmountError, parse_amount


@pytest.mark.parametrize("written, value", [
    # the three forms of the sources
    ("€ 1.190.893,72", "1190893.72"),
    ("1.864.908,36€", "1864908.36"),
    ("9.830.384€", "9830384.00"),
    # the same with the other spellings met in pages and sheets
    ("€1.190.893,72", "1190893.72"),
    ("1.190.893,72 €", "1190893.72"),
    ("EUR 1.000,00", "1000.00"),
    ("1.000,00 euro", "1000.00"),
    ("€ 0,00", "0.00"),
    ("1190893,72", "1190893.72"),
    ("1 190 893,72", "1190893.72"),
    ("1\u00a0190\u00a0893,72", "1190893.72"),
    ("1\u202f190\u202f893,72", "1190893.72"),
    ("12.345.678", "12345678.00"),
    ("1,5", "1.50"),
    ("1.128,1", "1128.10"),
    # plain numbers, as a maintainer may write them
    ("1190893.72", "1190893.72"),
    ("169.01", "169.01"),
    ("1000.5", "1000.50"),
    ("920", "920.00"),
    ("0", "0.00"),
])
def test_accepted_forms_give_exact_decimals_with_cents(written, value):
    amount = parse_amount(written)
    assert type(amount) is Decimal
    assert amount == Decimal(value)
    assert amount.as_tuple().exponent == -2  # always to the cent
    assert str(amount) == value


def test_no_float_rounding_on_large_amounts():
    assert parse_amount("€ 9.999.999.999.999,99") == Decimal("9999999999999.99")
    assert str(parse_amount("0,10") + parse_amount("0,20")) == "0.30"


@pytest.mark.parametrize("written, fragment", [
    ("1.128", "importo '1.128' ambiguo: scrivere 1.128,00 se il punto separa le migliaia, "
              "oppure usare la virgola per i decimali (es. 1,50)"),
    ("€ 1.000", "ambiguo"),
])
def test_one_group_after_a_dot_is_ambiguous(written, fragment):
    with pytest.raises(AmountError) as info:
        parse_amount(written)
    assert fragment in str(info.value)


@pytest.mark.parametrize("written, fragment", [
    ("1,000,000.00", "scriverlo come 1.190.893,72"),
    ("1.190.893,725", "scriverlo come 1.190.893,72"),
    ("12.34.567,00", "scriverlo come 1.190.893,72"),
    ("1.000.000.00", "usare il formato 1.190.893,72 oppure 1190893.72"),
    ("1e3", "non leggibile"),
    ("NaN", "non leggibile"),
    ("Infinity", "non leggibile"),
    ("+5", "non leggibile"),
    ("1_000", "non leggibile"),
    ("dieci euro", "non leggibile"),
    ("1.2.3", "non leggibile"),
    ("\u0663", "non leggibile"),        # ARABIC-INDIC DIGIT THREE: Decimal would take it
    ("\uff11\uff12", "non leggibile"),  # FULLWIDTH 12
    ("-5", "importo negativo '-5'"),
    ("− 1.000,00", "importo negativo"),
    ("€", "'€' non contiene un importo"),
    ("", "non contiene un importo"),
    ("   ", "non contiene un importo"),
    ("1" * 30, "troppo grande"),
    ("1.000.000.000.000.000,00", "troppo grande"),
])
def test_malformed_amounts_are_refused_in_italian(written, fragment):
    with pytest.raises(AmountError) as info:
        parse_amount(written)
    assert fragment in str(info.value)


@pytest.mark.parametrize("written", ["n.d.", "N.D.", "nd", "n/d", "—", "–", "- €", "€ -", "Non disponibile"])
def test_a_table_s_not_given_is_told_to_be_left_out_not_read_as_zero_or_negative(written):
    with pytest.raises(AmountError) as info:
        parse_amount(written)
    assert str(info.value) == (f"importo '{written}' non indicato: se la fonte non lo dà, togliere il campo "
                               "(un importo assente vale 'non noto', non zero)")


@pytest.mark.parametrize("written", ["1 2 3 4 5", "218177 38", "1.190. 893,72", "12 34,00", "1 1900 893,72"])
def test_a_space_that_does_not_separate_thousands_is_refused(written):
    # "218177 38" read as 21.817.738,00: a hundred times the amount meant.
    with pytest.raises(AmountError) as info:
        parse_amount(written)
    assert str(info.value) == (f"importo '{written}' non leggibile: uno spazio dentro un importo può solo separare "
                               "le migliaia (1 190 893,72); controllare le cifre, o scriverlo come 1.190.893,72")


def test_amount_error_is_a_value_error():
    assert issubclass(AmountError, ValueError)
