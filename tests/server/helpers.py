"""Shared by the server tests: the web form's answers for a case or a notice."""

from __future__ import annotations

from typing import Any


def _yes(flag: Any) -> str:
    return "ja" if flag else "nee"


def _household(hh: dict[str, Any], tax: dict[str, Any]) -> dict[str, str]:
    return {
        "partner": _yes(hh.get("partner")),
        "kinderen": str(hh.get("dependent_children", 0)),
        "belastbaar": tax["debtor"],
        "belastbaar_partner": tax.get("partner", "0.00") if hh.get("partner") else "",
    }


def case_answers(case: dict[str, Any]) -> dict[str, str]:
    """The answers a counsellor types for ``case`` (the fields the form asks)."""
    debtor, hh, housing = case.get("debtor", {}), case.get("household", {}), case.get("housing", {})
    tax = case["taxable_income_annual"]
    out = {
        "peildatum": case["determination_date"],
        "geboortedatum": debtor.get("birth_date") or "",
        "woonsituatie": debtor.get("residence", "nl"),
        **_household(hh, tax),
        "wonen": housing.get("kind", "none"),
        "woonkosten": housing.get("costs_monthly", "0.00"),
        "hoge_woonkosten_aangevraagd": (housing.get("high_costs_increase") or {}).get("requested_on", ""),
        "auto_loonheffing": case.get("company_car_wage_tax_monthly", "0.00"),
    }
    for n, inc in enumerate(case.get("incomes", ()), 1):
        out |= {f"inkomen{n}_bedrag": inc["net_monthly"], f"inkomen{n}_periode": "month",
                f"inkomen{n}_soort": inc["category"], f"inkomen{n}_beslag": _yes(inc["garnished"])}
    for n, inc in enumerate(case.get("partner_incomes", ()), 1):
        out |= {f"partnerinkomen{n}_bedrag": inc["net_monthly"], f"partnerinkomen{n}_periode": "month",
                f"partnerinkomen{n}_soort": inc["category"],
                f"partnerinkomen{n}_beslag": _yes(inc["garnished"])}
    return out


def notice_answers(notice: dict[str, Any]) -> dict[str, str]:
    """The figures of a notice (``bvv-notice/1`` JSON) as typed into "Controleer een brief"."""
    hh, tax, housing = notice["household"], notice["taxable_income_annual"], notice.get("housing", {})
    out = {
        "brief_datum": notice["determination_date"],
        "brief_bvv": notice["beslagvrije_voet"],
        "brief_leefsituatie": notice.get("leefsituatie", ""),
        "woonsituatie": (notice.get("debtor") or {}).get("residence", "nl"),
        **_household(hh, tax),
        "wonen": housing.get("kind", "none"),
        "woonkosten": housing.get("costs_monthly", ""),
    }
    for key, value in (notice.get("calculation") or {}).items():
        out[f"berekening_{key}"] = value
    for n, inc in enumerate(notice.get("incomes", ()), 1):
        out |= {f"inkomen{n}_bedrag": inc["net_monthly"], f"inkomen{n}_soort": inc.get("category", ""),
                f"inkomen{n}_beslag": _yes(inc.get("garnished", True))}
        if inc.get("holiday_allowance_included") is not None:
            out[f"inkomen{n}_vakantiegeld"] = _yes(inc["holiday_allowance_included"])
    for n, inc in enumerate(notice.get("partner_incomes", ()), 1):
        out |= {f"partnerinkomen{n}_bedrag": inc["net_monthly"],
                f"partnerinkomen{n}_soort": inc.get("category", ""),
                f"partnerinkomen{n}_beslag": _yes(inc.get("garnished", False))}
    return out
