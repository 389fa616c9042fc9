"""The plugin's settings, declared and checked before anything is built.

Like MkDocs' validated configuration: each setting has a type, a default and a
description; a wrong value stops the build with one sentence naming the setting,
instead of failing later inside a template.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ponmetro.search_documents import WORD_BUDGET


class ConfigError(Exception):
    """A setting of pelicanconf.py/publishconf.py is missing or wrong."""


# Every setting of the plugin, with its meaning; docs/configuration.md documents
# each of them and a test keeps the two in step.
SETTINGS = {
    "PONMETRO_DATA": "the data folder (assi.yaml, citta.yaml, interventi/)",
    "PONMETRO_PUBLIC_URL": 'absolute address of the published site, ending in "/" '
    "(canonical links, citations, feeds, sitemap); empty in a local build",
    "PONMETRO_INDEX_LINKS": 'link to ".../index.html" so that the site can be browsed from disk',
    "PONMETRO_VENDOR_DIR": "where npm installed plotly.js and the fonts (node_modules)",
    "PONMETRO_REPORT_URL": 'where "Segnala un errore" opens a new issue (may be empty)',
    "PONMETRO_CUP_URL": 'address of the public record of a CUP, with "{cup}" (may be empty)',
    "PONMETRO_PUBLISHER_NAME": "official name of the publishing administration (DCAT-AP_IT publisher)",
    "PONMETRO_PUBLISHER_IPA": "its code in the Indice delle Pubbliche Amministrazioni (IPA)",
    "PONMETRO_CONTACT_NAME": "office to contact about the data (DCAT-AP_IT contact point)",
    "PONMETRO_CONTACT_EMAIL": "its e-mail address",
    "PONMETRO_STRICT_CATALOGUE": "refuse to build when the DCAT-AP_IT catalogue lacks a required field",
    "PONMETRO_SEARCH": "build the Pagefind search index (True by default)",
    "PONMETRO_SEARCH_WORDS": "words of the descriptions the search index may hold in all (300,000 by default): "
    "beyond it each description is indexed from its start only, to bound Pagefind's memory",
}


@dataclass(frozen=True)
class SiteSettings:
    data_dir: Path
    public_url: str
    index_links: bool
    vendor_dir: Path
    report_url: str
    cup_url: str
    publisher_name: str | None
    publisher_ipa: str | None
    contact_name: str | None
    contact_email: str | None
    strict_catalogue: bool

    @classmethod
    def from_pelican(cls, settings: dict[str, Any]) -> "SiteSettings":
        def get(name, kind, default=None):
            value = settings.get(name, default)
            if value is None:
                raise ConfigError(f"impostazione {name} mancante in pelicanconf.py")
            if kind is bool and not isinstance(value, bool):
                raise ConfigError(f"impostazione {name}: deve essere True o False, non {value!r}")
            if kind is str and not isinstance(value, str):
                raise ConfigError(f"impostazione {name}: deve essere un testo, non {value!r}")
            return value

        public_url = get("PONMETRO_PUBLIC_URL", str, "")
        if public_url and not (public_url.startswith(("https://", "http://")) and public_url.endswith("/")):
            raise ConfigError(
                f"impostazione PONMETRO_PUBLIC_URL: deve essere un indirizzo assoluto che finisce con '/', "
                f"non {public_url!r}"
            )
        cup_url = get("PONMETRO_CUP_URL", str, "")
        if cup_url and "{cup}" not in cup_url:
            raise ConfigError("impostazione PONMETRO_CUP_URL: deve contenere {cup}")
        data_dir = Path(get("PONMETRO_DATA", str, "data"))
        if not data_dir.is_dir():
            raise ConfigError(f"impostazione PONMETRO_DATA: la cartella {data_dir} non esiste")
        vendor_dir = Path(get("PONMETRO_VENDOR_DIR", str, "node_modules"))
        return cls(
            data_dir=data_dir,
            public_url=public_url,
            index_links=get("PONMETRO_INDEX_LINKS", bool, False),
            vendor_dir=vendor_dir,
            report_url=get("PONMETRO_REPORT_URL", str, ""),
            cup_url=cup_url,
            publisher_name=settings.get("PONMETRO_PUBLISHER_NAME") or None,
            publisher_ipa=settings.get("PONMETRO_PUBLISHER_IPA") or None,
            contact_name=settings.get("PONMETRO_CONTACT_NAME") or None,
            contact_email=settings.get("PONMETRO_CONTACT_EMAIL") or None,
            strict_catalogue=get("PONMETRO_STRICT_CATALOGUE", bool, False),
        )

    def export_config(self):
        from ponmetro.exports import ExportConfig, ExportConfigError

        if not self.public_url:
            raise ConfigError(
                "impostazione PONMETRO_PUBLIC_URL mancante: i file scaricabili e le citazioni "
                "hanno bisogno dell'indirizzo pubblico del sito"
            )
        try:
            return ExportConfig(
                site_url=self.public_url,
                publisher_name=self.publisher_name,
                publisher_ipa=self.publisher_ipa,
                contact_name=self.contact_name,
                contact_email=self.contact_email,
            )
        except ExportConfigError as exc:
            raise ConfigError(str(exc)) from None


def search_words(settings: dict[str, Any]) -> int:
    """PONMETRO_SEARCH_WORDS, checked: build.py starts the search index before the generator reads the rest."""
    value = settings.get("PONMETRO_SEARCH_WORDS", WORD_BUDGET)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"impostazione PONMETRO_SEARCH_WORDS: deve essere un numero intero positivo, non {value!r}")
    return value
