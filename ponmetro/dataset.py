"""Load and validate the whole `data/` folder: the first two steps of the pipeline.

    load (strict_yaml) -> validate (model, checks) -> Dataset

`load_dataset` never raises for bad data: every problem of every file lands in
`Dataset.report`, so one run shows them all. `require_valid` is what a build
calls: it raises `DataInvalid` if there is any error, so that nothing is ever
built from invalid data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import checks
from .checks import LoadedRecord
from .model import AssiFile, CittaFile, Intervento, TotaliFile
from .problems import DataInvalid, Problem, Report, display_path
from .reference import Reference
from .strict_yaml import YamlDocument, load_file
from .validation_messages import problems_from

RECORDS_DIR = "interventi"
AXES_FILE = "assi.yaml"
CITIES_FILE = "citta.yaml"
TOTALS_FILE = "totali-dichiarati.yaml"


@dataclass
class Dataset:
    records: list[LoadedRecord]
    reference: Reference
    report: Report = field(default_factory=Report)

    @property
    def interventi(self) -> list[Intervento]:
        return [item.record for item in self.records]


def load_dataset(data_dir: Path | str, root: Path | str | None = None) -> Dataset:
    data_dir = Path(data_dir)
    root = Path(root) if root else data_dir.parent
    report = Report()
    reference = load_reference(data_dir, root, report)
    records: list[LoadedRecord] = []
    for path in record_paths(data_dir, root, report):
        display = display_path(path, root)
        item, problems = load_record(path, display, reference)
        report.files_checked += 1
        report.extend(problems)
        if item is not None:
            records.append(item)
    report.extend(checks.check_dataset(records, reference))
    return Dataset(records, reference, report)


def require_valid(dataset: Dataset) -> Dataset:
    if not dataset.report.ok:
        raise DataInvalid(dataset.report)
    return dataset


def record_paths(data_dir: Path, root: Path, report: Report) -> list[Path]:
    folder = data_dir / RECORDS_DIR
    if not folder.is_dir():
        report.add(Problem(display_path(folder, root), 1, 1, "", "cartella degli interventi mancante"))
        return []
    paths = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix == ".yaml":
            paths.append(path)
        else:
            report.add(Problem(
                display_path(path, root), 1, 1, "",
                f"file ignorato: le schede degli interventi hanno estensione .yaml (rinominarlo {path.stem}.yaml)"
                if path.suffix in {".yml", ".YAML", ".txt", ""} else
                "file estraneo nella cartella degli interventi: toglierlo o convertirlo in .yaml",
            ))
    return paths


def parse_document(doc: YamlDocument, model: type[BaseModel], context: dict[str, Any] | None = None):
    """The model built from a loaded document, or None with the problems why not."""
    problems = list(doc.problems)
    if any(p.is_error for p in problems):
        return None, problems
    if doc.data is None:
        problems.append(doc.problem((), "file vuoto: deve contenere i campi della scheda (chiave: valore)"))
        return None, problems
    if not isinstance(doc.data, dict):
        kind = "un elenco" if isinstance(doc.data, list) else "un testo"
        problems.append(doc.problem((), f"il file deve contenere una mappa di campi (chiave: valore), non {kind}"))
        return None, problems
    try:
        return model.model_validate(doc.data, context=context), problems
    except ValidationError as exc:
        problems.extend(problems_from(exc, doc, model))
        return None, problems


def load_record(path: Path, display: str, reference: Reference) -> tuple[LoadedRecord | None, list[Problem]]:
    doc = load_file(path, display)
    record, problems = parse_document(doc, Intervento, {"reference": reference})
    if record is None:
        return None, problems
    positions = {}
    for name in checks.KEPT_POSITIONS:
        loc = tuple(name.split("."))
        if loc in doc.value_at:
            positions[name] = doc.value_at[loc]
    item = LoadedRecord(record, display, positions)
    problems.extend(checks.check_record(item, reference, path.stem))
    return item, problems


def load_reference(data_dir: Path, root: Path, report: Report) -> Reference:
    def read(name: str, model: type[BaseModel]):
        path = data_dir / name
        display = display_path(path, root)
        report.files_checked += 1
        if not path.exists():
            report.add(Problem(display, 1, 1, "", "file di riferimento mancante"))
            return None, None
        doc = load_file(path, display)
        parsed, problems = parse_document(doc, model)
        report.extend(problems)
        return parsed, doc

    axes, axes_doc = read(AXES_FILE, AssiFile)
    cities, cities_doc = read(CITIES_FILE, CittaFile)
    reference = Reference(axes.assi if axes else [], cities.citta if cities else [])
    for list_key, key, items, doc in (
        ("assi", "numero", reference.axes, axes_doc),
        ("citta", "sigla", reference.cities, cities_doc),
    ):
        seen: set = set()
        for index, item in enumerate(items):
            value = getattr(item, key)
            if value in seen:
                report.add(doc.problem((list_key, index, key), f"'{value}' ripetuto: ogni voce una volta sola"))
            seen.add(value)

    totals_path = data_dir / TOTALS_FILE
    if totals_path.exists():
        totals, totals_doc = read(TOTALS_FILE, TotaliFile)
        reference.totals_path = display_path(totals_path, root)
        for index, total in enumerate(totals.totali if totals else []):
            if total.citta not in reference.city_by_name:
                report.add(totals_doc.problem(("totali", index, "citta"), reference.unknown_city_message(total.citta)))
                continue
            reference.declared_totals.append(total)
            reference.declared_positions.append(totals_doc.position(("totali", index, "importo")))
    return reference

