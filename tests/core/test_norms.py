"""The norm tables: complete, sourced, contiguous; a broken table is refused at load time."""

from __future__ import annotations

import itertools
from copy import deepcopy
from datetime import date, timedelta
from importlib import resources
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from bvv.norms import NormTable, all_tables, aow_age_for_year, norms_fingerprint


def _raw(start: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(resources.files("bvv.norms").joinpath(f"{start}.yaml").read_text())
    return data


def test_twelve_half_year_tables_without_gaps() -> None:
    tables = all_tables()
    assert [t.period.start.isoformat() for t in tables][:2] == ["2021-01-01", "2021-07-01"]
    assert len(tables) == 12
    for a, b in itertools.pairwise(tables):
        assert a.period.end + timedelta(days=1) == b.period.start
    assert tables[-1].period.end == date(2026, 12, 31)


def test_every_value_has_a_source_and_a_confidence() -> None:
    for table in all_tables():
        for key, value in table.values.items():
            # a URL of the official text or publication, or a named secondary source
            assert "https://" in value.source or "Stcrt" in value.source or value.confidence == "P", (
                table.name,
                key,
            )
            assert value.confidence in ("V", "P", "U")


def test_regime_switches_in_2026() -> None:
    regimes = {t.period.start.year: t.regime for t in all_tables()}
    assert regimes[2025] == "quadratic-2021" and regimes[2026] == "linear-2026"


def test_a_missing_value_is_refused_at_load_time() -> None:
    data = _raw("2024-07-01")
    del data["values"]["wzt_drempelinkomen"]
    with pytest.raises(ValidationError, match="wzt_drempelinkomen"):
        NormTable.model_validate(data)


def test_a_value_of_the_wrong_regime_is_refused() -> None:
    data = _raw("2026-01-01")
    data["values"]["wht19_a_one_person"] = deepcopy(data["values"]["pw21a_norm"])
    with pytest.raises(ValidationError, match="other regime"):
        NormTable.model_validate(data)


def test_a_float_amount_is_refused() -> None:
    data = _raw("2024-07-01")
    data["values"]["pw21a_norm"]["amount"] = 1308.45
    with pytest.raises(ValidationError, match="strings"):
        NormTable.model_validate(data)


def test_the_fingerprint_is_stable() -> None:
    assert norms_fingerprint() == norms_fingerprint() and len(norms_fingerprint()) == 64


def test_aow_age_table() -> None:
    age = aow_age_for_year(2023)
    assert age is not None and (age.years, age.months) == (66, 10)
    assert aow_age_for_year(2040) is None
