"""A new record from a project code: `invoke new MI3.3.1.f`.

City, axis and action come from the code; every other field is written as a
commented placeholder with what it expects, so a maintainer fills in the file
in a web editor and the validator says what is still missing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .codes import CodeError, parse_code
from .dataset import load_reference
from .problems import Report


class ScaffoldError(Exception):
    """The record cannot be created; the message says why, in Italian."""


TEMPLATE = """\
# Scheda dell'intervento {code} ({city}). Formato: docs/data-format.md
# I campi vuoti ("") vanno completati: finché restano vuoti la validazione li segnala.
# I campi commentati (#) sono facoltativi: togliere il # e completarli se la fonte li riporta.
codice: {code}
titolo: ""  # titolo dell'intervento, come lo scrive la fonte
citta: {city}
asse: {axis}
azione: {action}
# ambito: ...
# soggetto_attuatore: ...
# cup: n.d.  # 15 caratteri (es. C19J21037430006) oppure n.d.
# rup: ...
# data_inizio: 30-09-2021  # oppure solo il mese: 09.2021, Settembre 2021
# data_fine: 30-06-2023
# stato: In corso
# descrizione: |
#   Testo in Markdown.
# importi:
#   programmato: € 1.200.000,00
#   ammesso_a_finanziamento: € 1.190.893,72
#   giuridicamente_vincolante: € 1.190.893,72
#   erogato: € 218.177,38
fonti:
  - titolo: ""  # titolo o descrizione della fonte
    # url: https://...
    consultata_il: {today}
# note:
#   - Correzioni e disaccordi tra le fonti, spiegati.
aggiornato_il: {today}
"""


def scaffold_record(code_text: str, data_dir: Path, today: dt.date | None = None) -> Path:
    try:
        code = parse_code(code_text)
    except CodeError as exc:
        raise ScaffoldError(str(exc)) from None
    reference = load_reference(data_dir, data_dir.parent, Report())
    city = reference.city_by_prefix.get(code.city_prefix)
    if city is None:
        raise ScaffoldError(f"la sigla '{code.city_prefix}' del codice non è di nessuna città in data/citta.yaml")
    path = data_dir / "interventi" / f"{code.slug}.yaml"
    if path.exists():
        raise ScaffoldError(f"{path} esiste già: modificare quella scheda invece di crearne una nuova")
    today = (today or dt.date.today()).strftime("%d-%m-%Y")
    path.write_text(
        TEMPLATE.format(code=code.text, city=city.nome, axis=code.axis, action=code.action, today=today),
        encoding="utf-8",
    )
    return path
