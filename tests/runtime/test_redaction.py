"""No secret ever reaches a log line, a repr or an error message: every flow runs with DEBUG logging
captured, then everything printable is scanned for every secret used."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from generator.runtime import (
    ApiKeyAuth,
    APIStatusError,
    BasicAuth,
    BearerAuth,
    ClientError,
    OperationSpec,
    RsaLoginAuth,
    SessionAuth,
    SyncClient,
    redact_body,
    redact_headers,
    redact_url,
    to_raw_response_wrapper,
)

from .fakes import LOGIN, PRODUCTS, STATUS, FakeClock, WisedatServer, json_response

API_TOKEN = "tok_API_SECRET_123"
SESSION_TOKEN = "sess-SECRET-456"
PASSWORD = "pw-SECRET-789"
API_KEY = "ak_SECRET_000"
WD_KEY = "wd-key-SECRET"
WD_PASSWORD = "wd-pass-SECRET"
BASIC_PASSWORD = "basic-SECRET-pw"

HELO = OperationSpec("helo", "GET", "/helo", security=(("apiToken",),))
AUTH = OperationSpec("auth", "POST", "/auth")
SESSION_OP = OperationSpec("listCustomers", "GET", "/customers", security=(("session",),))
KEY_OP = OperationSpec("listInvoices", "GET", "/invoices.json", security=(("apiKey",),))
BASIC_OP = OperationSpec("basic", "POST", "/basic", security=(("basic",),))


def vendor_handler(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path.endswith("/helo") or path.endswith("/auth"):
        return json_response(200, {"xa-token": SESSION_TOKEN})
    if path.endswith("/customers"):
        # a vendor that echoes the credential back in its error message
        return json_response(403, {"code": "AUTH_FAILED", "message": f"session {SESSION_TOKEN} is not valid for token {API_TOKEN}"})
    if path.endswith("/invoices.json"):
        return json_response(401, {"errors": {"error": f"api_key={API_KEY} is invalid"}})
    return json_response(400, {"message": f"password {BASIC_PASSWORD} rejected", "password": BASIC_PASSWORD})


def test_nothing_printable_carries_a_secret(
    make_sync: Any, clock: FakeClock, private_key: rsa.RSAPrivateKey, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    printed: list[str] = []
    session = SessionAuth(
        login=HELO,
        token_pointer="/xa-token",
        login_scheme="apiToken",
        alt_login=AUTH,
        alt_login_params={"username": "ana", "password": PASSWORD},
    )
    auth = {
        "apiToken": BearerAuth(API_TOKEN),
        "session": session,
        "apiKey": ApiKeyAuth(API_KEY, name="api_key", location="query"),
        "basic": BasicAuth("ana", BASIC_PASSWORD),
    }
    client = make_sync(vendor_handler, auth=auth, max_retries=0)
    for op in (SESSION_OP, KEY_OP, BASIC_OP):
        with pytest.raises(APIStatusError) as info:
            client.request(op, body={"password": BASIC_PASSWORD} if op is BASIC_OP else None)
        printed += [str(info.value), repr(info.value), str(info.value.error_message)]
    alt_only = make_sync(vendor_handler, auth={"apiToken": BearerAuth(None), "session": session})
    with pytest.raises(ClientError) as alt_error:
        alt_only.request(SESSION_OP)  # refused, so it logs in again with username + password (query)
    printed += [str(alt_error.value)]
    printed += [repr(client), repr(alt_only), *(repr(s) for s in auth.values())]

    wisedat = WisedatServer(private_key, clock, api_key=WD_KEY)
    rsa_auth = RsaLoginAuth(STATUS, "/PublicKey", LOGIN, "/auth_token", api_key=WD_KEY, username="ana", password=WD_PASSWORD)

    def wd_handler(request: httpx.Request) -> httpx.Response:
        response = wisedat(request)
        if request.url.path.endswith("/products") and wisedat.tokens:
            return json_response(401, {"message": f"token {wisedat.tokens[-1]} expired"}) if wisedat.reject else response
        return response

    wd_client = make_sync(wd_handler, auth={"wdapi": rsa_auth})
    raw = to_raw_response_wrapper(lambda: wd_client.request(PRODUCTS))()
    printed += [repr(raw), repr(wd_client), repr(rsa_auth)]
    wisedat.reject = 5
    with pytest.raises(APIStatusError) as wd_error:
        wd_client.request(PRODUCTS)
    printed += [str(wd_error.value), repr(wd_error.value)]
    assert wisedat.plaintexts[0] == f"{WD_KEY};ana;{WD_PASSWORD}"

    secrets = [API_TOKEN, SESSION_TOKEN, PASSWORD, API_KEY, WD_KEY, WD_PASSWORD, BASIC_PASSWORD, *wisedat.tokens, *wisedat.ciphertexts]
    assert len(wisedat.tokens) >= 2 and wisedat.ciphertexts
    haystack = caplog.text + "\n".join(printed)
    assert "GET https://api.test/v1/invoices.json?api_key=<redacted>" in caplog.text  # the request was logged
    assert "HTTP Request" in caplog.text  # httpx's own line was captured, and redacted
    leaked = [s for s in secrets if s in haystack]
    assert leaked == []


def test_helpers_used_by_the_recording_transport() -> None:
    assert redact_url("https://x/a.json?api_key=k1&page=2") == "https://x/a.json?api_key=<redacted>&page=2"
    assert redact_url("https://u:p4ss@x/a?password=p&username=ana") == "https://u:<redacted>@x/a?password=<redacted>&username=ana"
    assert redact_headers({"Authorization": "Bearer abc", "xa-token": "t", "Content-Type": "application/json"}) == {
        "Authorization": "Bearer <redacted>",
        "xa-token": "<redacted>",
        "Content-Type": "application/json",
    }
    assert redact_body({"xa-token": "t", "auth_token": "j", "user": {"password": "p", "username": "ana"}}) == {
        "xa-token": "<redacted>",
        "auth_token": "<redacted>",
        "user": {"password": "<redacted>", "username": "ana"},
    }
    assert redact_body('{"auth_token": "x"}') == '{"auth_token": "<redacted>"}'
    assert redact_body(b"username=ana&password=p") == b"username=ana&password=<redacted>"
    assert redact_body("see eyJhbGciOiJI.eyJzdWIiOiIxIn0.c2ln") == "see <redacted>"


def test_env_var_switches_logging_on(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def call(logger_name: str) -> None:
        client = SyncClient(
            base_url="https://x", logger_name=logger_name, transport=httpx.MockTransport(lambda r: httpx.Response(200, json={}))
        )
        client.request(OperationSpec("a", "GET", "/a"), params={"password": "hunter2"})

    monkeypatch.setenv("RT_ENV_CLIENT_LOG", "debug")
    logger = logging.getLogger("rt_env_client")
    try:
        call("rt_env_client")
        err = capsys.readouterr().err
        assert "rt_env_client INFO GET https://x/a?password=<redacted> -> 200 attempt=1" in err
        assert "rt_env_client DEBUG request GET" in err and "hunter2" not in err
    finally:
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)
    call("rt_quiet_client")  # no RT_QUIET_CLIENT_LOG: nothing printed
    assert capsys.readouterr().err == ""
