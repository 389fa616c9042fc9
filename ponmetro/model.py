"""The data model: one intervention, the axes, the cities, the declared totals.

These pydantic models are the single source of truth for the record format: the
loader feeds them the plain text of the YAML files, they turn it into typed values
(`Decimal` amounts, `PartialDate`s, axis numbers), refuse unknown keys, and the JSON
Schema that editors use is exported from them (`ponmetro.schema`). Keys are in
Italian, as the programme names things; `docs/glossary.md` maps them to English.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from . import amounts, codes, dates
from .lookalikes import foreign_letter
from .validation_messages import unknown_city

# --- value types -----------------------------------------------------------------
# Each reads the text that the strict loader produced and raises a
# PydanticCustomError whose message is already the Italian sentence shown to
# maintainers.


def _text(value: Any, what: str) -> str:
    if value is None:
        raise PydanticCustomError("vuoto", "valore vuoto: scrivere un valore o togliere il campo")
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise PydanticCustomError("tipo", f"deve essere {what}, non {_kind(value)}")
    return str(value).strip()


def _kind(value: Any) -> str:
    if value is None:
        return "vuoto"
    if isinstance(value, list):
        return "un elenco"
    if isinstance(value, dict):
        return "una mappa"
    return type(value).__name__


def _amount(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value.quantize(amounts.CENT)
    try:
        return amounts.parse_amount(_text(value, "un importo"))
    except amounts.AmountError as exc:
        raise PydanticCustomError("importo", str(exc)) from None


def _partial_date(value: Any) -> dates.PartialDate:
    if isinstance(value, dates.PartialDate):
        return value
    try:
        return dates.parse_date(_text(value, "una data"))
    except dates.DateError as exc:
        raise PydanticCustomError("data", str(exc)) from None


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dates.parse_day(_text(value, "una data"))
    except dates.DateError as exc:
        raise PydanticCustomError("data", str(exc)) from None


def _axis(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    else:
        text = _text(value, "un numero di asse")
    if not re.fullmatch(r"[1-8]", text):
        meant = axis_meant(text)
        if meant:
            raise PydanticCustomError("asse", f"asse '{text}' non valido: scrivere solo il numero ({meant})")
        raise PydanticCustomError("asse", f"asse '{text}' inesistente: gli assi vanno da 1 a 8")
    return int(text)


_ROMAN_AXES = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8}


def axis_meant(text: str) -> int | None:
    """The axis meant by 'Asse 3', 'III', 'Asse III' or '03', as pages and documents write it."""
    match = re.fullmatch(r"(?:asse\s*)?0*([1-8]|[IVX]+)\.?", text.strip(), re.IGNORECASE)
    if match is None:
        return None
    number = match.group(1).upper()
    return int(number) if number.isdigit() else _ROMAN_AXES.get(number)


def _code(value: Any) -> str:
    try:
        return codes.parse_code(_text(value, "un codice")).text
    except codes.CodeError as exc:
        raise PydanticCustomError("codice", str(exc)) from None


def _action(value: Any) -> str:
    text = _text(value, "un'azione")
    text = re.sub(r"^azione\s+", "", text, flags=re.IGNORECASE)
    if not re.fullmatch(codes.ACTION_PATTERN, text):
        meant = codes.action_meant(text)
        hint = f"forse '{meant}'? (senza zeri iniziali)" if meant else "il formato è 3.3.1"
        raise PydanticCustomError("azione", f"azione '{text}' non valida: {hint}")
    return text


def _slug(value: Any) -> str:
    text = _text(value, "uno slug")
    if not re.fullmatch(codes.SLUG_PATTERN, text):
        from slugify import slugify  # here: 6 ms of import, for a build that only needs it on an error

        proposed = slugify(text)  # "Povertà abitativa" -> "poverta-abitativa"
        raise PydanticCustomError(
            "slug", f"slug '{text}' non valido: solo lettere minuscole, cifre e trattini "
                    + (f"(forse '{proposed}'?)" if proposed else "(es. bo-poverta-abitativa)")
        )
    return text


def _url(value: Any) -> str:
    text = _text(value, "un indirizzo web")
    if not re.fullmatch(r"https?://[^\s<>\"'`]+", text):
        # "www.comune.bologna.it/...", as an address bar shows it: the fix is known.
        hint = f" (forse 'https://{text[:80]}'?)" if re.fullmatch(r"www\.[^\s<>\"'`]+", text) else ""
        raise PydanticCustomError(
            "url", f"indirizzo '{text[:80]}' non valido: deve iniziare con https:// (o http://) e non contenere "
                   f"spazi{hint}"
        )
    return text


def _cup(value: Any) -> str:
    text = _text(value, "un CUP")
    if text.lower() in {"n.d.", "nd", "n.d"}:
        return "n.d."
    if not re.fullmatch(r"[A-Z0-9]{15}", text):
        raise PydanticCustomError(
            "cup", f"CUP '{text}' non valido{foreign_letter(text)}: 15 lettere maiuscole e cifre "
                   "(es. C19J21037430006), oppure n.d."
        )
    return text


def _schema(**schema) -> WithJsonSchema:
    return WithJsonSchema(schema)


_ANY_TEXT = {"type": ["string", "number"]}

Amount = Annotated[
    Decimal,
    PlainValidator(_amount),
    PlainSerializer(lambda v: format(v, "f"), return_type=str),
    _schema(
        **_ANY_TEXT,
        description="Importo in euro, come lo scrive la fonte (€ 1.190.893,72) o come numero (1190893.72)",
        examples=["€ 1.190.893,72"],
    ),
]
PartialDate = Annotated[
    dates.PartialDate,
    PlainValidator(_partial_date),
    PlainSerializer(lambda v: v.isoformat(), return_type=str),
    _schema(
        type="string",
        description="Data: 30-09-2021 (giorno) oppure 09.2016, 'Settembre 2016' (solo mese)",
        examples=["30-09-2021", "Settembre 2016"],
    ),
]
Day = Annotated[
    dt.date,
    PlainValidator(_day),
    PlainSerializer(lambda v: v.isoformat(), return_type=str),
    _schema(type="string", description="Giorno: 22-11-2026 oppure 2026-11-22", examples=["22-11-2026"]),
]
AxisNumber = Annotated[
    int,
    PlainValidator(_axis),
    _schema(type=["integer", "string"], pattern="^[1-8]$", minimum=1, maximum=8, description="Numero dell'asse (1-8)"),
]
Code = Annotated[
    str, PlainValidator(_code),
    _schema(type="string", pattern=codes.CODE_PATTERN, description="Codice progetto, es. MI3.3.1.e"),
]
Action = Annotated[
    str, PlainValidator(_action),
    _schema(type="string", pattern=codes.ACTION_PATTERN.replace("^", "^(Azione )?", 1),
            description="Azione, es. 3.3.1"),
]
Slug = Annotated[
    str, PlainValidator(_slug), _schema(type="string", pattern=codes.SLUG_PATTERN),
]
Url = Annotated[
    str, PlainValidator(_url), _schema(type="string", format="uri", pattern="^https?://"),
]
Cup = Annotated[
    str, PlainValidator(_cup),
    _schema(type="string", pattern=r"^([A-Z0-9]{15}|n\.d\.)$", description="Codice Unico di Progetto, oppure n.d."),
]


def _bounded_text(max_length: int, description: str, *, one_line: bool = False):
    schema = dict(type="string", minLength=1, maxLength=max_length, description=description)
    if one_line:
        schema["pattern"] = r"^[^\n]*$"
    return Annotated[
        str,
        PlainValidator(lambda v: _bounded(v, max_length, one_line)),
        _schema(**schema),
    ]


def _bounded(value: Any, max_length: int, one_line: bool = False) -> str:
    text = _text(value, "un testo")
    if not text:
        raise PydanticCustomError("vuoto", "testo vuoto: scrivere un valore o togliere il campo")
    if len(text) > max_length:
        raise PydanticCustomError(
            "lungo", f"testo troppo lungo ({len(text):,} caratteri; massimo {max_length:,})".replace(",", ".")
        )
    if one_line and "\n" in text:
        # Titles, names and states end up in table cells, CSV columns and <title>.
        raise PydanticCustomError(
            "riga", "il testo deve stare su una riga: per spezzarlo nel file usare '>-' invece di '|'"
        )
    return text


def _city_prefix(value: Any) -> str:
    text = _text(value, "una sigla")
    if not re.fullmatch(r"[A-Z]{2}", text):
        raise PydanticCustomError("sigla", f"sigla '{text}' non valida: due lettere maiuscole (es. MI)")
    return text


CityPrefix = Annotated[
    str, PlainValidator(_city_prefix),
    _schema(type="string", pattern=r"^[A-Z]{2}$", description="Sigla della città nei codici, es. MI"),
]

Line = _bounded_text(500, "Testo su una riga", one_line=True)
Paragraph = _bounded_text(10_000, "Testo")
Markdown = _bounded_text(50_000, "Testo in Markdown")

# --- records -----------------------------------------------------------------------


def _no_docstring(schema: dict, model: type) -> None:
    # Class docstrings are developer notes in English; the schema speaks to
    # maintainers through the Italian field descriptions instead.
    schema.pop("description", None)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_no_docstring)


class Importi(_Strict):
    """The four amounts of "Avanzamento finanziario", each possibly unknown."""

    programmato: Amount | None = Field(None, description="Importo Programmato")
    ammesso_a_finanziamento: Amount | None = Field(None, description="Importo Ammesso a Finanziamento")
    giuridicamente_vincolante: Amount | None = Field(None, description="Importo Giuridicamente Vincolante")
    erogato: Amount | None = Field(None, description="Importo Erogato")

    def is_empty(self) -> bool:
        return all(getattr(self, name) is None for name in AMOUNT_FIELDS)


AMOUNT_FIELDS = ("programmato", "ammesso_a_finanziamento", "giuridicamente_vincolante", "erogato")


class Fonte(_Strict):
    """A document the record's facts were taken from."""

    titolo: Line = Field(description="Titolo o descrizione della fonte")
    url: Url | None = Field(None, description="Indirizzo della fonte, se pubblico")
    consultata_il: Day = Field(description="Giorno in cui la fonte è stata letta")


class Foto(_Strict):
    url: Url
    alt: Line = Field(description="Descrizione della foto per chi non la vede")
    credito: Line | None = None


class Documento(_Strict):
    titolo: Line
    url: Url


class Intervento(_Strict):
    """One intervention of the programme (one YAML file in data/interventi/)."""

    codice: Code | None = Field(None, description="Codice Progetto (es. MI3.3.1.e); manca se la fonte non lo dà")
    slug: Slug | None = Field(
        None, description="Indirizzo fisso per un intervento senza codice (es. bo-poverta-abitativa)"
    )
    titolo: Line | None = Field(None, description="Titolo dell'intervento (manca se la fonte non lo dà)")
    citta: Line = Field(description="Città (Organismo Intermedio), come in data/citta.yaml")
    asse: AxisNumber = Field(description="Asse del programma (1-8)")
    priorita: Line | None = Field(None, description="Priorità di investimento (es. 9v)")
    azione: Action | None = Field(None, description="Azione (es. 3.3.1)")
    ambito: Line | None = None
    soggetto_attuatore: Line | None = None
    cup: Cup | None = Field(None, description="Codice Unico di Progetto, oppure n.d.")
    rup: Line | None = Field(None, description="Responsabile Unico del Procedimento (R.U.P.)")
    data_inizio: PartialDate | None = None
    data_fine: PartialDate | None = None
    stato: Line | None = Field(None, description="Stato (es. In corso)")
    destinatari: Paragraph | None = None
    obiettivo_generale: Paragraph | None = None
    pilastro_sociale: Paragraph | None = Field(
        None, description="Connessione con il Pilastro europeo dei diritti sociali"
    )
    azioni: list[Paragraph] = Field(default_factory=list, description="Azioni del progetto")
    descrizione: Markdown | None = Field(None, description="Descrizione dell'intervento, in Markdown")
    importi: Importi = Field(default_factory=Importi, description="Avanzamento finanziario")
    foto: list[Foto] = Field(default_factory=list)
    documenti: list[Documento] = Field(default_factory=list)
    fonti: list[Fonte] = Field(min_length=1, description="Fonti da cui sono presi i dati")
    note: list[Paragraph] = Field(
        default_factory=list, description="Correzioni e conflitti tra le fonti, spiegati"
    )
    aggiornato_il: Day = Field(description="Giorno dell'ultimo aggiornamento della scheda")

    @field_validator("citta")
    @classmethod
    def _known_city(cls, value: str, info: ValidationInfo) -> str:
        reference = (info.context or {}).get("reference")
        # No cities at all means data/citta.yaml could not be read: its own error
        # is reported, and every record must not repeat it.
        if reference is not None and reference.cities and value not in reference.city_by_name:
            raise PydanticCustomError("citta", unknown_city(value, reference))
        return value

    @property
    def display_title(self) -> str:
        """The title, or the code when the sources give none (never an invented title)."""
        return self.titolo or f"Intervento {self.codice}"

    @property
    def slug_or_code_slug(self) -> str:
        return codes.slug_for_code(self.codice) if self.codice else (self.slug or "")

    @property
    def parsed_code(self) -> codes.ProjectCode | None:
        return codes.parse_code(self.codice) if self.codice else None


# --- reference tables -------------------------------------------------------------


class Asse(_Strict):
    numero: AxisNumber
    nome: Line
    dotazione_milioni: Amount = Field(description="Dotazione dell'asse in milioni di euro")
    fondo: Literal["FESR", "FSE"] | None = Field(None, description="Fondo che finanzia l'asse")


class Citta(_Strict):
    sigla: CityPrefix
    nome: Line = Field(description="Nome della città, come lo usano le schede (campo citta)")
    slug: Slug = Field(description="Indirizzo della pagina della città (citta/<slug>/)")


class Riferimenti(_Strict):
    """data/assi.yaml and data/citta.yaml share this shape: a list and its source."""

    fonte: Fonte
    nota: Paragraph | None = None


class AssiFile(Riferimenti):
    assi: list[Asse] = Field(min_length=1)


class CittaFile(Riferimenti):
    citta: list[Citta] = Field(min_length=1)


class TotaleDichiarato(_Strict):
    """A total published by a source, that the records must add up to."""

    citta: Line
    asse: AxisNumber
    voce: Literal[AMOUNT_FIELDS] = "programmato"  # type: ignore[valid-type]
    importo: Amount
    fonte: Fonte
    nota: Paragraph | None = None


class TotaliFile(_Strict):
    totali: list[TotaleDichiarato] = Field(default_factory=list)
