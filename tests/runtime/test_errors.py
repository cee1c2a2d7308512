"""Non-2xx answers become the typed error, with the vendor's error body parsed and summarised."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from generator.runtime import (
    APIError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ClientError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    OperationSpec,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)

from .fakes import CREATE_CUSTOMER, LIST_CUSTOMERS, ApiErrorModel, Script, json_response


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (503, InternalServerError),
        (418, APIStatusError),
    ],
)
def test_status_maps_to_class(make_sync: Any, status: int, cls: type[APIStatusError]) -> None:
    client = make_sync(Script(json_response(status, {"message": "nope"})), max_retries=0)
    with pytest.raises(cls) as info:
        client.request(LIST_CUSTOMERS)
    error = info.value
    assert type(error) is cls
    assert isinstance(error, APIError) and isinstance(error, ClientError)
    assert error.status_code == status and error.response.status_code == status
    assert error.request.url.path == "/v1/customers"


def test_gestix_api_error_parsed_with_declared_model(make_sync: Any) -> None:
    body = {
        "code": "DUPLICATE_ENTRY",
        "message": "document_set + seq_number exists",
        "timestamp": "2024-01-01T00:00:00Z",
        "request_id": "r-9",
    }
    client = make_sync(Script(json_response(409, body), json_response(400, {"code": "INVALID_ARGUMENT", "message": "nonce missing"})))
    with pytest.raises(ConflictError) as info:
        client.request(LIST_CUSTOMERS)  # declared for 4XX
    assert isinstance(info.value.body, ApiErrorModel)
    assert (info.value.error_code, info.value.error_message, info.value.request_id) == (
        "DUPLICATE_ENTRY",
        "document_set + seq_number exists",
        "r-9",
    )
    assert (
        str(info.value)
        == "409 Conflict from GET https://api.test/v1/customers: [DUPLICATE_ENTRY] document_set + seq_number exists (request_id r-9)"
    )
    with pytest.raises(BadRequestError) as bad:
        client.request(CREATE_CUSTOMER)  # declared for exactly 400
    assert isinstance(bad.value.body, ApiErrorModel) and bad.value.error_code == "INVALID_ARGUMENT"


def test_declared_model_that_does_not_fit_falls_back_to_raw_json(make_sync: Any) -> None:
    client = make_sync(Script(json_response(400, {"unexpected": True})))
    with pytest.raises(BadRequestError) as info:
        client.request(CREATE_CUSTOMER)
    assert info.value.body == {"unexpected": True}


def test_default_error_model_and_text_bodies(make_sync: Any) -> None:
    op = OperationSpec("x", "GET", "/x", error_models=(("default", ApiErrorModel),))
    client = make_sync(
        Script(json_response(404, {"code": "NF", "message": "gone"}), httpx.Response(502, text="Bad gateway from proxy")), max_retries=0
    )
    with pytest.raises(NotFoundError) as info:
        client.request(op)
    assert isinstance(info.value.body, ApiErrorModel)
    with pytest.raises(InternalServerError) as text:
        client.request(op)
    assert text.value.body == "Bad gateway from proxy" and text.value.error_message == "Bad gateway from proxy"


def test_problem_json_with_violations(make_sync: Any) -> None:
    problem = {
        "type": "https://api.xentral.biz/problems/request-validation",
        "title": "Request validation failed",
        "status": 400,
        "violations": [{"propertyPath": "customer.name", "message": "must not be blank"}],
    }
    client = make_sync(
        Script(httpx.Response(400, json=problem, headers={"Content-Type": "application/problem+json", "X-Request-Id": "hdr-1"}))
    )
    with pytest.raises(BadRequestError) as info:
        client.request(OperationSpec("x", "POST", "/x"))
    assert info.value.error_code == "https://api.xentral.biz/problems/request-validation"
    assert info.value.error_message == "Request validation failed (customer.name: must not be blank)"
    assert info.value.request_id == "hdr-1"


def test_invoicexpress_errors_object(make_sync: Any) -> None:
    client = make_sync(
        Script(
            json_response(422, {"errors": {"error": "Client name can't be blank"}}),
            json_response(409, {"reason": "duplicate proprietary_uid"}),
        )
    )
    with pytest.raises(UnprocessableEntityError) as info:
        client.request(OperationSpec("x", "POST", "/x"))
    assert info.value.error_message == "Client name can't be blank"
    with pytest.raises(ConflictError) as conflict:
        client.request(OperationSpec("x", "POST", "/x"))
    assert conflict.value.error_message == "duplicate proprietary_uid"


def test_a_bare_list_of_messages_becomes_the_error_message() -> None:
    from generator.runtime._exceptions import describe_error_body

    assert describe_error_body(["The customer must have a billing address.", "The date is outside the series."]) == (
        None,
        "The customer must have a billing address.; The date is outside the series.",
        None,
    )
    assert describe_error_body([["name", "não está disponível."]]) == (None, "name: não está disponível.", None)


def test_rails_style_field_errors_become_the_error_message() -> None:
    from generator.runtime._exceptions import describe_error_body

    assert describe_error_body({"name": ["is not available."]})[1] == "name: is not available."
    assert describe_error_body({"base": ["Tax region is empty"], "id": 3})[1] == "base: Tax region is empty"
