"""What a project page tells machines and citers: schema.org JSON-LD and a citation.

A funded intervention is a schema.org `Project` whose `funding` is a
`MonetaryGrant` with the amount in EUR (as exact decimal text, never a float);
its identifier is the code, or the CUP. The citation gives a journalist what to
quote: title, code, permanent address, date of the data and sources. A reader who
finds an error gets a new issue already saying which record, where, in which file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from . import formatting
from .checks import LoadedRecord
from .model import Asse, Citta

PROGRAMME_NAME = "PON Metro 2014-2020 (Programma Operativo Nazionale Città Metropolitane)"
PROGRAMME_MANAGER = "Agenzia per la Coesione Territoriale"
SITE_NAME = "PON Metro Aperto"
CITED_LICENCE = "CC BY 4.0"  # the site's downloads' (exports.config.CC_BY_4_0), by its short name


def project_jsonld(item: LoadedRecord, city: Citta, axis: Asse | None, url: str) -> dict[str, Any]:
    rec = item.record
    identifiers = [
        {"@type": "PropertyValue", "propertyID": name, "value": value}
        for name, value in (("Codice Progetto", rec.codice), ("CUP", rec.cup if rec.cup != "n.d." else None))
        if value
    ]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Project",
        "name": rec.display_title,
        "url": url,
        "inLanguage": "it",
        "dateModified": rec.aggiornato_il.isoformat(),
        "location": {"@type": "Place", "name": city.nome, "address": {
            "@type": "PostalAddress", "addressLocality": city.nome, "addressCountry": "IT"}},
        "isPartOf": {"@type": "Project", "name": PROGRAMME_NAME},
        "isBasedOn": [
            {"@type": "CreativeWork", "name": f.titolo, **({"url": f.url} if f.url else {})} for f in rec.fonti
        ],
    }
    if identifiers:
        data["identifier"] = identifiers if len(identifiers) > 1 else identifiers[0]
    if rec.soggetto_attuatore:
        data["agent"] = {"@type": "Organization", "name": rec.soggetto_attuatore}
    if rec.data_inizio:
        data["startDate"] = rec.data_inizio.isoformat()
    if rec.data_fine:
        data["endDate"] = rec.data_fine.isoformat()
    if rec.importi.programmato is not None:
        data["funding"] = {
            "@type": "MonetaryGrant",
            "name": f"{PROGRAMME_NAME}, Asse {rec.asse}" + (f" – {axis.nome}" if axis else ""),
            "funder": {"@type": "GovernmentOrganization", "name": PROGRAMME_MANAGER},
            "amount": {
                "@type": "MonetaryAmount",
                "currency": "EUR",
                "value": format(rec.importi.programmato, "f"),
                "description": "Importo programmato",
            },
        }
    return data


@dataclass(frozen=True)
class Citation:
    title: str | None  # None when the sources give none: a citation does not quote a made-up title
    code: str | None
    url: str
    release: str
    sources: str

    @property
    def text(self) -> str:
        if self.title:
            named = f"«{self.title}»" + (f" ({self.code})" if self.code else "")
        else:
            named = f"Intervento {self.code} (senza titolo nelle fonti)"
        # The licence too: a citation is what a re-user copies, and CC BY asks for it.
        dated = f", dati aggiornati al {self.release}" if self.release else ""
        return f"{named}, {SITE_NAME}, {self.url}{dated}, licenza {CITED_LICENCE}. Fonti: {self.sources}."


def citation(item: LoadedRecord, url: str) -> Citation:
    rec = item.record
    return Citation(
        title=rec.titolo,
        code=rec.codice,
        url=url,
        release=formatting.date_long(rec.aggiornato_il),
        sources="; ".join(f.titolo for f in rec.fonti),
    )


def page_citation(title: str, url: str, updated, sources: str) -> Citation:
    """How to cite an axis's, a city's or an action's page: its totals are as of its records' latest update."""
    return Citation(title=title, code=None, url=url,
                    release=formatting.date_long(updated) if updated else "", sources=sources)


def _quoted(text: str) -> str:
    return quote(text, safe="/")


# The fixed words of the query, quoted once: `quote` works a character at a time in
# Python, and quoting them again for each page was a tenth of a project page's model.
_TITLE = "title=" + _quoted("Errore nella scheda ")
_BODY = "&body=" + _quoted("Scheda: ")
_FILE = _quoted("\nFile: ")
_QUESTION = _quoted("\n\nChe cosa è sbagliato, e qual è la fonte corretta:\n")


def report_query(item: LoadedRecord, url: str) -> str:
    """The query of a new issue about this record (after the site's report address and `?`).

    Its title reads "Errore nella scheda <code or title>"; its body gives the
    page's address and the record's file, then asks what is wrong.
    """
    rec = item.record
    return (f"{_TITLE}{_quoted(rec.codice or rec.display_title)}"
            f"{_BODY}{_quoted(url)}{_FILE}{_quoted(item.path)}{_QUESTION}")
