"""Open-data exports of the interventions: CSV, JSON, Data Package, DCAT-AP_IT.

One module per format, all pure Python (no Pelican):

    columns      the table's columns and one record's values for them
    csv_files    interventi.csv and the spreadsheet variant interventi-excel.csv
    json_file    interventi.json (every field, with metadata) and one project's JSON
    fragments    each record's CSV lines and JSON made once; every file assembled from them
    datapackage  datapackage.json (Frictionless Data Package v1, Table Schema)
    dcat         the DCAT-AP_IT catalogue in RDF/XML, for dati.gov.it
    files        every file by name; the atomic writing of the global ones
    config       ExportConfig: publisher, IPA code, site address, licence
    paths        where each file goes in the site

Usage, from the site generator:

    config = ExportConfig(site_url="https://...", publisher_ipa="...", publisher_name="...")
    write_downloads(output / "dati", dataset, config)            # -> written paths
    for item in dataset.records:
        for path, content in project_files(dataset, item, config).items(): ...

The files and every column are documented in docs/downloads.md.
"""

from .config import CC_BY_4_0, ExportConfig, ExportConfigError, Licence
from .dcat import catalogue_gaps
from .files import (
    axis_csv, axis_files, city_csv, city_files, global_files, group_files, project_csv, project_files,
    project_json, write_downloads,
)

__all__ = [
    "CC_BY_4_0", "ExportConfig", "ExportConfigError", "Licence", "axis_csv", "axis_files", "catalogue_gaps",
    "city_csv", "city_files", "global_files", "group_files", "project_csv", "project_files", "project_json",
    "write_downloads",
]
