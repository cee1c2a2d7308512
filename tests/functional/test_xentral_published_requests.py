"""Request models of Xentral V1 require what the vendor's published request schemas require.

Some request bodies used to point at our shared shapes (Money with nothing required, ReferenceList whose items
leave id optional) while the vendor publishes the members as required there. A caller building such a body
then learnt about the missing member from the server's 400, if at all; these models must refuse it first.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from pydantic import ValidationError


def test_pos_journal_cash_amount_requires_amount_and_currency() -> None:
    """Published: #/paths/~1api~1v1~1posJournals~1actions~1add/post/.../entry/oneOf/1/properties/amount, required [amount, currency]."""
    from xentral_client import models

    with pytest.raises(ValidationError, match="currency"):
        models.PosJournalCashEntryAmount(amount=Decimal("12.50"))
    with pytest.raises(ValidationError, match="amount"):
        models.PosJournalCashEntryAmount(currency="EUR")

    amount = models.PosJournalCashEntryAmount(amount=Decimal("12.50"), currency="EUR")
    entry = models.PosJournalCashEntry(type="cash_in", timestamp="2024-08-13T12:01:14Z", amount=amount)
    wire = json.loads(entry.model_dump_json(by_alias=True, exclude_unset=True))
    assert wire["amount"] == {"amount": "12.50", "currency": "EUR"}  # the published string, not a float


def test_external_reference_delete_list_requires_ids() -> None:
    """Published: #/paths/~1api~1v1~1products~1{id}~1externalReferences/delete/.../items, required [id];
    the other bulk deletes publish the id as optional and keep accepting an entry without it."""
    from xentral_client import models

    with pytest.raises(ValidationError, match="id"):
        models.ExternalReferenceIdList([{}])
    assert models.ExternalReferenceIdList([{"id": "3"}]).model_dump() == [{"id": "3"}]
    assert models.ReferenceList([{}]).model_dump(exclude_unset=True) == [{}]
