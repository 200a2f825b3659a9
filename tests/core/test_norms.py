"""The norm tables: complete, sourced, contiguous; a broken table is refused at load time."""

from __future__ import annotations

import itertools
import json
from copy import deepcopy
from datetime import date, timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

import bvv
from bvv.cli.app import main
from bvv.errors import NormsNotAvailable
from bvv.norms import (
    NormFileInvalid,
    NormTable,
    all_tables,
    aow_age_for_year,
    bundled_norms,
    load_norm_dir,
    norms_fingerprint,
)
from bvv.norms.tables import _parse_amount as parse_amount
from tests.core.helpers import case


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


# ------------------------------------------------------------------ legal sources (issue 10)

#: phrases of research notes: where a value was looked up, not which publication sets it
LOOKUP_NOTES = (
    "github",
    "code search",
    "third-party",
    "transcribed",
    "norms-data",
    "verify_maxima",
    "spec/",
    "poc-machine-law",
    "vlex",
    "theandries",
    "cited by",
    "is wrong",
    "no official page read",
    ".js",
    "workbook",
    "via ",
    "lawreader",
)


def _sources() -> list[tuple[str, str, str]]:
    found = []
    for table in all_tables():
        for key, value in table.values.items():
            found.append((table.name, key, value.source))
            if value.as_published is not None:
                found.append((table.name, f"{key}.as_published", value.as_published.source))
    return found


@pytest.mark.parametrize("note", LOOKUP_NOTES)
def test_no_source_is_a_lookup_note(note: str) -> None:
    offending = [(name, key) for name, key, source in _sources() if note in source.lower()]
    assert not offending, f"research note {note!r} in a source; move it to 'note': {offending}"


def test_every_source_names_a_publication() -> None:
    """A law version on wetten.overheid.nl, a Staatscourant/Staatsblad number, or a named regulation
    or Mededeling (with the article it rests on)."""
    publication = (
        "https://wetten.overheid.nl/",
        "https://zoek.officielebekendmakingen.nl/",
        "Stcrt.",
        "Stb.",
    )
    named = ("Regeling ", "Besluit ", "Mededeling", "Staatscourant", "Staatsblad", "maxima published")
    for name, key, source in _sources():
        assert any(p in source for p in publication) or any(n in source for n in named), (name, key, source)


def test_verified_agrees_with_the_confidence() -> None:
    for table in all_tables():
        for key, value in table.values.items():
            if value.confidence == "V":
                assert value.verified == "read", (table.name, key)
            if value.verified in ("secondary", "reproduced"):
                assert value.confidence == "P", (table.name, key)
            assert value.verified != "unverified" and value.confidence != "U", (table.name, key)


def test_research_notes_never_reach_a_result() -> None:
    result = bvv.calculate(case("2026-07-15"))
    text = json.dumps(result.to_json_dict())
    for note in LOOKUP_NOTES:
        assert note not in text.lower().replace("https://", ""), note
    ref = result.norms["zvw_standaardpremie"]
    assert ref.source.startswith("Regeling standaardpremie") and ref.verified == "reproduced"
    assert ref.confidence == "P"


def test_a_published_table_may_not_hold_unverified_values() -> None:
    data = _raw("2026-07-01")
    data["values"]["pw21a_norm"]["confidence"] = "U"
    with pytest.raises(ValidationError, match="unverified"):
        NormTable.model_validate(data)
    data["status"] = "provisional"
    assert NormTable.model_validate(data).status == "provisional"


# ------------------------------------------------------------------ a folder of periods (issue 14)


def _skeleton(tmp_path: Path, start: str = "2027-01-01") -> Path:
    folder = tmp_path / "normen"
    folder.mkdir(parents=True, exist_ok=True)
    assert main(["norms", "new", start, "-o", str(folder)]) == 0
    return folder


def test_new_writes_a_provisional_skeleton_with_every_key(tmp_path: Path) -> None:
    folder = _skeleton(tmp_path)
    data = yaml.safe_load((folder / "2027-01-01.yaml").read_text())
    latest = all_tables()[-1]
    assert data["status"] == "provisional" and data["period"] == {"start": "2027-01-01", "end": "2027-06-30"}
    assert set(data["values"]) == set(latest.values)
    for key, value in data["values"].items():
        assert value["confidence"] == "U" and value["verified"] == "unverified", key
        assert Decimal(parse_amount(value["amount"])) == latest.values[key].amount, key
        assert value["to_read"], f"{key}: no publication to read"
    assert any(
        "Regeling huurtoeslaggrenzen 2027" in r
        for r in data["values"]["wht16_basishuur_one_person"]["to_read"]
    )


def test_new_refuses_a_period_that_exists_or_leaves_a_gap(tmp_path: Path) -> None:
    assert main(["norms", "new", "2026-07-01", "-o", str(tmp_path)]) == 2
    assert main(["norms", "new", "2027-07-01", "-o", str(tmp_path)]) == 2


def test_a_loaded_folder_adds_a_period_and_changes_the_fingerprint(tmp_path: Path) -> None:
    norm_set = load_norm_dir(_skeleton(tmp_path))
    assert [t.start.isoformat() for t in norm_set.tables][-1] == "2027-01-01"
    assert norm_set.fingerprint != bundled_norms().fingerprint
    assert norm_set.is_loaded(norm_set.tables[-1]) and not norm_set.is_loaded(norm_set.tables[0])
    with pytest.raises(NormsNotAvailable, match="provisional"):
        norm_set.table_for(date(2027, 3, 1))
    table, latest = norm_set.table_for(date(2027, 3, 1), allow_provisional=True)
    assert table.status == "provisional" and not latest


def test_a_loaded_folder_with_a_gap_or_a_wrong_maximum_is_refused(tmp_path: Path) -> None:
    folder = _skeleton(tmp_path)
    (folder / "2027-01-01.yaml").rename(folder / "2027-07-01.yaml")
    with pytest.raises(NormFileInvalid):
        load_norm_dir(folder)
    folder = _skeleton(tmp_path / "b")
    path = folder / "2027-01-01.yaml"
    data = yaml.safe_load(path.read_text())
    data["values"]["maximum_gehuwden_met_kinderen"]["amount"] = "3197.68"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(NormFileInvalid, match="maximum_gehuwden_met_kinderen"):
        load_norm_dir(folder)


def test_a_loaded_file_replaces_a_bundled_period(tmp_path: Path) -> None:
    data = _raw("2026-07-01")
    data["values"]["pw21a_norm"]["label"] = "Bijstandsnorm alleenstaande (vervangen)"
    (tmp_path / "2026-07-01.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    norm_set = load_norm_dir(tmp_path)
    assert len(norm_set.tables) == 12 and norm_set.is_loaded(norm_set.tables[-1])
    assert norm_set.tables[-1].values["pw21a_norm"].label.endswith("(vervangen)")


def test_cli_list_show_diff_speak_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["norms", "list"]) == 0
    out = capsys.readouterr().out
    assert "2026-07-01 t/m 2026-12-31" in out and "gepubliceerd" in out and "Stcrt. 2025, 40022" in out
    assert "U = nog niet gecontroleerd" in out
    assert main(["norms", "show", "2026-08-01"]) == 0
    out = capsys.readouterr().out
    assert "nagerekend met gepubliceerde bedragen" in out and "bron: Regeling standaardpremie" in out
    assert main(["norms", "show", "2025-01-01", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["values"]["wht19_a_one_person"]["amount"] == "0.000000438698"
    assert "note" not in shown["values"]["zvw_standaardpremie"]
    assert main(["norms", "diff", "2026-01-01", "2026-07-01"]) == 0
    out = capsys.readouterr().out
    assert "pw21a_norm" in out and "+1,28 %" in out and "zvw_standaardpremie" not in out


def test_worked_example_rebuilds_2026_07_01(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """docs/norms-maintenance.md: a skeleton from 2026-01-01, filled in from the publications of
    2026-07-01 (here: the bundled values and sources), passes the check; one wrong digit in B fails."""
    assert main(["norms", "new", "2026-07-01", "--replace", "-o", str(tmp_path)]) == 0
    path = tmp_path / "2026-07-01.yaml"
    data = yaml.safe_load(path.read_text())
    published = _raw("2026-07-01")["values"]
    assert data["values"]["pw21a_norm"]["amount"] == "1401.50"  # carried over from 2026-01-01
    for key, value in data["values"].items():
        read = published[key]
        del value["to_read"]
        value.update({f: read[f] for f in ("amount", "source", "verified", "confidence")})
    data["status"] = "published"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    capsys.readouterr()
    assert main(["norms", "check", str(path)]) == 0
    assert load_norm_dir(path).tables[-1].values["pw21a_norm"].amount == Decimal("1419.46")
    data["values"]["pw21b_norm"]["amount"] = "2027.89"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    capsys.readouterr()
    assert main(["norms", "check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "FOUT: maximum_gehuwden_zonder_kinderen" in out and "FOUT: maximum_gehuwden_met_kinderen" in out
    assert "FOUT: maximum_alleenstaande " not in out


# ------------------------------------------------------- computing with a provisional table (issue 14)


def test_a_provisional_table_computes_only_when_allowed(tmp_path: Path) -> None:
    """A skeleton of 2027-01-01 (the 2026-07-01 values, provisional): refused by default; with
    allow_provisional_norms the result says so and the receipt names the loaded set's hash."""
    norm_set = load_norm_dir(_skeleton(tmp_path))
    data = case("2027-02-01")
    with pytest.raises(NormsNotAvailable, match="provisional") as err:
        bvv.calculate(data, norms=norm_set)
    assert err.value.exit_code == 4
    result = bvv.calculate(data, norms=norm_set, allow_provisional_norms=True)
    ids = [a.id for a in result.assumptions]
    assert "provisional-norms-used" in ids and "loaded-norms-used" in ids
    assert result.receipt.norms_sha256 == norm_set.fingerprint != bundled_norms().fingerprint
    assert result.norm_period == date(2027, 1, 1)
    assert result.norms["pw21a_norm"].confidence == "U"
    same_day_2026 = bvv.calculate(case("2026-08-01"))
    assert result.beslagvrije_voet == same_day_2026.beslagvrije_voet
    assert "provisional-norms-used" not in [a.id for a in same_day_2026.assumptions]


def test_cli_norms_dir_and_allow_provisional(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _skeleton(tmp_path)
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case("2027-02-01")))
    capsys.readouterr()
    assert main(["calculate", str(path), "--norms", str(folder)]) == 4
    assert "provisional" in capsys.readouterr().err
    assert main(["calculate", str(path)]) == 4
    assert main(["calculate", str(path), "--norms", str(folder), "--allow-provisional-norms", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"provisional-norms-used", "loaded-norms-used"} <= {a["id"] for a in out["assumptions"]}
    assert out["receipt"]["norms_sha256"] == load_norm_dir(folder).fingerprint
    stored = tmp_path / "result.json"
    stored.write_text(json.dumps(out))
    monkeypatch.setenv("BVV_NORMS_DIR", str(folder))
    assert main(["receipt", "verify", str(stored)]) == 0, capsys.readouterr()


def test_env_norms_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _skeleton(tmp_path)
    monkeypatch.setenv("BVV_NORMS_DIR", str(folder))
    assert [t.start.isoformat() for t in all_tables()][-1] == "2027-01-01"
    assert norms_fingerprint() == load_norm_dir(folder).fingerprint
    result = bvv.calculate(case("2027-02-01"), allow_provisional_norms=True)
    assert "loaded-norms-used" in [a.id for a in result.assumptions]
    monkeypatch.delenv("BVV_NORMS_DIR")
    assert norms_fingerprint() == bundled_norms().fingerprint


def test_the_notebook_view_defines_the_confidence_marks() -> None:
    from bvv.render import result_html

    html = result_html(bvv.calculate(case("2026-07-15")))
    assert "V = gelezen in de officiële tekst" in html and "U = nog niet gecontroleerd" in html
