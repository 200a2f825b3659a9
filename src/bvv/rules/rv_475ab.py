"""Rv art. 475ab — definitions; here: the living situation (leefsituatie).

Lid 1 defines *leefsituatie* as one of the four situations of art. 475da lid 1: alleenstaande,
alleenstaande ouder, gehuwden zonder kinderen, gehuwden met kinderen. *Gehuwd* follows Pw art. 3
(a joint household counts as married); *kind* is a dependent child under 18 (Pw art. 4 lid 1 e).

Text: https://wetten.overheid.nl/BWBR0001827/2026-07-01#Artikel475ab
"""

from __future__ import annotations

from typing import Literal

Leefsituatie = Literal[
    "alleenstaande", "alleenstaande_ouder", "gehuwden_zonder_kinderen", "gehuwden_met_kinderen"
]
LEEFSITUATIES: tuple[Leefsituatie, ...] = (
    "alleenstaande",
    "alleenstaande_ouder",
    "gehuwden_zonder_kinderen",
    "gehuwden_met_kinderen",
)
#: the living situations in Dutch words, for descriptions and notices
LEEFSITUATIE_NL: dict[str, str] = {
    "alleenstaande": "alleenstaande",
    "alleenstaande_ouder": "alleenstaande ouder",
    "gehuwden_zonder_kinderen": "gehuwden zonder kinderen",
    "gehuwden_met_kinderen": "gehuwden met kinderen",
}


def leefsituatie_from_household(*, partner: bool, dependent_children: int) -> Leefsituatie:
    """The living situation from the household facts (Rv 475ab lid 1, 475da lid 1 a-d).

    >>> leefsituatie_from_household(partner=False, dependent_children=0)
    'alleenstaande'
    >>> leefsituatie_from_household(partner=False, dependent_children=2)
    'alleenstaande_ouder'
    >>> leefsituatie_from_household(partner=True, dependent_children=0)
    'gehuwden_zonder_kinderen'
    >>> leefsituatie_from_household(partner=True, dependent_children=1)
    'gehuwden_met_kinderen'
    """
    if partner:
        return "gehuwden_met_kinderen" if dependent_children > 0 else "gehuwden_zonder_kinderen"
    return "alleenstaande_ouder" if dependent_children > 0 else "alleenstaande"


def is_married(leefsituatie: Leefsituatie) -> bool:
    """True for the two 'gehuwden' situations (Rv 475ab lid 1, Pw art. 3)."""
    return leefsituatie.startswith("gehuwden")


def is_one_person_household(leefsituatie: Leefsituatie) -> bool:
    """Only the alleenstaande is a one-person household for the housing terms (decision 4)."""
    return leefsituatie == "alleenstaande"
