"""10,000-item list parse: our client's path (`validate_answer`) against pydantic `TypeAdapter(list[Model]).validate_json`
on the same generated model, and against the model as it was generated before the lossless types (plain `float`,
`int`, `datetime`). Run: `.venv/bin/python bench/parse.py` (prints min-of-7 seconds and ratios; nothing is written)."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import httpx
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from generator.runtime import DateTime, Number, WireModel
from generator.runtime._response import MISSING, validate_answer


def _models(number: Any, integer: Any, stamp: Any, base: type[BaseModel]) -> type[BaseModel]:
    class Price(base):  # type: ignore[valid-type,misc]
        model_config = ConfigDict(extra="allow", populate_by_name=True)
        amount: number | None = None
        currency: str | None = None

    class Product(base):  # type: ignore[valid-type,misc]
        model_config = ConfigDict(extra="allow", populate_by_name=True)
        id: integer
        name: str
        sku: str | None = None
        stock_count: Annotated[number | None, Field(alias="stockCount")] = None
        weight: number | None = None
        quantity: integer | None = None
        created_at: Annotated[stamp | None, Field(alias="createdAt")] = None
        updated_at: Annotated[stamp | None, Field(alias="updatedAt")] = None
        tags: list[str] | None = None
        price: Price | None = None

    return Product


def _best(run: Callable[[], object], repeat: int = 7) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    from pydantic import StrictInt

    items = [
        {
            "id": n,
            "name": f"P{n}",
            "sku": f"S{n}",
            "stockCount": 22,
            "weight": 0.25,
            "quantity": 3,
            "createdAt": "2024-08-13T12:01:14Z",
            "updatedAt": "2024-08-13T12:01:14+02:00",
            "tags": ["a", "b"],
            "price": {"amount": 83.16, "currency": "EUR"},
        }
        for n in range(10_000)
    ]
    content = json.dumps(items).encode()
    response = httpx.Response(200, content=content, request=httpx.Request("GET", "https://bench.example/products"))
    before = _models(float, int, dt.datetime, BaseModel)
    after = _models(Number, StrictInt, DateTime, WireModel)
    adapter_before = TypeAdapter(list[before])
    t_before = _best(lambda: adapter_before.validate_json(content))
    t_old_client = _best(lambda: adapter_before.validate_python(json.loads(content)))
    adapter_after = TypeAdapter(list[after])
    t_after_pydantic = _best(lambda: adapter_after.validate_json(content))
    t_client = _best(lambda: validate_answer(list[after], MISSING, response, content=content))
    messy = content.replace(b"2024-08-13T12:01:14Z", b"2024-08-13 12:01:14")
    t_messy = _best(lambda: adapter_after.validate_json(messy))
    drifted = content.replace(b'"weight": 0.25', b'"weight": "0.25"')
    t_tolerant = _best(
        lambda: validate_answer(list[after], MISSING, httpx.Response(200, content=drifted, request=response.request), content=drifted), 3
    )
    print(f"validate_json, models before the lossless types: {t_before:.4f}s")
    print(f"old client path (json.loads + validate_python, plain models): {t_old_client:.4f}s  ({t_old_client / t_before:.2f}x)")
    print(f"validate_json, lossless models:                  {t_after_pydantic:.4f}s  ({t_after_pydantic / t_before:.2f}x before)")
    print(
        f"client path (validate_answer), lossless models:  {t_client:.4f}s  ({t_client / t_after_pydantic:.2f}x validate_json same model, {t_client / t_before:.2f}x before)"
    )
    print(f"timestamps with a space (kept as sent):          {t_messy:.4f}s  ({t_messy / t_before:.2f}x before)")
    print(f"every item off-spec (tolerant walk):             {t_tolerant:.4f}s  ({t_tolerant / t_before:.2f}x before)")


if __name__ == "__main__":
    main()
