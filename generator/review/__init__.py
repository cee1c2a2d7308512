"""Review tooling: house-rule lint of a spec and a classified diff between two versions of it.

Entry points for the CLI: `lint.lint_main`, `diff.diff_main`, `diff.review_main`.
"""

from __future__ import annotations

__all__: list[str] = []
