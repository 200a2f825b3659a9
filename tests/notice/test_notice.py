"""The notice: sections in the order of the model, three formats, Dutch euros."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import bvv
from bvv.letters.notice import SECTIONS, blocks, render, render_html, render_text
from bvv.model.notice import Notice
from tests.notice.conftest import notice_of


@pytest.mark.parametrize("name", bvv.examples.names())
def test_every_golden_case_renders_in_all_formats(name: str) -> None:
    case, result, notice = notice_of(name)
    text = render(case, result, "text")
    assert text.startswith("CONCEPT") and "\nOverzicht van uw beslagvrije voet\n" in text
    assert bvv.render.eur(result.beslagvrije_voet) in text
    page = render(case, result, "html")
    assert page.startswith("<!DOCTYPE html>") and "@page { size: A4" in page
    data = json.loads(render(case, result, "json"))
    assert data["format"] == "bvv-notice/1"
    assert Notice.model_validate(data) == notice
    assert data["beslagvrije_voet"] == str(result.beslagvrije_voet)


def test_sections_follow_the_order_of_the_model() -> None:
    case, result, notice = notice_of("06_meerdere_beslagen_2024")
    keys = [b.key for b in blocks(case, result, notice)]
    order = [s.key for s in SECTIONS]
    assert keys == sorted(keys, key=order.index)
    # the verified opening of bijlage 2, in its order
    assert keys[:5] == ["uitleg", "controle", "hoogte", "verdeling", "gaat_over"]
    assert keys[-4:] == ["informatieplicht", "verhoging", "termijn", "contact"]


def test_pro_rata_section_only_with_several_garnishments() -> None:
    case, result, notice = notice_of("01_bijstand_alleenstaande_2021")
    assert "verdeling" not in [b.key for b in blocks(case, result, notice)]
    case, result, notice = notice_of("06_meerdere_beslagen_2024")
    text = render_text(case, result, notice)
    assert "Verdeling over meer beslagen" in text and "475c lid 5" in text


def test_the_notice_names_the_ways_to_a_higher_bvv_and_the_four_weeks() -> None:
    case, result, notice = notice_of("05_partner_en_95procent_2023")
    text = render_text(case, result, notice)
    for article in ("475da lid 5", "475da lid 7", "475fa", "475g lid 1", "475i lid 3"):
        assert article in text
    assert "475e lid 1" not in text  # only for a debtor without a residential address
    case, result, notice = notice_of("02_geen_woonadres_2021")
    assert "475e lid 1" in render_text(case, result, notice)
    assert "vier weken" in text
    assert "€\xa0888,87" in text  # 110 % of the maximale huurgrens, 2023-07
    assert "€\xa0760,00" in text


def test_action_sender_contact_and_income_month() -> None:
    case, result, notice = notice_of(
        "01_bijstand_alleenstaande_2021",
        action="verrekening",
        sender="Gemeente X",
        contact="14 020",
        income_periods={"gemeente": "2020-12"},
    )
    text = render_text(case, result, notice)
    assert "Wij verrekenen met uw" in text
    assert "Gemeente X: 14 020" in text
    ids = [i.id for i in notice.incomes]
    if "gemeente" in ids:
        assert "2020-12" in text


def test_missing_facts_become_a_request_in_plain_dutch() -> None:
    case, result, notice = notice_of(
        "01_bijstand_alleenstaande_2021", missing_data=("housing.costs_monthly: not in any register",)
    )
    assert notice.missing_data == ("housing.costs_monthly: not in any register",)
    text = render_text(case, result, notice)
    assert "Wij hebben nog gegevens nodig" in text
    assert "Uw woonkosten (huur of hypotheek)" in text


def test_html_escapes_and_links_every_step() -> None:
    case, result, notice = notice_of("05_partner_en_95procent_2023", sender="<Kantoor & Co>")
    page = render_html(case, result, notice)
    assert "&lt;Kantoor &amp; Co&gt;" in page
    for step in result.steps:
        if step.id not in ("475da-1-leefsituatie", "475da-2-C"):  # shown in their own sections
            assert step.citation.url in page


def test_cli_notice_writes_each_format(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli("notice", "--example", "05_partner_en_95procent_2023", "--format", "json")
    assert code == 0 and json.loads(out)["beslagvrije_voet"] == "760.00"
    target = tmp_path / "n.html"
    code, _, _ = run_cli(
        "notice",
        "--example",
        "05_partner_en_95procent_2023",
        "--format",
        "html",
        "-o",
        str(target),
        "--income-period",
        "werkgever=2023-06",
    )
    assert code == 0 and "juni 2023" in target.read_text()
