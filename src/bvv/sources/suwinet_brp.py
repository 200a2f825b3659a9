"""SuwiML ``BRPDossierPersoonGSD`` v0200 (``AanvraagPersoonResponse``) reader.

The Suwinet view of the BRP (data-formats.md §2.6): ``ClientSuwi`` with ``Burgerservicenr``,
``Geboortedat`` (``yyyymmdd``, ``00`` = unknown part), ``Overlijden``, ``DomicilieAdres`` (the
residential address), ``Correspondentieadres`` (postal), ``FeitelijkAdresBuitenland``,
``Huwelijk[]`` (all marriages, dissolved ones too), ``Kind[]``, ``Ouder1``/``Ouder2`` and
``OnderzoekGeg*`` markers. Parsed with defusedxml (no DTD, no entities).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import ValidationError

from bvv.bsn import Bsn
from bvv.errors import BvvError, SourceInvalid
from bvv.sources import PartialDate, parse_xml
from bvv.sources.household import Address, BrpPerson, Onderzoek, PartnerRelation, Relative

if TYPE_CHECKING:  # pragma: no cover
    from xml.etree.ElementTree import Element


def _text(el: Element | None, name: str) -> str | None:
    if el is None:
        return None
    child = el.find(name)
    if child is None or child.text is None:
        return None
    s = child.text.strip()
    return s or None


def _date(el: Element | None, name: str, where: str) -> PartialDate | None:
    raw = _text(el, name)
    return None if raw is None else PartialDate.from_gba(raw, where=f"{where}/{name}")


def _bsn(el: Element | None, where: str) -> str | None:
    raw = _text(el, "Burgerservicenr")
    return None if raw is None else str(Bsn(raw))


def _address(el: Element, function: str, where: str) -> Address:
    hn = _text(el, "Huisnr")
    if hn is not None and not (hn.isascii() and hn.isdigit()):
        raise SourceInvalid(f"{where}/Huisnr: not a number")
    return Address(
        kind="adres" if _text(el, "Locatieoms") is None or hn is not None else "locatie",
        function="W" if function == "W" else "B",
        aoid=_text(el, "IdentificatiecdVerblijfplaats"),
        postcode=_text(el, "Postcd"),
        huisnummer=int(hn) if hn is not None else None,
        huisletter=_text(el, "Huisletter"),
        toevoeging=_text(el, "Huisnrtoevoeging"),
        locatie=_text(el, "Locatieoms"),
    )


def _onderzoek(el: Element, where: str) -> list[Onderzoek]:
    out = []
    for child in el:
        tag = str(child.tag)
        if tag.startswith("OnderzoekGeg"):
            part = tag[len("OnderzoekGeg"):].lower() or "persoon"
            out.append(Onderzoek(
                path=part,
                start=_date(child, "DatBOnderzoek", f"{where}/{tag}"),
                end=_date(child, "DatEOnderzoek", f"{where}/{tag}"),
            ))
    return out


def parse_client(client: Element, source: str, record: str = "ClientSuwi") -> BrpPerson:
    """One ``ClientSuwi`` element as a :class:`BrpPerson`."""
    bsn = _bsn(client, record)
    if bsn is None:
        raise SourceInvalid(f"{source}: {record} has no Burgerservicenr")
    dom = client.find("DomicilieAdres")
    corr = client.find("Correspondentieadres")
    abroad = client.find("FeitelijkAdresBuitenland")
    residence: Address | None
    if dom is not None:
        residence = _address(dom, "W", f"{record}/DomicilieAdres")
    elif abroad is not None:
        residence = Address(kind="buitenland", country_code=_text(abroad, "LandAdresBuitenland"),
                            start=_date(abroad, "DatBAdresBuitenland", record))
    elif corr is not None:
        residence = _address(corr, "B", f"{record}/Correspondentieadres")
    else:
        residence = None
    ovl = client.find("Overlijden")
    death = None
    if ovl is not None:
        death = _date(ovl, "DatOverlijden", f"{record}/Overlijden") or PartialDate()
    partners = []
    for i, h in enumerate(client.findall("Huwelijk")):
        w = f"{record}/Huwelijk[{i}]"
        p = h.find("Partner")
        end = _date(h, "DatOntbindingHuwelijk", w)
        if end is None and (_text(h, "CdRedenOntbindingHuwelijk") is not None):
            end = PartialDate()
        partners.append(PartnerRelation(
            bsn=_bsn(p, w), kind=_text(h, "CdSoortVerbintenis"),
            start=_date(h, "DatHuwelijkssluiting", w), end=end,
            birth=_date(p, "Geboortedat", f"{w}/Partner") if p is not None else None,
        ))
    children = tuple(
        Relative(bsn=_bsn(k, f"{record}/Kind[{i}]"),
                 birth=_date(k, "Geboortedat", f"{record}/Kind[{i}]"))
        for i, k in enumerate(client.findall("Kind"))
    )
    parents = tuple(
        Relative(bsn=_bsn(o, f"{record}/{tag}"), birth=_date(o, "Geboortedat", f"{record}/{tag}"))
        for tag in ("Ouder1", "Ouder2")
        if (o := client.find(tag)) is not None
    )
    return BrpPerson(
        bsn=bsn,
        birth=_date(client, "Geboortedat", record),
        death=death,
        residence=residence,
        partners=tuple(partners),
        children=children,
        parents=parents,
        onderzoek=tuple(_onderzoek(client, record)),
        source=source,
        record=record,
    )


def parse_brp_xml(data: bytes, source: str) -> tuple[BrpPerson, ...]:
    """An ``AanvraagPersoonResponse``; a fault (``FWI``) or ``NietsGevonden`` is an error."""
    root = parse_xml(data, source, "AanvraagPersoonResponse")
    try:
        if root.find("NietsGevonden") is not None:
            raise SourceInvalid(f"{source}: the BRP reply says 'niets gevonden'")
        fwi = root.find("FWI")
        if fwi is not None:
            raise SourceInvalid(f"{source}: the BRP reply is a fault (FWI)")
        clients = root.findall("ClientSuwi")
        if not clients:
            raise SourceInvalid(f"{source}: no ClientSuwi in the BRP reply")
        return tuple(
            parse_client(c, source, "ClientSuwi" if len(clients) == 1 else f"ClientSuwi[{i}]")
            for i, c in enumerate(clients)
        )
    except BvvError:
        raise
    except (ValidationError, ValueError, TypeError, LookupError, ArithmeticError,
            RecursionError) as exc:  # defensive: malformed input must never crash
        raise SourceInvalid(f"{source}: malformed SuwiML BRP data ({type(exc).__name__})") from exc
