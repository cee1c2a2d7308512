"""The client surface: raw responses, with_options sharing state, resources, context managers, reprs."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from generator.runtime import (
    APIResponse,
    AsyncAPIResource,
    AsyncClient,
    AsyncPager,
    BearerAuth,
    InternalServerError,
    OperationSpec,
    Page,
    RateLimit,
    RequestOptions,
    SessionAuth,
    SyncAPIResource,
    SyncClient,
    async_to_raw_response_wrapper,
    to_raw_response_wrapper,
)

from .fakes import GET_CUSTOMER, LIST_CUSTOMERS, PAGE_OP, Customer, FakeClock, Script, json_response

HELO = OperationSpec("helo", "GET", "/helo", security=(("apiToken",),))
CUSTOMERS = OperationSpec("listCustomers", "GET", "/customers", security=(("session",),))
CREATE = OperationSpec("createCustomer", "POST", "/customers", security=(("session",),), nonce_param="nonce")


class Customers(SyncAPIResource):
    def retrieve(self, *, id: int, timeout: float | None = None) -> Customer:
        return self._client.request(
            GET_CUSTOMER, path_params={"id": id}, cast_to=Customer, options=RequestOptions(timeout=timeout) if timeout else None
        )

    def create(self, *, name: str) -> Any:
        return self._client.request(CREATE, body={"name": name})


class V3(SyncAPIResource):
    """A namespace: builds its own resources from the client."""

    def __init__(self, client: SyncClient) -> None:
        super().__init__(client)
        self.customers = Customers(client)


class Gestix(SyncClient):
    """What the generator emits, in miniature (see the runtime contract in docs/runtime.md)."""

    def __init__(
        self,
        *,
        account: str,
        api_token: str | None = None,
        base_url: str | None = None,
        max_retries: int = 2,
        default_headers: Mapping[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
        clock: FakeClock,
    ) -> None:
        super().__init__(
            base_url=base_url or "https://gestix.pt:443/api/{account}/v4.0.0".format(account=quote(account, safe="")),
            auth={
                "apiToken": BearerAuth(api_token),
                "session": SessionAuth(login=HELO, token_pointer="/xa-token", login_scheme="apiToken"),
            },
            rate_limit=RateLimit(requests=1000, period=60.0),
            max_retries=max_retries,
            default_headers=default_headers,
            transport=transport,
            logger_name="gestix_client",
            user_agent="gestix-client/0.1.0",
            _clock=clock.monotonic,
            _wall_clock=clock.wall,
            _sleep=clock.sleep,
        )
        self.customers = Customers(self)
        self.v3 = V3(self)


def gestix_handler(logins: list[int]) -> Any:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/helo"):
            logins.append(1)
            return json_response(200, {"xa-token": "session-token"})
        if request.method == "POST":
            return json_response(201, {})
        if request.url.params.get("fail"):
            return json_response(503, {})
        return json_response(200, {"customer": {"id": 1, "name": "Ana"}})

    return handle


def test_raw_response_wrapper(make_sync: Any) -> None:
    script = Script(json_response(503, {}), json_response(200, {"customer": {"id": 1, "name": "Ana"}}, {"X-Request-Id": "r1"}))
    resource = Customers(make_sync(script))
    raw = to_raw_response_wrapper(resource.retrieve)(id=1)
    assert isinstance(raw, APIResponse)
    assert raw.status_code == 200 and raw.headers["X-Request-Id"] == "r1"
    assert raw.retries_taken == 1
    assert raw.elapsed.total_seconds() >= 0
    assert raw.http_response.json()["customer"]["name"] == "Ana"
    parsed = raw.parse()
    assert isinstance(parsed, Customer) and parsed is raw.parse()
    assert "APIResponse [200 OK] GET https://api.test/v1/customers/1" in repr(raw)
    assert isinstance(resource.retrieve(id=1), Customer)  # the mode does not leak out of the wrapper


def test_raw_mode_is_per_thread(make_sync: Any) -> None:
    client = make_sync(Script(json_response(200, {"customer": {"id": 1, "name": "Ana"}})))
    resource = Customers(client)
    results: list[Any] = []
    barrier = threading.Barrier(8)

    def normal() -> None:
        barrier.wait()
        results.append(resource.retrieve(id=1))

    def raw() -> None:
        barrier.wait()
        results.append(to_raw_response_wrapper(resource.retrieve)(id=1))

    threads = [threading.Thread(target=normal if i % 2 else raw) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(isinstance(r, Customer) for r in results) == 4
    assert sum(isinstance(r, APIResponse) for r in results) == 4


def test_async_raw_wrappers(make_async: Any) -> None:
    class AsyncCustomers(AsyncAPIResource):
        async def retrieve(self, *, id: int) -> Customer:
            result: Customer = await self._client.request(GET_CUSTOMER, path_params={"id": id}, cast_to=Customer)
            return result

        def list(self) -> AsyncPager[Customer]:
            return self._client.paginate(PAGE_OP, item_type=Customer)

        async def list_async(self) -> AsyncPager[Customer]:
            return self._client.paginate(PAGE_OP, item_type=Customer)

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/products"):
            return json_response(200, {"products": [{"id": 1, "name": "p"}], "pagination": {"number_pages": 1}})
        return json_response(200, {"customer": {"id": 1, "name": "Ana"}})

    async def main() -> None:
        resource = AsyncCustomers(make_async(handler))
        raw, plain = await asyncio.gather(async_to_raw_response_wrapper(resource.retrieve)(id=1), resource.retrieve(id=1))
        assert isinstance(raw, APIResponse) and isinstance(raw.parse(), Customer)
        assert isinstance(plain, Customer)
        raw_page = await async_to_raw_response_wrapper(resource.list)()
        page = raw_page.parse()
        assert isinstance(page, Page) and [c.id for c in page.items] == [1]
        raw_pager = await async_to_raw_response_wrapper(resource.list_async)()
        pager = raw_pager.parse()
        assert isinstance(pager, AsyncPager) and [c.id async for c in pager] == [1]
        with pytest.raises(TypeError, match="async_to_raw_response_wrapper"):
            to_raw_response_wrapper(resource.list)()

    asyncio.run(main())


def test_with_options_shares_pool_tokens_nonces_and_limiter(clock: FakeClock) -> None:
    logins: list[int] = []
    script = Script(gestix_handler(logins))
    client = Gestix(account="acme co", api_token="api-token", transport=httpx.MockTransport(script), clock=clock)
    assert client.base_url == "https://gestix.pt:443/api/acme%20co/v4.0.0"
    quick = client.with_options(max_retries=0, timeout=5.0, default_headers={"X-Trace": "q"})
    assert quick is not client and isinstance(quick, Gestix)
    assert quick._http is client._http and quick._auth is client._auth
    assert quick._nonce is client._nonce and quick._limiter is client._limiter
    assert quick.customers._client is quick and client.customers._client is client
    assert quick.v3.customers._client is quick
    client.customers.create(name="a")
    quick.customers.create(name="b")
    client.customers.create(name="c")
    assert len(logins) == 1
    posts = [r for r in script.requests if r.method == "POST"]
    nonces = [int(r.url.params["nonce"]) for r in posts]
    assert nonces == sorted(set(nonces))
    assert posts[1].headers["X-Trace"] == "q" and "X-Trace" not in posts[0].headers
    assert posts[1].extensions["timeout"]["read"] == 5.0 and posts[0].extensions["timeout"]["read"] == 60.0
    with pytest.raises(InternalServerError):
        quick.request(GET_CUSTOMER, path_params={"id": 1}, params={"fail": 1})
    before = len(script.requests)
    with pytest.raises(InternalServerError):
        client.request(GET_CUSTOMER, path_params={"id": 1}, params={"fail": 1})
    assert len(script.requests) - before == 3
    assert client.max_retries == 2 and quick.max_retries == 0


def test_context_managers_close_owned_pools(clock: FakeClock) -> None:
    with Gestix(account="a", api_token="t", transport=httpx.MockTransport(gestix_handler([])), clock=clock) as client:
        assert not client.is_closed
    assert client.is_closed
    own = httpx.Client(transport=httpx.MockTransport(gestix_handler([])))
    with SyncClient(base_url="https://x", http_client=own):
        pass
    assert not own.is_closed  # a pool the caller passed in stays the caller's
    own.close()

    async def main() -> bool:
        async with AsyncClient(base_url="https://x", transport=httpx.MockTransport(gestix_handler([]))) as aclient:
            await aclient.request(LIST_CUSTOMERS)
        return aclient.is_closed

    assert asyncio.run(main())


def test_async_with_options_and_aclose(make_async: Any) -> None:
    async def main() -> None:
        client = make_async(Script(json_response(200, [])))
        copy = client.with_options(max_retries=5)
        assert copy._http is client._http and copy.max_retries == 5
        await copy.request(LIST_CUSTOMERS)
        await client.aclose()
        assert copy.is_closed

    asyncio.run(main())


def test_a_connection_failure_names_the_server_but_not_the_query(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    from invoicexpress_client import APIConnectionError, InvoiceXpress

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = InvoiceXpress(account_name="acme", api_key="secret-key-123", base_url=f"http://127.0.0.1:{port}", max_retries=0)
    with pytest.raises(APIConnectionError) as info:
        client.clients.retrieve(1)
    message = str(info.value)
    assert message.startswith(f"Could not connect to http://127.0.0.1:{port} (ConnectError: ")
    assert "secret-key-123" not in message and "api_key" not in message


def test_base_url_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from gestix_client import Gestix
    from wisedat_client import Wisedat, WisedatError

    monkeypatch.setenv("GESTIX_BASE_URL", "http://127.0.0.1:8080/api/acme/v4.0.0")
    assert Gestix(account="acme").base_url == "http://127.0.0.1:8080/api/acme/v4.0.0"
    assert Gestix(account="acme", base_url="http://other.example").base_url == "http://other.example"
    monkeypatch.delenv("GESTIX_BASE_URL")
    assert Gestix(account="acme").base_url == "https://gestix.pt:443/api/acme/v4.0.0"
    monkeypatch.delenv("WISEDAT_BASE_URL", raising=False)
    with pytest.raises(WisedatError, match="pass base_url= to the client or set WISEDAT_BASE_URL"):
        Wisedat()
    monkeypatch.setenv("WISEDAT_BASE_URL", "http://erp.local:8080")
    assert Wisedat().base_url == "http://erp.local:8080"
