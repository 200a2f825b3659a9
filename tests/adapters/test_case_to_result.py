"""Issue 3 end to end: BRP + Polis (+ supplement) -> bvv case -> bvv calculate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import shared_path

from bvv.cli import main

SUWI = ("fixtures", "suwinet-plugin")


def _case(tmp_path: Path, capsys: pytest.CaptureFixture[str], supplement: dict[str, object] | None) -> Path:
    brp = shared_path(*SUWI, "BRPDossierPersoonGSD_AanvraagPersoon_111111110.xml")
    polis = shared_path(*SUWI, "UWVDossierInkomstenGSD_UWVPersoonsIkvInfo_111111110.xml")
    bsn = tmp_path / "bsn.txt"
    bsn.write_text("111111110\n")
    argv = ["case", "--brp", str(brp), "--polis", str(polis), "--bsn", f"@{bsn}", "--on", "2023-10-15"]
    if supplement is not None:
        sup = tmp_path / "supplement.json"
        sup.write_text(json.dumps(supplement))
        argv += ["--supplement", str(sup)]
    out = tmp_path / "case.json"
    assert main([*argv, "-o", str(out)]) == 0
    capsys.readouterr()
    return out


def test_case_then_calculate_keeps_the_provenance(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    supplement = {
        "incomes": {"ikv-800007219L01-1": {"net_monthly": "2450.00", "garnished": True}},
        "housing": {"kind": "rent", "costs_monthly": "850.00"},
        "company_car_wage_tax_monthly": "0.00",
    }
    case_file = _case(tmp_path, capsys, supplement)
    assert main(["calculate", str(case_file), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    prov = result["case"]["provenance"]
    # C = (3000.00 + 80.00) x 12 = 36 960.00 from the UWV file; the letter from CdSrtIkv
    assert result["case"]["taxable_income_annual"]["debtor"] == "36960.00"
    assert prov["taxable_income_annual.debtor"]["source"].startswith("UWVDossierInkomstenGSD")
    assert "800007219L01" in prov["incomes[0].category"]["record"]
    assert prov["debtor.birth_date"]["source"].startswith("BRPDossierPersoonGSD")
    assert "111111110" not in json.dumps(prov)  # BSNs are masked in the provenance
    assert result["per_income"][0]["id"] == "ikv-800007219L01-1"
    assert Path(case_file).read_text().count("******110") >= 1


def test_without_supplement_calculate_names_the_missing_facts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case_file = _case(tmp_path, capsys, None)
    assert main(["calculate", str(case_file)]) == 3
    err = capsys.readouterr().err
    assert err.startswith("fout: case-incomplete")
    for path in ("incomes[0].net_monthly", "incomes[0].garnished", "housing.kind", "housing.costs_monthly"):
        assert path in err
