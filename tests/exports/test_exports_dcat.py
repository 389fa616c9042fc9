"""The DCAT-AP_IT catalogue, parsed with rdflib and queried for the fields dati.gov.it requires."""

from __future__ import annotations

import datetime as dt

import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib import namespace as ns

from export_samples import SITE
from ponmetro.exports import ExportConfig, ExportConfigError, catalogue_gaps, write_downloads
from ponmetro.exports.dcat import catalogue_rdf

# Vocabulary objects reached through the module: pytest's collection probes module
# attributes, and rdflib's closed namespaces warn about every unknown name probed.
DCATAPIT = rdflib.Namespace("http://dati.gov.it/onto/dcatapit#")
VCARD = rdflib.Namespace("http://www.w3.org/2006/vcard/ns#")
PREFIXES = """
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX dcatapit: <http://dati.gov.it/onto/dcatapit#>
PREFIX vcard: <http://www.w3.org/2006/vcard/ns#>
"""


def parse(content: bytes) -> rdflib.Graph:
    return rdflib.Graph().parse(data=content, format="xml")


def one(graph: rdflib.Graph, query: str):
    rows = list(graph.query(PREFIXES + query))
    assert len(rows) == 1, rows
    return rows[0]


@pytest.fixture
def graph(written) -> tuple:
    dataset, folder = written
    return dataset, parse((folder / "catalogo-dcat-ap-it.rdf").read_bytes())


def test_catalogue_required_fields(graph):
    dataset, g = graph
    released = max(item.record.aggiornato_il for item in dataset.records)
    row = one(g, """
        SELECT ?catalogue ?title ?description ?publisher ?modified ?homepage ?language ?dataset WHERE {
          ?catalogue a dcatapit:Catalog, dcat:Catalog ;
            dct:title ?title ; dct:description ?description ; dct:publisher ?publisher ;
            dct:modified ?modified ; foaf:homepage ?homepage ; dct:language ?language ;
            dcat:dataset ?dataset .
        }""")
    assert row.title.language == "it" and str(row.title)
    assert str(row.description)
    assert row.modified == Literal(released.isoformat(), datatype=ns.XSD.date)
    assert row.homepage == URIRef(SITE)
    assert row.language == URIRef("http://publications.europa.eu/resource/authority/language/ITA")
    assert (row.dataset, ns.RDF.type, DCATAPIT.Dataset) in g


def test_dataset_required_fields(graph):
    dataset, g = graph
    row = one(g, """
        SELECT ?dataset ?identifier ?title ?description ?modified ?periodicity ?publisher ?holder WHERE {
          ?dataset a dcatapit:Dataset, dcat:Dataset ;
            dct:identifier ?identifier ; dct:title ?title ; dct:description ?description ;
            dct:modified ?modified ; dct:accrualPeriodicity ?periodicity ;
            dct:publisher ?publisher ; dct:rightsHolder ?holder .
        }""")
    assert str(row.identifier) == "ente_prova:ponmetro-interventi"
    assert str(row.title) == "Interventi del PON Metro 2014-2020"
    assert row.periodicity == URIRef("http://publications.europa.eu/resource/authority/frequency/IRREG")
    themes = set(g.objects(row.dataset, ns.DCAT.theme))
    assert themes and all(str(t).startswith("http://publications.europa.eu/resource/authority/data-theme/")
                          for t in themes)
    for agent in (row.publisher, row.holder):
        assert (agent, ns.RDF.type, ns.FOAF.Agent) in g and (agent, ns.RDF.type, DCATAPIT.Agent) in g
        assert g.value(agent, ns.DCTERMS.identifier) == Literal("ente_prova")
        assert str(g.value(agent, ns.FOAF.name)) == "Ente di prova"
    contact = g.value(row.dataset, ns.DCAT.contactPoint)
    assert (contact, ns.RDF.type, DCATAPIT.Organization) in g
    assert g.value(contact, VCARD.hasEmail) == URIRef("mailto:dati@example.it")
    assert str(g.value(contact, VCARD.fn)) == "Ufficio dati aperti"


def test_every_distribution_has_url_format_and_licence(graph):
    _, g = graph
    rows = list(g.query(PREFIXES + """
        SELECT ?access ?format ?licence ?licenceType ?licenceName WHERE {
          ?dataset a dcatapit:Dataset ; dcat:distribution ?d .
          ?d a dcatapit:Distribution ; dcat:accessURL ?access ; dct:format ?format ; dct:license ?licence .
          ?licence a dcatapit:LicenseDocument ; dct:type ?licenceType ; foaf:name ?licenceName .
        } ORDER BY ?access"""))
    assert [str(r.access) for r in rows] == [
        f"{SITE}dati/interventi-excel.csv", f"{SITE}dati/interventi.csv", f"{SITE}dati/interventi.json",
    ]
    assert [str(r.format).rsplit("/", 1)[1] for r in rows] == ["CSV", "CSV", "JSON"]
    for r in rows:
        assert str(r.licence) == "https://w3id.org/italia/controlled-vocabulary/licences/A21_CCBY40"
        assert str(r.licenceType) == "http://purl.org/adms/licencetype/Attribution"


def test_without_ipa_code_the_identifier_is_omitted_and_reported(real_dataset):
    config = ExportConfig(site_url=SITE)
    g = parse(catalogue_rdf(real_dataset.records, config))
    publisher = one(g, "SELECT ?p WHERE { ?d a dcatapit:Dataset ; dct:publisher ?p }").p
    assert g.value(publisher, ns.DCTERMS.identifier) is None, "no invented IPA code"
    assert g.value(publisher, ns.FOAF.name) is None, "no invented name"
    dataset_id = one(g, "SELECT ?i WHERE { ?d a dcatapit:Dataset ; dct:identifier ?i }").i
    assert str(dataset_id) == "ponmetro-interventi"
    assert g.value(None, ns.DCAT.contactPoint) is None
    gaps = catalogue_gaps(config, real_dataset.records)
    assert any("publisher_ipa" in gap for gap in gaps)
    assert any("publisher_name" in gap for gap in gaps)
    assert any("contact_email" in gap for gap in gaps)


def test_strict_refuses_an_incomplete_catalogue_with_an_italian_message(real_dataset, tmp_path):
    with pytest.raises(ExportConfigError, match="codice IPA dell'editore"):
        write_downloads(tmp_path, real_dataset, ExportConfig(site_url=SITE), strict_catalogue=True)
    assert list(tmp_path.iterdir()) == [], "nothing written when the catalogue is refused"


def test_complete_configuration_has_no_gaps(real_dataset, config):
    assert catalogue_gaps(config, real_dataset.records) == []
    catalogue_rdf(real_dataset.records, config, strict=True)


def test_without_records_the_missing_release_date_is_a_gap(real_dataset, config):
    assert catalogue_gaps(config, []) == ["nessun intervento: manca la data di ultima modifica (dct:modified)"]
    assert catalogue_gaps(config, iter(real_dataset.records)) == []
    with pytest.raises(ExportConfigError, match="nessun intervento"):
        catalogue_rdf([], config, strict=True)


def test_separate_rights_holder(real_dataset):
    config = ExportConfig(site_url=SITE, publisher_name="Editore", publisher_ipa="editore_x",
                          rights_holder_name="Titolare", rights_holder_ipa="titolare_y",
                          contact_email="a@example.it")
    g = parse(catalogue_rdf(real_dataset.records, config))
    row = one(g, "SELECT ?p ?h WHERE { ?d a dcatapit:Dataset ; dct:publisher ?p ; dct:rightsHolder ?h }")
    assert row.p != row.h
    assert g.value(row.h, ns.DCTERMS.identifier) == Literal("titolare_y")
    assert str(g.value(row.h, ns.FOAF.name)) == "Titolare"
    half = ExportConfig(site_url=SITE, publisher_name="Editore", publisher_ipa="editore_x",
                        rights_holder_name="Titolare", contact_email="a@example.it")
    assert catalogue_gaps(half, real_dataset.records) == [
        "manca il codice IPA del titolare dei dati (rights_holder_ipa)"
    ]


def test_markup_characters_in_configured_names_are_escaped(real_dataset):
    name = 'Comune di A & B <"Città">'
    config = ExportConfig(site_url=SITE, publisher_name=name, publisher_ipa="c_x", contact_email="a@example.it")
    g = parse(catalogue_rdf(real_dataset.records, config))
    publisher = one(g, "SELECT ?p WHERE { ?d a dcatapit:Dataset ; dct:publisher ?p }").p
    assert str(g.value(publisher, ns.FOAF.name)) == name


def test_modified_is_the_release_date_not_today(synthetic_dataset, config):
    g = parse(catalogue_rdf(synthetic_dataset.records, config))
    modified = one(g, "SELECT ?m WHERE { ?d a dcatapit:Dataset ; dct:modified ?m }").m
    assert modified.toPython() == dt.date(2025, 3, 15)
