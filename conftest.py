"""Collection settings for the whole repository (``testpaths`` holds ``tests`` and ``src/bvv``).

The doctests of ``bvv.server`` need the ``server`` extra; without it they are not collected (the
tests in ``tests/server`` skip with the reason).
"""

from __future__ import annotations

collect_ignore_glob: list[str] = []
try:
    import fastapi  # noqa: F401
except ImportError:
    collect_ignore_glob.append("src/bvv/server/*")
