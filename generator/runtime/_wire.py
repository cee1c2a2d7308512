"""Field types that give back exactly what the vendor sent (see docs/runtime.md, "Tolerant, lossless parsing").

The generated models use these where a plain pydantic type would rewrite the wire value on a round trip:

- `Number` (`type: number`): `StrictInt | StrictFloat`, so `22` stays an int and `22.5` a float; a numeric
  string is not silently turned into a number (the tolerant parser reports it and keeps the string).
- `FlexNumber` (`x-number-as-string`): the vendor sends a number or a numeric string; the value is a number
  either way and a string comes back out as the same string.
- `Money` / `MoneyString` (`x-money: true` on a number / string property): `Decimal` in python, accepts
  `Decimal`, int, float and numeric strings from the caller; what came from the wire goes back unchanged,
  a caller's `Decimal` goes out as a JSON number (`Money`) or a string (`MoneyString`).
- `DateTime` (`format: date-time`): a `datetime`; a timestamp written in another form than pydantic's own
  (`"2024-08-13 12:01:14"`, `+00:00`, milliseconds) is kept and written back in that form.

The python value of a kept wire form is a subclass (`WireDatetime`, `WireDecimal`, `WireFloat`,
`WireInt`) with a `wire` attribute; it is a `datetime`, `Decimal`, `float`, `int` for every other purpose.
Only JSON dumps (`mode="json"`, `model_dump_json`) write the kept form; python dumps return the values.
"""

from __future__ import annotations

import datetime as _dt
import math
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import PlainValidator, StrictFloat, StrictInt, TypeAdapter, WrapSerializer
from pydantic_core import core_schema

__all__ = [
    "DateTime",
    "FlexNumber",
    "Money",
    "MoneyString",
    "Number",
    "WireDatetime",
    "WireDecimal",
    "WireFloat",
    "WireInt",
    "encode_money",
]

Number = StrictInt | StrictFloat


class WireDatetime(_dt.datetime):
    """A datetime that remembers the text it was read from."""

    # A slot, not a per-instance __dict__: a long list of timestamps is made faster, smaller, and with
    # one object fewer each for the garbage collector to track.
    __slots__ = ("wire",)
    wire: str


class WireDecimal(Decimal):
    """A Decimal that remembers the JSON value (number or string) it was read from."""

    __slots__ = ("wire",)
    wire: int | float | str


class WireFloat(float):
    """A float read from a numeric string."""

    __slots__ = ("wire",)
    wire: str


class WireInt(int):
    """An int read from a numeric string."""

    wire: str


def _dump_wire(value: Any, handler: core_schema.SerializerFunctionWrapHandler) -> Any:
    wire = getattr(value, "wire", None)
    return wire if wire is not None else handler(value)


_datetime = TypeAdapter(_dt.datetime)
_fromiso = _dt.datetime.fromisoformat


def _parse_datetime(value: Any) -> Any:
    if type(value) is str:
        # A timestamp pydantic writes back character for character (`...T12:01:14Z`, `...T12:01:14`,
        # `...T12:01:14+02:00`) stays a plain datetime, with no copy. Checked inline: this runs for every
        # timestamp of every body. The separators rule out the other forms of the same length that
        # fromisoformat reads (`2024-W33-2T...`, `...T120114.1`), which pydantic would write another way.
        n = len(value)
        if (
            n >= 19
            and value[10] == "T"
            and value[7] == "-"
            and value[13] == ":"
            and value[16] == ":"
            and (
                n == 19
                or (n == 20 and value[19] == "Z")
                or (n == 25 and value[22] == ":" and value[19] in "+-" and value[20:] != "00:00")
            )
        ):
            try:
                return _fromiso(value)
            except ValueError:
                return _datetime.validate_python(value)
        try:
            kept = WireDatetime.fromisoformat(value)
        except ValueError:
            parsed = _datetime.validate_python(value)  # pydantic's own forms; raises for "0000-00-00"
            kept = WireDatetime(
                parsed.year,
                parsed.month,
                parsed.day,
                parsed.hour,
                parsed.minute,
                parsed.second,
                parsed.microsecond,
                parsed.tzinfo,
            )
        kept.wire = value
        return kept
    if isinstance(value, _dt.datetime):
        return value
    return _datetime.validate_python(value, strict=True)


DateTime = Annotated[
    _dt.datetime,
    PlainValidator(_parse_datetime, json_schema_input_type=str),
    WrapSerializer(_dump_wire, when_used="json"),
]


def _number_from_text(text: str) -> WireInt | WireFloat:
    stripped = text.strip()
    kept: WireInt | WireFloat
    try:
        # a fraction or an exponent is never an int: no int() attempt that would only fail
        kept = (
            _finite_float(stripped, text)
            if "." in stripped or "e" in stripped or "E" in stripped
            else WireInt(stripped)
        )
    except ValueError:
        kept = _finite_float(stripped, text)  # ValueError again for "", "abc"
    kept.wire = text
    return kept


def _finite_float(stripped: str, text: str) -> WireFloat:
    number = float(stripped)
    if not math.isfinite(number):
        raise ValueError(f"not a finite number: {text!r}")
    return WireFloat(number)


def _parse_flex_number(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("a boolean is not a number")
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        return _number_from_text(value)
    raise ValueError(f"expected a number or a numeric string, got {type(value).__name__}")


FlexNumber = Annotated[
    int | float,
    PlainValidator(_parse_flex_number, json_schema_input_type=int | float | str),
    WrapSerializer(_dump_wire, when_used="json"),
]


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError("a boolean is not an amount")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("an amount must be finite")
        return value
    if isinstance(value, (int, float, str)):
        try:
            kept = WireDecimal(repr(value) if isinstance(value, float) else str(value).strip())
        except InvalidOperation:
            raise ValueError(f"not an amount: {value!r}") from None
        if not kept.is_finite():
            raise ValueError(f"an amount must be finite: {value!r}")
        kept.wire = value
        return kept
    raise ValueError(f"expected an amount (Decimal, int, float or numeric string), got {type(value).__name__}")


def encode_money(value: Any, kind: str) -> Any:
    """A caller's amount for the wire: a `Decimal` as a JSON number (`kind="number"`: int when it has no
    fraction digits) or as its string (`kind="string"`); values read from the wire go back as they came;
    anything else (NOT_GIVEN, None, int, float, str) passes through."""
    wire = getattr(value, "wire", None)
    if wire is not None:
        return wire
    if not isinstance(value, Decimal):
        return value
    if kind == "string":
        return str(value)
    exponent = value.as_tuple().exponent
    return int(value) if isinstance(exponent, int) and exponent >= 0 else float(value)


def _dump_money(kind: str) -> Any:
    def dump(value: Any, handler: core_schema.SerializerFunctionWrapHandler) -> Any:
        return encode_money(value, kind)

    return dump


Money = Annotated[
    Decimal,
    PlainValidator(_decimal, json_schema_input_type=int | float | str),
    WrapSerializer(_dump_money("number"), when_used="json"),
]
MoneyString = Annotated[
    Decimal,
    PlainValidator(_decimal, json_schema_input_type=str | int | float),
    WrapSerializer(_dump_money("string"), when_used="json"),
]
