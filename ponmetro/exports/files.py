"""Every exported file, by name, and the writing of the global ones.

The generator calls `write_downloads(output / "dati", dataset, config)` for the
files of the downloads page, and `project_files` and `group_files` (`axis_files`
and `city_files` together) for the files that sit next to each page (path relative
to the site root -> bytes), writing those where and how it writes the pages.

The global files are all built in memory first, written under temporary names in
the target folder and only then renamed over the old ones: a failure while
building leaves the old files untouched, and a reader never sees a half-written
file (a rename within one folder is atomic on POSIX).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable, Mapping

from ..checks import LoadedRecord
from ..dataset import Dataset, require_valid
from ..model import Asse, Citta
from . import dcat, fragments, json_file
from .config import ExportConfig
from .csv_files import CANONICAL, EXCEL
from .datapackage import datapackage
from .fragments import RecordRows
from .paths import (
    CATALOGUE_RDF, DATAPACKAGE_JSON, GLOBAL_FILES, INTERVENTI_CSV, INTERVENTI_EXCEL_CSV, INTERVENTI_JSON,
    axis_file, city_file, project_file,
)

# Each record's rows, by slug (fragments.rows_by_slug): the files take them from
# here instead of computing them again.
Rows = Mapping[str, RecordRows]


def global_files(
    dataset: Dataset, config: ExportConfig, *, strict_catalogue: bool = False, rows: Rows | None = None
) -> dict[str, bytes]:
    """The files of the downloads page: file name -> content, in `GLOBAL_FILES` order."""
    require_valid(dataset)
    every = fragments.in_order(_rows(dataset, dataset.records, config, rows))  # sorted once for all three
    canonical = fragments.csv_bytes(every, CANONICAL, ordered=True)
    excel = fragments.csv_bytes(every, EXCEL, ordered=True)
    files = {
        INTERVENTI_CSV: canonical,
        INTERVENTI_EXCEL_CSV: excel,
        INTERVENTI_JSON: fragments.interventi_json(every, config, ordered=True),
        DATAPACKAGE_JSON: json_file.to_bytes(datapackage(config, canonical, excel)),
        CATALOGUE_RDF: dcat.catalogue_rdf(dataset.records, config, strict=strict_catalogue),
    }
    return {name: files[name] for name in GLOBAL_FILES}


def write_downloads(
    folder: Path | str, dataset: Dataset, config: ExportConfig, *, strict_catalogue: bool = False
) -> list[Path]:
    """Write the global files into `folder` (created if needed); the written paths, in order."""
    folder = Path(folder)
    files = global_files(dataset, config, strict_catalogue=strict_catalogue)
    folder.mkdir(parents=True, exist_ok=True)
    temporary: list[tuple[Path, Path]] = []
    try:
        for name, content in files.items():
            handle, temp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
            temporary.append((Path(temp_name), folder / name))
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
                stream.flush()
                os.fsync(stream.fileno())
            # mkstemp creates files readable by the owner only; published files are for everyone.
            os.chmod(temp_name, 0o644)
        for temp, final in temporary:
            os.replace(temp, final)
    finally:
        for temp, _ in temporary:
            temp.unlink(missing_ok=True)
    return [final for _, final in temporary]


def project_csv(dataset: Dataset, item: LoadedRecord, config: ExportConfig, *, rows: Rows | None = None) -> bytes:
    """Header and one row, with the columns of interventi.csv."""
    return fragments.csv_bytes(_rows(dataset, [item], config, rows))


def project_json(dataset: Dataset, item: LoadedRecord, config: ExportConfig, *, rows: Rows | None = None) -> bytes:
    """The same object as the project's element of interventi.json."""
    (row,) = _rows(dataset, [item], config, rows)
    return fragments.project_json(row)


def axis_csv(dataset: Dataset, axis: Asse | int, config: ExportConfig, *, rows: Rows | None = None) -> bytes:
    number = axis.numero if isinstance(axis, Asse) else axis
    items = [item for item in dataset.records if item.record.asse == number]
    return fragments.csv_bytes(_rows(dataset, items, config, rows))


def city_csv(dataset: Dataset, city: Citta, config: ExportConfig, *, rows: Rows | None = None) -> bytes:
    items = [item for item in dataset.records if item.record.citta == city.nome]
    return fragments.csv_bytes(_rows(dataset, items, config, rows))


def project_files(
    dataset: Dataset, item: LoadedRecord, config: ExportConfig, *, rows: Rows | None = None
) -> dict[str, bytes]:
    """`progetti/<slug>/<slug>.json` and `.csv` -> content."""
    return {
        project_file(item.slug, "json"): project_json(dataset, item, config, rows=rows),
        project_file(item.slug, "csv"): project_csv(dataset, item, config, rows=rows),
    }


def axis_files(dataset: Dataset, axis: Asse, config: ExportConfig, *, rows: Rows | None = None) -> dict[str, bytes]:
    """`assi/<n>/interventi-asse-<n>.csv` -> content (a header only if the axis has no records yet)."""
    return {axis_file(axis.numero): axis_csv(dataset, axis, config, rows=rows)}


def city_files(dataset: Dataset, city: Citta, config: ExportConfig, *, rows: Rows | None = None) -> dict[str, bytes]:
    """`citta/<slug>/interventi-<slug>.csv` -> content."""
    return {city_file(city.slug): city_csv(dataset, city, config, rows=rows)}


def group_files(dataset: Dataset, config: ExportConfig, *, rows: Rows | None = None,
                axes: Iterable[Asse] | None = None, cities: Iterable[Citta] | None = None) -> dict[str, bytes]:
    """`axis_files` and `city_files` of `axes` and `cities` (every one by default) together.

    The records are put in their groups in one pass, in the dataset's order as
    `axis_csv` and `city_csv` keep them: filtering every record for each of the
    22 groups took 0.27 s at 10,000 records, in one of the render's workers.
    """
    axes = dataset.reference.axes if axes is None else list(axes)
    cities = dataset.reference.cities if cities is None else list(cities)
    by_axis: dict[int, list[LoadedRecord]] = {axis.numero: [] for axis in axes}
    by_city: dict[str, list[LoadedRecord]] = {city.nome: [] for city in cities}
    for item in dataset.records:
        rec = item.record
        if rec.asse in by_axis:
            by_axis[rec.asse].append(item)
        if rec.citta in by_city:
            by_city[rec.citta].append(item)
    files = {axis_file(number): fragments.csv_bytes(_rows(dataset, items, config, rows))
             for number, items in by_axis.items()}
    files.update((city_file(city.slug), fragments.csv_bytes(_rows(dataset, by_city[city.nome], config, rows)))
                 for city in cities)
    return files


def _rows(dataset: Dataset, items: Iterable[LoadedRecord], config: ExportConfig, rows: Rows | None) -> list[RecordRows]:
    """The rows of `items`: from `rows` where it has them, computed otherwise."""
    rows = rows or {}
    return [rows.get(item.slug) or fragments.record_rows(item, dataset.reference, config) for item in items]
