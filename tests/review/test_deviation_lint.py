"""The `x-deviation-invalid` house rule: every entry well-formed, each problem located at its entry or key."""

from __future__ import annotations

from generator.load import load_text
from generator.review.lint import lint_document

SPEC = """\
openapi: 3.0.3
info: {title: t, version: '1'}
x-deviation:
  - rule: operation-missing
    operation: GET /things
    what: the vendor publishes a thing listing
    why: out of scope for this client
    evidence: published file, #/paths/~1things/get
  - rule: operation-missing
    what: no operation named
    why: w
    evidence: e
paths:
  /items:
    get:
      operationId: listItems
      x-deviation:
        - rule: status-missing
          value: 429
          what: the vendor documents 429
          why: w
          evidence: e
        - rule: schema-kind
          what: w
          why: ''
          evidence: e
          extra: 1
        - not a mapping
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: string
                x-deviation: {rule: schema-type}
"""


def _found() -> set[tuple[int, str, str]]:
    diagnostics = lint_document(load_text(SPEC, "spec.yaml"))
    return {(d.line, d.pointer, d.message.split(" (")[0]) for d in diagnostics if d.code == "x-deviation-invalid"}


def test_malformed_entries_are_located() -> None:
    found = _found()
    expected = {
        (9, "/x-deviation/1", "operation-missing needs `operation: METHOD /path`, e.g. `GET /api/v1/products`"),
        (23, "/paths/~1items/get/x-deviation/1/rule", "x-deviation rule 'schema-kind' is not a drift rule id"),
        (25, "/paths/~1items/get/x-deviation/1/why", "x-deviation.why must be a non-empty string"),
        (23, "/paths/~1items/get/x-deviation/1", "unknown x-deviation keys: extra"),
        (28, "/paths/~1items/get/x-deviation/2", "an x-deviation entry must be a mapping {rule, what, why, evidence, property?, value?}"),
        (36, "/paths/~1items/get/responses/200/content/application~1json/schema/x-deviation", "x-deviation must be a list of entries"),
    }
    assert found == expected


def test_well_formed_entries_pass() -> None:
    assert not any(pointer.startswith(("/x-deviation/0", "/paths/~1items/get/x-deviation/0")) for _l, pointer, _m in _found())


def test_operation_missing_belongs_on_the_root() -> None:
    spec = SPEC.replace("- rule: status-missing\n          value: 429", "- rule: operation-missing\n          operation: GET /x")
    messages = {d.message for d in lint_document(load_text(spec, "spec.yaml")) if d.code == "x-deviation-invalid"}
    assert any(m.startswith("operation-missing is acknowledged on the root") for m in messages)
