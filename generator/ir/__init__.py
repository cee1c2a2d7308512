"""Stage 3: the intermediate representation every template prints; all decisions are made while building it."""

from __future__ import annotations

from .build import build_api
from .model import Api, AuthScheme, Body, BodyField, Credential, Method, Namespace, OpSpec, Param, Resource

__all__ = ["Api", "AuthScheme", "Body", "BodyField", "Credential", "Method", "Namespace", "OpSpec", "Param", "Resource", "build_api"]
