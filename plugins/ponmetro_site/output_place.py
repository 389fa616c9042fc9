"""Where a build may put the site: never over what the site is built from.

A full build makes the new site beside its output folder, then replaces that
folder with it and removes the old one (build.swap_in). Pointed at the data
folder (`--output data`), it replaced the records with the site and deleted
them. Pointed at the repository (`--output .`), it deleted the whole repository,
`.git` included. MkDocs refuses a `site_dir` that holds its `docs_dir` for the
same reason.

So the output may not be, hold, or sit inside anything the build reads: the
data, the content, the theme, the settings file. A folder that already exists
must be empty or hold a site (its `index.html`), so that a mistyped path does
not delete someone else's files.
"""

from __future__ import annotations

from pathlib import Path

USUAL = "di solito output/"


def sources(settings: dict, settings_file: Path | str) -> dict[str, Path]:
    """What a build reads, named as the messages name it."""
    return {
        "i dati": Path(settings["PONMETRO_DATA"]), "i contenuti": Path(settings["PATH"]),
        "il tema": Path(settings["THEME"]), "le impostazioni": Path(settings_file),
    }


def refusal(output: Path, read: dict[str, Path]) -> str | None:
    """Why the site may not be built into `output`, or None; `read` is `sources(...)`."""
    out = output.resolve()
    if out.exists() and not out.is_dir():
        return f"la cartella di uscita {output} è un file: sceglierne un'altra ({USUAL})"
    over = over_sources(output, read, "la cartella di uscita", USUAL)
    if over:
        return over
    if out.is_dir() and not (out / "index.html").is_file() and any(out.iterdir()):
        return (f"la cartella di uscita {output} non è vuota e non contiene un sito (manca index.html): "
                "costruirvi il sito cancellerebbe quello che contiene; sceglierne un'altra o svuotarla")
    return None


def over_sources(folder: Path, read: dict[str, Path], name: str, usual: str) -> str | None:
    """Why `folder` (named `name` in the message) is, holds or sits inside what a build reads, or None."""
    out = folder.resolve()
    for what, source in read.items():
        place = source.resolve()
        if out == place or place.is_relative_to(out):
            return (f"{name} {folder} contiene {what} ({source}), che una costruzione del sito "
                    f"cancellerebbe: sceglierne un'altra ({usual})")
        if out.is_relative_to(place):
            return f"{name} {folder} è dentro {what} ({source}): sceglierne una fuori ({usual})"
    return None
