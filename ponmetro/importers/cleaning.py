"""Cleaning copied values with the fixes of `text_fixes`, reporting each one.

Shared by the importers of copied texts (programme pages, descriptive sheets): a
`Cleaner` applies the fixes to every value, logs each correction at its line, and
remembers them so that the draft's notes can list them for the reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .notices import ImportLog
from .text_fixes import Fix, fix_ocr, plain_apostrophes, strip_html


def italian_list(items: list[str]) -> str:
    """["a", "b", "c"] -> "a, b e c"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " e " + items[-1]


@dataclass
class Cleaner:
    log: ImportLog
    ocr: bool = True
    fixes: list[Fix] = field(default_factory=list)
    html_dropped: list[str] = field(default_factory=list)

    def clean(self, text: str, line: int, field_name: str) -> str:
        text = text.replace("\u00a0", " ")
        text, tags = strip_html(text)
        if tags:
            self.html_dropped.extend(tags)
            shown = ", ".join(f"«{tag}»" for tag in tags)
            self.log.guessed(line, field_name, f"tolto codice HTML dal testo: {shown}")
        text, count = plain_apostrophes(text)
        if count:
            self.log.guessed(
                line, field_name,
                f"{count} apostrofi tipografici (’) scritti come apostrofo semplice (')"
                if count > 1 else "un apostrofo tipografico (’) scritto come apostrofo semplice (')",
            )
        if self.ocr:
            text, fixes = fix_ocr(text)
            for fix in fixes:
                self.log.guessed(line, field_name, fix.describe())
            self.fixes.extend(fixes)
        return text

    def fixes_note(self, where: str) -> str | None:
        """A note listing the corrections, for the draft (None if there were none)."""
        seen: dict[tuple[str, str], Fix] = {}
        for fix in self.fixes:
            seen.setdefault((fix.before, fix.after), fix)
        if not seen:
            return None
        listed = italian_list([f"«{f.before}» ({f.after})" for f in seen.values()])
        return (
            f"{where} sono corretti gli errori del testo copiato dalla fonte (lettere riconosciute male, "
            f"parole cambiate da un correttore automatico): {listed}. "
            "Correzioni fatte dall'importatore: da verificare sulla fonte."
        )
