"""The mock server over real sockets: replay, sequences, examples, validation errors, auth flows."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator

import httpx
import pytest

from generator.mock import running_mock

from .mock_support import FIXTURES, PLAIN, RSA, SESSION, session_token, wdapi_login_header

pytestmark = pytest.mark.slow  # the mock server over real sockets: left out of `make test-fast`


@pytest.fixture(scope="module")
def session_api() -> Iterator[httpx.Client]:
    with running_mock(SESSION) as base_url, httpx.Client(base_url=base_url, timeout=5) as client:
        yield client


@pytest.fixture(scope="module")
def plain_api() -> Iterator[httpx.Client]:
    with running_mock(PLAIN) as base_url, httpx.Client(base_url=base_url, timeout=5, params={"api_key": "k"}) as client:
        yield client


@pytest.fixture(scope="module")
def rsa_api() -> Iterator[httpx.Client]:
    """One app for all RSA tests: its key pair is generated once per app."""
    with running_mock(RSA) as base_url, httpx.Client(base_url=base_url, timeout=5) as client:
        yield client


@pytest.fixture(autouse=True)
def _reset(request: pytest.FixtureRequest) -> None:
    for name in ("session_api", "plain_api"):
        if name in request.fixturenames:
            request.getfixturevalue(name).post("/__mock__/reset")


def recorded_body(vendor: str, name: str) -> object:
    import yaml

    return yaml.safe_load((FIXTURES / vendor / "recordings" / f"{name}.yaml").read_text())["response"]["body"]


def test_serves_the_recording_for_the_request(session_api: httpx.Client) -> None:
    auth = session_token(session_api)
    answer = session_api.get("/customers", params={"skip": 0, "limit": 2}, headers=auth)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    assert answer.json() == recorded_body("session", "listCustomers")


def test_accepts_paths_with_the_server_base_path(session_api: httpx.Client) -> None:
    auth = session_token(session_api)
    answer = session_api.get("/api/acme/v4/customers", params={"skip": 2, "limit": 2}, headers=auth)
    assert answer.json() == recorded_body("session", "listCustomers__page2")


def test_most_specific_match_and_variant_selectors(session_api: httpx.Client) -> None:
    auth = session_token(session_api)
    assert session_api.get("/customers", params={"id": 2}, headers=auth).json() == recorded_body("session", "retrieveCustomer")
    # skip omitted: its spec default (0) counts, so page one answers
    assert session_api.get("/customers", params={"limit": 2}, headers=auth).json() == recorded_body("session", "listCustomers")


def test_paginated_lists_end_after_the_last_recorded_page(session_api: httpx.Client) -> None:
    auth = session_token(session_api)
    # a page size nobody recorded still gets the page recorded at that position
    assert session_api.get("/customers", params={"skip": 0, "limit": 5}, headers=auth).json() == recorded_body("session", "listCustomers")
    # past the recorded pages: the same envelope with no items, so a paginating client stops
    past = session_api.get("/customers", params={"skip": 4, "limit": 2}, headers=auth)
    assert (past.status_code, past.json()) == (200, [])


def test_unknown_record_is_a_404_in_the_vendors_shape(session_api: httpx.Client) -> None:
    auth = session_token(session_api)
    answer = session_api.get("/customers", params={"id": 99}, headers=auth)
    assert answer.status_code == 404
    assert answer.json()["message"] == "mock: nothing recorded at GET /customers"  # the spec's apiError shape
    assert answer.headers["x-mock-answer"] == "synthesized 404"
    known = session_api.get("/customers", params={"id": 2}, headers=auth)
    assert known.headers["x-mock-answer"] == "recorded retrieveCustomer.yaml"


def test_a_list_with_an_unrecorded_filter_borrows_the_nearest_page_and_says_so(session_api: httpx.Client) -> None:
    answer = session_api.get("/customers", params={"limit": 2, "name": "Padaria"}, headers=session_token(session_api))
    assert answer.status_code == 200
    assert answer.headers["x-mock-answer"].startswith("nearest listCustomers")


def test_cursors_end_and_an_unknown_cursor_is_not_page_one(plain_api: httpx.Client) -> None:
    first = plain_api.get("/api/v3/things")
    assert [t["id"] for t in first.json()["data"]] == ["th_1", "th_2"]
    second = plain_api.get("/api/v3/things", params={"cursor": first.json()["meta"]["nextCursor"]})
    assert second.json() == {"data": [{"id": "th_3", "name": "Scheibe M8"}], "meta": {"nextCursor": None}}
    unknown = plain_api.get("/api/v3/things", params={"cursor": "never-issued"})
    assert unknown.json() == {"data": [], "meta": {"nextCursor": None}}
    assert unknown.headers["x-mock-answer"] == "synthesized past the last page"


def test_same_request_recordings_answer_in_sequence_then_stick(plain_api: httpx.Client) -> None:
    statuses = [plain_api.get("/api/pdf/123.json").status_code for _ in range(4)]
    assert statuses == [202, 202, 200, 200]
    assert plain_api.get("/api/pdf/123.json", headers={"x-mock-session": "other"}).status_code == 202
    plain_api.post("/__mock__/reset")
    assert plain_api.get("/api/pdf/123.json").status_code == 202


def test_a_create_conflicts_only_with_what_this_session_created(session_api: httpx.Client) -> None:
    """The duplicate recording answers the second identical create of a session, never the first."""
    auth = session_token(session_api)
    duplicate = {"name": "Padaria Central Lda", "nif": "501234567"}
    first = session_api.post("/customers", params={"nonce": 1}, json=duplicate, headers=auth)
    assert first.status_code == 201
    again = session_api.post("/customers", params={"nonce": 2}, json=duplicate, headers=auth)
    assert again.status_code == 409
    assert again.json()["code"] == "DUPLICATE_ENTRY"
    assert again.headers["x-mock-answer"] == "recorded createCustomer__duplicate.yaml"
    other = {**auth, "x-mock-session": "other-test"}
    assert session_api.post("/customers", params={"nonce": 3}, json=duplicate, headers=other).status_code == 201
    session_api.post("/__mock__/reset", headers={"x-mock-session": "other-test"})  # that session only
    assert session_api.post("/customers", params={"nonce": 4}, json=duplicate, headers=other).status_code == 201
    assert session_api.post("/customers", params={"nonce": 5}, json=duplicate, headers=auth).status_code == 409
    fresh = session_api.post("/customers", params={"nonce": 6}, json={"name": "Nova", "nif": "509999999"}, headers=auth)
    assert fresh.status_code == 201


def test_falls_back_to_spec_examples(plain_api: httpx.Client, session_api: httpx.Client) -> None:
    assert plain_api.get("/ping.json").json() == {"pong": True}
    assert session_api.get("/status", headers=session_token(session_api)).json() == {"status": "ok", "version": "4.0.0"}
    missing = plain_api.get("/unexampled.json")
    assert missing.status_code == 501
    assert "unexampled" in missing.text


def test_binary_answers_come_from_body_file(plain_api: httpx.Client) -> None:
    answer = plain_api.get("/documents/123/download")
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content == (FIXTURES / "plain" / "recordings" / "downloadDocument.pdf").read_bytes()


def test_bad_input_gets_the_declared_error_shape(session_api: httpx.Client, plain_api: httpx.Client) -> None:
    auth = session_token(session_api)
    api_error = session_api.post("/customers", params={"nonce": 10}, json={"name": "", "nif": "12"}, headers=auth)
    assert api_error.status_code == 400
    body = api_error.json()
    assert body["code"] == "INVALID_ARGUMENT"
    assert {"code", "message", "timestamp"} <= set(body)
    assert "/nif" in body["message"]

    errors = plain_api.post("/invoices.json", json={"invoice": {"date": "2024-03-01", "client": {}, "items": []}})
    assert errors.status_code == 422
    assert set(errors.json()) == {"errors"}
    assert "/invoice/date" in errors.json()["errors"]["error"]

    problem = plain_api.post("/api/v3/things", json={"name": "", "amount": "12"})
    assert problem.status_code == 400
    assert problem.headers["content-type"] == "application/problem+json"
    violations = problem.json()["violations"]
    assert {v["propertyPath"] for v in violations} == {"/name", "/amount"}
    assert problem.json()["status"] == 400


def test_bad_query_parameter_is_a_400(session_api: httpx.Client) -> None:
    answer = session_api.get("/customers", params={"limit": 500}, headers=session_token(session_api))
    assert answer.status_code == 400
    assert "limit" in answer.json()["message"]


def test_unknown_path_and_method(plain_api: httpx.Client) -> None:
    assert plain_api.get("/nowhere.json").status_code == 404
    assert plain_api.delete("/invoices.json").status_code == 405
    # a split-resources path only exists for its enum values
    assert plain_api.get("/invoices/receipts/1.json").status_code == 404


def test_api_key_presence_is_enforced(plain_api: httpx.Client) -> None:
    answer = httpx.get(str(plain_api.base_url.join("/invoices/invoices/123.json")))
    assert answer.status_code == 401
    assert "error" in answer.json()["errors"]


def test_session_tokens_must_be_issued_and_can_expire(session_api: httpx.Client) -> None:
    assert session_api.get("/status").status_code == 403
    assert session_api.get("/status", headers={"authorization": "Bearer made-up"}).status_code == 403
    auth = session_token(session_api)
    assert session_api.get("/status", headers=auth).status_code == 200
    session_api.post("/__mock__/expire")
    refused = session_api.get("/status", headers=auth)
    assert refused.status_code == 403
    assert refused.json()["code"] == "AUTH_FAILED"
    assert session_api.get("/status", headers=session_token(session_api)).status_code == 200


def test_alternative_login_issues_a_token(session_api: httpx.Client) -> None:
    answer = session_api.post("/auth", params={"username": "maria", "password": "pw", "nonce": 1})
    assert answer.status_code == 201
    token = answer.json()["xa-token"]
    assert token != "example-session-token"
    assert session_api.get("/status", headers={"authorization": f"Bearer {token}"}).status_code == 200


def test_nonce_must_grow_per_session(session_api: httpx.Client) -> None:
    auth = session_token(session_api)
    body = {"name": "Mercearia do Largo", "nif": "504567890"}
    assert session_api.post("/customers", params={"nonce": 100}, json=body, headers=auth).status_code == 201
    reused = session_api.post("/customers", params={"nonce": 100}, json=body, headers=auth)
    assert reused.status_code == 400
    assert "nonce" in reused.json()["message"]
    assert session_api.post("/customers", json=body, headers=auth).status_code == 400  # missing


def test_rsa_login_with_a_real_key(rsa_api: httpx.Client) -> None:
    client = rsa_api
    assert client.get("/status").status_code == 401
    status = client.get("/status", headers={"authorization": "WDAPI my-api-key"})
    public_key = status.json()["PublicKey"]
    assert public_key != ["example-modulus", "AQAB"]
    assert int.from_bytes(base64.b64decode(public_key[1]), "big") == 65537

    login = client.post("/authentication/login", headers={"authorization": wdapi_login_header(public_key, "my-api-key;maria;pw")})
    assert login.status_code == 200, login.text
    token = login.json()["auth_token"]
    _, payload, _ = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims["exp"] - claims["iat"] == 1800

    bearer = {"authorization": f"Bearer {token}"}
    products = client.get("/products", params={"page": 1, "limit": 2}, headers=bearer)
    assert products.status_code == 200
    assert products.json()["pagination"]["number_items"] == 2

    client.post("/__mock__/expire")
    assert client.get("/products", params={"page": 1, "limit": 2}, headers=bearer).status_code == 401


@pytest.mark.parametrize("header", ["WDAPI bm90LWEtY2lwaGVydGV4dA==", "WDAPI !!!", "bearer x", None])
def test_rsa_login_refuses_what_does_not_decrypt(rsa_api: httpx.Client, header: str | None) -> None:
    headers = {"authorization": header} if header else {}
    assert rsa_api.post("/authentication/login", headers=headers).status_code == 401


def test_rsa_login_needs_three_parts(rsa_api: httpx.Client) -> None:
    key = rsa_api.get("/status", headers={"authorization": "WDAPI k"}).json()["PublicKey"]
    answer = rsa_api.post("/authentication/login", headers={"authorization": wdapi_login_header(key, "k;maria")})
    assert answer.status_code == 401
    assert set(answer.json()) == {"code", "message"}
