"""`make bench`: generation time per spec, ours and openapi-python-client's, measured side by side.

openapi-python-client is installed on first use into its own virtualenv (.bench/venv): its pins (httpx,
ruff, pydantic) must not move ours. Each tool runs the same spec `--repeat` times in this one run; the
table prints the median wall time of each and their ratio. Nothing here is an expected figure.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
OPC_VENV = ROOT / ".bench" / "venv"
OPC_VERSION = "0.29.1"
CORPUS_SAMPLE = ("petstore.yaml", "swagger-petstore3.yaml", "stapi-star-trek.json", "openai.yaml")


def ensure_opc() -> Path | None:
    exe = OPC_VENV / "bin" / "openapi-python-client"
    if exe.exists():
        return exe
    print(f"installing openapi-python-client {OPC_VERSION} into {OPC_VENV} (first run only)", flush=True)
    venv.EnvBuilder(with_pip=True).create(OPC_VENV)
    result = subprocess.run([str(OPC_VENV / "bin" / "pip"), "install", "-q", f"openapi-python-client=={OPC_VERSION}"], check=False)
    return exe if result.returncode == 0 and exe.exists() else None


def time_ours(spec: Path) -> tuple[float, bool]:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "generator", "generate", str(spec), "-o", f"{tmp}/out", "--force"],
            cwd=ROOT,
            capture_output=True,
            check=False,
        )
        return time.perf_counter() - start, result.returncode == 0


def time_opc(exe: Path, spec: Path) -> tuple[float, bool]:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        result = subprocess.run(
            [str(exe), "generate", "--path", str(spec), "--output-path", f"{tmp}/out", "--overwrite"],
            cwd=tmp,
            capture_output=True,
            check=False,
        )
        return time.perf_counter() - start, result.returncode == 0 and Path(tmp, "out").is_dir()


def specs(include_corpus: bool) -> list[Path]:
    found = sorted(ROOT.glob("specs/*/openapi.yaml"))
    if include_corpus and (SHARED / "corpus" / "specs").is_dir():
        found += [SHARED / "corpus" / "specs" / name for name in CORPUS_SAMPLE if (SHARED / "corpus" / "specs" / name).exists()]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool and spec (median reported)")
    parser.add_argument("--no-corpus", action="store_true", help="only our vendor specs")
    args = parser.parse_args()
    exe = ensure_opc()
    print(f"{'spec':<34} {'ours (s)':>9} {'opc (s)':>9} {'opc/ours':>9}  notes")
    for spec in specs(not args.no_corpus):
        ours = [time_ours(spec) for _ in range(args.repeat)]
        theirs = [time_opc(exe, spec) for _ in range(args.repeat)] if exe else []
        ours_t = statistics.median(t for t, _ in ours)
        notes = [] if all(ok for _, ok in ours) else ["ours FAILED"]
        if theirs:
            theirs_t = statistics.median(t for t, _ in theirs)
            if not all(ok for _, ok in theirs):
                notes.append("opc failed (time is to its error)")
            ratio = f"{theirs_t / ours_t:9.2f}"
            opc_col = f"{theirs_t:9.2f}"
        else:
            opc_col, ratio = f"{'n/a':>9}", f"{'n/a':>9}"
            notes.append("openapi-python-client not installed")
        label = spec.parent.name if spec.name == "openapi.yaml" else spec.name
        print(f"{label:<34} {ours_t:9.2f} {opc_col} {ratio}  {'; '.join(notes)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
