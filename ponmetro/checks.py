"""Checks beyond a single field: within a record, and across records.

Errors are facts that cannot all be true (a code that says Milano on a record
for Torino, two files with the same code, a declared total the records do not add
up to). Warnings are facts that may be true but deserve a look (erogato above
ammesso, an end date passed with nothing paid, a missing CUP).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Iterable

from .codes import code_for_slug
from .model import Intervento, TotaleDichiarato
from .problems import Problem, Severity
from .reference import Reference


@dataclass(frozen=True)
class LoadedRecord:
    """A valid record and where its key fields were written (for later messages)."""

    record: Intervento
    path: str
    positions: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False, hash=False)

    def problem(self, field_name: str, message: str, severity: Severity = Severity.ERROR, public: str = "") -> Problem:
        # A field that is not written points at the record's first key, as the
        # model's "campo obbligatorio mancante" does.
        line, column = self.positions.get(field_name) or self.positions.get("", (1, 1))
        return Problem(self.path, line, column, field_name, message, severity, public)

    @cached_property
    def slug(self) -> str:
        # Asked hundreds of thousands of times in a build (pages, rows, checks, exports).
        return self.record.slug_or_code_slug

    @cached_property
    def action(self) -> str | None:
        """The Azione ("3.3.1"): as written, or read from the code; None if neither gives it."""
        rec = self.record
        return rec.azione or (rec.parsed_code.action if rec.codice else None)


@dataclass(frozen=True)
class SkippedRecord:
    """A record file with errors, left out of the dataset: the city and axis it
    claims (as written, when readable) tell which declared totals it may miss."""

    path: str
    citta: str | None = None
    asse: str | None = None


# Positions kept after loading: enough for cross-record messages, small enough
# that 100,000 records do not keep every line number of every file in memory.
KEPT_POSITIONS = (
    "",  # the record itself: its first key
    "codice", "slug", "titolo", "citta", "asse", "azione", "cup", "data_inizio", "data_fine",
    "importi", "importi.programmato", "importi.ammesso_a_finanziamento",
    "importi.giuridicamente_vincolante", "importi.erogato", "aggiornato_il", "descrizione",
)


# The slug of a code (`mi3-3-1-e`): a pinned slug of this form would take the
# address that a record with that code will have.
_CODE_SLUG = re.compile(r"[a-z]{2}[1-8]-[0-9]{1,2}-[0-9]{1,2}-[a-z][a-z0-9]*")


def kept_positions(value_at: dict[tuple, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """The `KEPT_POSITIONS` of a loaded document (`YamlDocument.value_at`)."""
    positions = {}
    for name in KEPT_POSITIONS:
        loc = tuple(name.split(".")) if name else ()
        if loc in value_at:
            positions[name] = value_at[loc]
    return positions


def check_record(item: LoadedRecord, reference: Reference, file_stem: str) -> Iterable[Problem]:
    rec = item.record
    code = rec.parsed_code
    if code is None and rec.slug and _CODE_SLUG.fullmatch(rec.slug):
        yield item.problem(
            "slug",
            f"lo slug '{rec.slug}' ha la forma dell'indirizzo di un codice: se il codice è noto "
            "scrivere il campo codice, altrimenti scegliere uno slug descrittivo (es. bologna-poverta-abitativa)",
        )
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
    # Without a readable citta.yaml or assi.yaml (their own error is reported) a
    # comparison with them would only repeat that error on every record.
    if code is not None and reference.cities:
        city = reference.city_by_name.get(rec.citta)
        prefix_city = reference.city_by_prefix.get(code.city_prefix)
        if prefix_city is None:
            yield item.problem("codice", f"la sigla '{code.city_prefix}' del codice non è di nessuna città del programma")
        elif city is not None and prefix_city.nome != rec.citta:
            yield item.problem(
                "citta",
                f"il codice {code.text} è di {prefix_city.nome} ({code.city_prefix}), "
                f"ma la città indicata è {rec.citta}",
            )
    if code is not None:
        if code.axis != rec.asse:
            yield item.problem("asse", f"il codice {code.text} è dell'asse {code.axis}, ma l'asse indicato è {rec.asse}")
        if rec.azione and rec.azione != code.action:
            yield item.problem(
                "azione", f"il codice {code.text} è dell'azione {code.action}, ma l'azione indicata è {rec.azione}"
            )
    if rec.azione and not rec.azione.startswith(f"{rec.asse}."):
        yield item.problem("azione", f"l'azione {rec.azione} non appartiene all'asse {rec.asse}")
    if reference.axes and rec.asse not in reference.axis_by_number:
        yield item.problem("asse", f"l'asse {rec.asse} non è in data/assi.yaml")
    if item.slug and file_stem != item.slug:
        message = f"il file deve chiamarsi {item.slug}.yaml (come l'indirizzo della scheda), non {file_stem}.yaml"
        earlier = code_for_slug(file_stem) if code else None
        if earlier:
            # The file is named after another code: most likely this one was corrected,
            # and the old code's published address must keep answering.
            message += (f"; se il codice {earlier} è stato corretto, rinominare il file e aggiungere il vecchio "
                        f"indirizzo progetti/{file_stem}/ in data/redirects.yaml (CONTRIBUTING.md, «Cambiare il "
                        "codice di un intervento»)")
        yield item.problem("codice" if code else "slug", message)
    if rec.data_inizio and rec.data_fine and rec.data_fine.last_day < rec.data_inizio.first_day:
        yield item.problem(
            "data_fine", f"la data di fine ({rec.data_fine}) precede la data di inizio ({rec.data_inizio})"
        )
    yield from _warnings(item)
    if rec.descrizione:
        yield from _description_warnings(item)


# Usually programmato >= ammesso >= vincolante >= erogato (programme.md), not always:
# each pair below out of order is a warning, most often two amounts swapped while
# copying them. The vincolante and the erogato are each compared with the ammesso.
_USUAL_ORDER = (
    ("ammesso_a_finanziamento", "programmato"),
    ("erogato", "ammesso_a_finanziamento"),
    ("giuridicamente_vincolante", "ammesso_a_finanziamento"),
)
_AMOUNT_NAMES = {
    "programmato": "il programmato",
    "ammesso_a_finanziamento": "l'ammesso a finanziamento",
    "giuridicamente_vincolante": "il giuridicamente vincolante",
    "erogato": "l'erogato",
}


def _warnings(item: LoadedRecord) -> Iterable[Problem]:
    rec = item.record
    amounts = rec.importi
    warn = Severity.WARNING
    for larger, smaller in _USUAL_ORDER:
        value, limit = getattr(amounts, larger), getattr(amounts, smaller)
        if value is not None and limit is not None and value > limit:
            yield item.problem(
                f"importi.{larger}",
                f"{_AMOUNT_NAMES[larger]} ({_eur(value)}) supera {_AMOUNT_NAMES[smaller]} ({_eur(limit)}): "
                "verificare la fonte",
                warn,
            )
    nothing_paid = amounts.erogato is not None and amounts.erogato == 0
    # Dates as the site writes them (these warnings are also on the project's page):
    # 01/12/2019, or dicembre 2022 for a month. Babel is imported only when one is due.
    if rec.data_fine and rec.data_fine.last_day < rec.aggiornato_il and nothing_paid:
        from .formatting import date_it

        yield item.problem(
            "data_fine",
            f"la data di fine ({date_it(rec.data_fine)}) è passata all'ultimo aggiornamento "
            f"({date_it(rec.aggiornato_il)}) ma l'erogato è zero",
            warn,
        )
    for number, source in enumerate(rec.fonti, 1):
        # The record changes when a source is read: a source read after the last
        # update means a mistyped date (22-11-2027 for 22-11-2026), shown to readers.
        if source.consultata_il > rec.aggiornato_il:
            from .formatting import date_it

            yield item.problem(
                "aggiornato_il",
                f"la scheda risulta aggiornata il {date_it(rec.aggiornato_il)}, prima di consultare la fonte "
                f"{number} (consultata_il: {date_it(source.consultata_il)}): una delle due date è sbagliata",
                warn,
            )
    if rec.cup is None or rec.cup == "n.d.":
        yield item.problem("cup", "CUP non disponibile: cercarlo su OpenCoesione o presso il soggetto attuatore", warn)


def _eur(value: Decimal) -> str:
    whole, _, cents = f"{value:,.2f}".partition(".")
    return f"{whole.replace(',', '.')},{cents} €"


def check_dataset(
    items: list[LoadedRecord], reference: Reference, skipped: Iterable[SkippedRecord] = (),
    today: dt.date | None = None,
) -> Iterable[Problem]:
    """Unique codes and addresses; declared totals that the records must add up to;
    no update dated after `today` (the day the data is checked).

    `skipped` are the record files left out for their errors: a total they may
    belong to says so, instead of blaming a missing intervention. Here, not in
    `check_record`, whose results are cached: a check that depends on the day
    must run again every day.
    """
    yield from _updated_in_the_future(items, today or dt.date.today())
    by_slug: dict[str, list[LoadedRecord]] = defaultdict(list)
    for item in items:
        if item.slug:
            by_slug[item.slug].append(item)
    # Every file of a clash is told about the others: which one is "the copy"
    # is for the maintainer to decide, not for the order of the file names.
    for slug, sharing in by_slug.items():
        if len(sharing) < 2:
            continue
        for item in sharing:
            field_name = "codice" if item.record.codice else "slug"
            what = f"codice {item.record.codice}" if item.record.codice else f"slug {slug}"
            others = ", ".join(
                f"{other.path}:{other.positions.get('codice' if other.record.codice else 'slug', (1, 1))[0]}"
                for other in sharing if other is not item
            )
            yield item.problem(
                field_name, f"{what} usato anche in {others}: ogni intervento ha un indirizzo suo"
            )
    yield from _shared_cups(items)
    yield from check_declared_totals(items, reference, skipped)


def _description_warnings(item: LoadedRecord) -> Iterable[Problem]:
    """What the description's Markdown holds that the page will not show (raw HTML,
    an image, a javascript: link: the sanitizer drops them without a word), a
    placeholder address and a code block never closed, each as a warning at the
    field, with the line of the text."""
    # Here, not at the top: Markdown's libraries load only for a description to check.
    from . import markdown_checks, markdown_text

    for found in markdown_checks.problems(item.record.descrizione, 1, item.path, tags=markdown_text.ALLOWED_TAGS,
                                          attributes=markdown_text.ALLOWED_ATTRIBUTES):
        dropped = "; la pagina non lo mostra" if found.is_error else ""
        yield item.problem("descrizione", f"riga {found.line} del testo: {found.message}{dropped}", Severity.WARNING)


def _shared_cups(items: list[LoadedRecord]) -> Iterable[Problem]:
    """A warning on each record whose CUP another record gives too.

    A CUP names one public investment: two records with it may count the same
    money twice in every sum. Not an error: a project can be split across
    records (lots, actions), which the note of each should say.
    """
    by_cup: dict[str, list[LoadedRecord]] = defaultdict(list)
    for item in items:
        if item.record.cup and item.record.cup != "n.d.":
            by_cup[item.record.cup].append(item)
    for cup, sharing in by_cup.items():
        if len(sharing) < 2:
            continue
        for item in sharing:
            others = [other for other in sharing if other is not item]
            files = ", ".join(f"{other.path}:{other.positions.get('cup', (1, 1))[0]}" for other in others)
            # Readers are told which projects, by the code or title their pages show, not which files.
            projects = ", ".join(_project_name(other) for other in others)
            yield item.problem(
                "cup", f"CUP {cup} anche in {files}: lo stesso progetto contato due volte nelle somme? Se le schede "
                "sono parti di uno stesso progetto, dirlo nelle note di ciascuna", Severity.WARNING,
                public=f"lo stesso CUP ({cup}) è indicato anche per {projects}: le somme del sito potrebbero "
                "contare due volte lo stesso investimento")


def _project_name(item: LoadedRecord) -> str:
    # The code when there is one: titles run to a hundred words.
    rec = item.record
    return f"il progetto {rec.codice}" if rec.codice else f"il progetto «{rec.display_title}»"


# A maintainer in Rome just after midnight is a day ahead of a CI clock in UTC.
FUTURE_TOLERANCE = dt.timedelta(days=1)


def _updated_in_the_future(items: Iterable[LoadedRecord], today: dt.date) -> Iterable[Problem]:
    # An error, not a warning: the latest aggiornato_il is the date of the whole
    # release ("Dati aggiornati al ..." under every chart, the catalogue's
    # modified date), so one mistyped year would date the entire site.
    for item in items:
        updated = item.record.aggiornato_il
        if updated > today + FUTURE_TOLERANCE:
            yield item.problem(
                "aggiornato_il",
                f"data nel futuro ({updated.isoformat()}; oggi è il {today.isoformat()}): controllare l'anno. "
                "La data più recente è quella di aggiornamento di tutto il sito",
            )


def sum_of(items: Iterable[LoadedRecord], city: str, axis: int, amount: str) -> Decimal:
    total = Decimal("0.00")
    for item in items:
        if item.record.citta == city and item.record.asse == axis:
            total += getattr(item.record.importi, amount) or 0
    return total


def declared_total_matches(declared: TotaleDichiarato, computed: Decimal) -> bool:
    """Equal to the cent; or, for a total written to the euro, equal once the sum
    is truncated (9.830.384,57 -> 9.830.384, as Bologna's page does) or rounded."""
    if computed == declared.importo:
        return True
    if declared.importo != declared.importo.to_integral_value():
        return False
    return declared.importo in (
        computed.to_integral_value(rounding=ROUND_FLOOR),
        computed.to_integral_value(rounding=ROUND_HALF_UP),
    )


def check_declared_totals(
    items: list[LoadedRecord], reference: Reference, skipped: Iterable[SkippedRecord] = ()
) -> Iterable[Problem]:
    by_key: dict[tuple[str, int], list[LoadedRecord]] = defaultdict(list)
    for item in items:
        by_key[(item.record.citta, item.record.asse)].append(item)
    skipped = list(skipped)
    for index, declared in enumerate(reference.declared_totals):
        group = by_key.get((declared.citta, declared.asse), [])
        unknown = [item.path for item in group if getattr(item.record.importi, declared.voce) is None]
        if group and len(unknown) == len(group):
            # An amount not given is not a zero: with none given there is no sum to
            # compare (an erogato declared as 0 "matched" three records none of
            # which gives it, and the city's page said so).
            yield Problem(
                reference.totals_path,
                *reference.declared_positions[index],
                f"totali[{reference.declared_indices[index]}].importo",
                f"la fonte dichiara {_eur(declared.importo)} di '{declared.voce}' per {declared.citta}, asse "
                f"{declared.asse}, ma nessuno dei {len(group)} interventi riporta '{declared.voce}': la somma non "
                "si può confrontare; aggiungere l'importo alle schede o togliere il totale",
            )
            continue
        computed = sum_of(group, declared.citta, declared.asse, declared.voce)
        if declared_total_matches(declared, computed):
            continue
        # A file with errors that may belong here: its city and axis, when readable,
        # match (a misspelt city may be this one too).
        missing = [
            s.path for s in skipped
            if (s.citta in (None, declared.citta) or s.citta not in reference.city_by_name)
            and s.asse in (None, str(declared.asse))
        ]
        # Two files of one project (a copy under another name) are both summed, and an
        # error of their own already: the total is wrong because of them, not missing one.
        slugs = Counter(item.slug for item in group)
        twice = [item.path for item in group if slugs[item.slug] > 1]
        if twice:
            cause = f"le schede con lo stesso indirizzo sono sommate tutte ({', '.join(twice)}): correggerle prima"
        elif missing:
            cause = f"le schede con errori non sono contate ({', '.join(missing)}): correggerle prima"
        elif computed < declared.importo:
            cause = "manca un intervento o un importo è sbagliato"
        else:
            cause = "un intervento è in più (città o asse sbagliati?) o un importo è sbagliato"
        if unknown:
            cause += f" (non riportano '{declared.voce}': {', '.join(unknown)})"
        yield Problem(
            reference.totals_path,
            *reference.declared_positions[index],
            f"totali[{reference.declared_indices[index]}].importo",
            f"la somma di '{declared.voce}' degli interventi di {declared.citta} sull'asse "
            f"{declared.asse} è {_eur(computed)}, ma la fonte dichiara {_eur(declared.importo)} "
            f"(differenza {_eur(abs(computed - declared.importo))}): {cause}",
        )
