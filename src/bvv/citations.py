"""Every provision bvv cites, defined once.

A :class:`Citation` names the article, lid and sub, the version of the consolidated text in force
on the determination date, and its wetten.overheid.nl URL. Rules and the engine refer to the
provisions below by name; nothing else builds a URL.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

#: BWB identifiers of the texts cited
BWB = {
    "Rv": "BWBR0001827",  # Wetboek van Burgerlijke Rechtsvordering
    "Pw": "BWBR0015703",  # Participatiewet
    "Wzt": "BWBR0018451",  # Wet op de zorgtoeslag
    "Wht": "BWBR0008659",  # Wet op de huurtoeslag
    "WKB": "BWBR0022751",  # Wet op het kindgebonden budget
    "AOW": "BWBR0002221",  # Algemene Ouderdomswet
}


#: the consolidated versions of the Rv (BWBR0001827) from the start of the vereenvoudigde
#: beslagvrije voet: the dates on which a new text took effect, as listed on wetten.overheid.nl
#: (mirrored as one file per version date in the public repository MinBZK/regelrecht-corpus,
#: ``regulation/nl/wet/wetboek_van_burgerlijke_rechtsvordering/``). A citation names the latest
#: version on or before the determination date; add a date here when a new version appears.
RV_TEXT_VERSIONS: tuple[date, ...] = tuple(
    date.fromisoformat(d)
    for d in (
        "2021-01-01", "2021-01-20", "2021-04-01", "2021-07-01",
        "2022-01-01", "2022-05-01", "2022-07-01", "2022-08-01", "2022-10-01",
        "2023-01-01", "2023-05-01", "2023-06-25", "2023-07-01",
        "2024-01-01", "2024-07-01", "2024-11-08",
        "2025-01-01", "2025-02-04", "2025-03-08", "2025-07-01",
        "2026-01-01", "2026-06-04", "2026-07-01", "2026-07-14",
    )
)  # fmt: skip


def rv_version_in_force(on: date) -> date:
    """The Rv text version in force on ``on`` (the latest version date on or before it).

    >>> rv_version_in_force(date(2021, 1, 10)), rv_version_in_force(date(2021, 1, 20))
    (datetime.date(2021, 1, 1), datetime.date(2021, 1, 20))
    """
    n = bisect_right(RV_TEXT_VERSIONS, on)
    return RV_TEXT_VERSIONS[max(n - 1, 0)]


class Citation(BaseModel):
    """Article, lid, sub and text version of one provision."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    law: str
    article: str
    lid: str | None = None
    sub: str | None = None
    version: date
    url: str
    label: str


class Provision(BaseModel):
    """A provision without a version date; :meth:`at` gives the citation for a text version."""

    model_config = ConfigDict(frozen=True)
    law: str
    article: str
    lid: str | None = None
    sub: str | None = None

    def at(self, version: date) -> Citation:
        """The citation of this provision in the text version of ``version`` (cached)."""
        return _citation(self, version)


@lru_cache(maxsize=4096)
def _citation(provision: Provision, version: date) -> Citation:
    parts = [f"art. {provision.article}"]
    if provision.lid:
        parts.append(f"lid {provision.lid}")
    if provision.sub:
        parts.append(f"onder {provision.sub}")
    day = version.isoformat()
    return Citation(
        law=provision.law,
        article=provision.article,
        lid=provision.lid,
        sub=provision.sub,
        version=version,
        url=f"https://wetten.overheid.nl/{BWB[provision.law]}/{day}#Artikel{provision.article}",
        label=f"{' '.join(parts)} {provision.law} (tekst geldend op {day})",
    )


def _rv(article: str, lid: str | None = None, sub: str | None = None) -> Provision:
    return Provision(law="Rv", article=article, lid=lid, sub=sub)


RV_475AB = _rv("475ab", "1")
RV_475C_5 = _rv("475c", "5")
RV_475D_1 = _rv("475d", "1")
RV_475DA_1 = _rv("475da", "1")
RV_475DA_2_A = _rv("475da", "2", "a")
RV_475DA_2_B = _rv("475da", "2", "b")
RV_475DA_2_C = _rv("475da", "2", "c")
RV_475DA_2_D = _rv("475da", "2", "d")
RV_475DA_3 = _rv("475da", "3")
RV_475DA_4 = _rv("475da", "4")
RV_475DA_5 = _rv("475da", "5")
RV_475DA_6 = _rv("475da", "6")
RV_475DA_7 = _rv("475da", "7")
RV_475DB_1_A = _rv("475db", "1", "a")
RV_475DB_1_B = _rv("475db", "1", "b")
RV_475DB_1_C = _rv("475db", "1", "c")
RV_475DC_1 = _rv("475dc", "1")
RV_475DC_2 = _rv("475dc", "2")
RV_475E_1 = _rv("475e", "1")
RV_475E_2 = _rv("475e", "2")
RV_475FA = _rv("475fa")

#: the lid-2 sub per leefsituatie
RV_475DA_2_BY_LEEFSITUATIE = {
    "alleenstaande": RV_475DA_2_A,
    "alleenstaande_ouder": RV_475DA_2_B,
    "gehuwden_zonder_kinderen": RV_475DA_2_C,
    "gehuwden_met_kinderen": RV_475DA_2_D,
}
