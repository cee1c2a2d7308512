"""One worker process of the multi-process test: Gestix creates and Xentral lists through the generated
clients, sharing one Redis with the other workers. Prints one JSON line with what it saw.

Usage: python -m tests.coordination.worker '<json settings>'
"""

from __future__ import annotations

import json
import sys
import threading
import time
from typing import Any

from gestix_client import Gestix, GestixError
from gestix_client import RateLimit as GestixRateLimit
from xentral_client import RateLimit as XentralRateLimit
from xentral_client import Xentral, XentralError

from .support import ACCOUNT, API_TOKEN


def gestix_creates(settings: dict[str, Any], out: dict[str, Any]) -> None:
    gx = Gestix(
        account=ACCOUNT,
        api_token=API_TOKEN,
        base_url=settings["gestix_url"],
        coordination=settings["redis_url"],
        rate_limit=GestixRateLimit(requests=settings["gestix_limit"], period=settings["period"]),
        max_retries=0,
    )
    errors: list[str] = []
    ok = 0
    for _ in range(settings["creates"]):
        try:
            if gx.customers.create(name="Exemplo Comércio Lda").id == 42:
                ok += 1
        except GestixError as exc:
            errors.append(str(exc)[:200])
    out["gestix_ok"], out["gestix_errors"] = ok, errors


def xentral_lists(settings: dict[str, Any], out: dict[str, Any]) -> None:
    xe = Xentral(
        xentral_id="acme",
        token="coordination-test-xentral-token",
        base_url=settings["xentral_url"],
        coordination=settings["redis_url"],
        rate_limit=XentralRateLimit(requests=settings["xentral_limit"], period=settings["period"]),
        max_retries=0,
    )
    errors: list[str] = []
    ok = 0
    for _ in range(settings["lists"]):
        try:
            xe.customers.list().first_page()
            ok += 1
        except XentralError as exc:
            errors.append(str(exc)[:200])
    out["xentral_ok"], out["xentral_errors"] = ok, errors


def main() -> None:
    settings = json.loads(sys.argv[1])
    out: dict[str, Any] = {}
    started = time.monotonic()
    threads = [threading.Thread(target=fn, args=(settings, out)) for fn in (gestix_creates, xentral_lists)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out["seconds"] = round(time.monotonic() - started, 2)
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
