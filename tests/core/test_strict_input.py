"""No silent guesses (decision 19): JSON input is strict, every refusal names its path and says
what to write; and the usage points of the commands that read a case."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import bvv
from bvv.cli import main
from bvv.errors import CaseIncomplete, CaseInvalid
from bvv.rules.rv_475ab import age_on, date_of_age, is_child_on
from tests.core.helpers import case

Change = Callable[[dict[str, Any]], Any]


def _refused(data: dict[str, Any] | str) -> CaseInvalid:
    text = data if isinstance(data, str) else json.dumps(data)
    with pytest.raises(CaseInvalid) as info:
        bvv.parse_case(text)
    return info.value


def _inc(**over: Any) -> Change:
    return lambda d: d["incomes"][0].update(over)


MISSING: list[tuple[Change, str]] = [
    # the partner's C left out with a partner present (-396.81 a month before)
    (lambda d: (d["household"].update(partner=True), d["taxable_income_annual"].pop("partner")),
     "taxable_income_annual.partner"),
    # with the override only
    (lambda d: (d["household"].update(leefsituatie="gehuwden_zonder_kinderen"),
                d["taxable_income_annual"].pop("partner")), "taxable_income_annual.partner"),
    (lambda d: d["debtor"].pop("residence"), "debtor.residence"),  # meant "nl" before
    (lambda d: d.pop("household"), "household"),  # meant single before
    (lambda d: d["household"].pop("dependent_children"), "household.dependent_children"),
    (lambda d: d["incomes"][0].pop("net_monthly"), "incomes[0].net_monthly"),
]


@pytest.mark.parametrize(("change", "path"), MISSING)
def test_a_required_fact_left_out_is_named(change: Change, path: str) -> None:
    data = case()
    change(data)
    err = _refused(data)
    assert isinstance(err, CaseIncomplete) and err.path == path and err.exit_code == 3


WRONG: list[tuple[Change, str, str]] = [
    (_inc(net_monthly="2.200"), "incomes[0].net_monthly", 'write "2200.00"'),
    (_inc(net_monthly="1.605,42"), "incomes[0].net_monthly", 'write "1605.42"'),
    (_inc(net_monthly="1e2"), "incomes[0].net_monthly", "at most two decimals"),
    (_inc(net_monthly="+5"), "incomes[0].net_monthly", "at most two decimals"),
    (_inc(net_monthly="1_000.00"), "incomes[0].net_monthly", "at most two decimals"),
    (_inc(net_monthly="١٠٠٠.٠٠"), "incomes[0].net_monthly", "at most two decimals"),
    (_inc(net_monthly=" 100.00"), "incomes[0].net_monthly", "at most two decimals"),
    (_inc(net_monthly=1500), "incomes[0].net_monthly", "not a number"),
    (_inc(net_monthly=1500.5), "incomes[0].net_monthly", "not a number"),
    (_inc(net_monthly="100000000000000000000000000"), "incomes[0].net_monthly", "large"),
    (_inc(net_monthly="-5.00"), "incomes[0].net_monthly", "negative"),
    (_inc(pay_period="week", net_per_period="250.00"), "incomes[0].net_per_period",
     "give only one"),
    (_inc(garnished="yes"), "incomes[0].garnished", "true or false"),
    (_inc(garnished=1), "incomes[0].garnished", "true or false"),
    (lambda d: d["household"].update(dependent_children=True), "household.dependent_children",
     "whole number"),
    (lambda d: d["household"].update(dependent_children="2"), "household.dependent_children",
     "whole number"),
    (lambda d: d.update(determination_date=20240115), "determination_date", '"2024-01-15"'),
    (lambda d: d.update(determination_date="20240115"), "determination_date", '"2024-01-15"'),
    (lambda d: d.update(determination_date="2024-01-15T00:00:00"), "determination_date",
     "without a time"),
    (lambda d: d.update(determination_date="2024-W03-1"), "determination_date", "YYYY-MM-DD"),
    (lambda d: d.update(determination_date="2024-02-30"), "determination_date", "no such date"),
    (lambda d: d.update(determination_date="9999-12-31"), "determination_date", "outside"),
    (lambda d: d["debtor"].update(birth_date="2024-01-16"), "debtor.birth_date",
     "after the determination date"),
    (lambda d: d["household"].update(children_birth_dates=["2010-01-01", "2025-01-01"]),
     "household.children_birth_dates[1]", "after the determination date"),
    (lambda d: d["household"].update(dependent_child=1), "household.dependent_child",
     "did you mean `dependent_children`"),
    (lambda d: d["incomes"][0].update(pay_period=["week"]), "incomes[0].pay_period", '"week"'),
    (lambda d: d.update(incomes=[dict(d["incomes"][0], id=f"i{i}") for i in range(51)]),
     "incomes", "at most 50"),
    (lambda d: d["incomes"][0].update(id="BSN 999993653 \udc00"), "incomes[0].id",
     "invalid character"),
]


@pytest.mark.parametrize(("change", "path", "says"), WRONG)
def test_a_wrongly_written_fact_is_refused_with_what_to_write(
    change: Change, path: str, says: str
) -> None:
    data = case()
    change(data)
    try:
        text = json.dumps(data)
    except UnicodeEncodeError:  # pragma: no cover - json.dumps escapes surrogates
        raise
    err = _refused(text)
    assert err.path == path and says in err.message and err.exit_code == 3
    assert err.tekst and "999993653" not in err.tekst + err.message


def test_a_key_given_twice_is_refused() -> None:
    text = json.dumps(case())[:-1] + ', "determination_date": "2024-02-01"}'
    err = _refused(text)
    assert err.path == "determination_date" and "more than once" in err.message
    nested = json.dumps(case()).replace('"partner": false', '"partner": false, "partner": true')
    assert _refused(nested).path == "household.partner"


def test_the_amounts_that_agree_are_accepted_and_negative_zero_is_zero() -> None:
    data = case(incomes=[{"id": "w", "category": "e", "pay_period": "week",
                          "net_per_period": "250.00", "net_monthly": "1083.33",
                          "garnished": True}])
    assert bvv.parse_case(json.dumps(data)).incomes[0].net_monthly == Decimal("1083.33")
    zero = bvv.parse_case(json.dumps(case(company_car_wage_tax_monthly="-0")))
    assert zero.to_json_dict()["company_car_wage_tax_monthly"] == "0.00"
    py = bvv.parse_case({**case(), "company_car_wage_tax_monthly": Decimal("-0")})
    assert py.to_json_dict()["company_car_wage_tax_monthly"] == "0.00"


def test_the_python_api_still_takes_decimals_ints_and_dates() -> None:
    data = case()
    data["determination_date"] = date(2024, 1, 15)
    data["incomes"][0]["net_monthly"] = Decimal("2200")
    assert bvv.parse_case(data).incomes[0].net_monthly == Decimal("2200.00")
    lenient = {**case(), "company_car_wage_tax_monthly": 0}
    assert bvv.Case.model_validate(lenient).company_car_wage_tax_monthly == 0


def test_input_that_broke_the_reader_is_a_clear_error() -> None:
    base = json.dumps(case())
    assert "nested" in _refused('{"a":' * 2000 + "1" + "}" * 2000).message
    assert "too long" in _refused('{"a": ' + "1" * 5000 + "}").message
    assert _refused(base.replace('"2200.00"', "1e400")).path == "incomes[0].net_monthly"
    with pytest.raises(CaseInvalid, match="UTF-16"):
        bvv.parse_case(base.encode("utf-16"))
    with pytest.raises(CaseInvalid, match="not UTF-8"):
        bvv.parse_case(base.replace("werk", "w\u00e9rk").encode("latin-1"))
    assert bvv.parse_case(b"\xef\xbb\xbf" + base.encode()).determination_date == date(2024, 1, 15)
    assert "list" in _refused({**case(), "missing_facts": "taxable_income_annual"}).message
    assert _refused({"case": case()}).path == "case"
    with pytest.raises(CaseInvalid, match="larger than"):
        bvv.parse_case(" " * 1_000_001)


def test_every_shared_example_and_golden_case_still_gives_its_amount() -> None:
    from tests.conftest import shared_path

    for name in bvv.examples.names():
        g = bvv.examples.golden(name)
        result = bvv.calculate(bvv.parse_case(json.dumps(g["case"])))
        assert str(result.beslagvrije_voet) == g["expected"]["beslagvrije_voet"], name
        # the normalised case in a result reads back strictly
        bvv.parse_case(json.dumps(result.to_json_dict()["case"]))
    for path in sorted(shared_path("spec", "examples").glob("*.case.json")):
        expected = json.loads(path.with_name(path.name.replace(".case.", ".expected.")).read_text())
        assert str(bvv.calculate(bvv.load_case(path)).beslagvrije_voet) == expected[
            "beslagvrije_voet"], path.name


# ------------------------------------------------------------------------- 29 February


def test_a_child_born_on_29_february_turns_18_on_1_march() -> None:
    born = date(2008, 2, 29)
    assert date_of_age(born, 18) == date(2026, 3, 1)
    assert is_child_on(born, date(2026, 2, 28)) and not is_child_on(born, date(2026, 3, 1))
    assert age_on(date(1996, 2, 29), date(2017, 2, 28)) == 20
    assert not is_child_on(date(2030, 1, 1), date(2026, 1, 1))  # not born yet


# ------------------------------------------------------------------------- the CLI


def test_calculate_without_a_case_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calculate"]) == 2
    assert "geef een dossierbestand" in capsys.readouterr().err


def test_example_by_prefix_and_ambiguous(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calculate", "--example", "01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["beslagvrije_voet"] == "1021.67"
    assert main(["calculate", "--example", "1"]) == 2
    err = capsys.readouterr().err
    assert "past bij meer voorbeelden" in err and "10_kantonrechter" in err
    assert main(["calculate", "--example", "zz"]) == 2


def test_examples_export_writes_cases_calculate_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["examples", "--export", str(tmp_path / "vb")]) == 0
    files = sorted((tmp_path / "vb").glob("*.case.json"))
    assert len(files) == len(bvv.examples.names())
    assert main(["calculate", str(files[0]), "--json"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out[out.index("{"):])["beslagvrije_voet"] == "1021.67"
    golden = tmp_path / "golden.json"
    golden.write_text(json.dumps(bvv.examples.golden("01")))
    assert main(["calculate", str(golden)]) == 3
    assert "onder `case`" in capsys.readouterr().err


def test_calculate_masks_a_bsn_it_would_echo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = case()
    data["incomes"][0]["net_monthly"] = "BSN 999993653"
    data["typo 999993653"] = 1
    path = tmp_path / "dossier_999993653.json"
    path.write_text(json.dumps(data))
    assert main(["calculate", str(path)]) == 3
    assert main(["calculate", str(tmp_path / "absent_999993653.json")]) == 74
    err = capsys.readouterr().err
    assert "999993653" not in err and "fout: case-invalid" in err


def test_on_is_checked_like_the_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calculate", "--example", "01", "--on", "1979-01-01"]) == 3  # before the birth
    with pytest.raises(SystemExit) as usage:  # argparse: exit 2
        main(["calculate", "--example", "01", "--on", "2024-W01-1"])
    assert usage.value.code == 2
    assert main(["calculate", "--example", "01", "--on", "9999-12-31",
                 "--allow-latest-norms"]) == 3
