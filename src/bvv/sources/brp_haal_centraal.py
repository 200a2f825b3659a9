"""Haal Centraal BRP Personen v2 (``RaadpleegMetBurgerservicenummer``) and Bewoning v2 readers.

Every field is optional (the ``fields`` parameter and authorisation silently drop data,
data-formats.md §2.1); text fields are not checked against the spec's regexes (§7.1). Dates are
the typed ``AbstractDatum`` objects (``Datum``, ``JaarDatum``, ``JaarMaandDatum``,
``DatumOnbekend``) and become :class:`~bvv.sources.PartialDate`.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from pydantic import ValidationError

from bvv.bsn import Bsn
from bvv.errors import BvvError, SourceInvalid
from bvv.sources import PartialDate
from bvv.sources.household import (
    Address,
    BewoningFacts,
    BrpPerson,
    Onderzoek,
    PartnerRelation,
    Relative,
)

JsonObj = dict[str, Any]


def load_json(data: bytes | str, source: str) -> Any:
    """Decode JSON; anything that is not JSON raises :class:`SourceInvalid`."""
    try:
        return json.loads(data)
    except (ValueError, UnicodeError, RecursionError) as exc:
        raise SourceInvalid(f"{source}: not valid JSON ({type(exc).__name__})",
                            tekst=f"{source}: geen geldige JSON") from exc


def _obj(v: Any, where: str) -> JsonObj:
    if not isinstance(v, dict):
        raise SourceInvalid(f"{where}: expected an object")
    return v


def _opt_obj(v: Any, where: str) -> JsonObj | None:
    return None if v is None else _obj(v, where)


def _list(v: Any, where: str) -> list[Any]:
    if v is None:
        return []
    if not isinstance(v, list):
        raise SourceInvalid(f"{where}: expected a list")
    return v


def _str(v: Any, where: str) -> str | None:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (str, int)):
        raise SourceInvalid(f"{where}: expected text")
    return str(v)


def _bsn(v: Any, where: str) -> str | None:
    s = _str(v, where)
    return None if s is None else str(Bsn(s))


def parse_datum(v: Any, where: str) -> PartialDate | None:
    """An ``AbstractDatum`` object (data-formats.md §2.2) as a partial date."""
    if v is None:
        return None
    o = _obj(v, where)
    kind = o.get("type")
    try:
        if kind == "DatumOnbekend" or (kind is None and o.get("onbekend") is True):
            return PartialDate()
        if kind == "JaarDatum":
            return PartialDate(year=_int(o.get("jaar"), where))
        if kind == "JaarMaandDatum":
            return PartialDate(year=_int(o.get("jaar"), where), month=_int(o.get("maand"), where))
        if kind in ("Datum", None) and isinstance(o.get("datum"), str):
            d = date.fromisoformat(o["datum"])
            return PartialDate(year=d.year, month=d.month, day=d.day)
    except (ValueError, ValidationError) as exc:
        raise SourceInvalid(f"{where}: impossible date") from exc
    raise SourceInvalid(f"{where}: unknown date type {str(kind)[:40]!r}")


def _int(v: Any, where: str) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise SourceInvalid(f"{where}: expected a whole number")
    return v


def _code(v: Any, where: str) -> str | None:
    o = _opt_obj(v, where)
    return None if o is None else _str(o.get("code"), f"{where}.code")


def _onderzoek(node: Any, path: str, out: list[Onderzoek], depth: int = 0) -> None:
    """Collect every non-empty ``inOnderzoek`` object, with its path in the record."""
    if depth > 12:
        return
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "inOnderzoek" and isinstance(v, dict):
                flagged = [f for f, x in v.items() if x is True]
                if flagged:
                    start = None
                    for key in ("datumIngangOnderzoek", "datumIngangOnderzoekPersoon"):
                        if isinstance(v.get(key), dict):
                            start = parse_datum(v[key], f"{path}.inOnderzoek.{key}")
                    out.append(Onderzoek(path=path.lstrip(".") or "persoon", start=start))
            elif isinstance(v, (dict, list)):
                _onderzoek(v, f"{path}.{k}", out, depth + 1)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _onderzoek(v, f"{path}[{i}]", out, depth + 1)


def parse_verblijfplaats(v: Any, where: str) -> Address | None:
    """``AbstractVerblijfplaats`` (Adres, Locatie, VerblijfplaatsBuitenland, Onbekend)."""
    if v is None:
        return None
    o = _obj(v, where)
    kind = o.get("type")
    adr = _opt_obj(o.get("verblijfadres"), f"{where}.verblijfadres") or {}
    func = _code(o.get("functieAdres"), f"{where}.functieAdres")
    start = parse_datum(o.get("datumVan"), f"{where}.datumVan")
    if kind == "Adres":
        hn = adr.get("huisnummer")
        if hn is not None and (isinstance(hn, bool) or not isinstance(hn, int)):
            raise SourceInvalid(f"{where}.verblijfadres.huisnummer: expected a whole number")
        return Address(
            kind="adres",
            function="B" if func == "B" else ("W" if func == "W" else None),
            aoid=_str(o.get("adresseerbaarObjectIdentificatie"), f"{where}.aoid"),
            postcode=_str(adr.get("postcode"), f"{where}.postcode"),
            huisnummer=hn,
            huisletter=_str(adr.get("huisletter"), f"{where}.huisletter"),
            toevoeging=_str(adr.get("huisnummertoevoeging"), f"{where}.huisnummertoevoeging"),
            not_living_there=o.get("indicatieVastgesteldVerblijftNietOpAdres") is True,
            start=start,
        )
    if kind == "Locatie":
        return Address(
            kind="locatie",
            function="B" if func == "B" else "W",
            locatie=_str(adr.get("locatiebeschrijving"), f"{where}.locatiebeschrijving"),
            start=start,
        )
    if kind == "VerblijfplaatsBuitenland":
        land = _opt_obj(adr.get("land"), f"{where}.land") or {}
        return Address(
            kind="buitenland",
            country_code=_str(land.get("code"), f"{where}.land.code"),
            country_name=_str(land.get("omschrijving"), f"{where}.land.omschrijving"),
            start=start,
        )
    if kind == "VerblijfplaatsOnbekend":
        return Address(kind="onbekend", start=start)
    raise SourceInvalid(f"{where}: unknown verblijfplaats type {str(kind)[:40]!r}")


def parse_persoon(v: Any, *, source: str, record: str,
                  fallback_bsn: str | None = None) -> BrpPerson:
    """One HC v2 ``Persoon`` object."""
    o = _obj(v, record)
    bsn = _bsn(o.get("burgerservicenummer"), f"{record}.burgerservicenummer") or fallback_bsn
    if bsn is None:
        raise SourceInvalid(
            f"{source}: {record} has no burgerservicenummer",
            hint="request the field 'burgerservicenummer', or pass the requested BSN",
        )
    geboorte = _opt_obj(o.get("geboorte"), f"{record}.geboorte") or {}
    overlijden = _opt_obj(o.get("overlijden"), f"{record}.overlijden") or {}
    opsch = _opt_obj(o.get("opschortingBijhouding"), f"{record}.opschortingBijhouding") or {}
    partners = []
    for i, p in enumerate(_list(o.get("partners"), f"{record}.partners")):
        w = f"{record}.partners[{i}]"
        po = _obj(p, w)
        aangaan = _opt_obj(po.get("aangaanHuwelijkPartnerschap"), f"{w}.aangaan") or {}
        ontb = _opt_obj(po.get("ontbindingHuwelijkPartnerschap"), f"{w}.ontbinding") or {}
        pgeb = _opt_obj(po.get("geboorte"), f"{w}.geboorte") or {}
        partners.append(PartnerRelation(
            bsn=_bsn(po.get("burgerservicenummer"), f"{w}.burgerservicenummer"),
            kind=_code(po.get("soortVerbintenis"), f"{w}.soortVerbintenis"),
            start=parse_datum(aangaan.get("datum"), f"{w}.aangaan.datum"),
            end=parse_datum(ontb.get("datum"), f"{w}.ontbinding.datum")
            if ontb else None,
            birth=parse_datum(pgeb.get("datum"), f"{w}.geboorte.datum"),
        ))
        if ontb and ontb.get("datum") is None:
            # dissolution recorded without a date: dissolved at an unknown moment
            partners[-1] = partners[-1].model_copy(update={"end": PartialDate()})

    def relatives(key: str) -> tuple[Relative, ...]:
        out = []
        for i, k in enumerate(_list(o.get(key), f"{record}.{key}")):
            w = f"{record}.{key}[{i}]"
            ko = _obj(k, w)
            kg = _opt_obj(ko.get("geboorte"), f"{w}.geboorte") or {}
            out.append(Relative(
                bsn=_bsn(ko.get("burgerservicenummer"), f"{w}.burgerservicenummer"),
                birth=parse_datum(kg.get("datum"), f"{w}.geboorte.datum"),
            ))
        return tuple(out)

    onderzoek: list[Onderzoek] = []
    _onderzoek(o, "", onderzoek)
    return BrpPerson(
        bsn=bsn,
        birth=parse_datum(geboorte.get("datum"), f"{record}.geboorte.datum"),
        death=parse_datum(overlijden.get("datum"), f"{record}.overlijden.datum"),
        suspension_reason=_code(opsch.get("reden"), f"{record}.opschortingBijhouding.reden"),
        suspension_date=parse_datum(opsch.get("datum"), f"{record}.opschortingBijhouding.datum"),
        residence=parse_verblijfplaats(o.get("verblijfplaats"), f"{record}.verblijfplaats"),
        partners=tuple(partners),
        children=relatives("kinderen"),
        parents=relatives("ouders"),
        onderzoek=tuple(onderzoek),
        source=source,
        record=record,
    )


def parse_personen(data: bytes | str | Any, source: str, *,
                   requested_bsn: str | None = None) -> tuple[BrpPerson, ...]:
    """A ``RaadpleegMetBurgerservicenummer`` response (or a bare list of ``Persoon`` objects).

    ``requested_bsn`` fills in the BSN of the only person of a response that was requested
    without the field ``burgerservicenummer`` (as in some recorded exchanges).
    Raises :class:`SourceInvalid` (or ``CaseInvalid`` for a malformed BSN) on bad input.
    """
    try:
        doc = load_json(data, source) if isinstance(data, (bytes, str)) else data
        if isinstance(doc, dict):
            if "personen" not in doc:
                raise SourceInvalid(f"{source}: no 'personen' list; not a BRP Personen response")
            items = _list(doc["personen"], f"{source}: personen")
        elif isinstance(doc, list):
            items = doc
        else:
            raise SourceInvalid(f"{source}: not a BRP Personen response")
        fallback = requested_bsn if len(items) == 1 else None
        return tuple(
            parse_persoon(p, source=source, record=f"personen[{i}]", fallback_bsn=fallback)
            for i, p in enumerate(items)
        )
    except BvvError:
        raise
    except (ValidationError, ValueError, TypeError, LookupError, ArithmeticError,
            RecursionError) as exc:  # defensive: malformed input must never crash
        raise SourceInvalid(
            f"{source}: malformed BRP Personen data ({type(exc).__name__})"
        ) from exc


def parse_bewoning(data: bytes | str | Any, source: str) -> tuple[BewoningFacts, ...]:
    """A Bewoning v2 response: ``{"bewoningen": [{adresseerbaarObjectIdentificatie, periode,
    bewoners, mogelijkeBewoners}]}``; periods are half-open (data-formats.md §2.5)."""
    try:
        doc = load_json(data, source) if isinstance(data, (bytes, str)) else data
        o = _obj(doc, source)
        out = []
        for i, b in enumerate(_list(o.get("bewoningen"), f"{source}: bewoningen")):
            w = f"bewoningen[{i}]"
            bo = _obj(b, w)
            per = _obj(bo.get("periode"), f"{w}.periode")
            van, tot = per.get("datumVan"), per.get("datumTot")
            if not isinstance(van, str) or (tot is not None and not isinstance(tot, str)):
                raise SourceInvalid(f"{source}: {w}.periode needs ISO dates")

            def bsns(key: str, w: str = w, bo: JsonObj = bo) -> frozenset[str]:
                res = set()
                for j, x in enumerate(_list(bo.get(key), f"{w}.{key}")):
                    b_ = _bsn(_obj(x, f"{w}.{key}[{j}]").get("burgerservicenummer"),
                              f"{w}.{key}[{j}]")
                    if b_:
                        res.add(b_)
                return frozenset(res)

            aoid = _str(bo.get("adresseerbaarObjectIdentificatie"), f"{w}.aoid")
            if aoid is None:
                raise SourceInvalid(f"{source}: {w} has no adresseerbaarObjectIdentificatie")
            out.append(BewoningFacts(
                aoid=aoid, start=date.fromisoformat(van),
                end=date.fromisoformat(tot) if tot else None,
                residents=bsns("bewoners"), possible_residents=bsns("mogelijkeBewoners"),
                source=source, record=w,
            ))
        if not out and "bewoningen" not in o:
            raise SourceInvalid(f"{source}: no 'bewoningen' list; not a Bewoning response")
        return tuple(out)
    except BvvError:
        raise
    except (ValidationError, ValueError, TypeError, LookupError, ArithmeticError,
            RecursionError) as exc:
        raise SourceInvalid(f"{source}: malformed Bewoning data ({type(exc).__name__})") from exc
