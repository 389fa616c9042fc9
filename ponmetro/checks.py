"""Checks beyond a single field: within a record, and across records.

Errors are facts that cannot all be true (a code that says Milano on a record
for Torino, two files with the same code, a declared total the records do not add
up to). Warnings are facts that may be true but deserve a look (erogato above
ammesso, an end date passed with nothing paid, a missing CUP).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable

from .codes import slug_for_code
from .model import Intervento, TotaleDichiarato
from .problems import Problem, Severity
from .reference import Reference


@dataclass(frozen=True)
class LoadedRecord:
    """A valid record and where its key fields were written (for later messages)."""

    record: Intervento
    path: str
    positions: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False, hash=False)

    def problem(self, field_name: str, message: str, severity: Severity = Severity.ERROR) -> Problem:
        line, column = self.positions.get(field_name, (1, 1))
        return Problem(self.path, line, column, field_name, message, severity)

    @property
    def slug(self) -> str:
        return self.record.slug_or_code_slug


# Positions kept after loading: enough for cross-record messages, small enough
# that 100,000 records do not keep every line number of every file in memory.
KEPT_POSITIONS = (
    "codice", "slug", "titolo", "citta", "asse", "azione", "cup", "data_inizio", "data_fine",
    "importi", "importi.programmato", "importi.ammesso_a_finanziamento",
    "importi.giuridicamente_vincolante", "importi.erogato",
)


def check_record(item: LoadedRecord, reference: Reference, file_stem: str) -> Iterable[Problem]:
    rec = item.record
    code = rec.parsed_code
    if code is None and not rec.slug:
        yield item.problem(
            "slug",
            "un intervento senza codice ha bisogno di uno slug fisso, che diventa il suo indirizzo "
            f"(es. slug: {file_stem})",
        )
    if code is None and not rec.titolo:
        yield item.problem("titolo", "un intervento senza codice deve avere almeno il titolo")
    if code is not None and rec.slug:
        yield item.problem(
            "slug",
            f"slug non ammesso quando c'è il codice: l'indirizzo deriva dal codice ({code.slug})",
        )
    if code is not None:
        city = reference.city_by_name.get(rec.citta)
        prefix_city = reference.city_by_prefix.get(code.city_prefix)
        if prefix_city is None:
            yield item.problem("codice", f"la sigla '{code.city_prefix}' del codice non è di nessuna città del programma")
        elif city is not None and prefix_city is not city:
            yield item.problem(
                "citta",
                f"il codice {code.text} è di {prefix_city.nome} ({code.city_prefix}), "
                f"ma la città indicata è {rec.citta}",
            )
        if code.axis != rec.asse:
            yield item.problem("asse", f"il codice {code.text} è dell'asse {code.axis}, ma l'asse indicato è {rec.asse}")
        if rec.azione and rec.azione != code.action:
            yield item.problem(
                "azione", f"il codice {code.text} è dell'azione {code.action}, ma l'azione indicata è {rec.azione}"
            )
    if rec.azione and not rec.azione.startswith(f"{rec.asse}."):
        yield item.problem("azione", f"l'azione {rec.azione} non appartiene all'asse {rec.asse}")
    if rec.asse not in reference.axis_by_number:
        yield item.problem("asse", f"l'asse {rec.asse} non è in data/assi.yaml")
    if item.slug and file_stem != item.slug:
        yield item.problem(
            "codice" if code else "slug",
            f"il file deve chiamarsi {item.slug}.yaml (come l'indirizzo della scheda), non {file_stem}.yaml",
        )
    if rec.data_inizio and rec.data_fine and rec.data_fine.last_day < rec.data_inizio.first_day:
        yield item.problem(
            "data_fine", f"la data di fine ({rec.data_fine}) precede la data di inizio ({rec.data_inizio})"
        )
    yield from _warnings(item)


def _warnings(item: LoadedRecord) -> Iterable[Problem]:
    rec = item.record
    amounts = rec.importi
    warn = Severity.WARNING
    if amounts.erogato is not None and amounts.ammesso_a_finanziamento is not None:
        if amounts.erogato > amounts.ammesso_a_finanziamento:
            yield item.problem(
                "importi.erogato",
                f"l'erogato ({_eur(amounts.erogato)}) supera l'ammesso a finanziamento "
                f"({_eur(amounts.ammesso_a_finanziamento)}): verificare la fonte",
                warn,
            )
    if amounts.giuridicamente_vincolante is not None and amounts.ammesso_a_finanziamento is not None:
        if amounts.giuridicamente_vincolante > amounts.ammesso_a_finanziamento:
            yield item.problem(
                "importi.giuridicamente_vincolante",
                "il giuridicamente vincolante supera l'ammesso a finanziamento: verificare la fonte",
                warn,
            )
    nothing_paid = amounts.erogato is not None and amounts.erogato == 0
    if rec.data_fine and rec.data_fine.last_day < rec.aggiornato_il and nothing_paid:
        yield item.problem(
            "data_fine",
            f"la data di fine ({rec.data_fine}) è passata all'ultimo aggiornamento "
            f"({rec.aggiornato_il.isoformat()}) ma l'erogato è zero",
            warn,
        )
    if rec.cup is None or rec.cup == "n.d.":
        yield item.problem("cup", "CUP non disponibile: cercarlo su OpenCoesione o presso il soggetto attuatore", warn)


def _eur(value: Decimal) -> str:
    whole, _, cents = f"{value:,.2f}".partition(".")
    return f"{whole.replace(',', '.')},{cents} €"


def check_dataset(items: list[LoadedRecord], reference: Reference) -> Iterable[Problem]:
    """Unique codes and addresses; declared totals that the records must add up to."""
    by_slug: dict[str, LoadedRecord] = {}
    for item in items:
        slug = item.slug
        if not slug:
            continue
        first = by_slug.get(slug)
        if first is None:
            by_slug[slug] = item
            continue
        line = first.positions.get("codice" if first.record.codice else "slug", (1, 1))[0]
        what = f"codice {item.record.codice}" if item.record.codice else f"slug {slug}"
        yield item.problem(
            "codice" if item.record.codice else "slug",
            f"{what} già usato in {first.path}:{line}: ogni intervento ha un indirizzo suo",
        )
    yield from check_declared_totals(items, reference)


def sum_of(items: Iterable[LoadedRecord], city: str, axis: int, amount: str) -> Decimal:
    total = Decimal("0.00")
    for item in items:
        if item.record.citta == city and item.record.asse == axis:
            total += getattr(item.record.importi, amount) or 0
    return total


def declared_total_matches(declared: TotaleDichiarato, computed: Decimal) -> bool:
    """Sources round totals: a declared `9.830.384` matches a sum of `9.830.384,57`."""
    unit = Decimal("1") if declared.importo == declared.importo.to_integral_value() else Decimal("0.01")
    return abs(computed - declared.importo) < unit


def check_declared_totals(items: list[LoadedRecord], reference: Reference) -> Iterable[Problem]:
    by_key: dict[tuple[str, int], list[LoadedRecord]] = defaultdict(list)
    for item in items:
        by_key[(item.record.citta, item.record.asse)].append(item)
    for index, declared in enumerate(reference.declared_totals):
        computed = sum_of(by_key.get((declared.citta, declared.asse), []), declared.citta, declared.asse, declared.voce)
        if not declared_total_matches(declared, computed):
            yield Problem(
                reference.totals_path,
                *reference.declared_positions[index],
                f"totali[{index}].importo",
                f"la somma di '{declared.voce}' degli interventi di {declared.citta} sull'asse "
                f"{declared.asse} è {_eur(computed)}, ma la fonte dichiara {_eur(declared.importo)} "
                f"(differenza {_eur(abs(computed - declared.importo))}): manca un intervento o un importo è sbagliato",
            )
