"""Auth strategies that trade credentials for a token: Gestix sessions and Wisedat's RSA login.

Tokens are obtained lazily, on the first call that needs one, and shared by every thread (threading lock)
and task (asyncio lock) of the client: N concurrent first calls make exactly one login. A login is a
short generator of `LoginCall`s that the client performs through its normal request machinery (rate
limit, retries, logging), so the same steps serve the sync and the async client.
"""

from __future__ import annotations

import base64
import binascii
import json
import threading
from abc import abstractmethod
from collections.abc import Awaitable, Callable, Generator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx

from ._auth import AuthStrategy
from ._exceptions import APIResponseValidationError
from ._json import resolve_pointer
from ._locks import LoopLock
from ._logging import REDACTED, is_secret_name, register_secrets
from ._operation import OperationSpec
from ._response import APIResponse

if TYPE_CHECKING:
    from ._coordination import SharedTokens, StoredToken

__all__ = ["LoginAuth", "LoginCall", "RsaLoginAuth", "SessionAuth", "jwt_expiry"]

#: log in again this long before a known expiry (or halfway, for tokens that live less than twice this)
REFRESH_MARGIN = 60.0
#: after a fresh token was refused too, refusals of that token mean "forbidden" for this long (no re-login)
FORBIDDEN_HOLD = 60.0


@dataclass(frozen=True)
class LoginCall:
    """One request of a login dance; `scheme` names the strategy that authenticates it (None: none)."""

    op: OperationSpec
    params: Mapping[str, Any] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    scheme: str | None = None


LoginSteps = Generator[LoginCall, APIResponse[Any], str]


def jwt_expiry(token: str) -> float | None:
    """The `exp` claim of a JWT (unverified: only used to log in again in time), else None."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        payload = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, binascii.Error):
        return None
    exp = payload.get("exp") if isinstance(payload, dict) else None
    return float(exp) if isinstance(exp, (int, float)) and not isinstance(exp, bool) else None


def _token_at(response: APIResponse[Any], pointer: str) -> str:
    token = resolve_pointer(response.parse(), pointer)
    if not isinstance(token, str) or not token:
        raise APIResponseValidationError(response.http_response, None, None, f"login answer has no token at {pointer}")
    return token


class LoginAuth(AuthStrategy):
    """Holds one token; `ensure_*` returns a usable one, logging in (once, under a lock) when needed."""

    def __init__(self, *, relogin_status: tuple[int, ...], header: str, prefix: str, ttl: float | None) -> None:
        self.relogin_status = tuple(relogin_status)
        self.header = header
        self.prefix = prefix
        self.ttl = ttl
        self._token: str | None = None
        self._refresh_at: float | None = None
        self._expires_at: float | None = None
        self._forbidden: tuple[str, float] | None = None
        self._lock = threading.Lock()
        self._alock = LoopLock()

    @abstractmethod
    def login_steps(self, schemes: Mapping[str, AuthStrategy]) -> LoginSteps:
        """Yield the login requests, receive their responses, return the token."""

    def apply(self, headers: httpx.Headers, query: list[tuple[str, str]], token: str | None = None) -> None:
        headers[self.header] = f"{self.prefix}{token}"

    def refused_fresh(self, token: str, now: float) -> None:
        """A token fetched by a re-login was refused again: the refusal means "forbidden", not "expired"."""
        self._forbidden = (token, now)

    def known_forbidden(self, token: str | None, now: float) -> bool:
        """True while `token` is one proven fresh and refused: logging in again would only throw it away.

        Vendors that answer 403 both for an expired session and for a forbidden resource (Gestix) would
        otherwise trade a valid session for a new one on every forbidden call; the hold is bounded so a
        session that really expires later is still renewed (at most one login per FORBIDDEN_HOLD)."""
        return self._forbidden is not None and token == self._forbidden[0] and now - self._forbidden[1] < FORBIDDEN_HOLD

    def _reusable(self, now: float, stale: str | None) -> str | None:
        """The held token, unless missing, due for refresh, or the one the server just rejected."""
        if self._token is None or self._token == stale:
            return None
        if self._refresh_at is not None and now >= self._refresh_at:
            return None
        return self._token

    def _store(self, token: str, now: float) -> str:
        expires = jwt_expiry(token)
        if expires is None or expires <= now:
            expires = now + self.ttl if self.ttl else None
        if expires is None:
            self._refresh_at = None
        else:
            lifetime = expires - now
            self._refresh_at = expires - min(REFRESH_MARGIN, lifetime / 2)
        self._expires_at = expires
        register_secrets((token,))
        self._token = token
        return token

    def _adopt(self, stored: StoredToken | None, now: float, stale: str | None) -> str | None:
        """Take over a token another process stored, unless it is the refused one or due for refresh."""
        if stored is None or stored.token == stale or (stored.refresh_at is not None and now >= stored.refresh_at):
            return None
        self._token, self._refresh_at, self._expires_at = stored.token, stored.refresh_at, stored.expires_at
        return stored.token

    def _stored(self) -> StoredToken:
        from ._coordination import StoredToken

        assert self._token is not None
        return StoredToken(self._token, self._refresh_at, self._expires_at)

    def _login_sync(
        self,
        run: Callable[[LoginCall], APIResponse[Any]],
        schemes: Mapping[str, AuthStrategy],
        now: Callable[[], float],
    ) -> str:
        steps = self.login_steps(schemes)
        call = next(steps)
        while True:
            try:
                call = steps.send(run(call))
            except StopIteration as done:
                return self._store(done.value, now())

    async def _login_async(
        self,
        run: Callable[[LoginCall], Awaitable[APIResponse[Any]]],
        schemes: Mapping[str, AuthStrategy],
        now: Callable[[], float],
    ) -> str:
        steps = self.login_steps(schemes)
        call = next(steps)
        while True:
            try:
                call = steps.send(await run(call))
            except StopIteration as done:
                return self._store(done.value, now())

    def ensure_sync(
        self,
        run: Callable[[LoginCall], APIResponse[Any]],
        schemes: Mapping[str, AuthStrategy],
        now: Callable[[], float],
        stale: str | None = None,
        shared: SharedTokens | None = None,
    ) -> str:
        """A usable token: the held one, else (with `shared`) the one another worker stored, else a new
        login. Across processes only the holder of the shared lock logs in; the others wait and adopt
        its token, so a refused token makes one re-login for everyone."""
        with self._lock:
            token = self._reusable(now(), stale)
            if token is not None:
                return token
            if shared is None:
                return self._login_sync(run, schemes, now)
            token = self._adopt(shared.load(), now(), stale)
            if token is not None:
                return token
            with shared.lock():
                token = self._adopt(shared.load(), now(), stale)
                if token is None:
                    token = self._login_sync(run, schemes, now)
                    shared.save(self._stored(), now())
                return token

    async def ensure_async(
        self,
        run: Callable[[LoginCall], Awaitable[APIResponse[Any]]],
        schemes: Mapping[str, AuthStrategy],
        now: Callable[[], float],
        stale: str | None = None,
        shared: SharedTokens | None = None,
    ) -> str:
        async with self._alock.get():
            token = self._reusable(now(), stale)
            if token is not None:
                return token
            if shared is None:
                return await self._login_async(run, schemes, now)
            token = self._adopt(await shared.aload(), now(), stale)
            if token is not None:
                return token
            async with shared.alock():
                token = self._adopt(await shared.aload(), now(), stale)
                if token is None:
                    token = await self._login_async(run, schemes, now)
                    await shared.asave(self._stored(), now())
                return token

    def secrets(self) -> tuple[str, ...]:
        return (self._token,) if self._token else ()

    def _state(self) -> str:
        return "set" if self._token else "none"


class SessionAuth(LoginAuth):
    """A login operation answers a session token (Gestix `GET /helo` -> `{"xa-token"}`), sent on every
    request after; a `relogin_status` answer means the session is gone: log in again once and repeat.

    `alt_login`/`alt_login_params` (an addition to the first design) describe a second way in, used when
    the first one lacks credentials: Gestix `POST /auth?username=..&password=..` when no API token is set.
    """

    def __init__(
        self,
        login: OperationSpec,
        token_pointer: str,
        login_scheme: str | None = None,
        login_params: Mapping[str, str | None] | None = None,
        relogin_status: tuple[int, ...] = (403,),
        header: str = "Authorization",
        prefix: str = "Bearer ",
        alt_login: OperationSpec | None = None,
        alt_login_params: Mapping[str, str | None] | None = None,
    ) -> None:
        super().__init__(relogin_status=relogin_status, header=header, prefix=prefix, ttl=None)
        self.login = login
        self.token_pointer = token_pointer
        self.login_scheme = login_scheme
        self.login_params = dict(login_params or {})
        self.alt_login = alt_login
        self.alt_login_params = dict(alt_login_params or {})

    def _primary_ready(self, schemes: Mapping[str, AuthStrategy]) -> bool:
        if any(v is None for v in self.login_params.values()):
            return False
        if self.login_scheme is None:
            return True
        scheme = schemes.get(self.login_scheme)
        return scheme is not None and scheme is not self and scheme.has_credentials(schemes)

    def _alt_ready(self) -> bool:
        return self.alt_login is not None and all(v is not None for v in self.alt_login_params.values())

    def has_credentials(self, schemes: Mapping[str, AuthStrategy]) -> bool:
        return self._primary_ready(schemes) or self._alt_ready()

    def login_steps(self, schemes: Mapping[str, AuthStrategy]) -> LoginSteps:
        if self._primary_ready(schemes) or self.alt_login is None:
            response = yield LoginCall(self.login, params=self.login_params, scheme=self.login_scheme)
        else:
            response = yield LoginCall(self.alt_login, params=self.alt_login_params)
        return _token_at(response, self.token_pointer)

    def identity(self) -> tuple[str, ...]:
        params = {**self.login_params, **self.alt_login_params}
        return tuple(f"session:{k}={v}" for k, v in sorted(params.items()))

    def secrets(self) -> tuple[str, ...]:
        params = {**self.login_params, **self.alt_login_params}
        return super().secrets() + tuple(v for k, v in params.items() if v and is_secret_name(k))

    def __repr__(self) -> str:
        params = {
            k: REDACTED if is_secret_name(k) and v else v
            for k, v in {**self.login_params, **self.alt_login_params}.items()
        }
        return f"SessionAuth(login={self.login.operation_id!r}, login_scheme={self.login_scheme!r}, params={params}, token={self._state()})"


class RsaLoginAuth(LoginAuth):
    """Wisedat: `GET /status` with `Authorization: WDAPI <api_key>` gives `PublicKey` [base64 modulus,
    base64 exponent]; `"<api_key>;<username>;<password>"` RSA-encrypted (PKCS#1 v1.5) and base64-encoded
    goes to `POST /authentication/login` as `Authorization: WDAPI <ciphertext>`; the answer's JWT is then
    sent as a bearer token, renewed before `ttl` (or its `exp`) and once on 401 (the key rotates daily)."""

    def __init__(
        self,
        key_operation: OperationSpec,
        key_pointer: str,
        login: OperationSpec,
        token_pointer: str,
        api_key: str | None,
        username: str | None,
        password: str | None,
        ttl: float = 1800,
        relogin_status: tuple[int, ...] = (401,),
        key_header_prefix: str = "WDAPI ",
    ) -> None:
        super().__init__(relogin_status=relogin_status, header="Authorization", prefix="Bearer ", ttl=ttl)
        self.key_operation = key_operation
        self.key_pointer = key_pointer
        self.login = login
        self.token_pointer = token_pointer
        self.api_key = api_key
        self.username = username
        self.password = password
        self.key_header_prefix = key_header_prefix

    def has_credentials(self, schemes: Mapping[str, AuthStrategy]) -> bool:
        return None not in (self.api_key, self.username, self.password)

    def secrets(self) -> tuple[str, ...]:
        return super().secrets() + tuple(s for s in (self.api_key, self.password) if s)

    def identity(self) -> tuple[str, ...]:
        return (f"rsa:{self.api_key}", f"rsa:{self.username}", f"rsa:{self.password}")

    def login_steps(self, schemes: Mapping[str, AuthStrategy]) -> LoginSteps:
        status = yield LoginCall(
            self.key_operation, headers={"Authorization": f"{self.key_header_prefix}{self.api_key}"}
        )
        modulus, exponent = _public_key(status, self.key_pointer)
        plaintext = f"{self.api_key};{self.username};{self.password}".encode()
        ciphertext = base64.b64encode(rsa_pkcs1v15_encrypt(modulus, exponent, plaintext)).decode("ascii")
        register_secrets((plaintext.decode(), ciphertext))  # a server echoing either must not leak it
        answer = yield LoginCall(self.login, headers={"Authorization": f"{self.key_header_prefix}{ciphertext}"})
        return _token_at(answer, self.token_pointer)

    def __repr__(self) -> str:
        return (
            f"RsaLoginAuth(login={self.login.operation_id!r}, username={self.username!r}, "
            f"api_key={REDACTED if self.api_key else None}, password={REDACTED if self.password else None}, token={self._state()})"
        )


def _b64_int(text: str) -> int:
    return int.from_bytes(base64.b64decode(text), "big")


def _public_key(response: APIResponse[Any], pointer: str) -> tuple[int, int]:
    """[modulus, exponent] as base64 big-endian integers (a `{Modulus, Exponent}` object is accepted too)."""
    key = resolve_pointer(response.parse(), pointer)
    if isinstance(key, Mapping):
        lowered = {str(k).lower(): v for k, v in key.items()}
        key = [lowered.get("modulus"), lowered.get("exponent")]
    try:
        modulus, exponent = key
        return _b64_int(modulus), _b64_int(exponent)
    except (TypeError, ValueError, binascii.Error) as exc:
        raise APIResponseValidationError(
            response.http_response, None, exc, f"no usable RSA public key at {pointer}"
        ) from exc


def rsa_pkcs1v15_encrypt(modulus: int, exponent: int, plaintext: bytes) -> bytes:
    # Imported here so clients without an RSA login never need `cryptography`.
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    public_key = rsa.RSAPublicNumbers(exponent, modulus).public_key()
    return public_key.encrypt(plaintext, padding.PKCS1v15())
