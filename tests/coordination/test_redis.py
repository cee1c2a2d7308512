"""The Redis backend against a real redis-server (started by the fixtures) and the vendors' mock servers."""

from __future__ import annotations

import asyncio
import builtins
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import redis

from .redis_server import RedisServer, free_port
from .support import ACCOUNT, API_TOKEN, expire, mock_stats

gestix_client = pytest.importorskip("gestix_client")
from gestix_client import AsyncGestix, CoordinationError, Gestix, RateLimit  # noqa: E402


def gestix(url: str, coordination: Any, **kwargs: Any) -> Gestix:
    return Gestix(account=ACCOUNT, api_token=API_TOKEN, base_url=url, coordination=coordination, max_retries=0, **kwargs)


def test_threads_of_two_clients_share_nonces_and_one_login(gestix_mock: str, redis_url: str) -> None:
    """Two clients (as two workers would be) on one Redis: one login, 0 nonce rejections."""
    first, second = gestix(gestix_mock, redis_url), gestix(gestix_mock, redis_url)
    assert first.coordination.kind == "redis"
    with ThreadPoolExecutor(6) as pool:
        ids = list(pool.map(lambda i: (first if i % 2 else second).customers.create(name="Exemplo Comércio Lda").id, range(90)))
    stats = mock_stats(gestix_mock)
    assert ids == [42] * 90
    assert stats["nonce_rejections"] == 0
    assert stats["logins"] == 1


def test_refused_token_makes_one_relogin_for_everyone(gestix_mock: str, redis_url: str) -> None:
    clients = [gestix(gestix_mock, redis_url) for _ in range(4)]
    for client in clients:
        client.system.status()
    assert mock_stats(gestix_mock)["logins"] == 1
    expire(gestix_mock)
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda c: c.system.status(), clients))
    assert mock_stats(gestix_mock)["logins"] == 2


def test_keys_are_namespaced_and_hold_no_credential(gestix_mock: str, redis_url: str) -> None:
    client = gestix(gestix_mock, redis_url, rate_limit=RateLimit(requests=50, period=1.0))
    client.customers.create(name="Exemplo Comércio Lda")
    store = redis.Redis.from_url(redis_url)
    keys = sorted(k.decode() for k in store.keys("*"))
    namespace = client.coordination.namespace  # type: ignore[attr-defined]
    assert namespace.startswith("openapi-client:gestix_client:")
    assert keys == [f"{namespace}:nonce", f"{namespace}:ratelimit", f"{namespace}:token:sessionAuth"]
    assert all(API_TOKEN not in key and ACCOUNT not in key for key in keys)
    token = json.loads(store.get(f"{namespace}:token:sessionAuth") or b"{}")
    assert token["token"].startswith("mock-session-") and set(token) == {"token", "refresh_at", "expires_at"}
    assert API_TOKEN not in repr(client) and token["token"] not in repr(client.coordination)
    other = Gestix(account=ACCOUNT, api_token="another-token", base_url=gestix_mock, coordination=redis_url)
    assert other.coordination.namespace != namespace  # type: ignore[attr-defined]


def test_rate_limit_across_clients_as_the_mock_counts_it(gestix_mock: str, redis_url: str) -> None:
    limit = RateLimit(requests=5, period=0.3)
    clients = [gestix(gestix_mock, redis_url, rate_limit=limit) for _ in range(3)]
    clients[0].system.status()  # the one shared login, before the counted burst
    time.sleep(limit.period)
    started = time.monotonic()
    with ThreadPoolExecutor(6) as pool:
        list(pool.map(lambda i: clients[i % 3].system.status(), range(30)))
    elapsed = time.monotonic() - started
    stats = mock_stats(gestix_mock, period=limit.period)
    assert stats["requests"] == 32
    assert stats["max_in_window"] == limit.requests
    assert elapsed >= 5 * limit.period


def test_async_client_on_redis(gestix_mock: str, redis_url: str) -> None:
    async def main() -> list[Any]:
        limit = RateLimit(requests=8, period=0.2)
        async with AsyncGestix(account=ACCOUNT, api_token=API_TOKEN, base_url=gestix_mock, coordination=redis_url, rate_limit=limit) as gx:
            return await asyncio.gather(*(gx.customers.create(name="Exemplo Comércio Lda") for _ in range(40)))

    created = asyncio.run(main())
    assert [c.id for c in created] == [42] * 40
    stats = mock_stats(gestix_mock, period=0.2)
    assert stats["nonce_rejections"] == 0 and stats["logins"] == 1
    assert stats["max_in_window"] <= 8


def draw(client: Gestix, count: int) -> list[int]:
    values = []
    for _ in range(count):
        with client.coordination.nonce_turn() as next_nonce:
            values.append(next_nonce())
    return values


def test_redis_restart_does_not_go_back(own_redis: RedisServer) -> None:
    client = Gestix(account=ACCOUNT, api_token=API_TOKEN, coordination=own_redis.url)
    before = draw(client, 300)
    assert before == sorted(set(before))
    own_redis.stop()
    own_redis.start()  # same port, nothing persisted: the sequence is gone from Redis
    assert redis.Redis.from_url(own_redis.url).keys("*") == []
    fresh = Gestix(account=ACCOUNT, api_token=API_TOKEN, coordination=own_redis.url)  # a restarted worker
    assert draw(fresh, 1)[0] > before[-1]
    assert draw(client, 1)[0] > before[-1]


def test_unreachable_redis_is_a_clear_error_without_the_password() -> None:
    port = free_port()
    with pytest.raises(CoordinationError) as caught:
        Gestix(account=ACCOUNT, api_token=API_TOKEN, coordination=f"redis://worker:s3cret-pw@127.0.0.1:{port}/0")
    message = str(caught.value)
    assert f"redis://worker:***@127.0.0.1:{port}/0" in message
    assert "s3cret-pw" not in message and "coordination_fallback=True" in message


def test_fallback_to_in_process_is_opt_in_and_warns(gestix_mock: str, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"redis://127.0.0.1:{free_port()}/0"
    with pytest.warns(RuntimeWarning, match="falling back to in-process"):
        client = gestix(gestix_mock, url, coordination_fallback=True)
    assert client.coordination.kind == "local"
    assert client.customers.create(name="Exemplo Comércio Lda").id == 42
    monkeypatch.setenv("GESTIX_CLIENT_COORDINATION", url)
    monkeypatch.setenv("GESTIX_CLIENT_COORDINATION_FALLBACK", "1")
    with pytest.warns(RuntimeWarning):
        assert Gestix(account=ACCOUNT, api_token=API_TOKEN).coordination.kind == "local"


def test_environment_variable_chooses_redis(redis_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GESTIX_CLIENT_COORDINATION", redis_url)
    assert Gestix(account=ACCOUNT, api_token=API_TOKEN).coordination.kind == "redis"
    monkeypatch.delenv("GESTIX_CLIENT_COORDINATION")
    assert Gestix(account=ACCOUNT, api_token=API_TOKEN).coordination.kind == "local"


def test_missing_redis_package_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_redis(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "redis" or name.startswith("redis."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_redis)
    for name in [n for n in sys.modules if n == "redis" or n.startswith("redis.")]:
        monkeypatch.delitem(sys.modules, name)
    with pytest.raises(CoordinationError, match=r"pip install 'gestix-client\[redis\]'"):
        Gestix(account=ACCOUNT, api_token=API_TOKEN, coordination="redis://127.0.0.1:1/0")


def test_rate_limit_option_vendor_off_custom() -> None:
    xentral_client = pytest.importorskip("xentral_client")
    assert xentral_client.RateLimit(requests=100, period=60.0) == xentral_client._client.VENDOR_RATE_LIMIT
    default = xentral_client.Xentral(xentral_id="acme", token="t")
    assert default._limiter is not None and default._limiter.limit.requests == 100
    assert xentral_client.Xentral(xentral_id="acme", token="t", rate_limit="off")._limiter is None
    custom = xentral_client.Xentral(xentral_id="acme", token="t", rate_limit=xentral_client.RateLimit(requests=7, period=2))
    assert custom._limiter is not None and custom._limiter.limit == xentral_client.RateLimit(requests=7, period=2)
    with pytest.raises(ValueError, match="rate_limit must be"):
        xentral_client.Xentral(xentral_id="acme", token="t", rate_limit="fast")  # type: ignore[arg-type]
    assert Gestix(account=ACCOUNT, api_token=API_TOKEN)._limiter is None  # Gestix documents no limit


def test_generated_packages_do_not_import_redis_unless_asked() -> None:
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys; import gestix_client, xentral_client; "
        "c = gestix_client.Gestix(account='a', api_token='t', rate_limit=gestix_client.RateLimit(requests=5, period=1)); "
        "print(c.coordination.kind, 'redis' in sys.modules)"
    )
    env = {"PYTHONPATH": f"{root / 'generated' / 'gestix'}:{root / 'generated' / 'xentral'}", "PATH": ""}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.split() == ["local", "False"]
    import tomllib

    project = tomllib.loads((root / "generated" / "gestix" / "pyproject.toml").read_text())["project"]
    assert not [d for d in project["dependencies"] if d.startswith("redis")]
    assert project["optional-dependencies"] == {"redis": ["redis>=5,<9"]}
