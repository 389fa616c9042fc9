"""The DCAT-AP_IT catalogue (RDF/XML) that dati.gov.it harvests.

One catalogue, one dataset (the interventions) and one distribution per download
(canonical CSV, spreadsheet CSV, JSON), with the fields that DCAT-AP_IT requires:

- catalogue: dct:title, dct:description, dct:publisher, dct:modified,
  foaf:homepage, dct:language, dcat:themeTaxonomy, dcat:dataset;
- dataset: dct:identifier ("<IPA code>:ponmetro-interventi"), dct:title,
  dct:description, dcat:theme, dct:modified, dct:accrualPeriodicity,
  dct:publisher, dct:rightsHolder, dcat:contactPoint, plus keywords, language
  and landing page;
- agents (publisher, rights holder): dcatapit:Agent + foaf:Agent with
  dct:identifier (IPA code) and foaf:name; contact point:
  dcatapit:Organization + vcard:Organization with vcard:fn and vcard:hasEmail;
- distribution: dcat:accessURL, dcat:downloadURL, dct:format, dcat:mediaType,
  dct:license (dcatapit:LicenseDocument from the Italian licence vocabulary).

What the configuration does not say is left out, never invented: without the
publisher's IPA code the agents have no dct:identifier and the dataset identifier
has no IPA prefix; without a contact address there is no contact point.
`catalogue_gaps` lists these omissions in Italian, for the build log; dati.gov.it
refuses such a catalogue, so a production build should pass `strict=True`, which
raises `ExportConfigError` instead. This way a preview build of the site works
before an administration has been configured, and a harvested build cannot ship
a catalogue with missing mandatory fields.

Written with ElementTree rather than rdflib: rdflib is only a test dependency of
the project, and a fixed tree gives byte-identical output run after run, in the
nested layout of the AgID examples; ElementTree does the XML escaping. The tests
parse the result with rdflib and query the required fields.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Iterable

from ..checks import LoadedRecord
from . import metadata
from .config import ExportConfig, ExportConfigError
from .paths import DOWNLOADS_DIR, INTERVENTI_CSV, INTERVENTI_EXCEL_CSV, INTERVENTI_JSON, download_path

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatapit": "http://dati.gov.it/onto/dcatapit#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
}
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)

XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EU = "http://publications.europa.eu/resource/authority/"
LANGUAGE = EU + "language/ITA"
THEME_TAXONOMY = EU + "data-theme"
# Regions and cities; economy and finance: what a cohesion programme for cities funds.
THEMES = (EU + "data-theme/REGI", EU + "data-theme/ECON")
# Records are updated by hand when a source changes, not on a schedule.
ACCRUAL_PERIODICITY = EU + "frequency/IRREG"
FILE_TYPES = {"csv": EU + "file-type/CSV", "json": EU + "file-type/JSON"}
MEDIA_TYPES = {
    "csv": "http://www.iana.org/assignments/media-types/text/csv",
    "json": "http://www.iana.org/assignments/media-types/application/json",
}

CATALOGUE_TITLE = "PON Metro Aperto: catalogo dei dati"
CATALOGUE_DESCRIPTION = (
    "I dati aperti pubblicati dal sito PON Metro Aperto sugli interventi del Programma Operativo "
    "Nazionale Città Metropolitane 2014-2020."
)

# (file, format, title, description) of each distribution.
DISTRIBUTIONS = (
    (INTERVENTI_CSV, "csv", "Interventi (CSV)",
     "Tabella degli interventi: separatore virgola, decimali con il punto, UTF-8."),
    (INTERVENTI_EXCEL_CSV, "csv", "Interventi (CSV per fogli di calcolo)",
     "Le stesse righe con separatore punto e virgola, decimali con la virgola, UTF-8 con BOM."),
    (INTERVENTI_JSON, "json", "Interventi (JSON)",
     "Tutti i campi di tutti gli interventi, con le fonti e le note; importi come decimali esatti."),
)


def catalogue_gaps(config: ExportConfig, items: Iterable[LoadedRecord] = ()) -> list[str]:
    """What the catalogue leaves out for lack of configuration or data, in Italian (empty: complete)."""
    gaps = []
    if not config.publisher_ipa:
        gaps.append("manca il codice IPA dell'editore (publisher_ipa): l'editore resta senza identificativo "
                    "e l'identificativo del dataset senza prefisso IPA")
    if not config.publisher_name:
        gaps.append("manca il nome dell'editore (publisher_name), come compare nell'Indice delle PA")
    if not _holder_is_publisher(config):
        if not config.holder_ipa:
            gaps.append("manca il codice IPA del titolare dei dati (rights_holder_ipa)")
        if not config.holder_name:
            gaps.append("manca il nome del titolare dei dati (rights_holder_name)")
    if not config.contact_email:
        gaps.append("manca l'indirizzo e-mail di contatto (contact_email): il dataset resta senza punto di contatto")
    # Every record has its aggiornato_il: there is a date as soon as there is a record.
    if next(iter(items), None) is None:
        gaps.append("nessun intervento: manca la data di ultima modifica (dct:modified)")
    return gaps


def _holder_is_publisher(config: ExportConfig) -> bool:
    return (config.holder_ipa, config.holder_name) == (config.publisher_ipa, config.publisher_name)


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _add(parent: ET.Element, name: str, text: str | None = None, *, lang: str | None = None,
         resource: str | None = None, datatype: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, _q(name))
    if resource is not None:
        element.set(_q("rdf:resource"), resource)
    if datatype is not None:
        element.set(_q("rdf:datatype"), datatype)
    if lang is not None:
        element.set(XML_LANG, lang)
    if text is not None:
        element.text = text
    return element


def _node(parent: ET.Element, class_name: str, about: str, *types: str) -> ET.Element:
    element = ET.SubElement(parent, _q(class_name))
    element.set(_q("rdf:about"), about)
    for type_uri in types:
        _add(element, "rdf:type", resource=type_uri)
    return element


def _agent(root: ET.Element, about: str, ipa: str | None, name: str | None) -> None:
    agent = _node(root, "dcatapit:Agent", about, NS["foaf"] + "Agent")
    if ipa:
        _add(agent, "dct:identifier", ipa)
    if name:
        _add(agent, "foaf:name", name, lang="it")


def catalogue_rdf(items: Iterable[LoadedRecord], config: ExportConfig, *, strict: bool = False) -> bytes:
    """The catalogue as RDF/XML bytes; with strict=True, refuse an incomplete one."""
    items = list(items)
    gaps = catalogue_gaps(config, items)
    if strict and gaps:
        raise ExportConfigError("catalogo DCAT-AP_IT incompleto: " + "; ".join(gaps))
    released = metadata.release_date(items)
    modified = released.isoformat() if released else None

    base = config.absolute(DOWNLOADS_DIR)
    catalogue_uri = base + "#catalogo"
    dataset_uri = base + "#" + metadata.DATASET_NAME
    publisher_uri = base + "#editore"
    holder_uri = base + "#titolare"
    contact_uri = base + "#contatto"
    holder_is_publisher = _holder_is_publisher(config)
    if holder_is_publisher:
        holder_uri = publisher_uri

    root = ET.Element(_q("rdf:RDF"))

    catalogue = _node(root, "dcatapit:Catalog", catalogue_uri, NS["dcat"] + "Catalog")
    _add(catalogue, "dct:title", CATALOGUE_TITLE, lang="it")
    _add(catalogue, "dct:description", CATALOGUE_DESCRIPTION, lang="it")
    _add(catalogue, "dct:publisher", resource=publisher_uri)
    if modified:
        _add(catalogue, "dct:modified", modified, datatype=XSD_DATE)
    _add(catalogue, "foaf:homepage", resource=config.site_url)
    _add(catalogue, "dct:language", resource=LANGUAGE)
    _add(catalogue, "dcat:themeTaxonomy", resource=THEME_TAXONOMY)
    _add(catalogue, "dcat:dataset", resource=dataset_uri)

    dataset = _node(root, "dcatapit:Dataset", dataset_uri, NS["dcat"] + "Dataset")
    identifier = f"{config.publisher_ipa}:{metadata.DATASET_NAME}" if config.publisher_ipa else metadata.DATASET_NAME
    _add(dataset, "dct:identifier", identifier)
    _add(dataset, "dct:title", metadata.DATASET_TITLE, lang="it")
    _add(dataset, "dct:description", metadata.DATASET_DESCRIPTION, lang="it")
    for theme in THEMES:
        _add(dataset, "dcat:theme", resource=theme)
    if modified:
        _add(dataset, "dct:modified", modified, datatype=XSD_DATE)
    _add(dataset, "dct:accrualPeriodicity", resource=ACCRUAL_PERIODICITY)
    _add(dataset, "dct:publisher", resource=publisher_uri)
    _add(dataset, "dct:rightsHolder", resource=holder_uri)
    if config.contact_email:
        _add(dataset, "dcat:contactPoint", resource=contact_uri)
    _add(dataset, "dct:language", resource=LANGUAGE)
    for keyword in metadata.KEYWORDS:
        _add(dataset, "dcat:keyword", keyword, lang="it")
    _add(dataset, "dcat:landingPage", resource=base)
    for name, *_ in DISTRIBUTIONS:
        _add(dataset, "dcat:distribution", resource=f"{base}#distribuzione-{name}")

    for name, kind, title, description in DISTRIBUTIONS:
        url = config.absolute(download_path(name))
        distribution = _node(root, "dcatapit:Distribution", f"{base}#distribuzione-{name}", NS["dcat"] + "Distribution")
        _add(distribution, "dct:title", title, lang="it")
        _add(distribution, "dct:description", description, lang="it")
        _add(distribution, "dcat:accessURL", resource=url)
        _add(distribution, "dcat:downloadURL", resource=url)
        _add(distribution, "dct:format", resource=FILE_TYPES[kind])
        _add(distribution, "dcat:mediaType", resource=MEDIA_TYPES[kind])
        _add(distribution, "dct:license", resource=config.licence.dcatapit_uri)
        if modified:
            _add(distribution, "dct:modified", modified, datatype=XSD_DATE)

    licence = _node(root, "dcatapit:LicenseDocument", config.licence.dcatapit_uri, NS["dct"] + "LicenseDocument")
    _add(licence, "dct:type", resource=config.licence.adms_type)
    _add(licence, "foaf:name", config.licence.title, lang="it")
    _add(licence, "foaf:page", resource=config.licence.url)

    _agent(root, publisher_uri, config.publisher_ipa, config.publisher_name)
    if not holder_is_publisher:
        _agent(root, holder_uri, config.holder_ipa, config.holder_name)
    if config.contact_email:
        contact = _node(root, "dcatapit:Organization", contact_uri, NS["vcard"] + "Organization")
        _add(contact, "vcard:fn", config.contact_name or config.publisher_name or config.contact_email)
        _add(contact, "vcard:hasEmail", resource="mailto:" + config.contact_email)

    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
