"""`make dist` and `make publish`: reproducible wheels and sdists of generated/*, uploaded with twine.

Reproducible means byte-identical: every archive timestamp is SOURCE_DATE_EPOCH (fixed, so a clean clone
builds the same bytes as CI did), and dist builds each package twice and refuses to ship if the two
differ. Publishing refuses a package whose generated code is stale against its spec, and skips versions
the index already has (an index never accepts the same file twice, and a new build of an old version is
a different file).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import httpx

from .diagnostics import SpecError

__all__ = ["IndexUnreachable", "Package", "build_package", "dist_main", "find_packages", "index_files", "publish_main", "split_credentials"]

#: 1980-01-01T00:00:00Z, the earliest time a zip archive (wheel) can record
DEFAULT_EPOCH = "315532800"
UpToDate = Callable[[str], bool]


@dataclass(frozen=True)
class Package:
    """One generated distribution: generated/<vendor>/ with its pyproject name and version."""

    vendor: str
    path: Path
    name: str
    version: str

    @property
    def file_prefix(self) -> str:
        """Wheel and sdist file names start with this (PEP 427 / PEP 625 name normalization)."""
        return f"{re.sub(r'[-_.]+', '_', self.name).lower()}-{self.version}"

    @property
    def project(self) -> str:
        """PEP 503 normalized name, as used in the index's simple URL."""
        return re.sub(r"[-_.]+", "-", self.name).lower()

    def artifacts(self, folder: Path) -> list[Path]:
        return sorted(p for p in folder.glob(f"{self.file_prefix}*") if p.name.endswith((".whl", ".tar.gz")))


def find_packages(generated: Path, vendors: list[str] | None = None) -> list[Package]:
    packages = []
    for pyproject in sorted(generated.glob("*/pyproject.toml")):
        vendor = pyproject.parent.name
        if vendors and vendor not in vendors:
            continue
        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
        packages.append(Package(vendor, pyproject.parent, str(project.get("name", vendor)), str(project.get("version", "0"))))
    return packages


def unknown_vendors(generated: Path, vendors: list[str]) -> str | None:
    """A message naming the vendors asked for that have no package, or None."""
    known = sorted(p.parent.name for p in generated.glob("*/pyproject.toml"))
    unknown = [v for v in vendors if v not in known]
    if not unknown:
        return None
    return f"unknown vendor(s) {', '.join(unknown)} (packages under {generated}/: {', '.join(known) or 'none'})"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _build_once(package: Package, out: Path, epoch: str) -> dict[str, str]:
    """file name -> sha256 of one `python -m build` (sdist, then the wheel built from that sdist)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    command = [sys.executable, "-m", "build", "--no-isolation", "--sdist", "--wheel", "--outdir", str(out), str(package.path)]
    proc = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"build of {package.path} failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    return {p.name: _sha256(p) for p in package.artifacts(out)}


def build_package(package: Package, dist: Path, epoch: str = DEFAULT_EPOCH) -> dict[str, str]:
    """Build twice in scratch folders, require identical bytes, then copy the files into `dist`."""
    with tempfile.TemporaryDirectory(prefix="dist-") as tmp:
        first, second = Path(tmp, "1"), Path(tmp, "2")
        hashes = _build_once(package, first, epoch)
        again = _build_once(package, second, epoch)
        if not hashes or hashes != again:
            differ = sorted(n for n in hashes.keys() | again.keys() if hashes.get(n) != again.get(n)) or ["(no files built)"]
            raise RuntimeError(f"{package.name} {package.version} is not reproducible: {', '.join(differ)} differ between two builds")
        dist.mkdir(parents=True, exist_ok=True)
        for name in hashes:
            shutil.copy2(first / name, dist / name)
    return hashes


def dist_main(argv: list[str]) -> int:
    """Exit 1 when a package fails to build, builds differently twice, or fails `twine check`."""
    parser = argparse.ArgumentParser(
        prog="python -m generator dist", description="Build wheel + sdist for every generated package, reproducibly."
    )
    parser.add_argument("vendors", nargs="*", help="only these vendors (default: every generated/*/)")
    parser.add_argument("--generated", type=Path, default=Path("generated"))
    parser.add_argument("--out", type=Path, default=Path("dist"))
    args = parser.parse_args(argv)
    unknown = unknown_vendors(args.generated, args.vendors)
    if unknown:
        print(f"dist: {unknown}", file=sys.stderr)
        return 2
    packages = find_packages(args.generated, args.vendors)
    if not packages:
        print(f"dist: no packages under {args.generated}/*/pyproject.toml (run make generate)", file=sys.stderr)
        return 1
    epoch = os.environ.get("SOURCE_DATE_EPOCH", DEFAULT_EPOCH)
    failed = False
    for package in packages:
        try:
            hashes = build_package(package, args.out, epoch)
        except RuntimeError as exc:
            print(f"dist: {exc}", file=sys.stderr)
            failed = True
            continue
        for name, digest in sorted(hashes.items()):
            print(f"{args.out / name}  sha256={digest}")
        failed |= not _twine_check([args.out / name for name in sorted(hashes)])
    if not failed:
        print(f"dist: {len(packages)} package(s) built twice with identical bytes (SOURCE_DATE_EPOCH={epoch})")
    return 1 if failed else 0


def _twine_check(files: list[Path]) -> bool:
    proc = subprocess.run([sys.executable, "-m", "twine", "check", *map(str, files)], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        print(f"dist: twine check failed:\n{proc.stdout}{proc.stderr}", file=sys.stderr)
    return proc.returncode == 0


class IndexUnreachable(Exception):
    """No connection to the index at all (DNS, refused, timeout): not a twine configuration problem."""


def split_credentials(url: str) -> tuple[str, tuple[str, str] | None]:
    """`https://user:pw@host/x` -> (`https://host/x`, (user, pw)); other URLs unchanged, None."""
    parsed = httpx.URL(url)
    if not parsed.userinfo:
        return url, None
    user, _, password = parsed.userinfo.decode("utf-8", "replace").partition(":")
    return str(parsed.copy_with(userinfo=b"")), (unquote(user), unquote(password))


def index_files(simple_url: str, project: str, auth: tuple[str, str] | None = None) -> set[str] | None:
    """File names the index already has for `project` (PEP 503 simple page); None when it cannot say.

    Raises IndexUnreachable when no connection could be made at all."""
    url = f"{simple_url.rstrip('/')}/{project}/"
    try:
        response = httpx.get(url, auth=auth, follow_redirects=True, timeout=30)
    except (httpx.ConnectError, httpx.TimeoutException) as exc:
        raise IndexUnreachable(f"{httpx.URL(url).host}: {type(exc).__name__}") from None
    except httpx.HTTPError:
        return None
    if response.status_code == 404:
        return set()
    if response.status_code != 200:
        return None
    return {name.strip() for name in re.findall(r"<a\b[^>]*>([^<]+)</a>", response.text)}


def default_up_to_date(vendor: str) -> bool:
    """generator.check.is_up_to_date when the lead's module exists, else the pipeline's own check."""
    try:
        return bool(importlib.import_module("generator.check").is_up_to_date(vendor))
    except (ImportError, AttributeError):
        pipeline = importlib.import_module("generator.pipeline")
        root: Path = pipeline.ROOT
        try:
            ok, _diagnostics, _differing = pipeline.check(root / "specs" / vendor / "openapi.yaml", root / "generated" / vendor, vendor)
        except SpecError:
            return False
        return bool(ok)


def publish_main(argv: list[str], *, is_up_to_date: UpToDate | None = None) -> int:
    """Exit 0 when every package was uploaded or already there; 1 when one was refused or failed; 2 on bad input."""
    parser = argparse.ArgumentParser(prog="python -m generator publish", description="Upload dist/ to a package index with twine.")
    parser.add_argument("vendors", nargs="*", help="only these vendors (default: every generated/*/)")
    parser.add_argument("--index-url", default=os.environ.get("INDEX_URL"), help="upload URL (default: $INDEX_URL)")
    parser.add_argument(
        "--simple-url", default=os.environ.get("INDEX_SIMPLE_URL"), help="PEP 503 simple index (default: <index-url>/simple/)"
    )
    parser.add_argument("--generated", type=Path, default=Path("generated"))
    parser.add_argument("--dist", type=Path, default=Path("dist"))
    args = parser.parse_args(argv)
    if not args.index_url:
        print("publish: set INDEX_URL (or pass --index-url): the upload URL of your package index", file=sys.stderr)
        return 2
    unknown = unknown_vendors(args.generated, args.vendors)
    if unknown:
        print(f"publish: {unknown}", file=sys.stderr)
        return 2
    packages = find_packages(args.generated, args.vendors)
    if not packages:
        print(f"publish: no packages under {args.generated}/*/pyproject.toml", file=sys.stderr)
        return 2
    user, password = os.environ.get("INDEX_USER"), os.environ.get("INDEX_PASSWORD")
    # A password written into INDEX_URL (https://user:pw@host/) is moved into the credentials: never printed,
    # never on a command line.
    index_url, url_auth = split_credentials(args.index_url)
    simple_url, simple_auth = split_credentials(args.simple_url or f"{args.index_url.rstrip('/')}/simple/")
    auth = (user, password or "") if user else url_auth or simple_auth
    uploader = _Uploader(index_url, simple_url, auth)
    check = is_up_to_date or default_up_to_date
    results = [uploader.publish(package, args.dist, check) for package in packages]
    return 0 if all(results) else 1


@dataclass
class _Uploader:
    index_url: str
    simple_url: str
    auth: tuple[str, str] | None

    def publish(self, package: Package, dist: Path, is_up_to_date: UpToDate) -> bool:
        label = f"{package.name} {package.version}"
        if not is_up_to_date(package.vendor):
            print(
                f"publish: refused {label}: generated/{package.vendor}/ is out of date with specs/{package.vendor}/ (run make generate, commit, make dist)"
            )
            return False
        files = package.artifacts(dist)
        if not files:
            print(f"publish: no {package.file_prefix}* wheel or sdist in {dist}/ (run make dist)")
            return False
        try:
            present = index_files(self.simple_url, package.project, self.auth)
        except IndexUnreachable as exc:
            print(f"publish: the package index is unreachable ({exc}); check INDEX_URL and the network", file=sys.stderr)
            return False
        if present is not None:
            missing = [f for f in files if f.name not in present]
            if not missing:
                print(f"publish: skipped {label}: already on {self.index_url} (bump x-codegen.version to publish a change)")
                return True
            files = missing
        else:
            print(f"publish: could not read {self.simple_url}; letting twine skip files the index already has")
        return self._upload(label, files, skip_existing=present is None)

    def _upload(self, label: str, files: list[Path], *, skip_existing: bool) -> bool:
        env = {**os.environ}
        if self.auth:
            env["TWINE_USERNAME"], env["TWINE_PASSWORD"] = self.auth
        command = [
            sys.executable,
            "-m",
            "twine",
            "upload",
            "--non-interactive",
            "--disable-progress-bar",
            "--repository-url",
            self.index_url,
        ]
        command += ["--skip-existing"] if skip_existing else []
        proc = subprocess.run([*command, *map(str, files)], env=env, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            hint = "" if self.auth else " (no INDEX_USER set: twine found no credentials; an index without auth still wants some)"
            output = f"{proc.stdout}{proc.stderr}"
            for secret in (self.auth[1] if self.auth else "", os.environ.get("INDEX_PASSWORD") or ""):
                output = output.replace(secret, "<redacted>") if len(secret) >= 4 else output
            print(f"publish: upload of {label} failed{hint}:\n{output}", file=sys.stderr)
            return False
        print(f"publish: uploaded {label} to {self.index_url}: {', '.join(f.name for f in files)}")
        return True
