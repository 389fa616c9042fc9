"""What the exports need to know that the data does not say: who publishes, where, under which licence.

The records say what each intervention is; they do not say which administration
publishes the site, at which address, or under which licence. Those facts come
from an `ExportConfig` that the site's settings build. Nothing here is guessed:
only the licence has a default (CC BY 4.0, the licence of OpenCoesione's data
and of most Italian public open data). The publisher's IPA code, its name and the
contact address stay `None` until someone configures them, and the DCAT-AP_IT
catalogue then reports what is missing (`dcat.catalogue_gaps`) instead of
inventing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CC_BY_4_0", "ExportConfig", "ExportConfigError", "Licence"]


class ExportConfigError(ValueError):
    """The export configuration is unusable; the message says why, in Italian."""


@dataclass(frozen=True)
class Licence:
    """A licence as each format names it."""

    id: str  # SPDX identifier, used by the Data Package ("CC-BY-4.0")
    title: str  # the licence's name in Italian, shown to data users
    url: str  # the legal text
    dcatapit_uri: str  # the licence in the Italian controlled vocabulary (DCAT-AP_IT)
    adms_type: str  # the licence type in the ADMS vocabulary (DCAT-AP_IT's dct:type)


CC_BY_4_0 = Licence(
    id="CC-BY-4.0",
    title="Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)",
    url="https://creativecommons.org/licenses/by/4.0/",
    dcatapit_uri="https://w3id.org/italia/controlled-vocabulary/licences/A21_CCBY40",
    adms_type="http://purl.org/adms/licencetype/Attribution",
)

# IPA codes are short lower-case identifiers such as "agid", "c_a944", "r_lazio".
_IPA = re.compile(r"^[A-Za-z0-9_]{2,32}$")
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
_ABSOLUTE_URL = re.compile(r"^https?://[^\s/?#<>\"]+(/[^\s?#<>\"]*)?$")


@dataclass(frozen=True)
class ExportConfig:
    """The facts about the publisher and the site that the exported files carry.

    site_url           public address of the site, e.g. "https://ponmetro.example.it/";
                       every absolute URL in the exports (project pages, files,
                       DCAT resources) starts with it. Required: an export with
                       relative or invented addresses would be useless once downloaded.
    publisher_name     official name of the publishing administration, as in the IPA
                       index (e.g. "Agenzia per l'Italia Digitale"); DCAT foaf:name.
    publisher_ipa      its IPA code (e.g. "agid"); DCAT dct:identifier of the publisher
                       and prefix of the dataset identifier ("agid:ponmetro-interventi").
    rights_holder_name / rights_holder_ipa
                       the rights holder (DCAT dct:rightsHolder), when it is not the
                       publisher; when neither is set the publisher holds the rights.
    contact_name       name of the office to contact about the data (DCAT vcard:fn).
    contact_email      its e-mail address (DCAT vcard:hasEmail).
    licence            licence of all the exported data; CC BY 4.0 by default.
    """

    site_url: str
    publisher_name: str | None = None
    publisher_ipa: str | None = None
    rights_holder_name: str | None = None
    rights_holder_ipa: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    licence: Licence = CC_BY_4_0

    def __post_init__(self) -> None:
        url = (self.site_url or "").strip()
        if not _ABSOLUTE_URL.match(url):
            raise ExportConfigError(
                f"indirizzo del sito '{self.site_url}' non valido: serve l'indirizzo pubblico completo "
                "(es. https://ponmetro.example.it/), da cui partono tutti i link dei file scaricabili"
            )
        # Frozen: normalising the one value that may come with or without its
        # final slash needs object.__setattr__.
        object.__setattr__(self, "site_url", url if url.endswith("/") else url + "/")
        for name in ("publisher_name", "publisher_ipa", "rights_holder_name", "rights_holder_ipa",
                     "contact_name", "contact_email"):
            value = getattr(self, name)
            if value is not None:
                value = value.strip() or None
                object.__setattr__(self, name, value)
        for name in ("publisher_ipa", "rights_holder_ipa"):
            value = getattr(self, name)
            if value is not None and not _IPA.match(value):
                raise ExportConfigError(
                    f"codice IPA '{value}' non valido ({name}): è il codice dell'amministrazione "
                    "nell'Indice delle Pubbliche Amministrazioni, es. agid oppure c_a944"
                )
        if self.contact_email is not None and not _EMAIL.match(self.contact_email):
            raise ExportConfigError(f"indirizzo e-mail di contatto '{self.contact_email}' non valido")

    def absolute(self, path: str) -> str:
        """The public address of a path relative to the site root ("dati/interventi.csv")."""
        return self.site_url + path.lstrip("/")

    @property
    def _holder_is_publisher(self) -> bool:
        # Either both rights-holder fields describe another body, or the publisher
        # holds the rights: never a name from one and a code from the other.
        return self.rights_holder_name is None and self.rights_holder_ipa is None

    @property
    def holder_name(self) -> str | None:
        return self.publisher_name if self._holder_is_publisher else self.rights_holder_name

    @property
    def holder_ipa(self) -> str | None:
        return self.publisher_ipa if self._holder_is_publisher else self.rights_holder_ipa
