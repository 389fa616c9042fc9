"""Sample data for the export tests: the real data folder and an awkward synthetic one."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

from ponmetro.dataset import Dataset, load_dataset, require_valid

ROOT = Path(__file__).resolve().parents[2]
REAL_DATA = ROOT / "data"

SITE = "https://ponmetro.example.it/"

# Text that a CSV writer, a spreadsheet or a JSON encoder could get wrong. Titles
# are one line by the model's rule; line breaks live in the paragraphs and notes.
AWKWARD_TITLE = 'Rigenerazione, "Quartieri" aperti; \'apostrofi\' — «città» perché €'
AWKWARD_SOURCE = "Delibera n. 12, allegato «A» | versione 2; pagina \"Progetti\""

SYNTHETIC_RECORDS = {
    # Every field, amounts in several spellings, a month and a day, notes with line breaks.
    "rm6-1-1-a.yaml": f"""
        codice: RM6.1.1.a
        titolo: {json.dumps(AWKWARD_TITLE, ensure_ascii=False)}
        citta: Roma
        asse: 6
        priorita: "4c"
        azione: 6.1.1
        ambito: "Mobilità, energia"
        soggetto_attuatore: "=Roma Capitale; Dipartimento \\"Mobilità\\""
        cup: ABCDEFGHIJ12345
        rup: "Maria Rossi, ing."
        data_inizio: Gennaio 2020
        data_fine: 31-12-2023
        stato: "In corso"
        destinatari: "Residenti, \\"pendolari\\"; imprese"
        obiettivo_generale: "Riga uno\\nriga due"
        pilastro_sociale: "Capo III"
        azioni:
          - "Prima azione, con virgola"
          - "Seconda azione; con \\"virgolette\\""
        descrizione: |
          Paragrafo con *Markdown*, virgole, "virgolette" e punto e virgola;

          - un elenco
        importi:
          programmato: € 1.000.000,50
          ammesso_a_finanziamento: "0,00"
          erogato: "12,3"
        foto:
          - url: https://example.org/foto.jpg?a=1,2
            alt: "Cantiere, vista da sud"
            credito: "Foto: Comune di Roma"
        documenti:
          - titolo: "Determina, n. 5"
            url: https://example.org/determina.pdf
        fonti:
          - titolo: {json.dumps(AWKWARD_SOURCE, ensure_ascii=False)}
            url: https://example.org/pagina?x=1,2&y=3
            consultata_il: 01-03-2025
          - titolo: Seconda fonte
            consultata_il: 02-03-2025
        note:
          - "Prima nota\\ncon a capo"
          - "Seconda nota, con virgola"
        aggiornato_il: 15-03-2025
    """,
    # No code: the slug is the address; no amount, no date, no title problems.
    "roma-senza-codice.yaml": """
        slug: roma-senza-codice
        titolo: Intervento senza codice
        citta: Roma
        asse: 6
        fonti:
          - titolo: Pagina del Comune
            consultata_il: 01-03-2025
        aggiornato_il: 01-03-2025
    """,
    # A second record without code (two empty codes must not break uniqueness), city with a space.
    "reggio-solo-erogato.yaml": """
        slug: reggio-solo-erogato
        titolo: Solo l'erogato è noto
        citta: Reggio Calabria
        asse: 2
        data_inizio: 06.2018
        importi:
          erogato: 9.830.384€
        fonti:
          - titolo: Scheda
            consultata_il: 01-02-2025
        aggiornato_il: 01-02-2025
    """,
    # A code and nothing else: no title (none is invented).
    "ca1-1-1-b.yaml": """
        codice: CA1.1.1.b
        citta: Cagliari
        asse: 1
        cup: n.d.
        fonti:
          - titolo: Pagina del progetto
            consultata_il: 01-01-2025
        aggiornato_il: 01-01-2025
    """,
}


def make_data_dir(folder: Path, records: dict[str, str]) -> Path:
    """A data folder with the real reference tables and the given records."""
    data = folder / "data"
    (data / "interventi").mkdir(parents=True)
    for name in ("assi.yaml", "citta.yaml"):
        shutil.copy(REAL_DATA / name, data / name)
    for name, text in records.items():
        (data / "interventi" / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return data


def load_valid(data: Path) -> Dataset:
    dataset = load_dataset(data)
    assert dataset.report.ok, dataset.report.format()
    return require_valid(dataset)
