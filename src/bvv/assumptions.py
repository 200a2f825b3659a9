"""Named assumptions: every interpretation the law leaves open, with a stable id.

Each entry follows a decision of ``spec/README.md`` ("Decisions where the law is silent"). A rule
that relies on one names it; the engine lists it in ``result.assumptions`` so a reader sees which
choices shaped this particular result, and a later release can change one knowingly.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Assumption:
    id: str
    decision: int | None
    text: str


_ALL = (
    Assumption(
        "rounding-half-up-at-end",
        1,
        "Exact decimals throughout; only the final bvv and each per-income amount are rounded to "
        "cents, half up; per-income parts add up to the rounded total (largest remainder).",
    ),
    Assumption(
        "negative-terms-floored",
        2,
        "The housing term and the kindgebonden-budget terms of Rv 475da lid 2 are floored at "
        "zero: below the income where the loss of huurtoeslag or kindgebonden budget starts, "
        "nothing is lost. The law has no explicit floor.",
    ),
    Assumption(
        "bvv-floored-at-zero",
        2,
        "A bvv that the deductions of Rv 475db would push below zero is zero.",
    ),
    Assumption(
        "drempelinkomen-as-published",
        3,
        "Letter D (July 2022-2024) or L (2021, gehuwden met kinderen) taken as the Ministry used "
        "them for the published maxima, not as the statute prescribes (variant 'as_published').",
    ),
    Assumption(
        "zorg-cap-couples-double-premium",
        4,
        "The zorg-term cap of Rv 475da lid 3 for gehuwden uses twice the standaardpremie "
        "(Wzt art. 2 lid 1, second sentence); confirmed by the published maxima.",
    ),
    Assumption(
        "single-parent-multi-person-housing",
        4,
        "The alleenstaande ouder uses the multi-person housing parameters (H and I 2021-2025; "
        "G, the multi-person ijkpunt and basishuur from 2026); confirmed by the published maxima.",
    ),
    Assumption(
        "income-base-95pct-all-a-to-i",
        5,
        "The 95 % rule of Rv 475dc counts all the debtor's periodic income of Rv 475c lid 1 a-i, "
        "garnished or not, including holiday allowance (also in 2021).",
    ),
    Assumption(
        "pay-period-conversion",
        6,
        "Four-weekly amounts x 13/12 and weekly amounts x 52/12 give the monthly amount.",
    ),
    Assumption(
        "living-situation-from-brp",
        7,
        "Living situation from the BRP: a spouse/registered partner, co-parent or former "
        "spouse/partner with a residential registration at the debtor's address makes him "
        "married; dependent children are those under 18 registered at the address.",
    ),
    Assumption(
        "several-garnishments-pro-rata",
        8,
        "With more than one garnished income the bvv is divided in proportion to the payments "
        "(Rv 475c lid 5), whoever garnished them.",
    ),
    Assumption(
        "court-increase-after-95pct",
        9,
        "The kantonrechter's increase (Rv 475fa) is applied last, for the period the court set, "
        "and is not limited by the 95 % rule of Rv 475dc.",
    ),
    Assumption(
        "indexed-maxima-from-january-2021",
        10,
        "The maxima published on 12 January 2021 apply from 1 January 2021.",
    ),
    Assumption(
        "housing-increase-married-reduced",
        11,
        "For a married debtor the housing increase (Rv 475da lid 5, last sentence) is reduced by "
        "the part of the partner's non-garnished income that Rv 475db lid 1 a does not already "
        "deduct from the bvv before the increase (not below zero). The statute only says "
        "'insofar as the spouse's non-garnished income is insufficient'.",
    ),
    Assumption(
        "abroad-woonlandfactor-on-47-5pct",
        12,
        "Debtor abroad: bvv = 47.5 % of the couples' norm x the woonlandfactor supplied in the "
        "case (the Regeling's table is not in the library yet).",
    ),
    Assumption(
        "owner-increase-amount-supplied",
        13,
        "The owner / non-Wht renter increase (Rv 475da lid 7) is the amount the caller supplied; "
        "its method (Besluit beslagvrije voet art. 5) is not available; the income limit is checked.",
    ),
    Assumption(
        "latest-norms-used",
        15,
        "The determination date lies after the last published norm period; the latest published "
        "norms were used because the caller allowed it.",
    ),
    Assumption(
        "institution-95pct-with-475db",
        None,
        "Rv 475dc lid 1 applies when 'the application of 475da and 475db' gives a bvv above 95 % "
        "of income. For a debtor in an institution (Rv 475e lid 2) the library applies it from "
        "2023, when Rv 475db also applies to the institution bvv, and not before.",
    ),
    Assumption(
        "leefsituatie-override",
        None,
        "The living situation was given explicitly in the case (household.leefsituatie) and "
        "differs from what the household facts imply.",
    ),
)

ASSUMPTIONS: dict[str, Assumption] = {a.id: a for a in _ALL}


def get(assumption_id: str) -> Assumption:
    return ASSUMPTIONS[assumption_id]
