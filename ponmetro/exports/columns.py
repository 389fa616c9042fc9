"""The columns of the interventions table, and one record's values for them.

One list, `COLUMNS`, fixes the name, order, type and meaning of every column that
the CSV files carry and every flat key of a record in the JSON file; the Table
Schema of `datapackage.json` is built from it, and `docs/downloads.md` documents
it (a test keeps the two in step). Column names are the data keys of the records,
in Italian; titles and descriptions are in Italian because data users read them.

`record_values` gives one record's values as Python values (`Decimal`, `int`,
`str`, `None` for unknown); each format then writes them its own way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable

from .. import codes
from ..checks import LoadedRecord
from ..model import AMOUNT_FIELDS
from ..reference import Reference
from .config import ExportConfig
from .paths import project_path

CENT = Decimal("0.01")

# A date of a record is a day (2021-09-30) or only a month (2016-09): no single
# Frictionless type ("date", "yearmonth") admits both, so the column is a string
# with this pattern and a companion column says which precision each value has.
PARTIAL_DATE_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?$"
PRECISIONS = ("giorno", "mese")
SOURCES_SEPARATOR = " | "


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless Table Schema type: string, integer, number, date
    title: str
    description: str
    required: bool = False
    constraints: dict[str, Any] = field(default_factory=dict, hash=False)
    format: str | None = None

    @property
    def is_amount(self) -> bool:
        return self.type == "number"


def _text(name: str, title: str, description: str, **kwargs: Any) -> Column:
    return Column(name, "string", title, description, **kwargs)


def _date_columns(name: str, title: str, what: str) -> tuple[Column, Column]:
    return (
        _text(name, title, f"{what}: AAAA-MM-GG se la fonte dà il giorno, AAAA-MM se dà solo il mese; "
              "vuoto se la fonte non la indica",
              constraints={"pattern": PARTIAL_DATE_PATTERN}),
        _text(f"{name}_precisione", f"Precisione di: {title.lower()}",
              f"'giorno' o 'mese': quanto è precisa la colonna {name}; vuoto se la data manca",
              constraints={"enum": list(PRECISIONS)}),
    )


def _amount(name: str, label: str) -> Column:
    return Column(
        f"importo_{name}", "number", label,
        f"{label}, in euro con due decimali; vuoto se la fonte non lo indica (vuoto non vuol dire zero)",
        constraints={"minimum": 0},
    )


_AMOUNT_LABELS = {
    "programmato": "Importo programmato",
    "ammesso_a_finanziamento": "Importo ammesso a finanziamento",
    "giuridicamente_vincolante": "Importo giuridicamente vincolante",
    "erogato": "Importo erogato",
}

COLUMNS: tuple[Column, ...] = (
    _text("codice", "Codice progetto", "Codice del progetto nel programma (es. MI3.3.1.e): sigla della città, "
          "asse, azione e lettera; vuoto se la fonte non lo dà",
          constraints={"pattern": codes.CODE_PATTERN, "unique": True}),
    _text("slug", "Identificativo", "Identificativo permanente dell'intervento e parte finale del suo "
          "indirizzo sul sito: il codice in minuscolo con i trattini (mi3-3-1-e), oppure uno slug fisso "
          "per gli interventi senza codice", required=True,
          constraints={"pattern": codes.SLUG_PATTERN, "unique": True}),
    _text("titolo", "Titolo", "Titolo dell'intervento; vuoto se la fonte non lo dà (nessun titolo inventato)"),
    _text("citta", "Città", "Città metropolitana (Organismo Intermedio) che realizza l'intervento",
          required=True),
    _text("sigla_citta", "Sigla della città", "Sigla di due lettere della città, come nei codici (MI, TO)",
          constraints={"pattern": r"^[A-Z]{2}$"}),
    Column("asse", "integer", "Asse", "Numero dell'asse del programma (1-8)", required=True,
           constraints={"minimum": 1, "maximum": 8}),
    _text("nome_asse", "Nome dell'asse", "Nome dell'asse del programma"),
    _text("azione", "Azione", "Azione del programma (es. 3.3.1), come indicata dalla fonte",
          constraints={"pattern": codes.ACTION_PATTERN}),
    _text("priorita", "Priorità di investimento", "Priorità di investimento (es. 9v)"),
    _text("ambito", "Ambito", "Ambito dell'intervento"),
    _text("soggetto_attuatore", "Soggetto attuatore", "Ente che realizza l'intervento"),
    _text("cup", "CUP", "Codice Unico di Progetto (15 caratteri); 'n.d.' se la fonte lo dichiara non "
          "disponibile, vuoto se non lo indica", constraints={"pattern": r"^([A-Z0-9]{15}|n\.d\.)$"}),
    _text("rup", "RUP", "Responsabile Unico del Procedimento"),
    *_date_columns("data_inizio", "Data di inizio", "Data di inizio dell'intervento"),
    *_date_columns("data_fine", "Data di fine", "Data di fine dell'intervento"),
    _text("stato", "Stato", "Stato dell'intervento secondo la fonte (es. In corso)"),
    *(_amount(name, _AMOUNT_LABELS[name]) for name in AMOUNT_FIELDS),
    Column("aggiornato_il", "date", "Aggiornato il", "Giorno dell'ultimo aggiornamento della scheda "
           "(AAAA-MM-GG)", required=True),
    _text("url", "Pagina dell'intervento", "Indirizzo della pagina dell'intervento su questo sito",
          required=True, format="uri"),
    _text("fonti", "Fonti", "Titoli delle fonti da cui sono presi i dati, separati da ' | ' "
          "(l'elenco completo, con indirizzi e date di consultazione, è in interventi.json)", required=True),
    Column("n_note", "integer", "Numero di note", "Quante note spiegano correzioni o conflitti tra le fonti "
           "(il testo delle note è in interventi.json e sulla pagina dell'intervento)", required=True,
           constraints={"minimum": 0}),
)

COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)


def record_values(item: LoadedRecord, reference: Reference, config: ExportConfig) -> dict[str, Any]:
    """One record as a row: column name -> `str`, `int`, `Decimal` or `None` (unknown)."""
    rec = item.record
    city = reference.city_by_name.get(rec.citta)
    axis = reference.axis_by_number.get(rec.asse)
    values: dict[str, Any] = {
        "codice": rec.codice,
        "slug": item.slug,
        "titolo": rec.titolo,
        "citta": rec.citta,
        "sigla_citta": city.sigla if city else None,
        "asse": rec.asse,
        "nome_asse": axis.nome if axis else None,
        "azione": rec.azione,
        "priorita": rec.priorita,
        "ambito": rec.ambito,
        "soggetto_attuatore": rec.soggetto_attuatore,
        "cup": rec.cup,
        "rup": rec.rup,
        "data_inizio": rec.data_inizio.isoformat() if rec.data_inizio else None,
        "data_inizio_precisione": rec.data_inizio.precision if rec.data_inizio else None,
        "data_fine": rec.data_fine.isoformat() if rec.data_fine else None,
        "data_fine_precisione": rec.data_fine.precision if rec.data_fine else None,
        "stato": rec.stato,
    }
    for name in AMOUNT_FIELDS:
        amount = getattr(rec.importi, name)
        values[f"importo_{name}"] = amount.quantize(CENT) if amount is not None else None
    values["aggiornato_il"] = rec.aggiornato_il.isoformat()
    values["url"] = config.absolute(project_path(item.slug))
    values["fonti"] = SOURCES_SEPARATOR.join(f.titolo for f in rec.fonti)
    values["n_note"] = len(rec.note)
    assert tuple(values) == COLUMN_NAMES, "record_values and COLUMNS disagree"
    return values


def sorted_records(items: Iterable[LoadedRecord]) -> list[LoadedRecord]:
    """Rows in a stable order: by slug, the permanent identifier."""
    return sorted(items, key=lambda item: item.slug)


def amount_text(value: Decimal, decimal_mark: str = ".") -> str:
    """`Decimal('1190893.7')` -> `'1190893.70'`: exactly two decimals, no grouping."""
    text = format(value.quantize(CENT), "f")
    return text.replace(".", decimal_mark)
