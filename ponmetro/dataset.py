"""Load and validate the whole `data/` folder: the first two steps of the pipeline.

    load (strict_yaml) -> validate (model, checks) -> Dataset

`load_dataset` never raises for bad data: every problem of every file lands in
`Dataset.report`, so one run shows them all. `require_valid` is what a build
calls: it raises `DataInvalid` if there is any error, so that nothing is ever
built from invalid data.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import checks
from .checks import LoadedRecord
from .model import AssiFile, CittaFile, Intervento, TotaleDichiarato, TotaliFile
from .parallel import RESULT_PARTS_PER_JOB, part_of, run_parts
from .problems import DataInvalid, Problem, Report, display_path
from .record_cache import RecordCache, reference_key
from .reference import Reference
from .strict_yaml import YamlDocument, load_file
from .validation_messages import problems_from, unknown_city

RECORDS_DIR = "interventi"
AXES_FILE = "assi.yaml"
CITIES_FILE = "citta.yaml"
TOTALS_FILE = "totali-dichiarati.yaml"
# What a record file may be called, in any case; only ".yaml" is read.
YAML_SUFFIXES = {".yaml", ".yml"}


@dataclass
class Dataset:
    records: list[LoadedRecord]
    reference: Reference
    report: Report = field(default_factory=Report)


def load_dataset(
    data_dir: Path | str,
    root: Path | str | None = None,
    *,
    cache: RecordCache | None = None,
    jobs: int | None = 1,
) -> Dataset:
    """Every record and reference file of `data_dir`, validated.

    `cache` skips files unchanged since the last build; `jobs` reads the other
    files in that many forked workers (None: one per core).
    """
    data_dir = Path(data_dir)
    root = Path(root) if root else data_dir.parent
    report = Report()
    if not data_dir.is_dir():
        what = "non è una cartella" if data_dir.exists() else "non esiste"
        report.add(Problem(display_path(data_dir, root), 1, 1, "", f"la cartella dei dati {what}"))
        return Dataset([], Reference(), report)
    reference = load_reference(data_dir, root, report)
    records: list[LoadedRecord] = []
    skipped: list[checks.SkippedRecord] = []
    paths = record_paths(data_dir, root, report)
    for item, problems, skip in _load_records(paths, root, reference, data_dir, cache, jobs):
        report.files_checked += 1
        if problems:
            report.extend(problems)
        if item is not None:
            records.append(item)
        elif skip is not None:
            skipped.append(skip)
    report.extend(checks.check_dataset(records, reference, skipped=skipped))
    return Dataset(records, reference, report)


def _load_records(paths: list[str], root: Path, reference: Reference, data_dir: Path,
                  cache: RecordCache | None, jobs: int | None) -> list[tuple]:
    """(record or None, problems, SkippedRecord or None) for each path, in order."""
    results: list[tuple | None] = [None] * len(paths)
    keys: list[tuple | None] = [None] * len(paths)
    todo: list[int] = []
    ref_key = reference_key(*(data_dir / name for name in (AXES_FILE, CITIES_FILE))) if cache else ""
    for index, path in enumerate(paths):
        if cache is not None:
            try:
                keys[index] = cache.key(path, ref_key)
            except OSError:
                keys[index] = None
            found = cache.get(path, keys[index]) if keys[index] else None
            if found is not None:
                results[index] = found
                continue
        todo.append(index)

    # Every record sits in the same folder: its display path is computed once
    # (resolving each file's path cost more than parsing some of them).
    folder = display_path(Path(paths[0]).parent, root) + "/" if paths else ""

    def load_part(part: int, n_parts: int) -> list[tuple[int, tuple]]:
        out = []
        for index in part_of(todo, part, n_parts):
            path = Path(paths[index])
            item, problems, doc = _load_record(path, folder + path.name, reference)
            skip = _skipped(doc) if item is None and any(p.is_error for p in problems) else None
            out.append((index, (item, problems, skip)))
        return out

    for part in run_parts(len(todo), load_part, jobs, here=True, parts_per_job=RESULT_PARTS_PER_JOB):
        for index, result in part:
            results[index] = result
            if cache is not None and keys[index] is not None:
                cache.put(paths[index], keys[index], result)
    if cache is not None:
        cache.keep_only(set(paths))
    return results  # type: ignore[return-value]


def _skipped(doc: YamlDocument) -> "checks.SkippedRecord":
    """An invalid record, with the city and axis it claims when they can be read."""
    data = doc.data if isinstance(doc.data, dict) else {}
    city = data.get("citta") if isinstance(data.get("citta"), str) else None
    axis = data.get("asse") if isinstance(data.get("asse"), str) else None
    return checks.SkippedRecord(doc.path, city, axis.strip() if axis else None)


def require_valid(dataset: Dataset) -> Dataset:
    if not dataset.report.ok:
        raise DataInvalid(dataset.report)
    return dataset


def record_paths(data_dir: Path, root: Path, report: Report) -> list[str]:
    """The record files of `data_dir`, as path strings, by name; other files are reported.

    Strings, not `Path`s: making, printing and taking apart 10,000 `Path`s cost
    more than a rebuild's reading of the one edited file.
    """
    folder = data_dir / RECORDS_DIR
    if not folder.is_dir():
        report.add(Problem(display_path(folder, root), 1, 1, "", "cartella degli interventi mancante"))
        return []
    paths = []
    prefix = f"{folder}{os.sep}"
    # scandir knows folders from the listing itself: no stat() per file (10,000 of them).
    with os.scandir(folder) as entries:
        listing = sorted((entry.name, _is_folder(entry)) for entry in entries)
    for name, is_dir in listing:
        if name.startswith("."):
            continue
        if is_dir:
            lost = _records_below(folder / name)
            if lost:
                report.add(_folder_not_read(folder / name, lost, root))
            continue
        if not _printable_name(name):
            report.add(Problem(
                display_path(folder / name, root), 1, 1, "",
                "nome del file non valido (non è UTF-8 o contiene caratteri di controllo): rinominarlo",
            ))
            continue
        suffix = _suffix(name)
        if suffix == ".yaml":
            paths.append(prefix + name)
        else:
            stem = name[:-len(suffix)] if suffix else name
            if _suffix(stem).lower() in YAML_SUFFIXES:  # "x.yaml.txt", as some editors save it
                stem = stem[:-len(_suffix(stem))]
            report.add(Problem(
                display_path(folder / name, root), 1, 1, "",
                f"file ignorato: le schede degli interventi hanno estensione .yaml (rinominarlo {stem}.yaml)"
                if suffix.lower() in YAML_SUFFIXES | {".txt", ""} else
                "file estraneo nella cartella degli interventi: toglierlo o convertirlo in .yaml",
            ))
    return paths


def _records_below(folder: Path) -> list[str]:
    """The .yaml/.yml files anywhere below `folder` (hidden ones left out), by path."""
    found = []
    for top, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        found += sorted(os.path.join(top, f) for f in files
                        if not f.startswith(".") and _suffix(f).lower() in YAML_SUFFIXES)
    return found


def _folder_not_read(folder: Path, lost: list[str], root: Path) -> Problem:
    # An error, not a silent skip: a record saved one level too deep (a web
    # editor's "interventi/torino/to1-1-1-a.yaml") would otherwise vanish from the
    # site while its author believes it published.
    names = [os.path.relpath(path, folder) for path in lost]
    shown = ", ".join(names[:3]) + (f" e altre {len(names) - 3}" if len(names) > 3 else "")
    what = ("una scheda", "sarebbe pubblicata") if len(names) == 1 else (f"{len(names)} schede", "sarebbero pubblicate")
    # Reported at the first of its records: the file a pull request adds, where
    # GitHub shows the annotation.
    return Problem(
        display_path(Path(lost[0]), root), 1, 1, "",
        f"sottocartella non letta: {folder.name}/ contiene {what[0]} ({shown}) che non {what[1]}; le schede "
        f"vanno direttamente in {display_path(folder.parent, root)}/ (le bozze in bozze/, fuori dalla cartella "
        "dei dati)",
    )


def _is_folder(entry: os.DirEntry) -> bool:
    # A symbolic link that cannot be followed (a loop, a link to nowhere) is not a
    # folder: it is listed as a record, and reading it says why it cannot be read.
    try:
        return entry.is_dir()
    except OSError:
        return False


def _suffix(name: str) -> str:
    """`PurePath(name).suffix`, without making a path."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _printable_name(name: str) -> bool:
    # Undecodable bytes come back from the file system as lone surrogates, which,
    # like control characters, are not printable (Unicode category Cs).
    return name.isprintable()


# Past this many problems in one file the rest is noise (a file of junk keys).
MAX_PROBLEMS_PER_FILE = 100


def parse_document(doc: YamlDocument, model: type[BaseModel], context: dict[str, Any] | None = None):
    """The model built from a loaded document, or None with the problems why not.

    A document that the loader read in full is validated even when the loader
    found problems in it (a duplicate key, an anchor), so that one run reports
    those and the field errors together; the model is returned only if there is
    no error at all.
    """
    parsed, problems = _validate(doc, model, context)
    if any(p.is_error for p in problems):
        return None, problems
    return parsed, problems


def _validate(doc: YamlDocument, model: type[BaseModel], context: dict[str, Any] | None):
    """The model, if the data fits it, even when the loader reported problems."""
    problems = list(doc.problems)
    loader_failed = any(p.is_error for p in problems)
    if not doc.complete:
        return None, problems
    if doc.data is None:
        if not loader_failed:
            problems.append(doc.problem((), "file vuoto: deve contenere i campi della scheda (chiave: valore)"))
        return None, problems
    if not isinstance(doc.data, dict):
        kind = "un elenco" if isinstance(doc.data, list) else "un testo"
        problems.append(doc.problem((), f"il file deve contenere una mappa di campi (chiave: valore), non {kind}"))
        return None, problems
    try:
        parsed = model.model_validate(doc.data, context=context)
    except ValidationError as exc:
        found = problems_from(exc, doc, model)
        if len(found) > MAX_PROBLEMS_PER_FILE:
            hidden = len(found) - MAX_PROBLEMS_PER_FILE
            found = sorted(found, key=lambda p: (p.line, p.column, p.field))[:MAX_PROBLEMS_PER_FILE]
            found.append(Problem(doc.path, found[-1].line, found[-1].column, "",
                                 f"altri {hidden} problemi in questo file non sono mostrati"))
        problems.extend(found)
        return None, problems
    return parsed, problems


def load_record(path: Path, display: str, reference: Reference) -> tuple[LoadedRecord | None, list[Problem]]:
    item, problems, _ = _load_record(path, display, reference)
    return item, problems


def _load_record(path: Path, display: str, reference: Reference):
    doc = load_file(path, display)
    record, problems = _validate(doc, Intervento, {"reference": reference})
    if record is None:
        return None, problems, doc
    item = LoadedRecord(record, display, checks.kept_positions(doc.value_at))
    loader_failed = any(p.is_error for p in problems)
    problems.extend(checks.check_record(item, reference, path.stem))
    # A record with a duplicate key or an anchor is checked like the others (so
    # that every problem shows up now) but is not trusted for the whole dataset.
    return (None if loader_failed else item), problems, doc


def _valid_totals(totals: TotaliFile | None, doc: YamlDocument | None) -> list[tuple[int, TotaleDichiarato]]:
    """The declared totals to check the records against, with their index in the file.

    One mistyped total (a `voce` misspelt) makes the file invalid, and its error
    is reported; the other totals are still checked, each on its own, so that one
    run shows every total the records do not add up to, not one after the other.
    Not when the loader itself found an error (a duplicate key): then nothing in
    the file is trusted.
    """
    if totals is not None:
        return list(enumerate(totals.totali))
    if doc is None or not doc.complete or any(p.is_error for p in doc.problems) or not isinstance(doc.data, dict):
        return []
    items = doc.data.get("totali")
    if not isinstance(items, list):
        return []
    valid = []
    for index, item in enumerate(items):
        try:
            valid.append((index, TotaleDichiarato.model_validate(item)))
        except ValidationError:
            pass  # reported with the file's other errors
    return valid


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
    reference = Reference(axes.assi if axes else [], cities.citta if cities else [],
                          axes_source=axes.fonte if axes else None, axes_note=axes.nota if axes else None)
    for list_key, key, items, doc in (
        ("assi", "numero", reference.axes, axes_doc),
        ("citta", "sigla", reference.cities, cities_doc),
        ("citta", "nome", reference.cities, cities_doc),
        ("citta", "slug", reference.cities, cities_doc),
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
        seen_totals: dict[tuple, int] = {}
        for index, total in _valid_totals(totals, totals_doc):
            # Without a readable citta.yaml every city would look unknown: that
            # file's own error is the one to fix first.
            if reference.cities and total.citta not in reference.city_by_name:
                report.add(totals_doc.problem(("totali", index, "citta"), unknown_city(total.citta, reference)))
                continue
            key = (total.citta, total.asse, total.voce)
            if key in seen_totals:
                report.add(totals_doc.problem(
                    ("totali", index, "citta"),
                    f"totale di {total.citta}, asse {total.asse}, voce {total.voce} già dichiarato "
                    f"(totali[{seen_totals[key]}]): tenerne uno solo",
                ))
                continue
            seen_totals[key] = index
            reference.declared_totals.append(total)
            reference.declared_positions.append(totals_doc.position(("totali", index, "importo")))
            reference.declared_indices.append(index)
    return reference

