"""Command line: `python -m ponmetro validate` and `python -m ponmetro schema`.

The same validation the build runs, for maintainers and CI. Output is one line per
problem (`path:line:column: field: message`) and a count; the exit status is 1 when
there is any error. No traceback ever reaches the user: an unexpected failure is
reported in one sentence (set PONMETRO_DEBUG=1 to see the traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from .dataset import load_dataset
from .problems import Report


def format_report(report: Report, style: str = "text") -> str:
    if style == "github":
        # GitHub Actions workflow commands: shown as annotations on the changed lines.
        lines = []
        for p in report.sorted():
            kind = "error" if p.is_error else "warning"
            message = f"{p.field}: {p.message}" if p.field else p.message
            message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            lines.append(f"::{kind} file={p.path},line={p.line},col={p.column}::{message}")
        lines.append(report.summary())
        return "\n".join(lines)
    return report.format()


def validate(data_dir: Path, style: str = "text", out=None) -> int:
    out = out or sys.stdout
    from .redirects import validate_redirects

    dataset = load_dataset(data_dir, root=Path.cwd())
    report = dataset.report
    # The redirects among themselves; whether each target is a page of the site
    # is checked by `invoke validate` and by the build, which know every page.
    redirects = validate_redirects(data_dir, Path.cwd())
    report.extend(redirects.problems)
    report.files_checked += int(redirects.exists)
    print(format_report(report, style), file=out)
    return 0 if report.ok else 1


def _tolerant_output() -> None:
    """Never fail on printing: a file name with undecodable bytes, or a terminal
    that is not UTF-8, gets escapes instead of an UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):  # replaced streams (tests) may not support it
            pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ponmetro", description="Dati del PON Metro 2014-2020")
    sub = parser.add_subparsers(dest="command", required=True)
    p_validate = sub.add_parser("validate", help="controlla i dati e segnala ogni problema")
    p_validate.add_argument("--data", type=Path, default=Path("data"))
    p_validate.add_argument("--format", choices=["text", "github"], default="text")
    p_schema = sub.add_parser("schema", help="scrive gli schemi JSON dei file di dati")
    p_schema.add_argument("--data", type=Path, default=Path("data"))
    p_schema.add_argument("--check", action="store_true", help="controlla che siano aggiornati")
    args = parser.parse_args(argv)
    _tolerant_output()
    return guarded(_run, args)


def _run(args: argparse.Namespace) -> int:
    if args.command == "validate":
        return validate(args.data, args.format)
    from .schema import write_schemas

    stale = write_schemas(args.data / "schema", check=args.check)
    for path in stale:
        print(f"{path}: schema non aggiornato: eseguire `python -m ponmetro schema`")
    return 1 if stale else 0


def guarded(command, *args) -> int:
    """Run a command-line entry point; the last line of defence: a sentence, never a traceback."""
    try:
        return command(*args)
    except KeyboardInterrupt:
        print("interrotto", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("PONMETRO_DEBUG"):
            traceback.print_exc()
        print(f"errore interno inatteso ({type(exc).__name__}: {exc}); "
              "rieseguire con PONMETRO_DEBUG=1 e segnalarlo", file=sys.stderr)
        return 2
