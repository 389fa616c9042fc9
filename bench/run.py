"""The benchmark: this site against plain Pelican and Hugo on the same synthetic records.

For each N it makes (or reuses) the synthetic data folder and its Markdown
equivalents, then builds, each as a separate process and from an empty output
folder, R times in turn:

- `sito`: `python -m ponmetro_site build --data DIR --output DIR` (this project);
- `pelican`: plain Pelican 4 on the Markdown articles, default theme;
- `hugo`: Debian's Hugo on the same Markdown pages, minimal layouts;
- `validate`: `python -m ponmetro validate --data DIR` alone, for reference.

It reports medians of wall time, ms per record, peak memory (max RSS of the
process and of the children it waited for, from `wait4`), output size and file
count, the ratios site/Hugo and Pelican/site, the site's stage timings (from the
JSON file named by `PONMETRO_TIMINGS`, when the build writes it), the time to
rebuild after one record changes, and the weight of a first visit to a project
page. The table goes to stdout, everything to `bench/out/results/`.

    python -m bench.run                       # N = 1000 and 10000, 3 runs (or python bench/run.py)
    python -m bench.run --large               # adds N = 100000
    python -m bench.run --n 500 --runs 1 --tools pelican,hugo
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as `python bench/run.py`
    sys.path.insert(0, str(REPO))

from bench import markdown_equiv, synthetic  # noqa: E402
from bench.live_rebuild import with_new_title  # noqa: E402
from bench.page_weight import page_weight  # noqa: E402

DEFAULT_OUT = REPO / "bench" / "out"
HUGO = shutil.which("hugo") or "/usr/bin/hugo"
TOOLS = ("sito", "pelican", "hugo", "validate")
LABELS = {"sito": "sito (ponmetro_site)", "pelican": "Pelican (Markdown)", "hugo": "Hugo (Markdown)",
          "validate": "solo validazione", "sito-dal-vivo": "sito, 1 modifica live"}
MARKDOWN_VERSION = "1"  # bump when markdown_equiv's output changes


@dataclass
class Run:
    tool: str
    n: int
    seconds: float
    cpu_seconds: float
    max_rss_kb: int
    exit_code: int
    output_bytes: int = 0
    output_files: int = 0
    summary: str = ""  # last line the build printed
    stages: dict = field(default_factory=dict)
    error: str = ""
    load_before: float = 0.0  # 1-minute load average when the run started: other work on the machine


# --- the outputs of earlier runs ----------------------------------------------------


class Trash:
    """Earlier outputs, moved aside at once and deleted only when nothing is being measured.

    Deleting a 10,000-record site (50,000 files) right before the next build slowed
    that build down: on this machine a site build right after the harness deleted
    the previous output took 36.9 s (24.7 s of system time) against 30.2 s (10.8 s)
    without. A rename costs nothing; the folders go when every build has run, or
    earlier if the disk runs short (`emptied_early` then says so in the results).
    Not between two sizes, nor before the first build: on this machine's disk
    (ext4 without a journal) creating a file or folder took 0.4 to 1.4 ms instead
    of 0.03 to 0.08 ms for minutes after a large deletion, because Linux skips
    the inodes freed in the last 60 s (360 s while their blocks are not yet
    written back) and checks each of them on the way (`recently_deleted` in
    fs/ext4/ialloc.c: 15% of a site build's CPU time in `perf`). The first
    10,000-record build after the 1,000-record outputs went took 36.5 s, the next
    two 23.7 and 21.6 s.
    """

    LOW_DISK_BYTES = 5 * 10**9

    def __init__(self, work: Path):
        self.folder = work / ".da-cancellare"
        self.count = 0
        self.emptied_early = 0

    def throw(self, path: Path) -> None:
        if not path.exists():
            return
        if shutil.disk_usage(path.parent).free < self.LOW_DISK_BYTES:
            self.emptied_early += 1
            shutil.rmtree(path, ignore_errors=True)
            self.empty()
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count += 1
        path.rename(self.folder / f"{path.name}-{os.getpid()}-{self.count}")

    def empty(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


# --- measuring one process ---------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    seconds: float  # wall time
    cpu_seconds: float  # user + system time of the process and the children it waited for
    max_rss_kb: int
    exit_code: int


LAUNCHER = Path(__file__).resolve().parent / "launch.py"


def launched(cmd: list[str], report: Path, timeout: float) -> list[str]:
    """`cmd` started through `launch.py`, a small process of its own (see there why),
    which writes what the command cost to `report`."""
    return [sys.executable, "-I", "-S", str(LAUNCHER), str(report), str(timeout), "--", *cmd]


def measure(cmd: list[str], *, cwd: Path, env: dict | None, log: Path, timeout: float) -> Measure:
    """Wall time, CPU time, peak RSS and exit code of one command.

    `os.wait4` gives the rusage of exactly this command, including the descendants
    it waited for, so runs measured one after the other do not mix their peaks
    (which `getrusage(RUSAGE_CHILDREN)` in this process would). It is called in
    `launch.py`, which starts the command: started from this process, the command
    would count this process's own memory in its peak. CPU time is reported next
    to wall time because it barely moves when other work shares the machine.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    # The disk settles first: the previous run's output would otherwise still be going
    # to disk, and into this run's time. Without this the site's runs after the first
    # were up to 40% slower than the first. (Earlier outputs are not deleted between
    # runs at all: see Trash.)
    os.sync()
    with tempfile.TemporaryDirectory(prefix="bench-misura-") as scratch, open(log, "wb") as out:
        report = Path(scratch) / "misura.json"
        launcher = subprocess.Popen(launched(cmd, report, timeout), cwd=cwd, env=env,
                                    stdout=out, stderr=subprocess.STDOUT)
        try:
            launcher.wait()
        except BaseException:  # interrupted: do not leave the build running
            launcher.terminate()  # launch.py stops the command, then itself
            launcher.wait()
            raise
        try:
            found = json.loads(report.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # launch.py itself failed: its message is in the log
            return Measure(0.0, 0.0, 0, launcher.returncode or 1)
    return Measure(found["seconds"], found["cpu_seconds"], found["max_rss_kb"], found["exit_code"])


def folder_size(folder: Path) -> tuple[int, int]:
    total = files = 0
    for root, _, names in os.walk(folder):
        for name in names:
            total += os.lstat(os.path.join(root, name)).st_size
            files += 1
    return total, files


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _last_line(path: Path) -> str:
    text = _tail(path, 5).strip()
    return text.splitlines()[-1] if text else ""


# --- the tools ----------------------------------------------------------------------


@dataclass(frozen=True)
class SiteBuild:
    base: list[str]
    env: dict
    incremental: bool  # the build offers --incremental (rewrite only what an edit touches)


def site_command() -> SiteBuild | None:
    """How to run the site build, or None if it does not exist yet."""
    base = [sys.executable, "-m", "ponmetro_site", "build"]
    env = dict(os.environ)
    probe = subprocess.run([*base, "--help"], cwd=REPO, env=env, capture_output=True, text=True)
    if probe.returncode == 0:
        return SiteBuild(base, env, "--incremental" in probe.stdout)
    return None


def pelican_available() -> bool:
    return subprocess.run([sys.executable, "-m", "pelican", "--version"], capture_output=True).returncode == 0


def hugo_available() -> bool:
    return Path(HUGO).exists() and subprocess.run([HUGO, "version"], capture_output=True).returncode == 0


def _version(cmd: list[str]) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return (done.stdout or done.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return ""


@dataclass
class Inputs:
    n: int
    data: Path
    pelican: Path
    hugo: Path
    first_slug: str
    prepare_seconds: dict


def prepare_inputs(n: int, seed: int, out: Path, markdown: bool = True) -> Inputs:
    """The synthetic data folder and (if `markdown`) its Markdown twins, made once and reused."""
    data = out / f"data-n{n}-s{seed}"
    pelican = out / f"pelican-n{n}-s{seed}"
    hugo = out / f"hugo-n{n}-s{seed}"
    timings = {}
    if not synthetic.is_current(data, n, seed):
        print(f"  genero {n} schede sintetiche in {data} ...", flush=True)
        start = time.perf_counter()
        synthetic.write_data_dir(data, n, seed)
        timings["synthetic"] = time.perf_counter() - start
    stamp = f"{(data / synthetic.MARKER_FILE).read_text(encoding='utf-8')}markdown={MARKDOWN_VERSION}\n"
    stamps = [folder / ".bench-stamp" for folder in (pelican, hugo)]
    if markdown and not all(s.exists() and s.read_text(encoding="utf-8") == stamp for s in stamps):
        print(f"  scrivo le pagine Markdown per Pelican e Hugo ({n}) ...", flush=True)
        start = time.perf_counter()
        markdown_equiv.write_all(data, pelican, hugo)
        timings["markdown"] = time.perf_counter() - start
        for s in stamps:
            s.write_text(stamp, encoding="utf-8")
    first = next(synthetic.generate(1, seed)).slug
    return Inputs(n, data, pelican, hugo, first, timings)


def build_command(tool: str, inputs: Inputs, dest: Path, site: SiteBuild | None,
                  timings_file: Path, incremental: bool = False,
                  trash: Trash | None = None) -> tuple[list[str], Path, dict | None]:
    if tool == "sito":
        env = {**site.env, "PONMETRO_TIMINGS": str(timings_file)}
        extra = ["--incremental"] if incremental else []
        return [*site.base, "--data", str(inputs.data), "--output", str(dest), *extra], REPO, env
    if tool == "pelican":
        return ([sys.executable, "-m", "pelican", str(inputs.pelican / "content"), "-s",
                 str(inputs.pelican / "pelicanconf.py"), "-o", str(dest), "-q"], inputs.pelican, None)
    if tool == "hugo":
        # A fresh cache folder per run keeps Hugo's builds cold, like the others.
        cache = dest.parent / f"{dest.name}-hugo-cache"
        if trash is not None:
            trash.throw(cache)
        else:
            shutil.rmtree(cache, ignore_errors=True)
        return ([HUGO, "--source", str(inputs.hugo), "--destination", str(dest), "--cacheDir", str(cache),
                 "--quiet"], inputs.hugo, None)
    if tool == "validate":
        return [sys.executable, "-m", "ponmetro", "validate", "--data", str(inputs.data)], REPO, None
    raise ValueError(tool)


def read_stages(path: Path) -> dict:
    """Stage timings written by the site build ({"load": 0.12, ...} or {"stages": {...}})."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if isinstance(data, dict) and isinstance(data.get("stages"), dict):
        data = data["stages"]
    if isinstance(data, list):  # [{"name": "load", "seconds": 0.12}, ...]
        data = {item.get("name") or item.get("stage"): item.get("seconds") for item in data if isinstance(item, dict)}
    if not isinstance(data, dict):
        return {}
    return {str(k): float(v) for k, v in data.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}


def run_once(tool: str, inputs: Inputs, work: Path, site, timeout: float, index: int,
             trash: Trash | None = None) -> Run:
    dest = work / f"{tool}-n{inputs.n}"
    trash = trash or Trash(work)
    trash.throw(dest)
    timings_file = work / f"timings-{tool}-n{inputs.n}-{index}.json"
    timings_file.unlink(missing_ok=True)
    cmd, cwd, env = build_command(tool, inputs, dest, site, timings_file, trash=trash)
    log = work / f"log-{tool}-n{inputs.n}-{index}.txt"
    load = os.getloadavg()[0]
    m = measure(cmd, cwd=cwd, env=env, log=log, timeout=timeout)
    run = Run(tool, inputs.n, m.seconds, m.cpu_seconds, m.max_rss_kb, m.exit_code, summary=_last_line(log),
              load_before=load)
    if m.exit_code != 0:
        run.error = _tail(log)
        return run
    if tool != "validate":
        run.output_bytes, run.output_files = folder_size(dest)
    if tool == "sito":
        run.stages = read_stages(timings_file)
    return run


def prime_incremental(inputs: Inputs, work: Path, site: SiteBuild, timeout: float) -> None:
    """One unmeasured incremental build, so that the build's cache holds every record."""
    dest = work / f"sito-n{inputs.n}"
    cmd, cwd, env = build_command("sito", inputs, dest, site, work / "timings-prime.json", incremental=True)
    measure(cmd, cwd=cwd, env=env, log=work / f"log-sito-prime-n{inputs.n}.txt", timeout=timeout)


def run_edit(inputs: Inputs, work: Path, site: SiteBuild, timeout: float, index: int) -> Run:
    """Rebuild into the existing output after changing one record's title, then undo the change.

    Incremental when the build offers it. The run also checks that the new title is
    on the project's page: a fast rebuild that misses the edit is a failure.
    """
    dest = work / f"sito-n{inputs.n}"
    record = inputs.data / "interventi" / f"{inputs.first_slug}.yaml"
    original = record.read_text(encoding="utf-8")
    marker = f"Modifica di prova {index}"
    edited = with_new_title(original, marker)
    timings_file = work / f"timings-sito-edit-n{inputs.n}-{index}.json"
    timings_file.unlink(missing_ok=True)
    cmd, cwd, env = build_command("sito", inputs, dest, site, timings_file, incremental=site.incremental)
    log = work / f"log-sito-edit-n{inputs.n}-{index}.txt"
    load = os.getloadavg()[0]
    try:
        record.write_text(edited, encoding="utf-8")
        m = measure(cmd, cwd=cwd, env=env, log=log, timeout=timeout)
    finally:
        record.write_text(original, encoding="utf-8")
    run = Run("sito-modifica", inputs.n, m.seconds, m.cpu_seconds, m.max_rss_kb, m.exit_code,
              summary=_last_line(log), load_before=load)
    if m.exit_code != 0:
        run.error = _tail(log)
        return run
    run.stages = read_stages(timings_file)
    run.output_bytes, run.output_files = folder_size(dest)
    page = _project_page(dest, inputs.first_slug)
    if page is None or marker not in (dest / page).read_text(encoding="utf-8"):
        run.exit_code = -1
        run.error = f"la modifica ({marker!r}) non compare nella pagina progetti/{inputs.first_slug}/ dopo la ricostruzione"
    return run


def run_live(inputs: Inputs, work: Path, runs: int, timeout: float) -> dict:
    """`bench/live_rebuild.py`: one edit rebuilt by a process that stays up, like `invoke livereload`."""
    dest = work / f"sito-n{inputs.n}"
    cmd = [sys.executable, "-m", "bench.live_rebuild", "--data", str(inputs.data), "--output", str(dest),
           "--slug", inputs.first_slug, "--runs", str(runs)]
    # Through launch.py, so that the peak it reports for itself leaves out this process's memory.
    with tempfile.TemporaryDirectory(prefix="bench-misura-") as scratch:
        try:
            done = subprocess.run(launched(cmd, Path(scratch) / "misura.json", timeout), cwd=REPO,
                                  capture_output=True, text=True, timeout=timeout + 60)
            found = json.loads(done.stdout.strip().splitlines()[-1])
        except (subprocess.TimeoutExpired, ValueError, IndexError) as exc:
            return {"ok": False, "error": f"bench.live_rebuild: {exc}"}
    if not found["ok"]:
        return {"ok": False, "error": found["error"]}
    stages: dict[str, list[float]] = {}
    for timings in found["stages"]:
        for name, value in timings.items():
            stages.setdefault(name, []).append(value)
    return {
        "ok": True, "runs": len(found["seconds"]), "seconds": _median(found["seconds"]),
        "seconds_all": found["seconds"], "first_build_seconds": found["first_build_seconds"],
        "cpu_seconds": None, "max_rss_mb": found["max_rss_kb"] / 1024, "output_mb": None, "output_files": None,
        "stages_seconds": {name: _median(values) for name, values in stages.items()},
    }


# --- summaries ----------------------------------------------------------------------


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def summarise(runs: list[Run], n: int) -> dict:
    ok = [r for r in runs if r.exit_code == 0]
    if not ok:
        return {"ok": False, "runs": len(runs), "error": runs[-1].error if runs else ""}
    seconds = _median([r.seconds for r in ok])
    writes_output = ok[0].tool != "validate"
    stages: dict[str, list[float]] = {}
    for r in ok:
        for name, value in r.stages.items():
            stages.setdefault(name, []).append(value)
    return {
        "ok": True, "runs": len(ok), "failed_runs": len(runs) - len(ok),
        "seconds": seconds, "ms_per_record": seconds * 1000 / n,
        "seconds_all": [r.seconds for r in ok],
        "cpu_seconds": _median([r.cpu_seconds for r in ok]),
        "cpu_ms_per_record": _median([r.cpu_seconds for r in ok]) * 1000 / n,
        "max_rss_mb": _median([r.max_rss_kb for r in ok]) / 1024,
        "output_mb": _median([r.output_bytes for r in ok]) / 1e6 if writes_output else None,
        "output_files": int(_median([r.output_files for r in ok])) if writes_output else None,
        "stages_seconds": {name: _median(values) for name, values in stages.items()},
        "summary": ok[-1].summary,
        "load_before": [r.load_before for r in ok],
    }


def _ratio(a: dict | None, b: dict | None, key: str = "seconds") -> float | None:
    if a and b and a.get("ok") and b.get("ok") and b[key]:
        return a[key] / b[key]
    return None


def machine_info() -> dict:
    info = {"nproc": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["mem_total_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info["pelican"] = "Pelican " + _version([sys.executable, "-m", "pelican", "--version"])
    info["hugo"] = _version([HUGO, "version"])
    info["git_commit"] = _version(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    # The site code measured may have uncommitted changes: say so next to the commit.
    changed = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "ponmetro", "plugins",
                              "theme", "pelicanconf.py"], capture_output=True, text=True).stdout
    info["site_code_uncommitted_changes"] = len(changed.splitlines())
    info["load_average_at_start"] = os.getloadavg()
    return info


def format_table(results: dict) -> str:
    def num(value, fmt):
        width = int(fmt.split(".")[0].rstrip("dfs") or 0)
        return format(value, fmt) if isinstance(value, (int, float)) else "-".rjust(width)

    head = (f"{'N':>7}  {'build':<22}{'tempo s':>9}{'ms/scheda':>11}{'CPU s':>9}{'CPU ms/sch.':>12}"
            f"{'RSS max MB':>12}{'output MB':>11}{'file':>9}")
    lines = [head, "-" * len(head)]
    for n, per_n in results["by_n"].items():
        tools = per_n["tools"]
        for tool in (*TOOLS, "sito-modifica", "sito-dal-vivo"):
            s = tools.get(tool)
            if s is None:
                continue
            label = LABELS.get(tool) or ("sito, modifica increm." if s.get("incremental") else "sito, dopo 1 modifica")
            if not s.get("ok"):
                error_lines = (s.get("error") or "").strip().splitlines()
                reason = s.get("skipped") or "fallito: " + (error_lines[-1] if error_lines else "vedi il JSON")
                lines.append(f"{n:>7}  {label:<22}  {reason}")
                continue
            per_record = tool not in {"sito-modifica", "sito-dal-vivo"}  # one edit: a time per record means nothing
            lines.append(f"{n:>7}  {label:<22}{num(s['seconds'], '9.2f')}"
                         f"{num(s['ms_per_record'] if per_record else None, '11.3f')}"
                         f"{num(s['cpu_seconds'], '9.2f')}{num(s['cpu_ms_per_record'] if per_record else None, '12.3f')}"
                         f"{num(s['max_rss_mb'], '12.0f')}{num(s['output_mb'], '11.1f')}{num(s['output_files'], '9d')}")
        for title, ratios in (("tempo", per_n["ratios"]), ("CPU", per_n.get("cpu_ratios", {}))):
            parts = [f"{name} {value:.2f}" for name, value in ratios.items() if value is not None]
            if parts:
                lines.append(f"{'':>7}  rapporti ({title}): " + ", ".join(parts))
        stages = tools.get("sito", {}).get("stages_seconds") or {}
        if stages:
            lines.append(f"{'':>7}  fasi del sito (s): " + ", ".join(f"{k} {v:.2f}" for k, v in stages.items()))
        for tool, weight in per_n.get("page_weight", {}).items():
            if "error" in weight:
                lines.append(f"{'':>7}  peso pagina progetto, {tool}: {weight['error']}")
                continue
            lines.append(
                f"{'':>7}  peso pagina progetto, {tool}: HTML {weight['html_bytes'] / 1024:.1f} KB "
                f"({weight['html_gzip_bytes'] / 1024:.1f} KB gzip); prima visita {weight['total_bytes'] / 1024:.1f} KB "
                f"({weight['total_gzip_bytes'] / 1024:.1f} KB gzip; CSS {weight['css_bytes'] / 1024:.1f}, "
                f"JS {weight['js_bytes'] / 1024:.1f}, font {weight['font_bytes'] / 1024:.1f} KB)"
                + _with_chart(weight))
    return "\n".join(lines)


def _with_chart(weight: dict) -> str:
    """What the page weighs once its chart is seen, when plotly.js comes only then."""
    later = weight.get("with_later_gzip_bytes", weight["total_gzip_bytes"])
    if later == weight["total_gzip_bytes"]:
        return ""
    return f"; col grafico {weight['with_later_bytes'] / 1024:.1f} KB ({later / 1024:.1f} KB gzip)"


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _project_page(output: Path, slug: str) -> str | None:
    for candidate in (f"progetti/{slug}/index.html", f"progetti/{slug}.html"):
        if (output / candidate).is_file():
            return candidate
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description="Benchmark della build del sito")
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000], help="numeri di schede (default 1000 10000)")
    parser.add_argument("--large", action="store_true", help="aggiunge N = 100000")
    parser.add_argument("--runs", type=int, default=3, help="ripetizioni per build (default 3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tools", default=",".join(TOOLS), help=f"build da misurare, tra {','.join(TOOLS)}")
    parser.add_argument("--no-edit", action="store_true", help="non misurare la ricostruzione dopo una modifica")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="cartella di lavoro (default bench/out)")
    parser.add_argument("--timeout", type=float, default=3600, help="secondi massimi per una build")
    args = parser.parse_args(argv)
    # `kill PID` stops the build being measured too (measure() kills its child on the way out).
    signal.signal(signal.SIGTERM, _interrupt)
    sizes = sorted(set(args.n + ([100_000] if args.large else [])))
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [t for t in tools if t not in TOOLS]
    if unknown or args.runs < 1 or min(sizes) < 1:
        parser.error(f"strumenti sconosciuti: {unknown}" if unknown else "--runs e --n devono essere almeno 1")
    out = args.out.resolve()
    work = out / "build"
    work.mkdir(parents=True, exist_ok=True)
    trash = Trash(work)  # what a stopped run left in it goes at the end, with the rest

    skipped: dict[str, str] = {}
    site = None
    if "sito" in tools:
        site = site_command()
        if site is None:
            skipped["sito"] = "saltato: `python -m ponmetro_site build --help` non funziona ancora"
    if "pelican" in tools and not pelican_available():
        skipped["pelican"] = "saltato: Pelican non è installato in questo Python"
    if "hugo" in tools and not hugo_available():
        skipped["hugo"] = f"saltato: {HUGO} non trovato"
    for tool, reason in skipped.items():
        print(f"{LABELS[tool]}: {reason}", flush=True)
    active = [t for t in tools if t not in skipped]

    results = {"started": dt.datetime.now().isoformat(timespec="seconds"), "machine": machine_info(),
               "runs_per_build": args.runs, "seed": args.seed, "by_n": {}}
    for n in sizes:
        print(f"N = {n}", flush=True)
        inputs = prepare_inputs(n, args.seed, out, markdown=bool({"pelican", "hugo"} & set(active)))
        runs: dict[str, list[Run]] = {t: [] for t in active}
        failed: set[str] = set()
        for index in range(args.runs):
            for tool in active:  # interleaved, so that a slow moment of the machine hits all tools
                if tool in failed:
                    continue
                run = run_once(tool, inputs, work, site, args.timeout, index, trash)
                runs[tool].append(run)
                status = "ok" if run.exit_code == 0 else f"USCITA {run.exit_code}"
                print(f"  {LABELS[tool]:<22} run {index + 1}/{args.runs}: {run.seconds:.2f} s "
                      f"(CPU {run.cpu_seconds:.2f} s) {run.max_rss_kb / 1024:.0f} MB {status}", flush=True)
                if run.exit_code != 0:
                    failed.add(tool)
                    print("    " + run.error.replace("\n", "\n    "), flush=True)
        per_n: dict = {"inputs": {"data": str(inputs.data), "pelican": str(inputs.pelican), "hugo": str(inputs.hugo),
                                  "prepare_seconds": inputs.prepare_seconds},
                       "tools": {t: summarise(r, n) for t, r in runs.items()}, "runs": {}}
        for tool, reason in skipped.items():
            per_n["tools"][tool] = {"ok": False, "skipped": reason}
        if "sito" in active and "sito" not in failed and not args.no_edit:
            if site.incremental:
                prime_incremental(inputs, work, site, args.timeout)
            edits = []
            for index in range(args.runs):
                edit = run_edit(inputs, work, site, args.timeout, index)
                edits.append(edit)
                status = "ok" if edit.exit_code == 0 else f"USCITA {edit.exit_code}"
                if edit.error:
                    status += f": {edit.error}"
                label = "sito, modifica increm." if site.incremental else "sito, dopo 1 modifica"
                print(f"  {label:<22} run {index + 1}/{args.runs}: {edit.seconds:.2f} s "
                      f"(CPU {edit.cpu_seconds:.2f} s) {edit.max_rss_kb / 1024:.0f} MB {status}", flush=True)
            per_n["tools"]["sito-modifica"] = summarise(edits, n)
            per_n["tools"]["sito-modifica"]["incremental"] = site.incremental
            runs["sito-modifica"] = edits
            if site.incremental:
                live = run_live(inputs, work, args.runs, args.timeout)
                per_n["tools"]["sito-dal-vivo"] = live
                shown = f"{live['seconds']:.2f} s (mediana di {live['seconds_all']})" if live["ok"] else live["error"]
                print(f"  {LABELS['sito-dal-vivo']:<22} {shown}", flush=True)
        per_n["runs"] = {t: [asdict(r) for r in rs] for t, rs in runs.items()}
        t = per_n["tools"]
        per_n["ratios"] = {"sito/Hugo": _ratio(t.get("sito"), t.get("hugo")),
                           "Pelican/sito": _ratio(t.get("pelican"), t.get("sito")),
                           "Pelican/Hugo": _ratio(t.get("pelican"), t.get("hugo"))}
        per_n["cpu_ratios"] = {"sito/Hugo": _ratio(t.get("sito"), t.get("hugo"), "cpu_seconds"),
                               "Pelican/sito": _ratio(t.get("pelican"), t.get("sito"), "cpu_seconds"),
                               "Pelican/Hugo": _ratio(t.get("pelican"), t.get("hugo"), "cpu_seconds")}
        per_n["page_weight"] = {}
        for tool in ("sito", "pelican", "hugo"):
            if not t.get(tool, {}).get("ok"):
                continue
            output = work / f"{tool}-n{n}"
            page = _project_page(output, inputs.first_slug)
            if page is None:
                per_n["page_weight"][tool] = {"error": f"pagina progetti/{inputs.first_slug}/ non trovata"}
            else:
                per_n["page_weight"][tool] = page_weight(output, page).as_dict()
        results["by_n"][str(n)] = per_n

    trash.empty()  # every build has run
    results["trash_emptied_early"] = trash.emptied_early
    results["finished"] = dt.datetime.now().isoformat(timespec="seconds")
    results_dir = out / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = json.dumps(results, indent=2, ensure_ascii=False)
    (results_dir / f"bench-{stamp}.json").write_text(text, encoding="utf-8")
    (results_dir / "latest.json").write_text(text, encoding="utf-8")
    m = results["machine"]
    print()
    print(f"Macchina: {m.get('nproc')} core, {m.get('mem_total_gb')} GB, {m.get('cpu', '')}; "
          f"{m.get('pelican')}; {m.get('hugo')}")
    print(f"Mediane di {args.runs} build per strumento (build da cartella vuota, processi separati):")
    loads = [load for per_n in results["by_n"].values() for s in per_n["tools"].values() for load in s.get("load_before", [])]
    if loads and max(loads) > (m.get("nproc") or 1):
        print(f"ATTENZIONE: carico della macchina fino a {max(loads):.1f} su {m.get('nproc')} core durante le misure: "
              "altri processi hanno rallentato le build, i tempi sono gonfiati")
    if trash.emptied_early:
        print(f"ATTENZIONE: disco quasi pieno, {trash.emptied_early} uscite cancellate tra una build e l'altra: "
              "le build successive ne sono state rallentate")
    print(format_table(results))
    print(f"\nRisultati completi: {results_dir / f'bench-{stamp}.json'}")
    any_failed = any(not s.get("ok") and not s.get("skipped") for per_n in results["by_n"].values()
                     for s in per_n["tools"].values())
    return 1 if any_failed else 0


def entry() -> int:
    try:
        return main()
    except KeyboardInterrupt:
        print("interrotto: i risultati di questa esecuzione non sono stati salvati", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(entry())
