"""The report of ``bvv verify`` (``bvv-verify/1``): each difference, who it favours, and its text.

JSON keeps stable English codes (``field``, ``favours``); everything a person reads (``to_text``,
the notebook view) is Dutch, with a Dutch name for each field instead of its JSON path.
"""

from __future__ import annotations

import html
import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, PlainSerializer

from bvv.money import fmt
from bvv.render import eur, nl_date
from bvv.rules.rv_475ab import LEEFSITUATIE_NL

SignedMoney = Annotated[Decimal, PlainSerializer(fmt, return_type=str)]

#: who a difference favours: ``debtor`` (the letter leaves the debtor more than the law does),
#: ``creditor`` (it leaves the debtor less), ``unknown`` (no amount follows from it, or it
#: cannot be computed)
Favours = Literal["debtor", "creditor", "unknown"]


class Difference(BaseModel):
    """One point where the notice departs from the recomputation or from the case."""

    model_config = ConfigDict(frozen=True)

    field: str
    label: str = ""
    rule: str
    url: str | None = None
    notice_value: str | None = None
    expected_value: str | None = None
    amount_at_stake: SignedMoney | None = None
    estimate: bool = False
    favours: Favours = "unknown"
    fault: bool = True
    explanation: str
    what_to_do: str


class VerifyReport(BaseModel):
    """The outcome of ``bvv verify`` (``bvv-verify/1``).

    ``agrees`` is true when no difference works against the debtor (``fault``); differences in
    the debtor's favour are remarks. With ``exact`` every difference is a fault.
    """

    model_config = ConfigDict(frozen=True)

    format: Literal["bvv-verify/1"] = "bvv-verify/1"
    agrees: bool
    exact: bool = False
    reference: Literal["notice", "case"]
    determination_date: date
    notice_bvv: SignedMoney
    expected_bvv: SignedMoney
    expected_leefsituatie: str
    norm_period: date
    differences: tuple[Difference, ...]
    notes: tuple[str, ...] = ()

    @property
    def exit_code(self) -> int:
        return 0 if self.agrees else 1

    @property
    def faults(self) -> tuple[Difference, ...]:
        return tuple(d for d in self.differences if d.fault)

    @property
    def remarks(self) -> tuple[Difference, ...]:
        return tuple(d for d in self.differences if not d.fault)

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def headline(self) -> str:
        faults, remarks = len(self.faults), len(self.remarks)
        if faults:
            what = _count(faults, "fout", "fouten")
            return f"De brief is niet goed: {what} in uw nadeel of niet na te gaan."
        if remarks:
            return (
                f"De brief is goed voor u: {_count(remarks, 'verschil', 'verschillen')}, "
                "allemaal in uw voordeel."
            )
        return "De brief klopt met de herberekening."

    def to_text(self) -> str:
        basis = "met de gegevens van de brief" if self.reference == "notice" else "met uw dossier"
        lines = [
            self.headline(),
            f"Beslagvrije voet op de brief: {eur(self.notice_bvv)} per maand. Herberekend {basis}: "
            f"{eur(self.expected_bvv)} per maand (bedragen die gelden vanaf {nl_date(self.norm_period)}).",
        ]
        if self.faults:
            lines += ["", "Fouten (in uw nadeel of niet na te gaan):"]
            lines += _items(self.faults)
        if self.remarks:
            lines += ["", "Verschillen in uw voordeel (geen fout):"]
            lines += _items(self.remarks, start=len(self.faults) + 1)
        if self.notes:
            lines += ["", "Opmerkingen:"] + [f"  - {n}" for n in self.notes]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        e = html.escape
        color = "#b42318" if self.faults else "#1a7f37"
        rows = "".join(_html_row(d) for d in self.differences)
        notes = "".join(f"<li>{e(n)}</li>" for n in self.notes)
        table = (
            "<table><thead><tr><th>gegeven</th><th>op de brief</th><th>volgens de wet</th>"
            "<th>per maand</th><th>in voordeel van</th><th>regel</th><th>toelichting en wat te doen</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>"
            if self.differences
            else ""
        )
        return (
            f"<div><p style='color:{color}'><b>{e(self.headline())}</b> Brief {e(eur(self.notice_bvv))}, "
            f"herberekend {e(eur(self.expected_bvv))} per maand.</p>{table}"
            + (f"<ul>{notes}</ul>" if notes else "")
            + "</div>"
        )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


FAVOURS_NL: dict[str, str] = {"debtor": "u", "creditor": "de afzender", "unknown": "onbekend"}

_MONEY = re.compile(r"^-?\d+\.\d{2}$")


def show_value(value: str | None) -> str:
    """A value as a person reads it: euros in Dutch notation, living situations in words.

    >>> show_value("1500.00"), show_value("gehuwden_zonder_kinderen"), show_value(None)
    ('€\\xa01.500,00', 'gehuwden zonder kinderen', '-')
    """
    if value is None:
        return "-"
    if _MONEY.match(value):
        return eur(value)
    if value.startswith("ten hoogste ") and _MONEY.match(value.removeprefix("ten hoogste ")):
        return "ten hoogste " + eur(value.removeprefix("ten hoogste "))
    return LEEFSITUATIE_NL.get(value, value)


def stake_text(d: Difference) -> str:
    """What the difference means in money per month, from the debtor's side."""
    if d.amount_at_stake is None:
        return "het bedrag is niet te berekenen"
    if d.amount_at_stake == 0:
        return "de beslagvrije voet verandert nu niet"
    word = "te weinig" if d.amount_at_stake > 0 else "meer dan de wet geeft"
    return f"u houdt {eur(abs(d.amount_at_stake))} per maand {word}" + (
        " (schatting)" if d.estimate else ""
    )


_FIGURES = ("calculation.", "per_income[", "beslagvrije_voet")


def _items(diffs: tuple[Difference, ...], start: int = 1) -> list[str]:
    lines: list[str] = []
    for n, d in enumerate(diffs, start):
        right = "volgens de wet" if d.field.startswith(_FIGURES) else "in uw dossier"
        lines += [
            "",
            f"{n}. {d.label or d.field}: op de brief {show_value(d.notice_value)}, {right} "
            f"{show_value(d.expected_value)}; {stake_text(d)}.",
            f"   Regel: {d.rule}" + (f" <{d.url}>" if d.url else ""),
            f"   {d.explanation}",
            f"   Wat kunt u doen: {d.what_to_do}",
        ]
    return lines


def _html_row(d: Difference) -> str:
    e = html.escape
    link = f"<a href='{e(d.url)}' target='_blank'>{e(d.rule)}</a>" if d.url else e(d.rule)
    money = eur(d.amount_at_stake) if d.amount_at_stake is not None else ""
    return (
        f"<tr><td>{e(d.label or d.field)}</td><td>{e(show_value(d.notice_value))}</td>"
        f"<td>{e(show_value(d.expected_value))}</td><td style='text-align:right'>{e(money)}"
        f"{' (schatting)' if d.estimate else ''}</td><td>{e(FAVOURS_NL[d.favours])}</td>"
        f"<td>{link}</td><td>{e(d.explanation)}<br><i>{e(d.what_to_do)}</i></td></tr>"
    )
