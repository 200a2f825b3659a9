"""The notice: sections in the order of the model, three formats, Dutch euros."""

from __future__ import annotations

import json
import re
from decimal import Decimal
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


# ------------------------------------------------------------------- a letter fit to send


def test_without_sender_and_contact_the_notice_is_a_draft_listing_the_placeholders(run_cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("notice", "--example", "05_partner_en_95procent_2023")
    assert code == 0 and out.startswith("CONCEPT") and "[naam van de organisatie]" in out
    assert "CONCEPT" in err and "[naam van de organisatie]" in err and "--sender" in err
    code, out, err = run_cli(
        "notice", "--example", "05_partner_en_95procent_2023", "--format", "html",
        "--sender", "Gemeente Voorbeeld", "--contact", "14 020", "--to", "J. Jansen",
    )  # fmt: skip
    assert code == 0 and err == ""
    assert "CONCEPT" not in out and "[" not in out.split("<body>")[1]
    assert "J. Jansen" in out and "15 juli 2023" in out


def test_letter_parts_reference_payer_and_no_register_ids() -> None:
    data = bvv.examples.load("05_partner_en_95procent_2023")
    data = {**data, "id": "dossier-2023-0042"}
    data["incomes"] = [{**data["incomes"][0], "id": "ikv-123456789L01-1", "payer": "Bakkerij Jansen B.V."}]
    data["partner_incomes"] = [{**data["partner_incomes"][0], "id": "ikv-987654321L01-2"}]
    case = bvv.parse_case(data)
    result = bvv.calculate(case)
    for text in (render_text(case, result), render_html(case, result)):
        assert "Ons kenmerk" in text and "dossier-2023-0042" in text
        assert "Bakkerij Jansen B.V." in text
        assert "123456789" not in text and "987654321" not in text and "ikv-" not in text


def test_plain_dutch_and_sources_only_when_the_provenance_says_so() -> None:
    case, result, notice = notice_of("05_partner_en_95procent_2023")
    text = render_text(case, result, notice)
    assert "Volgens de BRP" not in text and ": nee" not in text and ": ja" not in text
    assert "BRP" not in text and "UWV" not in text  # a case typed by hand names no register
    assert "gehuwden_met_kinderen" not in text and "samenwoont met uw partner" in text
    data = bvv.examples.load("05_partner_en_95procent_2023")
    data["provenance"] = {
        "household.partner": {"source": "brp.json", "record": "persoon 1", "rule": "Rv 475ab"},
        "taxable_income_annual.debtor": {"source": "polis_debtor.xml", "record": "ikv 1"},
    }
    case = bvv.parse_case(data)
    text = render_text(case, bvv.calculate(case))
    assert "Basisregistratie Personen (BRP)" in text and "polisadministratie van UWV" in text


def test_an_increase_already_applied_is_not_offered_again() -> None:
    case, result, notice = notice_of("11_hoge_woonkosten_2024")
    text = render_text(case, result, notice)
    assert "al meegerekend" in text and "hoge woonkosten" in text
    assert "Betaalt u meer dan" not in text
    case, result, notice = notice_of("10_kantonrechter_verhoging_2023")
    text = render_text(case, result, notice)
    assert "Vraag dan de kantonrechter" not in text and "kantonrechter" in text


def test_the_calculation_on_the_notice_adds_up_and_shows_its_caps() -> None:
    from bvv.letters.notice_sections import calc_rows

    for name in bvv.examples.names():
        _, result, _ = notice_of(name)
        for row in calc_rows(result):
            if row.title.startswith("Ten hoogste"):
                assert "grens" in row.detail and "toepassing" in row.detail, (name, row)
            if row.title.startswith("Uitkomst van de formule"):
                terms = re.findall(r"€\xa0([\d.]+,\d\d)", row.detail.split(" (afgerond")[0])
                total = sum(Decimal(t.replace(".", "").replace(",", ".")) for t in terms)
                shown = Decimal(row.amount.removeprefix("€\xa0").replace(".", "").replace(",", "."))
                assert total == shown or "afgerond" in row.detail, (name, row)


def test_usage_mistakes_exit_2(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ex = ("notice", "--example", "05_partner_en_95procent_2023")
    with pytest.raises(SystemExit) as stop:
        run_cli(*ex, "--income-period", "werkgever=feb")
    assert stop.value.code == 2
    code, _, err = run_cli(*ex, "--income-period", "loon=2023-06")
    assert code == 2 and "werkgever" in err  # the known ids are listed
    code, _, err = run_cli(*ex, "-o", str(tmp_path / "no" / "such" / "folder.html"))
    assert code == 2 and "bestaat niet" in err
    assert run_cli(*ex, "--debug")[0] == 0  # --debug after the subcommand is accepted
    assert run_cli("--debug", *ex)[0] == 0


def test_on_paper_page_numbers_and_from_page_2_a_header_with_the_reference() -> None:
    data = {**bvv.examples.load("06_meerdere_beslagen_2024"), "id": "dossier-7"}
    case = bvv.parse_case(data)
    page = render_html(case, bvv.calculate(case))
    assert 'counter(page) " van " counter(pages)' in page  # "Pagina 1 van 2"
    assert "@page :first { @top-left { content: none; } }" in page
    assert 'content: "Overzicht van uw beslagvrije voet · kenmerk dossier-7"' in page
