"""Per-call `extra_body` (with `extra_headers`/`extra_query`), and the server's request id on results."""

from __future__ import annotations

import json
from typing import Any

import pytest

from generator.runtime import NotFoundError, OperationSpec, RequestOptions, WireModel, to_raw_response_wrapper

from .fakes import CREATE_CUSTOMER, CREATE_IDEMPOTENT, Script, json_response

FORM_OP = OperationSpec("login", "POST", "/login", request_content_type="application/x-www-form-urlencoded")
UPLOAD = OperationSpec("upload", "POST", "/upload", request_content_type="application/pdf")
ACTION = OperationSpec("dispatch", "POST", "/orders/1/actions/dispatch")
GET_THING = OperationSpec("getThing", "GET", "/things/1")


class Thing(WireModel):
    id: int
    name: str | None = None


def _sent(script: Script) -> Any:
    return json.loads(script.requests[-1].content)


def test_extra_body_is_merged_into_the_json_body_with_headers_and_query(make_sync: Any) -> None:
    script = Script(json_response(201, {}))
    options = RequestOptions(extra_body={"vat": "PT1", "name": "wins"}, extra_headers={"X-Trace": "t1"}, extra_query={"dry": "1"})
    make_sync(script).request(CREATE_CUSTOMER, body={"name": "Ana", "code": "A1"}, options=options)
    request = script.requests[-1]
    assert _sent(script) == {"name": "wins", "code": "A1", "vat": "PT1"}
    assert request.headers["X-Trace"] == "t1" and request.url.params["dry"] == "1"
    assert request.headers["Content-Type"] == "application/json"


def test_extra_body_merges_into_nested_objects_key_by_key(make_sync: Any) -> None:
    """InvoiceXpress wraps the document in `invoice`: an extra field for it goes beside the generated ones."""
    script = Script(json_response(201, {}))
    options = RequestOptions(extra_body={"invoice": {"plugin_flag": True}, "proprietary_uid": "u-9"})
    make_sync(script).request(CREATE_IDEMPOTENT, body={"date": "01/02/2024", "items": [{"name": "x"}]}, options=options)
    assert _sent(script) == {"invoice": {"date": "01/02/2024", "items": [{"name": "x"}], "plugin_flag": True}, "proprietary_uid": "u-9"}


def test_extra_body_on_a_call_without_a_body_and_on_a_form_body(make_sync: Any) -> None:
    script = Script(json_response(200, {}))
    client = make_sync(script)
    client.request(ACTION, options=RequestOptions(extra_body={"notify": False}))
    assert _sent(script) == {"notify": False}
    client.request(ACTION)
    assert script.requests[-1].content == b""  # nothing extra: still no body at all
    client.request(FORM_OP, body={"user": "a"}, options=RequestOptions(extra_body={"remember": "1"}))
    assert script.requests[-1].content == b"user=a&remember=1"


def test_extra_body_on_a_bytes_upload_is_a_clear_error(make_sync: Any) -> None:
    with pytest.raises(TypeError, match="upload: extra_body needs a JSON or form body"):
        make_sync(Script(json_response(200, {}))).request(UPLOAD, body=b"%PDF", options=RequestOptions(extra_body={"a": 1}))


def test_the_request_id_is_on_a_parsed_model_and_on_the_raw_response(make_sync: Any) -> None:
    client = make_sync(Script(json_response(200, {"id": 7, "name": "x"}, {"X-Request-Id": "req-42"})))
    thing = client.request(GET_THING, cast_to=Thing)
    assert thing._request_id == "req-42"
    raw = to_raw_response_wrapper(lambda: client.request(GET_THING, cast_to=Thing))()
    assert raw.request_id == "req-42" and raw.parse()._request_id == "req-42"


def test_without_a_request_id_header_the_model_equals_a_built_one(make_sync: Any) -> None:
    client = make_sync(Script(json_response(200, {"id": 7, "name": "x"}), json_response(200, {"id": 7, "name": "x"}, {"request-id": "r2"})))
    first = client.request(GET_THING, cast_to=Thing)
    assert first._request_id is None and first == Thing(id=7, name="x")
    assert client.request(GET_THING, cast_to=Thing)._request_id == "r2"  # the plain `Request-Id` spelling too
    assert Thing(id=1)._request_id is None


def test_the_request_id_header_is_in_the_error_message(make_sync: Any) -> None:
    client = make_sync(Script(json_response(404, {"message": "not here"}, {"X-Request-Id": "req-404"})))
    with pytest.raises(NotFoundError) as info:
        client.request(GET_THING, cast_to=Thing)
    assert info.value.request_id == "req-404" and "(request_id req-404)" in str(info.value)
