"""Item class names for plural array components must be datamodel-code-generator's (its inflect rule), and asking
for one must stay cheap: inflect loaded without typeguard's instrumentation or the tool's reference module."""

from __future__ import annotations

import subprocess
import sys

import pytest

from generator.emit_models import _singular

# Regular and irregular plurals, words that are not plurals, and the odd answers only inflect gives.
WORDS = [
    "Tags",
    "Groups",
    "FreeFields",
    "Addresses",
    "Statuses",
    "Prices",
    "Categories",
    "Boxes",
    "Analysis",
    "Data",
    "Criteria",
    "Children",
    "People",
    "Mice",
    "Geese",
    "Teeth",
    "Women",
    "Alumni",
    "Formulae",
    "Indices",
    "ProductBulkUpdate",
    "InvoicePositionsCreate",
    "PurchasePricesBulkUpdateV2Beta",
    "Series",
    "News",
    "Sheep",
    "Status",
    "Bus",
    "Axes",
    "Leaves",
    "Wolves",
    "Heroes",
    "Quizzes",
    "Matrices",
    "Phenomena",
    "Ox",
    "Oxen",
    "Ies",
    "S",
    "Ss",
    "Items",
    "ItemList",
    "Metadata",
    "Media",
    "Settings",
]


@pytest.mark.parametrize("word", WORDS)
@pytest.mark.parametrize("suffix", ["Item", "Element"])
def test_singular_matches_datamodel_code_generator(word: str, suffix: str) -> None:
    from datamodel_code_generator.reference import get_singular_name

    assert _singular(word, suffix) == get_singular_name(word, suffix)


def test_inflect_loads_without_instrumentation_or_the_tools_reference_module() -> None:
    script = (
        "import sys\nfrom generator.emit_models import _singular\n"
        "assert _singular('Analysis') == 'Analysi' and _singular('ProductBulkUpdate') == 'ProductBulkUpdateItem'\n"
        "print(sorted(m for m in ('typeguard', 'inflect', 'datamodel_code_generator') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
