"""JSON Schemas of the data files, exported from the models for editors.

An editor with a YAML language server (VS Code, the GitHub web editor with an
extension) completes and checks a record against `data/schema/*.schema.json`.
The schemas are generated from the pydantic models, so they never drift; a test
fails if the committed files are stale.
"""

from __future__ import annotations

import json
from pathlib import Path

from .model import AssiFile, CittaFile, Intervento, TotaliFile
from .redirects import RedirectsFile

SCHEMAS = {
    "intervento.schema.json": (Intervento, "Scheda di un intervento del PON Metro 2014-2020"),
    "assi.schema.json": (AssiFile, "Gli assi del PON Metro 2014-2020"),
    "citta.schema.json": (CittaFile, "Le città del PON Metro 2014-2020"),
    "totali-dichiarati.schema.json": (TotaliFile, "Totali dichiarati dalle fonti"),
    "redirects.schema.json": (RedirectsFile, "Indirizzi vecchi e nuovi delle schede (redirects.yaml)"),
}


def schema_text(model, title: str) -> str:
    schema = model.model_json_schema(mode="validation")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **{
        k: v for k, v in schema.items() if k != "title"
    }}
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path, check: bool = False) -> list[Path]:
    """Write the schemas (or, with check, list those that differ from the models)."""
    folder.mkdir(parents=True, exist_ok=True)
    stale = []
    for name, (model, title) in SCHEMAS.items():
        path = folder / name
        text = schema_text(model, title)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(path)
            if not check:
                path.write_text(text, encoding="utf-8")
    return [] if not check else stale
