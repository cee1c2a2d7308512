"""End to end: `dist` builds reproducibly, `publish` uploads to a real pypiserver, a fresh venv installs it,
and the installed client makes a real call.

The index runs on 127.0.0.1 with a free port in a temp folder and is stopped by the fixture's finalizer.
Uploads are password-protected: an htpasswd file written with passlib (which pypiserver needs to read it;
pinned in requirements.lock), `-a update`, so publishing without the password fails and reading is open.
The packages are the real generated/*/ ones when present, else a minimal hatchling package made here.
Their dependencies (httpx, pydantic, ...) are fetched with `pip download` through the machine's own pip
configuration and dropped into the index folder, so the fresh venv installs from our index alone.
With the real packages, the fresh venv then runs the installed Gestix client against the Gestix mock
(`running_mock("gestix")`, started in this process and stopped on exit): session login and `GET /status`
over a real socket, from code that was built, uploaded and pip-installed, not imported from generated/.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from passlib.apache import HtpasswdFile

from generator.mock import running_mock
from generator.publish import Package, dist_main, find_packages, publish_main

# Builds every wheel, runs a package index and installs into a fresh venv: minutes on a loaded machine, so
# its own timeout replaces the suite default (120 s); a hang still fails instead of blocking the run.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("publish-e2e"), pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]
USER, PASSWORD = "uploader", "s3cret-for-tests"
# what the Gestix mock answers to GET /status (tests/recordings/gestix/getStatus.yaml)
GESTIX_STATUS = "ready - login: joao.silva, company: Exemplo Comércio Lda"


@dataclass(frozen=True)
class Index:
    url: str
    folder: Path

    @property
    def simple(self) -> str:
        return f"{self.url}simple/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_up(proc: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"pypiserver exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{url}health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    pytest.fail(f"pypiserver did not answer within 30 s:\n{log.read_text(errors='replace')}")


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    root = tmp_path_factory.mktemp("index")
    folder = root / "packages"
    folder.mkdir()
    htpasswd = HtpasswdFile(str(root / "htpasswd"), new=True)
    htpasswd.set_password(USER, PASSWORD)
    htpasswd.save()
    access = ["-a", "update", "-P", str(root / "htpasswd")]  # uploads need the password; reading stays open
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    log = root / "server.log"
    command = [sys.executable, "-m", "pypiserver", "run", "-p", str(port), "-i", "127.0.0.1", "--disable-fallback", *access, str(folder)]
    with log.open("wb") as sink:
        proc = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    try:
        _wait_until_up(proc, url, log)
        yield Index(url, folder)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _tiny_package(root: Path) -> Path:
    """A minimal hatchling package shaped like a generated one (used when generated/ has none yet)."""
    package = root / "generated" / "tiny"
    (package / "tiny_client").mkdir(parents=True)
    (package / "tiny_client" / "__init__.py").write_text("class Tiny:\n    answer = 42\n", encoding="utf-8")
    (package / "README.md").write_text("# tiny-client\n\nA stand-in for a generated client.\n", encoding="utf-8")
    (package / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["hatchling>=1.25"]\nbuild-backend = "hatchling.build"\n\n'
        '[project]\nname = "tiny-client"\nversion = "0.1.0"\nreadme = "README.md"\ndependencies = ["httpx>=0.27,<1"]\n\n'
        '[tool.hatch.build.targets.wheel]\npackages = ["tiny_client"]\n',
        encoding="utf-8",
    )
    return package.parent


def _import_name(package_dir: Path) -> str:
    config = tomllib.loads((package_dir / "pyproject.toml").read_text(encoding="utf-8"))
    name: str = config["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"][0]
    return name


def _clean_pip_env(tmp: Path) -> dict[str, str]:
    """No pip configuration of this machine: the fresh venv sees our index and nothing else."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "VIRTUAL_ENV", "PYTHON"))}
    return {**env, "PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_CACHE_DIR": str(tmp / "pip-cache")}


def _run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload]
    assert proc.returncode == 0, f"{' '.join(command)} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc  # type: ignore[no-any-return]


def _publish(
    env: pytest.MonkeyPatch, index: Index, generated: Path, dist: Path, password: str | None = PASSWORD, up_to_date: bool = True
) -> int:
    """`publish` as `make publish` runs it; `password=None` publishes with no credentials at all."""
    if password is None:
        env.delenv("INDEX_USER", raising=False)
        env.delenv("INDEX_PASSWORD", raising=False)
    else:
        env.setenv("INDEX_USER", USER)
        env.setenv("INDEX_PASSWORD", password)
    argv = ["--index-url", index.url, "--generated", str(generated), "--dist", str(dist)]
    return publish_main(argv, is_up_to_date=lambda vendor: up_to_date)


def test_dist_publish_install(index: Index, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    generated = ROOT / "generated" if find_packages(ROOT / "generated") else _tiny_package(tmp_path)
    packages = find_packages(generated)
    dist = tmp_path / "dist"

    assert dist_main(["--generated", str(generated), "--out", str(dist)]) == 0
    assert "built twice with identical bytes" in capsys.readouterr().out

    assert _publish(monkeypatch, index, generated, dist, up_to_date=False) == 1
    assert "refused" in capsys.readouterr().out
    assert _publish(monkeypatch, index, generated, dist, password="wrong") == 1
    assert "failed" in capsys.readouterr().err
    assert _publish(monkeypatch, index, generated, dist, password=None) == 1
    assert "no INDEX_USER set" in capsys.readouterr().err
    assert not any(index.folder.iterdir()), "the index accepted an upload without the password"
    assert _publish(monkeypatch, index, generated, dist) == 0
    assert capsys.readouterr().out.count("uploaded") == len(packages)
    assert _publish(monkeypatch, index, generated, dist) == 0
    assert capsys.readouterr().out.count("skipped") == len(packages)

    wheels = [w for p in packages for w in p.artifacts(dist) if w.suffix == ".whl"]
    deps = tmp_path / "deps"
    _run([sys.executable, "-m", "pip", "download", "--quiet", "--dest", str(deps), *map(str, wheels)])
    for wheel in deps.iterdir():
        if not (index.folder / wheel.name).exists():
            shutil.copy(wheel, index.folder / wheel.name)

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    python = str(venv / "bin" / "python")
    env = _clean_pip_env(tmp_path)
    names = [p.name for p in packages]
    _run([python, "-m", "pip", "install", "--quiet", "--index-url", index.simple, *names], env=env)
    failures: list[str] = []
    for package in packages:
        command = [python, "-c", f"import {_import_name(package.path)}, importlib.metadata as m; print(m.version({package.name!r}))"]
        proc = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
        if proc.returncode != 0 or proc.stdout.strip() != package.version:
            failures.append(f"{package.name}: {(proc.stderr.strip().splitlines() or [proc.stdout.strip()])[-1]}")
    assert not failures, "installed but not importable (or wrong version):\n" + "\n".join(failures)

    gestix = next((p for p in packages if p.vendor == "gestix"), None)
    if gestix is not None:  # the real packages (the tiny stand-in has no client to call)
        _call_installed_gestix(python, env, tmp_path, gestix)


# run by the fresh venv's python: the installed client, the mock's URL as argv[1]
_GESTIX_CALL = """
import json, sys
import gestix_client
from gestix_client import Gestix

with Gestix(account="x", api_token="t", base_url=sys.argv[1], max_retries=0) as gx:
    status = gx.system.status()
print(json.dumps({"module": gestix_client.__file__, "version": gestix_client.__version__, "status": status.status,
                  "server_time": status.server_time.isoformat(), "called": status.versions.called_api_version}))
"""


def _call_installed_gestix(python: str, env: dict[str, str], tmp_path: Path, package: Package) -> None:
    """The installed Gestix client logs in to the mock (session token) and reads GET /status."""
    script = tmp_path / "call_gestix.py"
    script.write_text(_GESTIX_CALL, encoding="utf-8")
    with running_mock("gestix") as base_url:
        proc = subprocess.run(
            [python, str(script), base_url], capture_output=True, text=True, check=False, env=env, cwd=tmp_path, timeout=60
        )
    assert proc.returncode == 0, f"the installed gestix client failed against the mock:\n{proc.stdout}\n{proc.stderr}"
    answer = json.loads(proc.stdout.strip().splitlines()[-1])
    assert Path(answer["module"]).is_relative_to(tmp_path / "venv"), f"imported from outside the fresh venv: {answer['module']}"
    assert answer["version"] == package.version
    assert answer["status"] == GESTIX_STATUS
    assert (answer["server_time"], answer["called"]) == ("2024-11-15T10:30:00+00:00", "v4.0.0")


def test_upload_without_credentials_is_rejected(index: Index, tmp_path: Path) -> None:
    wheel = tmp_path / "nobody-0.0.1-py3-none-any.whl"
    wheel.write_bytes(b"not really a wheel")
    response = httpx.post(
        index.url,
        data={":action": "file_upload", "name": "nobody", "version": "0.0.1"},
        files={"content": (wheel.name, wheel.read_bytes())},
    )
    assert response.status_code in (401, 403)
