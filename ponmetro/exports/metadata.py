"""What every export says about the dataset as a whole: title, description, release date.

The texts are in Italian (data users read them) and shared by interventi.json,
datapackage.json and the DCAT-AP_IT catalogue, so that the three describe the same
dataset in the same words.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from ..checks import LoadedRecord

DATASET_NAME = "ponmetro-interventi"
DATASET_TITLE = "Interventi del PON Metro 2014-2020"
DATASET_DESCRIPTION = (
    "Gli interventi del Programma Operativo Nazionale Città Metropolitane 2014-2020 "
    "(PON Metro, CCI 2014IT16M2OP004), uno per riga: città, asse, azione, soggetto attuatore, "
    "CUP, date con la loro precisione (giorno o mese), stato e i quattro importi "
    "dell'avanzamento finanziario (programmato, ammesso a finanziamento, giuridicamente "
    "vincolante, erogato). Un valore che la fonte non indica resta vuoto: non è mai uno zero."
)
SOURCE = (
    "Schede e pagine pubbliche del PON Metro 2014-2020 e dei Comuni che lo attuano; "
    "ogni intervento elenca le fonti da cui sono presi i suoi dati."
)
KEYWORDS = ("PON Metro", "politiche di coesione", "fondi europei", "FESR", "FSE", "città metropolitane")
FORMAT_VERSION = 1


def release_date(items: Iterable[LoadedRecord]) -> dt.date | None:
    """The latest `aggiornato_il`: the data are as new as their newest record; None without records."""
    return max((item.record.aggiornato_il for item in items), default=None)
