"""Reading input: a case (JSON or a mapping in, a validated :class:`~bvv.model.Case` out) and
a stored result (``bvv-result/1`` JSON, for ``receipt verify``, ``diff`` and ``due``).

JSON input is strict (decision 19, ``docs/case-format.md``): a key given twice, money that is not
a string with at most two decimals, a date that is not ``YYYY-MM-DD``, a missing required fact:
each is refused. Every problem becomes a :class:`~bvv.errors.CaseInvalid` naming the JSON path
(``incomes[0].net_monthly``), what is expected and, where there is one, what to write instead;
the message is English (``message``) and Dutch (``tekst``, for the CLI). A case that lists
``missing_facts`` (as the adapters write when a register does not hold a fact), or that leaves
out a required fact, becomes a :class:`~bvv.errors.CaseIncomplete`.

Limits (documented in ``docs/case-format.md``): a case file of at most :data:`MAX_CASE_BYTES`,
objects nested at most :data:`MAX_DEPTH` deep, at most ``MAX_INCOMES`` incomes per list.
"""

from __future__ import annotations

import codecs
import difflib
import json
import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from bvv.bsn import mask_in_text
from bvv.errors import CaseIncomplete, CaseInvalid, IoFailure
from bvv.model import Case, Result

#: the largest case file read (bytes); a real case is a few kilobytes
MAX_CASE_BYTES = 1_000_000
#: the deepest nesting of objects and lists in a case (a real case is four levels deep)
MAX_DEPTH = 32

#: pydantic's internal location markers such as ``function-before[_parse_money(), ...]``
_MARKER = re.compile(r"[a-z][a-z-]*\[.*\]", re.DOTALL)
_DOCS_HINT = "see docs/case-format.md for the bvv-case/1 fields"
_DOCS_TIP = "zie docs/case-format.md voor de velden van bvv-case/1"


def json_path(loc: tuple[int | str, ...]) -> str:
    """``("incomes", 0, "net_monthly")`` -> ``"incomes[0].net_monthly"`` (a BSN in a key masked).

    >>> json_path(("incomes", 0, "net_monthly"))
    'incomes[0].net_monthly'
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return mask_in_text(out) or "(case)"  # a key may echo a BSN


# ------------------------------------------------------------------------------ raw JSON


def decode_text(raw: bytes, what: str = "case") -> str:
    """UTF-8 bytes as text; a UTF-8 byte order mark is skipped, UTF-16/32 and other encodings
    are refused with what to do."""
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE,
                       codecs.BOM_UTF16_BE)) or (len(raw) > 1 and b"\x00" in raw[:4]):
        raise CaseInvalid(
            f"the {what} is UTF-16 or UTF-32 text; bvv reads UTF-8",
            hint="save the file as UTF-8", tekst=f"het bestand ({_WHAT_NL.get(what, what)}) is "
            "UTF-16- of UTF-32-tekst; bvv leest UTF-8", tip="sla het bestand op als UTF-8",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CaseInvalid(
            f"the {what} is not UTF-8 text (byte {exc.start})", hint="save the file as UTF-8",
            tekst=f"het bestand ({_WHAT_NL.get(what, what)}) is geen UTF-8-tekst "
            f"(byte {exc.start})", tip="sla het bestand op als UTF-8",
        ) from None


_WHAT_NL = {"case": "dossier", "result": "uitkomst", "supplement": "aanvulling"}


class _Object(dict[str, Any]):
    """A JSON object that remembers the keys it was given more than once."""

    duplicates: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object(pairs)
    if len(obj) < len(pairs):
        counts = Counter(k for k, _ in pairs)
        obj.duplicates = tuple(k for k, n in counts.items() if n > 1)
    return obj


def loads_strict(text: str, what: str = "case") -> Any:
    """JSON text as data; invalid JSON, huge numbers and deep nesting are :class:`CaseInvalid`."""
    text = text.removeprefix("\ufeff")
    if len(text) > MAX_CASE_BYTES:
        raise _too_big(what)
    try:
        return json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        raise CaseInvalid(
            f"the {what} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
            tekst=f"het bestand ({_WHAT_NL.get(what, what)}) is geen geldige JSON: regel "
            f"{exc.lineno}, kolom {exc.colno}",
        ) from None
    except RecursionError:
        raise _too_deep("(case)") from None
    except ValueError:  # an integer of more than 4,300 digits
        raise CaseInvalid(
            f"the {what} holds a number too long to read", tekst=f"het bestand "
            f"({_WHAT_NL.get(what, what)}) bevat een getal dat te lang is om te lezen",
        ) from None


def _too_big(what: str) -> CaseInvalid:
    return CaseInvalid(
        f"the {what} is larger than {MAX_CASE_BYTES:,} bytes (the limit for one case)",
        tekst=f"het bestand ({_WHAT_NL.get(what, what)}) is groter dan {MAX_CASE_BYTES:,} "
        "bytes (de grens voor één dossier)".replace(",", "."),
    )


def _too_deep(path: str) -> CaseInvalid:
    return CaseInvalid(
        f"{path}: nested more than {MAX_DEPTH} levels deep; a case is a few levels deep",
        path=path, tekst=f"{path}: meer dan {MAX_DEPTH} niveaus diep genest; een dossier is maar "
        "een paar niveaus diep",
    )


def check_tree(data: Any, loc: tuple[int | str, ...] = (), depth: int = 0) -> None:
    """Refuse a key given twice, a string with a lone surrogate (a cut emoji, which no file
    can hold) and nesting deeper than :data:`MAX_DEPTH`, naming the JSON path."""
    if depth > MAX_DEPTH:
        raise _too_deep(json_path(loc))
    if isinstance(data, str):
        _check_text(data, loc)
    elif isinstance(data, Mapping):
        dups = getattr(data, "duplicates", ())
        if dups:
            path = json_path((*loc, str(dups[0])))
            raise CaseInvalid(
                f"{path}: this key is given more than once; give it once",
                path=path, tekst=f"{path}: deze sleutel staat er meer dan één keer; geef hem "
                "één keer",
            )
        for key, value in data.items():
            _check_text(str(key), loc)
            check_tree(value, (*loc, str(key)), depth + 1)
    elif isinstance(data, list | tuple):
        for i, value in enumerate(data):
            check_tree(value, (*loc, i), depth + 1)


def _check_text(text: str, loc: tuple[int | str, ...]) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        path = json_path(loc)
        raise CaseInvalid(
            f"{path}: the text holds an invalid character (a lone UTF-16 surrogate, e.g. a cut "
            "emoji)", path=path, hint="retype the text",
            tekst=f"{path}: de tekst bevat een ongeldig teken (bijvoorbeeld een afgebroken emoji)",
            tip="typ de tekst opnieuw",
        ) from None


# ------------------------------------------------------------------------------ the case


def parse_case(data: Case | Mapping[str, Any] | str | bytes) -> Case:
    """Validate a case given as a model, a mapping or JSON text.

    JSON text and mappings are read strictly (decision 19): money as a string such as
    ``"1500.00"``, dates as ``"YYYY-MM-DD"``; a mapping may also hold ``Decimal`` and ``date``
    objects, which cannot come from JSON."""
    if isinstance(data, Case):
        return data
    if isinstance(data, bytes):
        if len(data) > MAX_CASE_BYTES:
            raise _too_big("case")
        data = decode_text(data)
    if isinstance(data, str):
        data = loads_strict(data)
    if not isinstance(data, Mapping):
        raise CaseInvalid("a case is a JSON object (bvv-case/1)",
                          tekst="een dossier is een JSON-object (bvv-case/1)")
    check_tree(data)
    _refuse_wrapped(data)
    _refuse_missing_facts(data.get("missing_facts"))
    try:
        return Case.model_validate(dict(data), context={"json": True})
    except ValidationError as exc:
        raise _invalid(exc) from None


def _refuse_wrapped(data: Mapping[str, Any]) -> None:
    """A bundled example (``bvv-golden/1``) or a stored result holds its case under ``case``."""
    if "case" in data and "determination_date" not in data:
        raise CaseInvalid(
            "this is not a case but a document that holds one under `case` (an example or a "
            "stored result); give the case itself, e.g. from 'bvv examples --export DIR'",
            path="case",
            tekst="dit is geen dossier maar een document met het dossier onder `case` (een "
            "voorbeeld of een opgeslagen uitkomst); geef het dossier zelf",
            tip="'bvv examples --export MAP' schrijft de voorbeelddossiers als losse bestanden",
        )


def _refuse_missing_facts(missing: Any) -> None:
    """An adapter's ``missing_facts`` list stops the calculation, naming each fact."""
    if missing is None or missing == []:
        return
    if not isinstance(missing, list):
        raise CaseInvalid(
            "missing_facts: expected a list of {path, reason} objects", path="missing_facts",
            tekst="missing_facts: verwacht een lijst van objecten {path, reason}",
        )
    pairs = tuple(
        (mask_in_text(str(m.get("path", "?"))), mask_in_text(str(m.get("reason", ""))))
        if isinstance(m, Mapping) else (mask_in_text(str(m)), "")
        for m in missing
    )
    raise CaseIncomplete(
        pairs,
        hint="add these facts (for example with 'bvv case --supplement FILE') and try again",
        tip="vul deze gegevens aan (bijvoorbeeld met 'bvv case --supplement BESTAND') en "
        "probeer het opnieuw",
    )


def _invalid(exc: ValidationError) -> CaseInvalid:
    problems = [_problem(err) for err in exc.errors(include_url=False)]
    pairs = tuple((p, en) for p, en, _nl in problems)
    if all(kind == "missing" for kind in (_kind(e) for e in exc.errors(include_url=False))):
        return CaseIncomplete(
            pairs, hint="add these facts: each changes the amount and is never assumed "
            "(decision 19)", tip="vul deze gegevens aan: elk ervan verandert het bedrag en "
            "wordt nooit aangenomen (beslissing 19)",
            tekst="ontbrekende gegevens: " + "; ".join(f"{p} ({nl})" for p, _en, nl in problems),
        )
    (first_path, first_en, first_nl), rest = problems[0], problems[1:]
    more_en = (f" (and {len(rest)} more: " + "; ".join(f"{p}: {m}" for p, m, _ in rest) + ")"
               if rest else "")
    more_nl = (f" (en nog {len(rest)}: " + "; ".join(f"{p}: {m}" for p, _, m in rest) + ")"
               if rest else "")
    return CaseInvalid(
        f"{first_path}: {first_en}{more_en}", path=first_path, problems=pairs,
        hint=_DOCS_HINT, tekst=f"{first_path}: {first_nl}{more_nl}", tip=_DOCS_TIP,
    )


def _kind(err: Any) -> str:
    if err["type"] == "bvv_required":
        return "missing"
    return str(err["type"])


def _problem(err: Any) -> tuple[str, str, str]:
    """One pydantic error as (JSON path, English, Dutch), with any echoed BSN masked."""
    # drop pydantic's internal markers such as 'function-before[...]'
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and _MARKER.fullmatch(p)))
    ctx = err.get("ctx") or {}
    if isinstance(ctx.get("path"), str):
        loc = (*loc, *ctx["path"].split("."))
    en = str(err["msg"]).removeprefix("Value error, ")
    given_nl = ctx.get("nl")
    nl: str = given_nl if isinstance(given_nl, str) else _dutch(err, loc)
    if err["type"] == "missing":
        en = "required: this fact changes the amount and is never assumed (decision 19)"
    elif err["type"] == "too_long":
        en = f"at most {ctx.get('max_length')} items (a limit of bvv, docs/case-format.md)"
    elif err["type"] == "extra_forbidden":
        en = "unknown field (not part of bvv-case/1)"
        guess = _did_you_mean(loc)
        if guess:
            en += f"; did you mean `{guess}`?"
            nl += f"; bedoelt u `{guess}`?"
    return json_path(loc), mask_in_text(en), mask_in_text(nl)


_NL_BY_TYPE = {
    "missing": "ontbreekt: dit gegeven verandert het bedrag en wordt nooit aangenomen "
    "(beslissing 19)",
    "extra_forbidden": "onbekend veld (hoort niet bij bvv-case/1)",
    "literal_error": "kies een van: {expected}",
    "enum": "kies een van: {expected}",
    "less_than_equal": "hoogstens {le}",
    "greater_than_equal": "minstens {ge}",
    "greater_than": "meer dan {gt}",
    "too_long": "hoogstens {max_length} stuks (een grens van bvv)",
    "string_too_long": "hoogstens {max_length} tekens",
    "string_too_short": "minstens {min_length} teken(s)",
    "string_pattern_mismatch": "heeft niet de verwachte vorm",
    "string_type": "verwacht tekst tussen aanhalingstekens",
    "bool_type": "verwacht true of false",
    "bool_parsing": "verwacht true of false",
    "int_type": "verwacht een geheel getal",
    "int_parsing": "verwacht een geheel getal",
    "model_type": "verwacht een JSON-object { ... }",
    "model_attributes_type": "verwacht een JSON-object { ... }",
    "dict_type": "verwacht een JSON-object { ... }",
    "tuple_type": "verwacht een lijst [ ... ]",
    "list_type": "verwacht een lijst [ ... ]",
}


def _dutch(err: Any, loc: tuple[int | str, ...]) -> str:
    template = _NL_BY_TYPE.get(str(err["type"]))
    if template is None:
        if str(err["type"]).startswith(("date", "datetime")):
            return 'een datum is tekst in de vorm JJJJ-MM-DD, bijvoorbeeld "2024-01-15"'
        if loc and str(loc[-1]).endswith(("monthly", "period", "annual", "debtor", "partner")):
            return 'geen geldig bedrag; schrijf bijvoorbeeld "1021.67"'
        return "ongeldige waarde (zie docs/case-format.md)"
    ctx = err.get("ctx") or {}
    try:
        return template.format(**{k: str(v).replace(" or ", " of ") for k, v in ctx.items()})
    except (KeyError, IndexError):
        return template


def _did_you_mean(loc: tuple[int | str, ...]) -> str | None:
    """The nearest field name where an unknown key stands (``dependent_child`` ->
    ``dependent_children``)."""
    if not loc:
        return None
    model: type[BaseModel] | None = Case
    for part in loc[:-1]:
        if isinstance(part, int) or model is None:
            continue
        field = model.model_fields.get(part)
        model = _model_of(field.annotation) if field is not None else None
    if model is None:
        return None
    names = [f.alias or n for n, f in model.model_fields.items()]
    close = difflib.get_close_matches(str(loc[-1]), names, n=1, cutoff=0.6)
    return close[0] if close else None


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside ``X``, ``X | None`` or ``tuple[X, ...]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_of(arg)
        if found is not None:
            return found
    return None


# ------------------------------------------------------------------------------ files


def read_capped(path: str | Path, limit: int) -> bytes:
    """A file's bytes, at most ``limit + 1`` of them (more than ``limit`` means too large: the
    caller refuses it), so a hostile file cannot exhaust memory. An unreadable file is an
    :class:`IoFailure` naming the path with any BSN in it masked."""
    try:
        with open(path, "rb") as fh:
            return fh.read(limit + 1)
    except OSError as exc:
        shown = mask_in_text(str(path))
        reason = exc.strerror or type(exc).__name__
        raise IoFailure(f"cannot read {shown}: {reason}",
                        tekst=f"kan {shown} niet lezen: {reason}") from None


def read_bytes(path: str | Path, what: str = "case") -> bytes:
    """A file's bytes, at most :data:`MAX_CASE_BYTES`; an unreadable file is an I/O error."""
    raw = read_capped(path, MAX_CASE_BYTES)
    if len(raw) > MAX_CASE_BYTES:
        raise _too_big(what)
    return raw


def _read_text(path: str | Path, what: str = "case") -> str:
    return decode_text(read_bytes(path, what), what)


def load_case(path: str | Path) -> Case:
    """Read and validate a case file (UTF-8 JSON, at most :data:`MAX_CASE_BYTES`)."""
    return parse_case(_read_text(path))


def result_data(result: Result | Mapping[str, Any]) -> Mapping[str, Any]:
    """A result as ``bvv-result/1`` JSON data, whether given as a model or already as data."""
    return result.to_json_dict() if isinstance(result, Result) else result


def parse_result_data(stored: Mapping[str, Any] | str | bytes) -> dict[str, Any]:
    """A stored result as JSON data: an object whose ``format`` is ``bvv-result/1``."""
    data: Any = stored
    if isinstance(stored, bytes):
        stored = decode_text(stored, "result")
    if isinstance(stored, str):
        try:
            data = json.loads(stored.removeprefix("\ufeff"))
        except (ValueError, RecursionError) as exc:
            raise CaseInvalid(f"the result is not valid JSON: {exc}",
                              tekst="de opgeslagen uitkomst is geen geldige JSON") from None
    if not isinstance(data, Mapping):
        raise CaseInvalid("a stored result is a JSON object (bvv-result/1)",
                          tekst="een opgeslagen uitkomst is een JSON-object (bvv-result/1)")
    if data.get("format") != "bvv-result/1":
        shown = mask_in_text(repr(data.get("format")))[:60]
        raise CaseInvalid(f"not a bvv-result/1 (format is {shown})", path="format",
                          tekst=f"geen bvv-result/1 (format is {shown})")
    return dict(data)


def load_result(path: str | Path) -> dict[str, Any]:
    """Read a stored ``bvv-result/1`` JSON file (one object)."""
    return parse_result_data(_read_text(path, "result"))
