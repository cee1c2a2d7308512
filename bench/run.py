"""`make bench`: ours against a reference, measured side by side in one run, printed as one table of ratios.

Rows (ratio = ours / reference: below 1 we are faster; each round pairs the two back to back, so a busy
machine slows both alike; min / median / max are over the rounds):
- cold generation, per spec (our four vendors and a corpus sample): `python -m generator generate --force`
  with an empty validation cache, against openapi-python-client with ruff on PATH (as its users run it, so
  its formatting hooks run too); target <= 0.33 (3x faster);
- all four vendors together, cold (`generate --all` code path, parallel processes): seconds, target < 3 s;
- no-op `make generate` (only when generated/ is current, so the bench never rewrites the repository):
  seconds, target < 0.3 s;
- per call, in-process over httpx.MockTransport: our generated client against raw httpx + the same pydantic
  model's `model_validate_json`; target <= 1.1;
- one answer of 10,000 items: ours against `TypeAdapter(list[Item]).validate_json` (target <= 1.1) and
  against the openapi-python-client client for the same spec (target <= 1.0);
- `import <vendor>_client` in a fresh interpreter against `import httpx, pydantic` in the same process:
  ratio, and the added seconds, target <= 0.1 s.

openapi-python-client is installed on first use into its own virtualenv (.bench/venv, from PyPI): its
pins (httpx, ruff, attrs) must not move ours and it never enters requirements.lock. Nothing here is an
expected figure; `--write` (make bench BENCH_WRITE=1) writes the table to bench/results.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
OPC_VENV = ROOT / ".bench" / "venv"
OPC_VERSION = "0.29.1"
CORPUS_SAMPLE = ("petstore.yaml", "swagger-petstore3.yaml", "stapi-star-trek.json", "openai.yaml")
BENCH_SPEC = ROOT / "bench" / "spec.yaml"
CLIENT_BENCH = ROOT / "bench" / "clientbench.py"
RESULTS = ROOT / "bench" / "results.md"
#: `--only` selectors, in table order: cold generation (per spec and all vendors), no-op generate, client speed, imports
SECTIONS = ("generation", "noop", "client", "import")


@dataclass
class Row:
    measure: str
    subject: str
    ours: list[float] = field(default_factory=list)
    reference: list[float] = field(default_factory=list)
    ratio_target: float | None = None  # ratio rows: ours / reference must stay at or below this
    absolute_target: float | None = None  # absolute rows: ours (seconds) must stay below this
    unit: str = "s"
    note: str = ""

    def ratios(self) -> list[float]:
        return [o / r for o, r in zip(self.ours, self.reference, strict=False) if r > 0]

    def met(self) -> str:
        if not self.ours:
            return "n/a"
        if self.absolute_target is not None:
            return "yes" if statistics.median(self.ours) < self.absolute_target else "NO"
        if self.ratio_target is not None and self.ratios():
            return "yes" if statistics.median(self.ratios()) <= self.ratio_target else "NO"
        return "n/a"

    def cells(self) -> list[str]:
        scale = 1e6 if self.unit == "us" else 1.0
        fmt = (lambda v: f"{v * scale:.0f}") if self.unit == "us" else (lambda v: f"{v:.3f}" if v < 1 else f"{v:.2f}")
        ours = fmt(statistics.median(self.ours)) if self.ours else "-"
        ref = fmt(statistics.median(self.reference)) if self.reference else "-"
        ratios = self.ratios()
        spread = [f"{min(ratios):.2f}", f"{statistics.median(ratios):.2f}", f"{max(ratios):.2f}"] if ratios else ["-", "-", "-"]
        if self.absolute_target is not None:
            target = f"< {self.absolute_target:g} s"
        elif self.ratio_target is not None:
            target = f"<= {self.ratio_target:.2f}"
        else:
            target = "-"
        return [
            self.measure,
            self.subject,
            f"{ours} {self.unit}",
            f"{ref} {self.unit}" if self.reference else "-",
            *spread,
            target,
            self.met(),
            self.note,
        ]


HEADER = ["measure", "subject", "ours (median)", "reference (median)", "ratio min", "ratio median", "ratio max", "target", "met", "notes"]


def ensure_opc() -> Path | None:
    exe = OPC_VENV / "bin" / "openapi-python-client"
    if exe.exists():
        return exe
    print(f"installing openapi-python-client {OPC_VERSION} into {OPC_VENV} (first run only)", file=sys.stderr, flush=True)
    venv.EnvBuilder(with_pip=True).create(OPC_VENV)
    result = subprocess.run([str(OPC_VENV / "bin" / "pip"), "install", "-q", f"openapi-python-client=={OPC_VERSION}"], check=False)
    return exe if result.returncode == 0 and exe.exists() else None


def _timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, bool]:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, check=False, env=env)
    return time.perf_counter() - start, result.returncode == 0


def ours_cold(spec: Path, tmp: Path) -> tuple[float, bool]:
    """A cold run: fresh output, --force, and an empty validation cache (GENERATOR_CACHE_DIR)."""
    env = {**os.environ, "GENERATOR_CACHE_DIR": str(tempfile.mkdtemp(dir=tmp))}
    out = Path(tempfile.mkdtemp(dir=tmp)) / "out"
    return _timed([sys.executable, "-m", "generator", "-q", "generate", str(spec), "-o", str(out), "--force"], ROOT, env)


def opc_cold(exe: Path, spec: Path, tmp: Path, config: Path | None = None) -> tuple[float, bool]:
    """openapi-python-client as its users run it: ruff on PATH, so its post-generation hooks format the code."""
    work = Path(tempfile.mkdtemp(dir=tmp))
    env = {**os.environ, "PATH": f"{exe.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = [str(exe), "generate", "--path", str(spec), "--output-path", str(work / "out"), "--overwrite"]
    seconds, ok = _timed(command + (["--config", str(config)] if config else []), work, env)
    return seconds, ok and (work / "out").is_dir()


def opc_config(exe: Path, spec: Path, tmp: Path) -> Path | None:
    """None when openapi-python-client generates `spec` as configured by default. When it fails, the config its
    own error message suggests for duplicate enum keys (`literal_enums: true`), if that makes it succeed: the
    comparison is then with a client it really writes, not with the time it takes to give up (untimed probe)."""
    if opc_cold(exe, spec, tmp)[1]:
        return None
    config = Path(tempfile.mkdtemp(dir=tmp)) / "opc-config.yaml"
    config.write_text("literal_enums: true\n")
    return config if opc_cold(exe, spec, tmp, config)[1] else None


def bench_specs(include_corpus: bool) -> list[Path]:
    found = sorted(ROOT.glob("specs/*/openapi.yaml"))
    if include_corpus and (SHARED / "corpus" / "specs").is_dir():
        found += [SHARED / "corpus" / "specs" / n for n in CORPUS_SAMPLE if (SHARED / "corpus" / "specs" / n).exists()]
    return found


def cold_rows(exe: Path | None, repeat: int, include_corpus: bool, tmp: Path) -> list[Row]:
    rows = []
    for spec in bench_specs(include_corpus):
        label = spec.parent.name if spec.name == "openapi.yaml" else spec.name
        row = Row("cold generation", label, ratio_target=1 / 3)
        failures = []
        config = opc_config(exe, spec, tmp) if exe is not None else None
        if config is not None:
            failures.append("reference run with literal_enums: true (its default config fails on this spec)")
        for _ in range(repeat):
            seconds, ok = ours_cold(spec, tmp)
            row.ours.append(seconds)
            if not ok:
                failures.append("ours FAILED")
            if exe is not None:
                seconds, ok = opc_cold(exe, spec, tmp, config)
                row.reference.append(seconds)
                if not ok:
                    failures.append("reference failed (time is to its error)")
        row.note = "; ".join(sorted(set(failures))) if failures else ("" if exe else "openapi-python-client not installed")
        print(f"  measured cold generation {label}", file=sys.stderr, flush=True)
        rows.append(row)
    return rows


def all_vendors_row(repeat: int, tmp: Path) -> Row:
    """`generate --all`'s code path (generate_many) with every output in a temporary folder, cache empty."""
    row = Row("cold generation, 4 vendors together", "generate --all (parallel)", absolute_target=3.0)
    script = (
        "import sys\nfrom pathlib import Path\nfrom generator.pipeline import discover_specs, generate_many, vendor_of\n"
        "out = Path(sys.argv[1])\n"
        "results = generate_many([(s, out / vendor_of(s)) for s in discover_specs()], force=True)\n"
        "sys.exit(0 if all(r.outcome is not None for r in results) else 1)\n"
    )
    for _ in range(repeat):
        env = {**os.environ, "GENERATOR_CACHE_DIR": str(tempfile.mkdtemp(dir=tmp))}
        seconds, ok = _timed([sys.executable, "-c", script, tempfile.mkdtemp(dir=tmp)], ROOT, env)
        row.ours.append(seconds)
        if not ok:
            row.note = "FAILED"
    return row


def noop_row(repeat: int) -> Row:
    row = Row("no-op `make generate`", "4 vendors, all current", absolute_target=0.3)
    sys.path.insert(0, str(ROOT))
    from generator.pipeline import _is_current, discover_specs, vendor_of

    stale = [s.parent.name for s in discover_specs() if not _is_current(s, ROOT / "generated" / vendor_of(s), vendor_of(s))[0]]
    if stale or not shutil.which("make"):
        row.note = f"skipped: generated/ is stale for {', '.join(stale)} (run make generate first)" if stale else "skipped: no make"
        return row
    for _ in range(repeat + 1):
        seconds, ok = _timed(["make", "-s", "generate"], ROOT)
        row.ours.append(seconds)
        if not ok:
            row.note = "FAILED"
    row.ours.pop(0)  # the first run warms the file cache
    return row


def client_rows(exe: Path | None, rounds: int, tmp: Path) -> list[Row]:
    ours_dir = tmp / "client-ours"
    subprocess.run(
        [sys.executable, "-m", "generator", "-q", "generate", str(BENCH_SPEC), "-o", str(ours_dir), "--force"], cwd=ROOT, check=True
    )
    opc_dir = tmp / "client-opc"
    if exe is not None:
        opc_dir.mkdir()
        env = {**os.environ, "PATH": f"{exe.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        subprocess.run(
            [str(exe), "generate", "--path", str(BENCH_SPEC), "--output-path", str(opc_dir / "out")],
            cwd=opc_dir,
            env=env,
            capture_output=True,
            check=True,
        )

    def measure() -> dict[str, list[float]]:
        command = [sys.executable, str(CLIENT_BENCH), str(ours_dir), "1"] + ([str(opc_dir / "out")] if exe is not None else [])
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        found: dict[str, list[float]] = json.loads(done.stdout)
        return found

    # One fresh process per round; in it, ours, raw httpx + pydantic and openapi-python-client's client (which
    # needs only httpx and attrs) run interleaved, so a busy machine slows all of them alike.
    ours: dict[str, list[float]] = {}
    for _ in range(rounds):
        for key, values in measure().items():
            ours.setdefault(key, []).extend(values)
    rows = [
        Row("per call (in-process)", "ours vs raw httpx + pydantic", ours["call_ours"], ours["call_raw"], ratio_target=1.1, unit="us"),
        Row("10,000-item list parse", "ours vs TypeAdapter.validate_json", ours["list_ours"], ours["list_raw"], ratio_target=1.1),
    ]
    if "list_opc" in ours:
        rows.append(Row("10,000-item list parse", "ours vs openapi-python-client", ours["list_ours"], ours["list_opc"], ratio_target=1.0))
        rows.append(Row("per call (in-process)", "ours vs openapi-python-client", ours["call_ours"], ours["call_opc"], unit="us"))
    return rows


_IMPORT_SCRIPT = (
    "import sys, time\nsys.path.insert(0, sys.argv[1])\n"
    "t0 = time.perf_counter()\nimport httpx, pydantic\nt1 = time.perf_counter()\n"
    "__import__(sys.argv[2])\nt2 = time.perf_counter()\nprint(t1 - t0, t2 - t0)\n"
)


def import_rows(repeat: int) -> list[Row]:
    rows = []
    for folder in sorted(p for p in (ROOT / "generated").iterdir() if p.is_dir()):
        package = next((p.name for p in folder.iterdir() if (p / "__init__.py").exists()), None)
        if package is None:
            continue
        row = Row("import time", f"import {package} vs import httpx, pydantic")
        added = Row("import time, added", f"import {package} minus httpx + pydantic", absolute_target=0.1)
        for _ in range(repeat):
            done = subprocess.run([sys.executable, "-c", _IMPORT_SCRIPT, str(folder), package], capture_output=True, text=True, check=True)
            base, total = (float(v) for v in done.stdout.split())
            row.ours.append(total)
            row.reference.append(base)
            added.ours.append(total - base)
        rows += [row, added]
    return rows


def render(rows: list[Row]) -> str:
    table = [HEADER, *(r.cells() for r in rows)]
    lines = ["| " + " | ".join(table[0]) + " |", "|" + "|".join("---" for _ in HEADER) + "|"]
    lines += ["| " + " | ".join(cells) + " |" for cells in table[1:]]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="paired rounds per generation row (min/median/max over them)")
    parser.add_argument("--rounds", type=int, default=5, help="paired rounds for the client rows")
    parser.add_argument("--no-corpus", action="store_true", help="only our vendor specs for cold generation")
    parser.add_argument("--write", action="store_true", help=f"write the table to {RESULTS.relative_to(ROOT)}")
    parser.add_argument(
        "--only",
        action="append",
        choices=SECTIONS,
        help="measure only these sections (repeatable); a partial table is never written to the results file",
    )
    args = parser.parse_args()
    only = set(args.only or SECTIONS)
    if args.write and only != set(SECTIONS):
        parser.error("--write needs the whole table (drop --only)")
    exe = ensure_opc() if only & {"generation", "client"} else None
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-") as name:
        tmp = Path(name)
        rows: list[Row] = []
        if "generation" in only:
            rows += cold_rows(exe, args.repeat, not args.no_corpus, tmp)
            rows.append(all_vendors_row(args.repeat, tmp))
        if "noop" in only:
            rows.append(noop_row(args.repeat))
        if "client" in only:
            rows += client_rows(exe, args.rounds, tmp)
        if "import" in only:
            rows += import_rows(args.repeat)
    table = render(rows)
    load = os.getloadavg()
    context = (
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, load average "
        f"{load[0]:.1f} at the end, bench took {time.perf_counter() - started:.0f} s; "
        f"openapi-python-client {OPC_VERSION if exe else '(not installed)'}"
    )
    print(table)
    print(f"\n{context}")
    if args.write:
        RESULTS.write_text(
            "# `make bench` results\n\nWritten by `make bench BENCH_WRITE=1` (bench/run.py); never edited by hand. "
            "Ratio = ours / reference (below 1: we are faster).\n\n" + table + f"\n\n{context}\n"
        )
        print(f"written to {RESULTS.relative_to(ROOT)}")
        if _write_readme_block(table, context):
            print(f"and to the Measured section of {README.relative_to(ROOT)}")
    return 0


README = ROOT / "README.md"
_BLOCK_START = "<!-- bench:start (written by make bench BENCH_WRITE=1; do not edit) -->"
_BLOCK_END = "<!-- bench:end -->"


def _write_readme_block(table: str, context: str) -> bool:
    """The same table between the README's bench markers, so its Measured section is this run's output."""
    text = README.read_text(encoding="utf-8")
    start, end = text.find(_BLOCK_START), text.find(_BLOCK_END)
    if start < 0 or end < start:
        return False
    block = f"{_BLOCK_START}\n{table}\n\n{context}\n{_BLOCK_END}"
    README.write_text(text[:start] + block + text[end + len(_BLOCK_END) :], encoding="utf-8")
    return True


if __name__ == "__main__":
    sys.exit(main())
