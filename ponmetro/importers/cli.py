"""Command line: `python -m ponmetro.importers pagina|scheda|opencoesione FILE...`.

For each source file it prints, one line each and in Italian, what could not be
read and what was guessed (`file:line: non letto|dedotto: field: message`), then
for each draft: the core's validation warnings, where the draft was written, and,
when data/interventi/ already has a record with the same address, the fields in
which the draft differs from it. Nothing in data/ is ever written.

Exit status: 0 when everything was read and every draft written; 1 when something
could not be read or a draft was not written (invalid, or an existing draft kept
without --sovrascrivi); 2 for a wrong command line. A broken input file is a
message, never a traceback (PONMETRO_DEBUG=1 shows one for an internal error).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

from .. import dates
from ..cli import guarded
from ..dataset import load_reference
from ..problems import Report, count, display_path
from ..reference import Reference
from ..strict_yaml import load_file
from .compare import differences
from .draft import Draft, day_text, render
from .drafts_folder import KEPT, existing_record, folder_problem, write_draft
from .notices import ImportLog, Kind
from .opencoesione import import_csv
from .pagina import import_page
from .scheda import import_sheet

IMPORTERS = {
    "pagina": (import_page, "pagine di progetto del sito del programma, copiate come testo"),
    "scheda": (import_sheet, "schede descrittive (\"Format scheda descrittiva\", testo con tabulazioni)"),
    "opencoesione": (import_csv, "CSV dei progetti di OpenCoesione (righe del PON Metro)"),
}


def _day(text: str) -> dt.date:
    try:
        return dates.parse_day(text)
    except dates.DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        # argparse's own wording stays English; the frame around it speaks Italian.
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: errore: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--bozze", type=Path, default=Path("bozze"),
                        help="cartella delle bozze (predefinita: bozze/)")
    common.add_argument("--data", type=Path, default=Path("data"),
                        help="cartella dei dati, per i riferimenti e il confronto (predefinita: data/)")
    common.add_argument("--oggi", type=_day, default=None, metavar="AAAA-MM-GG",
                        help="giorno dell'importazione (predefinito: oggi)")
    common.add_argument("--sovrascrivi", action="store_true",
                        help="sostituisce le bozze già presenti nella cartella delle bozze")
    parser = _Parser(
        prog="python -m ponmetro.importers",
        description="Bozze di schede dai documenti ufficiali, da rivedere prima di pubblicarle",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (_, help_text) in IMPORTERS.items():
        p = sub.add_parser(name, parents=[common], help=help_text)
        p.add_argument("files", nargs="+", type=Path, metavar="CSV" if name == "opencoesione" else "FILE")
    return parser


@dataclass
class _Run:
    args: argparse.Namespace
    reference: Reference
    today: dt.date
    out: object
    written: int = 0
    not_written: int = 0
    unread: int = 0
    guessed: int = 0

    def say(self, line: str) -> None:
        print(line, file=self.out)


def main(argv: list[str] | None = None, out=None) -> int:
    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    return guarded(run, args, out)


def run(args: argparse.Namespace, out) -> int:
    problem = folder_problem(args.bozze, args.data)
    if problem:
        print(f"errore: {problem}", file=out)
        return 1
    report = Report()
    reference = load_reference(args.data, Path.cwd(), report)
    if not report.ok:
        print(report.format(), file=out)
        print(
            f"errore: i dati di riferimento in {args.data} non sono validi: impossibile controllare le bozze",
            file=out,
        )
        return 1
    state = _Run(args, reference, args.oggi or dt.date.today(), out)
    importer = IMPORTERS[args.command][0]
    produced: dict[str, str] = {}
    for path in args.files:
        display = display_path(path)
        log = ImportLog(display)
        drafts = importer(path, display, reference, log)
        # In line order; facts about the whole file (counts) last, as a summary.
        for notice in sorted(log.notices, key=lambda n: (n.line == 0 and n.kind is Kind.INFO, n.line)):
            state.say(notice.format())
        state.unread += len(log.of_kind(Kind.NON_LETTO))
        state.guessed += len(log.of_kind(Kind.DEDOTTO))
        for draft in drafts:
            _handle(draft, state, produced)
    state.say(
        f"{count(state.written, 'bozza scritta', 'bozze scritte')}, "
        f"{count(state.not_written, 'non scritta', 'non scritte')}; "
        f"{count(state.unread, 'valore non letto', 'valori non letti')}, "
        f"{count(state.guessed, 'deduzione', 'deduzioni')} da verificare"
    )
    return 1 if state.unread or state.not_written else 0


def _handle(draft: Draft, state: _Run, produced: dict[str, str]) -> None:
    where = f"{draft.source}:{draft.line}"
    slug = draft.slug
    if not slug:
        state.say(f"{where}: bozza non scritta: senza codice né slug non ha un indirizzo")
        state.not_written += 1
        return
    if slug in produced:
        state.say(f"{where}: bozza non scritta: {slug} è già stata prodotta da {produced[slug]} in questa esecuzione")
        state.not_written += 1
        return
    target = state.args.bozze / f"{slug}.yaml"
    shown = display_path(target)
    header = (
        f"Bozza generata da `python -m ponmetro.importers {state.args.command}` da {where} "
        f"il {day_text(state.today)}.\n"
        "Da rivedere prima di spostarla in data/interventi/ (istruzioni: docs/importers.md)."
    )
    rendered = render(draft, state.today, state.reference, shown, header)
    if not rendered.valid:
        for problem in rendered.problems:
            if problem.is_error:
                subject = f"{problem.field}: " if problem.field else ""
                state.say(f"{where}: bozza non valida: {subject}{problem.message}")
        state.say(f"{where}: bozza non scritta: non supera la validazione")
        state.not_written += 1
        return
    try:
        result = write_draft(rendered.text, slug, state.args.bozze, state.args.sovrascrivi)
    except OSError as exc:
        state.say(f"{shown}: impossibile scrivere la bozza: {exc.strerror or exc}")
        state.not_written += 1
        return
    if result.status == KEPT:
        state.say(f"{shown}: esiste già una bozza: non sostituita (usare --sovrascrivi per sostituirla)")
        state.not_written += 1
        return
    produced[slug] = where
    state.written += 1
    state.say(f"{shown}: bozza {result.status} (da {where})")
    for problem in rendered.problems:
        state.say(problem.format())
    existing = existing_record(state.args.data, slug)
    if existing is not None:
        _compare(draft, existing, state)


def _compare(draft: Draft, existing: Path, state: _Run) -> None:
    shown = display_path(existing)
    doc = load_file(existing, shown)
    if any(p.is_error for p in doc.problems) or not isinstance(doc.data, dict):
        state.say(f"{shown}: la scheda pubblicata esiste ma non si legge: confronto con la bozza impossibile")
        return
    found = differences(draft.record_data(state.today), doc.data)
    if not found:
        state.say(f"{shown}: la scheda pubblicata esiste già (non toccata) e coincide con la bozza")
        return
    state.say(
        f"{shown}: la scheda pubblicata esiste già e non è stata toccata; "
        f"{count(len(found), 'campo diverso', 'campi diversi')} nella bozza, da riportare a mano:"
    )
    for difference in found:
        state.say(f"  {difference.describe()}")
