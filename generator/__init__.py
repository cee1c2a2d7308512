"""OpenAPI -> typed Python client generator (see README and docs/)."""

__version__ = "0.1.0"
