"""One edited record, rebuilt by a process that stays up, as `invoke livereload` does.

    python -m bench.live_rebuild --data DIR --output DIR --slug SLUG [--runs 3]

The process builds once (incremental, records kept in memory: `keep_warm`), then
for each run changes the record's title, rebuilds and times that rebuild, checks
that the new title is on the project page, and puts the record back (that
rebuild is not timed). It prints one JSON object: the seconds of each timed
rebuild, their stages, the peak memory of the process. The output folder must
hold a build of the same data already (bench/run.py's `prime_incremental`).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def with_new_title(original: str, marker: str) -> str:
    """The record's text with `marker` at the start of its title (or as its title, if it has none)."""
    edited = original.replace("\ntitolo: ", f"\ntitolo: {marker} ", 1)
    if edited == original:
        edited = original.replace("\ncitta: ", f"\ntitolo: {marker}\ncitta: ", 1)
    return edited


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.live_rebuild")
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--slug", required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    os.chdir(REPO)
    from ponmetro_site.build import build, configure_logging

    configure_logging()

    def rebuild():
        started = time.perf_counter()
        result = build(REPO / "pelicanconf.py", data_dir=args.data, output_dir=args.output,
                       incremental=True, keep_warm=True, report=lambda text: None)
        return time.perf_counter() - started, result

    first, result = rebuild()  # the first build of the process: it fills the memory
    if not result.ok:
        print(json.dumps({"ok": False, "error": result.message}))
        return 1
    record = args.data / "interventi" / f"{args.slug}.yaml"
    original = record.read_text(encoding="utf-8")
    page = args.output / "progetti" / args.slug / "index.html"
    runs, stages, error = [], [], ""
    try:
        for index in range(args.runs):
            marker = f"Modifica dal vivo {index}"
            record.write_text(with_new_title(original, marker), encoding="utf-8")
            seconds, result = rebuild()
            if not result.ok or marker not in page.read_text(encoding="utf-8"):
                error = result.message or f"la modifica ({marker!r}) non compare in {page}"
                break
            runs.append(seconds)
            stages.append(result.timings)
            record.write_text(original, encoding="utf-8")
            rebuild()
    finally:
        record.write_text(original, encoding="utf-8")
    print(json.dumps({"ok": not error, "error": error, "first_build_seconds": first, "seconds": runs, "stages": stages,
                      "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
    return 0 if not error else 1


if __name__ == "__main__":
    sys.exit(main())
