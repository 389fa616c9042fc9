"""What every page of the site shows, computed once, before any template runs.

The `model -> render` step: from the validated dataset and its aggregates this
module builds one `PageSpec` per page (address, template, title, description,
breadcrumbs, charts and the values to show). Templates only lay these values out
and format them; nothing here knows about Pelican, so every page's content can be
tested without building a site.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

from . import charts, formatting, markdown_text, structured_data
from .exports import paths as export_paths
from .exports.columns import COLUMNS
from .aggregate import Aggregates, DeclaredComparison, Totals, aggregate
from .checks import LoadedRecord
from .dataset import Dataset
from .model import Asse, Citta, Fonte, Intervento, axis_meant
from .group_memo import GroupMembers
from .project_memo import ProjectMemo, ProjectPages
from .reference import Reference
from .urls import Urls

if TYPE_CHECKING:
    from .redirects import Reindirizzamento  # previous_addresses reads its fields

SITE_SOURCE = "schede degli interventi di PON Metro Aperto, trascritte dalle fonti indicate in ogni scheda"


@dataclass(frozen=True)
class Crumb:
    label: str
    href: str | None = None  # relative to the site root; None for the current page


class PageSpec:
    """One page: where it goes, its template and title, and what it shows.

    What a page shows (`charts`, `values`) may be given, or computed on first use
    by `chart_maker` and `content`: a project page's chart, Markdown and JSON-LD
    are then built by the worker that renders it, and never for a page an
    incremental rebuild leaves untouched. The two are separate because an embed
    page needs its project's chart and nothing else. `forget` drops what was
    computed, once the page is written.
    """

    def __init__(
        self,
        kind: str,
        path: str,
        template: str,
        title: str,
        description: str,
        breadcrumbs: list[Crumb] | None = None,
        charts: list[charts.Chart] | None = None,
        values: dict[str, Any] | None = None,
        updated: dt.date | None = None,
        content: Callable[[], dict[str, Any]] | None = None,
        chart_maker: Callable[[], list[charts.Chart]] | None = None,
        sources: frozenset[str] = frozenset({"*"}),
        chart_ids: tuple[str, ...] = (),
        origin: "PageSpec | None" = None,
    ):
        self.kind = kind  # progetto | progetti | asse | assi | citta | elenco_citta | azione | azioni | dati | embed
        self.path = path  # "progetti/mi3-3-1-e/"
        self.template = template
        self.title = title
        self.description = description
        self.breadcrumbs = breadcrumbs or []
        self.updated = updated
        self.sources = sources  # slugs of the records the page shows ("*": all of them)
        self._charts = charts if chart_maker is None else None
        self._values = values if content is None else None
        self._content = content
        self._chart_maker = chart_maker
        self.chart_ids = chart_ids  # of a lazy page: the charts it will have
        self.origin = origin  # of an embed page: the page its chart comes from

    @property
    def charts(self) -> list[charts.Chart]:
        if self._charts is None:
            self._charts = self._chart_maker() if self._chart_maker else []
        return self._charts

    @property
    def draws_charts(self) -> bool:
        """Whether a chart of this page has bars to draw: only then does it load the charts' script."""
        return any(chart.drawable for chart in self.charts)

    @property
    def values(self) -> dict[str, Any]:
        if self._values is None:
            self._values = self._content() if self._content else {}
        return self._values

    def forget(self) -> None:
        """Drop what `chart_maker` and `content` computed (a worker keeps no page it has written)."""
        if self._chart_maker is not None:
            self._charts = None
        if self._content is not None:
            self._values = None

    @cached_property
    def save_as(self) -> str:
        # Asked several times per page and build: 19,000 pages at 10,000 records.
        return Urls.save_as(self.path)

    def __repr__(self) -> str:
        return f"PageSpec({self.kind!r}, {self.path!r})"


@dataclass(frozen=True)
class ProjectRow:
    """One line of a project table (list, axis, city and action pages)."""

    slug: str
    code: str | None
    title: str
    href: str
    city: str
    city_href: str
    axis: int
    axis_href: str
    action: str | None
    status: str | None
    programmato: Decimal | None
    erogato: Decimal | None
    updated: dt.date


@dataclass(frozen=True)
class SchedaField:
    """One labelled value of the project's card, in the programme's order."""

    label: str
    value: Any
    kind: str = "testo"  # testo | data | cup | link
    href: str | None = None


@dataclass
class SiteModel:
    """Everything the templates of the site need, per page and site-wide."""

    dataset: Dataset
    aggregates: Aggregates
    urls: Urls
    rows: dict[str, ProjectRow]
    pages: list[PageSpec]
    release_date: dt.date | None
    latest: list[ProjectRow]
    axis_rows: list[tuple[Asse, Totals, str]]
    city_rows: list[tuple[Citta, Totals, str]]
    home_chart: charts.Chart | None
    project_pages: dict[str, PageSpec] = field(default_factory=dict)  # slug -> the project's page

    @property
    def programme(self) -> Totals:
        return self.aggregates.programme

    @property
    def allocation_millions(self) -> Decimal | None:
        """The programme's allocation as the sum of its axes' (data/assi.yaml), so
        that the home page's figure is the one the axes page adds up to."""
        axes = self.dataset.reference.axes
        return sum((axis.dotazione_milioni for axis in axes), Decimal(0)) if axes else None

    def news_links(self, metadata: dict) -> list[tuple[str, str]]:
        """Links from a news article to the city and axis pages its metadata names.

        Articles say `Citta: Milano` and `Assi: 1, 3, 4`; unknown names are
        reported by `news_problems` (through content_checks) before anything is written.
        """
        ref = self.dataset.reference
        links = []
        for name in _split(metadata.get("citta", "")):
            city = ref.city_by_name.get(name)
            if city:
                links.append((f"Gli interventi di {city.nome}", self.urls.link(self.urls.city(city.slug))))
        for number in _split(metadata.get("assi", "")):
            axis = ref.axis_by_number.get(int(number)) if number.isdigit() else None
            if axis:
                links.append((f"Asse {axis.numero} – {axis.nome}", self.urls.link(self.urls.axis(axis.numero))))
        return links



def news_problems(metadata: dict, ref: Reference) -> list[tuple[str, str]]:
    """(metadata key, message) for each city or axis of a news item that the programme
    lacks; `metadata` has its keys in lower case, as Pelican gives them."""
    problems = [("Citta", ref.unknown_city_message(name))
                for name in _split(metadata.get("citta", "")) if name not in ref.city_by_name]
    problems += [("Assi", _unknown_axis(n)) for n in _split(metadata.get("assi", ""))
                 if not (n.isdigit() and int(n) in ref.axis_by_number)]
    return problems


def _unknown_axis(written: str) -> str:
    if meant := axis_meant(written):  # "Asse 3", "III": as a record's asse, the number only
        return f"asse '{written}' non valido: scrivere solo il numero ({meant})"
    numbers = re.findall(r"[0-9]+", written)
    if len(numbers) > 1 and all(1 <= int(n) <= 8 for n in numbers):  # "3 e 4"
        return f"assi '{written}' da separare con virgole ({', '.join(numbers)})"
    return f"asse '{written}' inesistente (gli assi vanno da 1 a 8)"


def _split(value) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in str(value).split(",") if part.strip()]


# The title above the home page's chart on its embed page (the others show their page's).
HOME_EMBED_TITLE = "PON Metro Aperto"

# Fields whose warnings are about how the file is written, not about the data.
WRITING_FIELDS = {"", "descrizione"}


def build_site_model(
    dataset: Dataset,
    urls: Urls,
    *,
    latest_count: int = 8,
    download_sizes: dict[str, int] | None = None,
    licence: str = "CC BY 4.0",
    memo: ProjectMemo | None = None,
    moved: Mapping[str, tuple["PreviousAddress", ...]] | None = None,
    catalogue_complete: bool = True,
) -> SiteModel:
    """Every page of the site; with `memo` (a process that stays up), unchanged projects' pages are reused.

    `moved` gives, by slug, the addresses a project had before (`previous_addresses`)."""
    ref = dataset.reference
    agg = aggregate(dataset.records, ref, memo.totals if memo is not None else None)
    release = max((item.record.aggiornato_il for item in dataset.records), default=None)
    warnings_by_path: dict[str, list[str]] = {}
    for problem in dataset.report.warnings:
        # Readers see the warnings about the data; those about how a file or its
        # description is written (a BOM, the Markdown of the text) are the maintainers'.
        if problem.field not in WRITING_FIELDS:
            warnings_by_path.setdefault(problem.path, []).append(problem.for_readers)
    projects: dict[str, ProjectPages] = {}
    remade: set[str] = set()
    moved = moved or {}
    for item in dataset.records:
        warnings = tuple(warnings_by_path.get(item.path, ()))
        before = moved.get(item.slug, ())
        kept = memo.get(item, warnings, before) if memo is not None else None
        if kept is None:
            kept = project_pages(item, dataset, urls, warnings, before)
            remade.add(item.slug)
        projects[item.slug] = kept
    if memo is not None:
        memo.replace(projects)
    rows = {slug: made.row for slug, made in projects.items()}
    members = GroupMembers(rows, remade, memo.members if memo is not None else None)

    pages: list[PageSpec] = [made.page for made in projects.values()]
    pages.append(projects_page(list(rows.values()), release, urls))
    # A group's pages are dated by its own records (Totals.updated), the site by all of them.
    pages.extend(axis_page(axis, agg, members, dataset, urls, agg.by_axis[axis.numero].totals.updated)
                 for axis in ref.axes)
    pages.append(axes_index(ref, agg, urls))
    pages.extend(city_page(city, agg, members, dataset, urls, agg.by_city[city.nome].totals.updated)
                 for city in ref.cities)
    pages.append(cities_index(ref.cities, agg, urls))
    pages.extend(action_page(action, agg, members, dataset, urls, group.totals.updated)
                 for action, group in agg.by_action.items())
    pages.append(actions_index(agg, urls))
    members.keep()
    if download_sizes is not None:
        pages.append(downloads_page(download_sizes, urls, release, licence, catalogue_complete))

    axis_rows = [(axis, agg.by_axis[axis.numero].totals, urls.link(urls.axis(axis.numero))) for axis in ref.axes]
    city_rows = [(city, agg.by_city[city.nome].totals, urls.link(urls.city(city.slug))) for city in ref.cities]
    home_chart = charts.totals_chart(
        "programma-per-asse",
        "Il programma per asse",
        _caption(release),
        [(f"Asse {axis.numero}", href, totals) for axis, totals, href in axis_rows],
        "Asse",
        heading=HOME_EMBED_TITLE,
    )
    latest = heapq.nlargest(latest_count, rows.values(), key=lambda r: (r.updated, r.slug))
    others = embed_pages(pages[len(projects):], home_chart, urls)
    pages.extend(embed for made in projects.values() for embed in made.embeds)
    pages.extend(others)
    return SiteModel(dataset, agg, urls, rows, pages, release, latest, axis_rows, city_rows, home_chart,
                     {slug: made.page for slug, made in projects.items()})


def _caption(release: dt.date | None) -> str:
    when = f" Dati aggiornati al {formatting.date_long(release)}." if release else ""
    return f"Fonte: {SITE_SOURCE}.{when}"


def project_pages(item: LoadedRecord, dataset: Dataset, urls: Urls, warnings: tuple[str, ...],
                  moved: tuple["PreviousAddress", ...] = ()) -> ProjectPages:
    """A record's row of the project tables, its page and the page of its chart."""
    row = project_row(item, dataset, urls)
    page = project_page(item, row, dataset, urls, warnings, moved)
    # Known without building the chart: the chart exists if the record has amounts.
    # The embed needs only the chart, not the project page's Markdown and JSON-LD.
    embeds = tuple(embed_page(chart_id, charts.PROGRESS_TITLE, page, urls, lambda: page.charts[0])
                   for chart_id in page.chart_ids)
    return ProjectPages(item, warnings, row, page, embeds, moved)


@dataclass(frozen=True)
class PreviousAddress:
    """An address a project had before (a code corrected), from data/redirects.yaml."""

    address: str  # absolute, as it was cited
    until: dt.date
    reason: str


def previous_addresses(entries: Iterable[Reindirizzamento], urls: Urls) -> dict[str, tuple[PreviousAddress, ...]]:
    """By project slug, the old addresses that now lead to its page, oldest first.

    A journalist who followed an old link lands on a page with another code: the
    page says which address it had, until when and why."""
    found: dict[str, list[PreviousAddress]] = {}
    for entry in entries:
        parts = entry.a.split("/")
        if len(parts) == 3 and parts[0] == "progetti" and parts[1] and not parts[2]:
            found.setdefault(parts[1], []).append(PreviousAddress(urls.absolute(entry.da), entry.dal, entry.motivo))
    return {slug: tuple(sorted(items, key=lambda p: (p.until, p.address))) for slug, items in found.items()}


def project_row(item: LoadedRecord, dataset: Dataset, urls: Urls) -> ProjectRow:
    rec = item.record
    city = dataset.reference.city_by_name[rec.citta]
    action = item.action
    return ProjectRow(
        slug=item.slug,
        code=rec.codice,
        title=rec.display_title,
        href=urls.link(urls.project(item.slug)),
        city=city.nome,
        city_href=urls.link(urls.city(city.slug)),
        axis=rec.asse,
        axis_href=urls.link(urls.axis(rec.asse)),
        action=action,
        status=rec.stato,
        programmato=rec.importi.programmato,
        erogato=rec.importi.erogato,
        updated=rec.aggiornato_il,
    )


def scheda(rec: Intervento, row: ProjectRow, urls: Urls, axis: Asse | None) -> list[SchedaField]:
    """The project's card with the labels and in the order of the programme's pages."""
    axis_label = f"Asse {rec.asse}" + (f" – {axis.nome}" if axis else "")
    return [
        SchedaField("Città", row.city, "link", row.city_href),
        SchedaField("Codice Progetto", rec.codice),
        SchedaField("Asse", axis_label, "link", row.axis_href),
        SchedaField("Azione", row.action and f"Azione {row.action}", "link",
                    urls.link(urls.action(row.action)) if row.action else None),
        SchedaField("Priorità di investimento", rec.priorita),
        SchedaField("Ambito", rec.ambito),
        SchedaField("Soggetto attuatore", rec.soggetto_attuatore),
        SchedaField("CUP", rec.cup, "cup"),
        SchedaField("R.U.P.", rec.rup),
        SchedaField("Data inizio", rec.data_inizio, "data"),
        SchedaField("Data fine", rec.data_fine, "data"),
        SchedaField("Stato", rec.stato),
    ]


def project_page(item: LoadedRecord, row: ProjectRow, dataset: Dataset, urls: Urls,
                 warnings: tuple[str, ...], moved: tuple[PreviousAddress, ...] = ()) -> PageSpec:
    rec = item.record
    # Only the reference tables, not the dataset: a page kept for later builds
    # (ProjectMemo) would otherwise keep every old dataset alive.
    reference = dataset.reference
    path = urls.project(item.slug)
    where = f"{row.city}, Asse {rec.asse}" + (f", Azione {row.action}" if row.action else "")
    description = f"{rec.display_title}: intervento del PON Metro 2014-2020 ({where})."
    if rec.importi.programmato is not None:
        description += f" Importo programmato {formatting.eur(rec.importi.programmato)}."

    def make_charts():
        chart = charts.progress_chart(project_chart_id(item.slug), rec.importi, project_chart_caption(rec),
                                      heading=rec.display_title)
        return [chart] if chart else []

    def content():
        axis = reference.axis_by_number.get(rec.asse)
        city = reference.city_by_name[rec.citta]
        address = urls.absolute(path)
        return {
            "item": item,
            "record": rec,
            "row": row,
            "asse": axis,
            "scheda": scheda(rec, row, urls, axis),
            "descrizione_html": markdown_text.render(rec.descrizione),
            "avvisi": warnings,
            "indirizzi_precedenti": moved,
            "jsonld": charts.json_for_script(
                structured_data.project_jsonld(item, city, axis, address)),
            "citazione": structured_data.citation(item, address),
            "segnalazione": structured_data.report_query(item, address),
            "scaricabili": [("JSON", export_paths.project_file(item.slug, "json")),
                            ("CSV", export_paths.project_file(item.slug, "csv"))],
        }

    return PageSpec(
        kind="progetto",
        path=path,
        template="progetto",
        title=rec.display_title,
        description=description,
        breadcrumbs=[
            Crumb("Home", urls.link("")),
            Crumb("Progetti", urls.link(urls.projects())),
            Crumb(rec.codice or rec.display_title),
        ],
        updated=rec.aggiornato_il,
        content=content,
        chart_maker=make_charts,
        sources=frozenset({item.slug}),
        chart_ids=() if rec.importi.is_empty() else (project_chart_id(item.slug),),
    )


def project_chart_id(slug: str) -> str:
    return f"avanzamento-{slug}"


def project_chart_caption(rec: Intervento) -> str:
    sources = "; ".join(
        f"{f.titolo} (consultata il {formatting.date_it(f.consultata_il)})" for f in rec.fonti
    )
    return f"Fonte: {sources}. Scheda aggiornata al {formatting.date_long(rec.aggiornato_il)}."


def projects_page(rows: list[ProjectRow], release: dt.date | None, urls: Urls) -> PageSpec:
    ordered = sorted(rows, key=lambda r: (r.city, r.axis, r.code or "~", r.slug))
    return PageSpec(
        kind="progetti",
        path=Urls.projects(),
        template="progetti",
        title="Tutti i progetti",
        description=f"Elenco dei {len(rows)} interventi del PON Metro 2014-2020 pubblicati, "
                    "con città, asse, azione e importi.",
        breadcrumbs=[Crumb("Home", urls.link("")), Crumb("Progetti")],
        updated=release,
        values={"righe": ordered},
    )


def axis_page(axis: Asse, agg: Aggregates, members: GroupMembers, dataset: Dataset, urls: Urls, release) -> PageSpec:
    group = agg.by_axis[axis.numero]
    sources, righe = members("asse", group)
    per_city = agg.axis_city_groups(axis.numero)
    ref = dataset.reference
    chart = charts.totals_chart(
        f"asse-{axis.numero}-per-citta",
        f"Asse {axis.numero}: importi per città",
        _caption(release),
        [(city, urls.link(urls.city(ref.city_by_name[city].slug)), g.totals) for city, g in per_city],
        "Città",
        heading=f"Asse {axis.numero} – {axis.nome}",
    )
    declared = [d for d in agg.declared if d.declared.asse == axis.numero]
    return PageSpec(
        sources=sources,
        kind="asse",
        path=urls.axis(axis.numero),
        template="asse",
        title=f"Asse {axis.numero} – {axis.nome}",
        description=f"Gli interventi del PON Metro 2014-2020 sull'Asse {axis.numero} «{axis.nome}», "
                    f"per città, con i loro importi.",
        breadcrumbs=[Crumb("Home", urls.link("")), Crumb("Assi", urls.link(urls.axes())), Crumb(f"Asse {axis.numero}")],
        charts=[chart] if chart else [],
        updated=release,
        values={"asse": axis, "totali": group.totals, "righe": righe,
                "scaricabili": [("CSV", export_paths.axis_file(axis.numero))],
                "dichiarati": declared_views(declared, ref, urls),
                "fonte_dotazioni": ref.axes_source and source_text(ref.axes_source),
                "citazione": structured_data.page_citation(
                    f"Asse {axis.numero} – {axis.nome}", urls.absolute(urls.axis(axis.numero)), release, SITE_SOURCE)},
    )


def city_page(city: Citta, agg: Aggregates, members: GroupMembers, dataset: Dataset, urls: Urls, release) -> PageSpec:
    group = agg.by_city[city.nome]
    sources, righe = members("citta", group)
    per_axis = agg.city_axis_groups(city.nome)
    chart = charts.totals_chart(
        f"citta-{city.slug}-per-asse",
        f"{city.nome}: importi per asse",
        _caption(release),
        [(f"Asse {axis}", urls.link(urls.axis(axis)), g.totals) for axis, g in per_axis],
        "Asse",
        heading=city.nome,
    )
    declared = [d for d in agg.declared if d.declared.citta == city.nome]
    return PageSpec(
        sources=sources,
        kind="citta",
        path=urls.city(city.slug),
        template="citta",
        title=f"{city.nome}",
        description=f"Gli interventi del PON Metro 2014-2020 a {city.nome}, per asse, con i loro importi.",
        breadcrumbs=[Crumb("Home", urls.link("")), Crumb("Città", urls.link(urls.cities())), Crumb(city.nome)],
        charts=[chart] if chart else [],
        updated=release,
        values={"citta": city, "totali": group.totals, "righe": righe,
                "scaricabili": [("CSV", export_paths.city_file(city.slug))],
                "per_asse": [(dataset.reference.axis_by_number.get(a), g.totals, urls.link(urls.axis(a)))
                             for a, g in per_axis],
                "dichiarati": declared_views(declared, dataset.reference, urls),
                "citazione": structured_data.page_citation(
                    city.nome, urls.absolute(urls.city(city.slug)), release, SITE_SOURCE)},
    )


def action_page(action: str, agg: Aggregates, members: GroupMembers, dataset: Dataset, urls: Urls,
                release) -> PageSpec:
    group = agg.by_action[action]
    sources, righe = members("azione", group)
    per_city = agg.action_city_groups(action)
    ref = dataset.reference
    axis_number = int(action.split(".")[0])
    axis = ref.axis_by_number.get(axis_number)
    chart = charts.totals_chart(
        f"azione-{action.replace('.', '-')}-per-citta",
        f"Azione {action}: le città a confronto",
        _caption(release),
        [(city, urls.link(urls.city(ref.city_by_name[city].slug)), g.totals) for city, g in per_city],
        "Città",
        heading=f"Azione {action}",
    )
    return PageSpec(
        sources=sources,
        kind="azione",
        path=urls.action(action),
        template="azione",
        title=f"Azione {action}",
        description=f"L'Azione {action} del PON Metro 2014-2020 a confronto tra le città: interventi e importi.",
        breadcrumbs=[Crumb("Home", urls.link("")), Crumb("Azioni", urls.link(urls.actions())), Crumb(f"Azione {action}")],
        charts=[chart] if chart else [],
        updated=release,
        values={"azione": action, "asse": axis, "asse_href": urls.link(urls.axis(axis_number)),
                "totali": group.totals, "righe": righe,
                "per_citta": [(city, g.totals, urls.link(urls.city(ref.city_by_name[city].slug)))
                              for city, g in per_city],
                "citazione": structured_data.page_citation(
                    f"Azione {action}", urls.absolute(urls.action(action)), release, SITE_SOURCE)},
    )


def axes_index(ref: Reference, agg: Aggregates, urls: Urls) -> PageSpec:
    return PageSpec(
        kind="assi", path=urls.axes(), template="assi", title="Gli assi del programma",
        description="Gli 8 assi del PON Metro 2014-2020, con la dotazione e gli interventi pubblicati.",
        breadcrumbs=[Crumb("Home", urls.link("")), Crumb("Assi")],
        values={"voci": [(a, agg.by_axis[a.numero].totals, urls.link(urls.axis(a.numero))) for a in ref.axes],
                "fonte_dotazioni": ref.axes_source and source_text(ref.axes_source),
                "nota_dotazioni": ref.axes_note},
    )


def source_text(source: Fonte) -> str:
    """A source as the pages cite it: its title and the day it was read."""
    return f"{source.titolo} (consultata il {formatting.date_it(source.consultata_il)})"


def cities_index(cities: list[Citta], agg: Aggregates, urls: Urls) -> PageSpec:
    return PageSpec(
        kind="elenco_citta", path=urls.cities(), template="elenco_citta", title="Le città del programma",
        description="Le 14 città metropolitane del PON Metro 2014-2020 e i loro interventi.",
        breadcrumbs=[Crumb("Home", urls.link("")), Crumb("Città")],
        values={"voci": [(c, agg.by_city[c.nome].totals, urls.link(urls.city(c.slug))) for c in cities]},
    )


def actions_index(agg: Aggregates, urls: Urls) -> PageSpec:
    return PageSpec(
        kind="azioni", path=urls.actions(), template="azioni", title="Le azioni del programma",
        description="Le azioni del PON Metro 2014-2020 con interventi pubblicati, a confronto tra le città.",
        breadcrumbs=[Crumb("Home", urls.link("")), Crumb("Azioni")],
        values={"voci": [(f"Azione {a}", g.totals, urls.link(urls.action(a))) for a, g in agg.by_action.items()]},
    )


@dataclass(frozen=True)
class DeclaredView:
    city: str
    city_href: str
    axis: int
    axis_href: str
    label: str
    declared: Decimal
    computed: Decimal
    difference: Decimal
    matches: bool
    sum_label: str  # what was summed: "Somma dei 3 interventi pubblicati"
    source: str
    note: str | None


def _sum_label(count: int, known: int) -> str:
    # Records that do not give the amount are not in the sum: the label says so,
    # rather than "dei 4 interventi" for a sum of three.
    if known < count:
        return f"Somma dei {known} interventi su {count} che riportano l'importo" if known != 1 else \
            f"Somma dell'unico intervento su {count} che riporta l'importo"
    return "Somma dell'intervento pubblicato" if count == 1 else f"Somma dei {count} interventi pubblicati"


def declared_views(items: Iterable[DeclaredComparison], ref, urls: Urls) -> list[DeclaredView]:
    from .charts import AMOUNT_LABELS

    return [
        DeclaredView(
            city=d.declared.citta,
            city_href=urls.link(urls.city(ref.city_by_name[d.declared.citta].slug)),
            axis=d.declared.asse,
            axis_href=urls.link(urls.axis(d.declared.asse)),
            label=AMOUNT_LABELS[d.declared.voce].lower(),
            declared=d.declared.importo,
            computed=d.computed,
            difference=d.difference,
            matches=d.matches,
            sum_label=_sum_label(d.count, d.known),
            source=source_text(d.declared.fonte),
            note=d.declared.nota,
        )
        for d in items
    ]



def embed_page(chart_id: str, chart_title: str, origin: PageSpec | None, urls: Urls,
               chart: Callable[[], charts.Chart]) -> PageSpec:
    """A page with only the chart, its table and its source, for an iframe."""
    back = origin.path if origin else ""
    title = chart_title if origin is None or origin.kind != "progetto" else f"{chart_title}: {origin.title}"
    return PageSpec(
        kind="embed",
        path=urls.embed(chart_id),
        template="incorpora",
        title=title,
        description=f"Grafico «{chart_title}» di PON Metro Aperto, da incorporare in altre pagine.",
        updated=origin.updated if origin else None,
        chart_maker=lambda: [chart()],
        content=lambda: {
            "origine_href": urls.link(back), "origine_url": urls.absolute(back),
            "origine_titolo": origin.title if origin else HOME_EMBED_TITLE},
        sources=origin.sources if origin else frozenset({"*"}),
        origin=origin,
    )


def render_units(pages: list[PageSpec]) -> list[list[PageSpec]]:
    """`pages` in groups to render together: each page followed by the embed pages of its charts.

    A renderer that takes a group at a time, and forgets its pages only after the
    whole group, builds each project's chart once instead of twice (the embed
    page's chart is its project page's) and can reuse the chart's rendered table
    (`una_volta_per` in the theme): the embed pages were a sixth of the rendering.
    An embed page whose origin is not among `pages` is a group of its own.
    """
    units: dict[int, list[PageSpec]] = {}
    for page in pages:
        units.setdefault(id(page.origin if page.origin is not None else page), []).append(page)
    # The origin first, wherever the list had it (its embeds are listed after all the projects).
    return [sorted(unit, key=lambda page: page.origin is not None) if len(unit) > 1 else unit
            for unit in units.values()]


def embed_pages(pages: list[PageSpec], home_chart: charts.Chart | None, urls: Urls) -> list[PageSpec]:
    """The embed pages of the charts of `pages` (not project pages: see `project_pages`) and of the home page."""
    embeds = []
    for page in pages:
        for chart in page.charts:
            embeds.append(embed_page(chart.id, chart.title, page, urls, lambda chart=chart: chart))
    if home_chart:
        embeds.append(embed_page(home_chart.id, home_chart.title, None, urls, lambda: home_chart))
    return embeds


# What each file of the downloads page is, for its readers (in Italian).
DOWNLOAD_DESCRIPTIONS = {
    export_paths.INTERVENTI_CSV: (
        "CSV", "Tutti gli interventi, una riga per intervento: UTF-8, separatore virgola, "
        "decimali con il punto, date ISO. Il formato per programmi e analisi."),
    export_paths.INTERVENTI_EXCEL_CSV: (
        "CSV per fogli di calcolo", "Le stesse righe per Excel e LibreOffice in italiano: "
        "separatore punto e virgola, decimali con la virgola, UTF-8 con BOM."),
    export_paths.INTERVENTI_JSON: (
        "JSON", "Tutti gli interventi con ogni campo della scheda (fonti, note, azioni), "
        "gli importi come testo decimale esatto."),
    export_paths.DATAPACKAGE_JSON: (
        "Data Package", "La descrizione dei file CSV (Frictionless Data Package): colonne, "
        "tipi, licenza. Permette di validare e caricare i dati con gli strumenti Frictionless."),
    export_paths.CATALOGUE_RDF: (
        "DCAT-AP_IT (RDF/XML)", "Il catalogo dei dati nel profilo italiano DCAT-AP_IT, "
        "come lo raccoglie dati.gov.it."),
}


@dataclass(frozen=True)
class DownloadFile:
    name: str
    href: str
    format: str
    description: str
    size: int


# Said of the catalogue while the site lacks what DCAT-AP_IT requires (exports.catalogue_gaps):
# its description promised a file that dati.gov.it would refuse.
CATALOGUE_INCOMPLETE = (" Non ancora completo: mancano i dati dell'ente che pubblica (editore, contatto), "
                        "senza i quali dati.gov.it non lo raccoglie.")


def downloads_page(sizes: dict[str, int], urls: Urls, release: dt.date | None, licence: str,
                   catalogue_complete: bool = True) -> PageSpec:
    files = []
    for name in export_paths.GLOBAL_FILES:
        kind, description = DOWNLOAD_DESCRIPTIONS[name]
        if name == export_paths.CATALOGUE_RDF and not catalogue_complete:
            description += CATALOGUE_INCOMPLETE
        files.append(DownloadFile(name, urls.link(export_paths.download_path(name)), kind, description, sizes[name]))
    return PageSpec(
        kind="dati",
        path=urls.downloads(),
        template="dati",
        title="Dati aperti",
        description="Scarica i dati degli interventi del PON Metro 2014-2020 in CSV, JSON, "
                    "Data Package e DCAT-AP_IT, con licenza e descrizione delle colonne.",
        breadcrumbs=[Crumb("Home", urls.link("")), Crumb("Dati aperti")],
        updated=release,
        values={"file_scaricabili": files, "colonne": COLUMNS, "licenza": licence},
    )
