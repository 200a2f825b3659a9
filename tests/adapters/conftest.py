"""Shared paths for the adapter tests.

``DATA``: our own small fixtures (invented test persons, elfproef-valid 9999xxxxx BSNs).
``FIXTURES``: the shared real fixtures in ``../shared/fixtures`` beside the repository root;
tests that need them skip when that folder is absent (they are never copied in here).
"""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"
FIXTURES = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures"


def shared(*parts: str) -> Path:
    """Path of a shared fixture file; skip the test when ../shared/fixtures is absent."""
    path = FIXTURES.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared fixture {'/'.join(parts)} not found: ../shared/fixtures is absent "
                    "beside the repository root")
    return path


@pytest.fixture
def data() -> Path:
    return DATA


@pytest.fixture(name="shared", scope="session")
def shared_fixture() -> object:
    return shared
