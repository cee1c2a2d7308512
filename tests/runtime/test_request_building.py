"""What goes on the wire: parameters by style, bodies by content type, headers, and what comes back."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from enum import Enum
from typing import Any

import httpx
import pytest

from generator.runtime import (
    NOT_GIVEN,
    APIResponseValidationError,
    Created,
    NotGiven,
    OperationSpec,
    ParamSpec,
    RequestOptions,
)

from .fakes import CREATE_CUSTOMER, CREATE_IDEMPOTENT, GET_CUSTOMER, Customer, Script, json_response


class Status(Enum):
    OPEN = "open"


def test_not_given_is_a_falsy_singleton() -> None:
    assert not NOT_GIVEN
    assert repr(NOT_GIVEN) == "NOT_GIVEN"
    assert NotGiven() is NOT_GIVEN


def test_query_styles_dates_and_dropping(make_sync: Any) -> None:
    op = OperationSpec(
        "search",
        "GET",
        "/search",
        params=(
            ParamSpec("type[]", "query"),
            ParamSpec("ids", "query", explode=False),
            ParamSpec("tags", "query", style="pipeDelimited", explode=False),
            ParamSpec("filter", "query", style="deepObject"),
            ParamSpec("date[from]", "query", date_format="%d/%m/%Y"),
            ParamSpec("X-Trace", "header"),
        ),
        fixed_query=(("print", "1"),),
    )
    script = Script(json_response(200, {}))
    client = make_sync(script)
    client.request(
        op,
        params={
            "type[]": ["Invoice", "Receipt"],
            "ids": [1, 2],
            "tags": ["a", "b"],
            "filter": [{"key": "name", "op": "equals", "value": "Ana"}],
            "date[from]": dt.date(2024, 3, 1),
            "archived": False,
            "status": Status.OPEN,
            "gone": NOT_GIVEN,
            "nothing": None,
            "amount": Decimal("12.50"),
        },
        headers={"X-Trace": "t1", "X-None": None},
        options=RequestOptions(extra_query={"debug": 1}, extra_headers={"X-Extra": "yes"}),
    )
    request = script.requests[0]
    assert request.url.params.multi_items() == [
        ("type[]", "Invoice"),
        ("type[]", "Receipt"),
        ("ids", "1,2"),
        ("tags", "a|b"),
        ("filter[0][key]", "name"),
        ("filter[0][op]", "equals"),
        ("filter[0][value]", "Ana"),
        ("date[from]", "01/03/2024"),
        ("archived", "false"),
        ("status", "open"),
        ("amount", "12.50"),
        ("print", "1"),
        ("debug", "1"),
    ]
    assert request.headers["X-Trace"] == "t1"
    assert "X-None" not in request.headers
    assert request.headers["X-Extra"] == "yes"
    assert request.headers["Accept"] == "application/json"


def test_path_params_are_encoded_and_required(make_sync: Any) -> None:
    script = Script(json_response(200, {"customer": {"id": 1, "name": "A"}}))
    client = make_sync(script)
    client.request(GET_CUSTOMER, path_params={"id": "FT 2024/12"}, cast_to=Customer)
    assert script.requests[0].url.raw_path == b"/v1/customers/FT%202024%2F12"
    with pytest.raises(ValueError, match="missing path parameter"):
        client.request(GET_CUSTOMER, path_params={})
    with pytest.raises(ValueError, match="must not be empty"):
        client.request(GET_CUSTOMER, path_params={"id": ""})


def test_json_body_models_by_alias_unset_dropped_and_request_root(make_sync: Any) -> None:
    script = Script(json_response(201, {}))
    client = make_sync(script)
    client.request(
        CREATE_CUSTOMER,
        body={"name": "Ana", "skip": NOT_GIVEN, "since": dt.date(2024, 1, 2), "nested": Customer(id=1, name="N", vatNumber="PT1")},
    )
    assert json.loads(script.requests[0].content) == {
        "name": "Ana",
        "since": "2024-01-02",
        "nested": {"id": 1, "name": "N", "vatNumber": "PT1"},
    }
    assert script.requests[0].headers["Content-Type"] == "application/json"
    client.request(CREATE_IDEMPOTENT, body={"proprietary_uid": "u-1", "total": Decimal("1.10")})
    assert json.loads(script.requests[1].content) == {"invoice": {"proprietary_uid": "u-1", "total": "1.10"}}


def test_vendor_json_form_multipart_and_raw_bodies(make_sync: Any) -> None:
    script = Script(json_response(200, {}))
    client = make_sync(script)
    client.request(OperationSpec("v", "POST", "/v", request_content_type="application/vnd.x.minimal+json"), body=[1, 2])
    client.request(
        OperationSpec("f", "POST", "/f", request_content_type="application/x-www-form-urlencoded"),
        body={"a": "1 2", "b": [1, 2], "c": {"d": True}},
    )
    client.request(
        OperationSpec("m", "POST", "/m", request_content_type="multipart/form-data"),
        body={"title": "x"},
        files={"file": ("a.txt", b"hello", "text/plain")},
    )
    client.request(OperationSpec("r", "POST", "/r", request_content_type="application/octet-stream"), body=b"\x00\x01")
    vendor, form, multipart, raw = script.requests
    assert vendor.headers["Content-Type"] == "application/vnd.x.minimal+json" and vendor.content == b"[1,2]"
    assert form.content == b"a=1+2&b=1&b=2&c%5Bd%5D=true"
    assert multipart.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    body = multipart.read()
    assert b'name="title"' in body and b"hello" in body
    assert raw.content == b"\x00\x01" and raw.headers["Content-Type"] == "application/octet-stream"
    with pytest.raises(TypeError):
        client.request(OperationSpec("r", "POST", "/r", request_content_type="text/csv"), body={"a": 1})


def test_no_body_when_not_given(make_sync: Any) -> None:
    script = Script(json_response(200, {}))
    make_sync(script).request(CREATE_CUSTOMER)
    assert script.requests[0].content == b""
    assert "Content-Type" not in script.requests[0].headers


def test_cast_to_models_lists_and_unwrap_both_shapes(make_sync: Any) -> None:
    script = Script(
        json_response(200, {"customer": {"id": 1, "name": "Wrapped", "extra": "kept"}}),
        json_response(200, {"id": 2, "name": "Bare"}),
    )
    client = make_sync(script)
    wrapped = client.request(GET_CUSTOMER, path_params={"id": 1}, cast_to=Customer)
    bare = client.request(GET_CUSTOMER, path_params={"id": 2}, cast_to=Customer)
    assert (wrapped.name, bare.name) == ("Wrapped", "Bare")
    assert wrapped.model_extra == {"extra": "kept"}
    listed = make_sync(Script(json_response(200, [{"id": 1, "name": "a"}]))).request(
        GET_CUSTOMER, path_params={"id": 1}, cast_to=list[Customer]
    )
    assert [c.id for c in listed] == [1]
    assert make_sync(Script(json_response(200, {"a": 1}))).request(GET_CUSTOMER, path_params={"id": 1}, cast_to=dict[str, int]) == {"a": 1}


def test_unwrap_takes_the_first_root_present(make_sync: Any) -> None:
    """`x-unwrap` as a list: InvoiceXpress answers a create under the type's own root (`invoice_receipt`),
    or under `invoice` as its description says; a bare value is still accepted."""
    create = OperationSpec("createInvoice", "POST", "/invoice_receipts.json", unwrap=("/invoice", "/invoice_receipt"))
    script = Script(
        json_response(201, {"invoice_receipt": {"id": 1, "name": "own root"}}),
        json_response(201, {"invoice": {"id": 2, "name": "published root"}, "invoice_receipt": {"id": 9, "name": "second"}}),
        json_response(201, {"id": 3, "name": "bare"}),
    )
    client = make_sync(script)
    got = [client.request(create, cast_to=Customer) for _ in range(3)]
    assert [(c.id, c.name) for c in got] == [(1, "own root"), (2, "published root"), (3, "bare")]


def test_binary_text_empty_and_none(make_sync: Any) -> None:
    pdf = OperationSpec("pdf", "GET", "/doc", accept="application/pdf", success_kind="binary")
    script = Script(httpx.Response(200, content=b"%PDF-1.4"), httpx.Response(200, text="a;b"), httpx.Response(204))
    client = make_sync(script)
    assert client.request(pdf, cast_to=bytes) == b"%PDF-1.4"
    assert script.requests[0].headers["Accept"] == "application/pdf"
    assert client.request(OperationSpec("csv", "GET", "/csv", success_kind="text"), cast_to=str) == "a;b"
    assert client.request(OperationSpec("upd", "PATCH", "/x", success_kind="empty"), cast_to=None) is None


def test_created_from_location_header(make_sync: Any) -> None:
    op = OperationSpec("create", "POST", "/api/v1/products", location_header="Location", location_pattern=r"/products/([^/]+)$")
    client = make_sync(Script(httpx.Response(201, headers={"Location": "https://x/api/v1/products/77"}), httpx.Response(201)))
    assert client.request(op, body={"name": "x"}) == Created(id="77", location="https://x/api/v1/products/77")
    assert client.request(op, body={"name": "x"}) == Created(id=None, location=None)


def test_unparseable_success_body_is_a_validation_error(make_sync: Any) -> None:
    client = make_sync(Script(json_response(200, {"customer": {"id": "not-a-number"}}), httpx.Response(200, text="<html>")), strict=True)
    with pytest.raises(APIResponseValidationError) as info:
        client.request(GET_CUSTOMER, path_params={"id": 1}, cast_to=Customer)
    assert info.value.response.status_code == 200
    assert info.value.error is not None
    with pytest.raises(APIResponseValidationError, match="not JSON"):
        client.request(GET_CUSTOMER, path_params={"id": 1}, cast_to=Customer)


def test_user_agent_default_headers_and_timeouts(make_sync: Any) -> None:
    script = Script(json_response(200, {}))
    client = make_sync(script, user_agent="gestix-client/0.1.0", default_headers={"X-Tenant": "t"})
    client.request(CREATE_CUSTOMER, options=RequestOptions(timeout=3.0))
    client.request(CREATE_CUSTOMER)
    assert script.requests[0].headers["User-Agent"] == "gestix-client/0.1.0"
    assert script.requests[0].headers["X-Tenant"] == "t"
    assert script.requests[0].extensions["timeout"] == {"connect": 3.0, "read": 3.0, "write": 3.0, "pool": 3.0}
    assert script.requests[1].extensions["timeout"] == {"connect": 5.0, "read": 60.0, "write": 60.0, "pool": 60.0}
