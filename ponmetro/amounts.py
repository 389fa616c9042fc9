"""Amounts of money as the sources write them, read into exact `Decimal`s.

The programme writes amounts the Italian way (`€ 1.190.893,72`, `1.864.908,36€`,
`9.830.384€`); maintainers may also write plain numbers (`1190893.72`). Money never
passes through a float. A text that could be read two ways (`1.128`: one thousand
one hundred twenty-eight, or one point one?) is refused rather than guessed.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

CENT = Decimal("0.01")

# ASCII digits only: `\d` would also take Arabic-Indic or full-width digits, which
# Decimal accepts but no source uses.
_CURRENCY = re.compile(r"(€|\bEUR\b|\beuro\b)", re.IGNORECASE | re.ASCII)
_ITALIAN = re.compile(r"^[0-9]{1,3}(\.[0-9]{3})*(,[0-9]{1,2})?$|^[0-9]+(,[0-9]{1,2})?$")
_THOUSANDS_ONLY = re.compile(r"^[0-9]{1,3}(\.[0-9]{3}){2,}$")
_ONE_GROUP = re.compile(r"^[0-9]{1,3}\.[0-9]{3}$")
_PLAIN = re.compile(r"^[0-9]+(\.[0-9]{1,2})?$")
# Spaces that word processors put between groups of digits.
_SPACES = re.compile("[ \u00a0\u2009\u202f]")
# Where they may be: between groups of three digits (1 190 893,72). Anywhere else
# a space is a slip: "218177 38" read as 21.817.738,00, a hundred times the amount.
_SPACED_GROUPS = re.compile("^[0-9]{1,3}([ \u00a0\u2009\u202f][0-9]{3})+([,.][0-9]{1,2})?$")
# "n.d.", "-", "—": what tables write for an amount they do not give (spaces already removed).
_NOT_GIVEN = {"-", "−", "–", "—", "n.d", "nd", "n/d", "n.a", "na", "nondisponibile", "nonnoto"}
# A trillion euros is far beyond the programme; more digits are a typo.
MAX_DIGITS = 13


class AmountError(ValueError):
    """The text is not an amount; the message says why, in Italian."""


def parse_amount(text: str) -> Decimal:
    """`'€ 1.190.893,72'` -> `Decimal('1190893.72')`, always with two decimals."""
    raw = str(text)
    s = _SPACES.sub("", _CURRENCY.sub("", raw)).strip()
    if not s:
        raise AmountError(f"'{raw}' non contiene un importo")
    if s.lower().strip(".") in _NOT_GIVEN:
        # How tables write "not given": not a zero, and not a negative amount.
        raise AmountError(f"importo '{raw}' non indicato: se la fonte non lo dà, togliere il campo "
                          "(un importo assente vale 'non noto', non zero)")
    if s.startswith(("-", "−")):
        raise AmountError(f"importo negativo '{raw}': gli importi del programma non sono negativi")
    written = _CURRENCY.sub("", raw).strip()
    if _SPACES.search(written) and not _SPACED_GROUPS.match(written):
        raise AmountError(
            f"importo '{raw}' non leggibile: uno spazio dentro un importo può solo separare le migliaia "
            "(1 190 893,72); controllare le cifre, o scriverlo come 1.190.893,72"
        )
    if "," in s:
        if not _ITALIAN.match(s):
            raise AmountError(
                f"importo '{raw}' non leggibile: scriverlo come 1.190.893,72 "
                "(punto per le migliaia, virgola e due cifre per i centesimi)"
            )
        number = s.replace(".", "").replace(",", ".")
    elif _THOUSANDS_ONLY.match(s):
        number = s.replace(".", "")
    elif _ONE_GROUP.match(s):
        raise AmountError(
            f"importo '{raw}' ambiguo: scrivere {s},00 se il punto separa le migliaia, "
            "oppure usare la virgola per i decimali (es. 1,50)"
        )
    elif _PLAIN.match(s):
        number = s
    else:
        raise AmountError(
            f"importo '{raw}' non leggibile: usare il formato 1.190.893,72 oppure 1190893.72"
        )
    if len(number.partition(".")[0].lstrip("0")) > MAX_DIGITS:
        raise AmountError(f"importo '{raw}' troppo grande: controllare le cifre")
    try:
        return Decimal(number).quantize(CENT)
    except InvalidOperation as exc:  # pragma: no cover - the patterns admit only digits
        raise AmountError(f"importo '{raw}' non leggibile") from exc
