"""Auth strategies: one object per security scheme, picked per operation from `op.security`.

The static strategies here only decorate a request. The ones that trade credentials for a token first
(`SessionAuth`, `RsaLoginAuth`) live in `_login.py`. Every `repr` shows whether a secret is set, never
the secret itself.
"""

from __future__ import annotations

import base64
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Literal

import httpx

from ._exceptions import ClientError
from ._logging import REDACTED

__all__ = ["ApiKeyAuth", "AuthStrategy", "BasicAuth", "BearerAuth", "select_auth"]


def _shown(secret: str | None) -> str:
    return REDACTED if secret is not None else "None"


class AuthStrategy(ABC):
    """Puts one scheme's credentials on a request."""

    #: statuses that mean "the token is no longer valid" (only login strategies have any)
    relogin_status: tuple[int, ...] = ()

    @abstractmethod
    def has_credentials(self, schemes: Mapping[str, AuthStrategy]) -> bool:
        """Whether this scheme can be used; `schemes` lets a login strategy check the scheme it logs in with."""

    @abstractmethod
    def apply(self, headers: httpx.Headers, query: list[tuple[str, str]], token: str | None = None) -> None:
        """Add the credentials; `token` is the current token of a login strategy."""

    def secrets(self) -> tuple[str, ...]:
        """The secret values this strategy holds, so messages can be scrubbed of them."""
        return ()

    def identity(self) -> tuple[str, ...]:
        """The configured credentials that tell one account/user from another (hashed into shared
        coordination keys, never stored); tokens obtained later are not part of it."""
        return self.secrets()


class BearerAuth(AuthStrategy):
    def __init__(self, token: str | None) -> None:
        self.token = token

    def has_credentials(self, schemes: Mapping[str, AuthStrategy]) -> bool:
        return bool(self.token)

    def apply(self, headers: httpx.Headers, query: list[tuple[str, str]], token: str | None = None) -> None:
        headers["Authorization"] = f"Bearer {self.token}"

    def secrets(self) -> tuple[str, ...]:
        return (self.token,) if self.token else ()

    def __repr__(self) -> str:
        return f"BearerAuth(token={_shown(self.token)})"


class ApiKeyAuth(AuthStrategy):
    def __init__(
        self,
        value: str | None,
        *,
        name: str = "api_key",
        location: Literal["query", "header", "cookie"] = "header",
        prefix: str = "",
    ) -> None:
        self.value = value
        self.name = name
        self.location = location
        self.prefix = prefix

    def has_credentials(self, schemes: Mapping[str, AuthStrategy]) -> bool:
        return bool(self.value)

    def apply(self, headers: httpx.Headers, query: list[tuple[str, str]], token: str | None = None) -> None:
        value = f"{self.prefix}{self.value}"
        if self.location == "query":
            query.append((self.name, value))
        elif self.location == "cookie":
            existing = headers.get("Cookie")
            headers["Cookie"] = f"{existing}; {self.name}={value}" if existing else f"{self.name}={value}"
        else:
            headers[self.name] = value

    def secrets(self) -> tuple[str, ...]:
        return (self.value,) if self.value else ()

    def __repr__(self) -> str:
        return f"ApiKeyAuth(name={self.name!r}, location={self.location!r}, value={_shown(self.value)})"


class BasicAuth(AuthStrategy):
    def __init__(self, username: str | None, password: str | None) -> None:
        self.username = username
        self.password = password

    def has_credentials(self, schemes: Mapping[str, AuthStrategy]) -> bool:
        return self.username is not None and self.password is not None

    def apply(self, headers: httpx.Headers, query: list[tuple[str, str]], token: str | None = None) -> None:
        pair = f"{self.username}:{self.password}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")

    def secrets(self) -> tuple[str, ...]:
        return (self.password,) if self.password else ()

    def identity(self) -> tuple[str, ...]:
        return (f"basic:{self.username}", f"basic:{self.password}")

    def __repr__(self) -> str:
        return f"BasicAuth(username={self.username!r}, password={_shown(self.password)})"


def select_auth(
    operation_id: str,
    security: tuple[tuple[str, ...], ...],
    schemes: Mapping[str, AuthStrategy],
    hints: Mapping[str, str] | None = None,
) -> tuple[AuthStrategy, ...]:
    """The first alternative of `security` whose schemes are all configured with credentials.

    `()` means the operation needs no auth; an empty alternative (OpenAPI `{}`) makes auth optional.
    `hints` say, per scheme, which constructor arguments configure it (the error names them).
    """
    if not security:
        return ()
    for alternative in security:
        if all(name in schemes and schemes[name].has_credentials(schemes) for name in alternative):
            return tuple(schemes[name] for name in alternative)
    hints = hints or {}
    wanted = " or ".join(" and ".join(hints.get(name) or name for name in alternative) for alternative in security)
    raise ClientError(f"{operation_id} needs credentials: pass {wanted} to the client")
