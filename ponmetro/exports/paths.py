"""Where the exported files go, relative to the site root.

The page addresses are the site's permanent ones, from `ponmetro.urls`; each
per-page file sits next to its page and is named after it, so that a downloaded
file says what it is (`mi3-3-1-e.csv`, not a hundred `intervento.csv`).
"""

from __future__ import annotations

from ..urls import Urls

DOWNLOADS_DIR = Urls.downloads()

INTERVENTI_CSV = "interventi.csv"
INTERVENTI_EXCEL_CSV = "interventi-excel.csv"
INTERVENTI_JSON = "interventi.json"
DATAPACKAGE_JSON = "datapackage.json"
CATALOGUE_RDF = "catalogo-dcat-ap-it.rdf"

# The order in which the global files are built and listed.
GLOBAL_FILES = (INTERVENTI_CSV, INTERVENTI_EXCEL_CSV, INTERVENTI_JSON, DATAPACKAGE_JSON, CATALOGUE_RDF)


project_path = Urls.project
axis_path = Urls.axis
city_path = Urls.city


def download_path(name: str) -> str:
    """`interventi.csv` -> `dati/interventi.csv`."""
    return DOWNLOADS_DIR + name


def project_file(slug: str, extension: str) -> str:
    """`progetti/mi3-3-1-e/mi3-3-1-e.json`."""
    return f"{project_path(slug)}{slug}.{extension}"


def axis_file(number: int) -> str:
    """`assi/3/interventi-asse-3.csv`."""
    return f"{axis_path(number)}interventi-asse-{number}.csv"


def city_file(slug: str) -> str:
    """`citta/bologna/interventi-bologna.csv`."""
    return f"{city_path(slug)}interventi-{slug}.csv"
