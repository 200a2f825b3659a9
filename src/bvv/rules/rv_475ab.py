"""Rv art. 475ab — definitions; here: the living situation (leefsituatie).

Lid 1 defines *leefsituatie* as one of the four situations of art. 475da lid 1: alleenstaande,
alleenstaande ouder, gehuwden zonder kinderen, gehuwden met kinderen. *Gehuwd* follows Pw art. 3
(a joint household counts as married); *kind* is a dependent child under 18 (Pw art. 4 lid 1 e).

Text: https://wetten.overheid.nl/BWBR0001827/2026-07-01#Artikel475ab
"""

from __future__ import annotations

from datetime import date
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
    """Only the alleenstaande is a one-person household for the housing terms of Rv 475da lid 2
    (decision 4)."""
    return leefsituatie == "alleenstaande"


#: a *kind* in the sense of Rv 475ab (Pw art. 4 lid 1 e) is under this age
CHILD_AGE_LIMIT = 18


def date_of_age(born: date, years: int) -> date:
    """The day a person born on ``born`` reaches the age of ``years``.

    Age is reached on the anniversary of the birth date. Someone born on 29 February reaches it
    on **1 March** in a year without 29 February: only then are the full years complete (the
    year counted from 29 February runs through 28 February). This is the rule of the BRP
    (Haal Centraal ``leeftijd``: born 1996-02-29 is 20 on 2017-02-28 and 21 on 2017-03-01), so
    the engine, the adapters and the recalculation planner use this one function.

    >>> date_of_age(date(2006, 5, 1), 18)
    datetime.date(2024, 5, 1)
    >>> date_of_age(date(2008, 2, 29), 18)
    datetime.date(2026, 3, 1)
    >>> date_of_age(date(2008, 2, 29), 16)
    datetime.date(2024, 2, 29)
    """
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February in a year without it
        return date(born.year + years, 3, 1)


def age_on(born: date, on: date) -> int:
    """Age in whole years on ``on`` (29 February births: a year older on 1 March).

    >>> age_on(date(1996, 2, 29), date(2017, 2, 28)), age_on(date(1996, 2, 29), date(2017, 3, 1))
    (20, 21)
    """
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def is_child_on(born: date, on: date) -> bool:
    """Whether someone born on ``born`` is still a child (under 18) on ``on`` (Rv 475ab,
    Pw art. 4 lid 1 e); an unborn child is not counted."""
    return born <= on < date_of_age(born, CHILD_AGE_LIMIT)
