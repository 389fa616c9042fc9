"""Documentation and code in step: every field of every model in
ponmetro/model.py is documented in docs/data-format.md and docs/glossary.md, and
the complete example record of data-format.md is valid."""

from __future__ import annotations

import re

import pydantic
import pytest

from ponmetro import model
from ponmetro.dataset import load_reference, parse_document
from ponmetro.problems import Report
from ponmetro.strict_yaml import load_text

from .support import BASE, REPO

DOCS = REPO / "docs"


def models() -> list[type[pydantic.BaseModel]]:
    return [
        obj for obj in vars(model).values()
        if isinstance(obj, type) and issubclass(obj, pydantic.BaseModel)
        and obj.__module__ == model.__name__ and obj.model_fields
    ]


FIELDS = sorted({(cls.__name__, name) for cls in models() for name in cls.model_fields})


def test_there_are_models_to_document():
    assert len(models()) >= 10 and len(FIELDS) >= 40


@pytest.mark.parametrize("page", ["data-format.md", "glossary.md"])
@pytest.mark.parametrize("owner, field", FIELDS, ids=[f"{o}.{f}" for o, f in FIELDS])
def test_every_model_field_is_documented(page, owner, field):
    assert f"`{field}`" in (DOCS / page).read_text(encoding="utf-8"), f"{owner}.{field} missing from docs/{page}"


@pytest.mark.parametrize("page", ["data-format.md", "glossary.md"])
def test_every_model_is_named(page):
    text = (DOCS / page).read_text(encoding="utf-8")
    for cls in models():
        if cls.__name__ != "Riferimenti" or page == "glossary.md":
            assert f"`{cls.__name__}" in text, f"{cls.__name__} missing from docs/{page}"


@pytest.mark.parametrize("term", [
    "asse", "azione", "ambito", "soggetto attuatore", "CUP", "RUP", "programmato",
    "ammesso a finanziamento", "giuridicamente vincolante", "erogato", "destinatari",
    "obiettivo generale", "fonti", "note", "aggiornato_il", "Organismo Intermedio",
])
def test_glossary_explains_the_site_terms(term):
    text = (DOCS / "glossary.md").read_text(encoding="utf-8").lower()
    assert term.lower().replace(" ", "_") in text or term.lower() in text


def example_record() -> str:
    text = (DOCS / "data-format.md").read_text(encoding="utf-8")
    section = text.split("## A complete example record", 1)[1]
    return re.search(r"```yaml\n(.*?)```", section, re.S).group(1)


def test_the_complete_example_is_a_valid_record_with_every_key():
    report = Report()
    reference = load_reference(BASE, BASE.parent, report)
    doc = load_text(example_record(), "docs/data-format.md")
    record, problems = parse_document(doc, model.Intervento, {"reference": reference})
    assert problems == [] and record is not None
    written = set(doc.data)
    # every key but the two that exclude each other (codice/slug)
    assert set(model.Intervento.model_fields) - written == {"slug"}
    assert set(doc.data["importi"]) == set(model.Importi.model_fields)
    assert set(doc.data["fonti"][0]) == set(model.Fonte.model_fields)
    assert set(doc.data["foto"][0]) == set(model.Foto.model_fields)


def test_downloads_columns_are_left_to_their_own_page():
    text = (DOCS / "data-format.md").read_text(encoding="utf-8")
    section = text.split("## Columns of the downloadable files", 1)[1].strip()
    assert "downloads.md" in section and "\n#" not in section
