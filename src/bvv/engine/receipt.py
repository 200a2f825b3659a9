"""Receipts: what a stored result needs to be reproduced and checked later.

A receipt holds the library version, the norm table used and a fingerprint of all norm files,
the rules version, SHA-256 hashes of the canonical input case and of the canonical output
without the receipt, and ``receipt_sha256``: the hash of all those receipt fields, so that an edit
of the metadata (a version, the norms hash) is noticed too.

What a receipt proves, and what not: it shows that a stored result was not changed *by accident*
since it was made (a damaged file, an edited amount, a case that no longer matches). It is not a
signature: there is no secret, so anyone who edits a result can compute a new, matching receipt.

Canonical JSON is RFC 8785 (JSON Canonicalization Scheme, via the ``rfc8785`` package): the
same data always gives the same bytes, whatever the key order.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from typing import Any

import rfc8785

LIBRARY = "bvv"
_FOUR_BYTE_LEADS = (b"\xf0", b"\xf1", b"\xf2", b"\xf3", b"\xf4")
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
#: outside strings, a "." or an exponent in JSON text can only come from a float
_NUMBER_WITH_FRACTION = re.compile(r"[.eE]")


def canonical_json(data: Any, *, float_free: bool = False) -> bytes:
    """RFC 8785 canonical bytes of JSON-ready data.

    For data without floats whose text stays in the Basic Multilingual Plane, RFC 8785 equals
    ``json.dumps`` with sorted keys, no whitespace and no ASCII escaping (same string escapes,
    and UTF-16 key order equals code-point order there); that fast path is taken, and
    ``tests/core/test_receipt.py`` checks it against the ``rfc8785`` package. Anything else
    goes through ``rfc8785`` itself. ``float_free=True`` skips the float scan for data built
    from bvv's own models, which hold no floats (money and factors are decimal strings).

    >>> canonical_json({"b": "€", "a": [1, None, True]})
    b'{"a":[1,null,true],"b":"\xe2\x82\xac"}'
    """
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    encoded = text.encode("utf-8")
    if beyond_bmp(text, encoded) or (not float_free and _NUMBER_WITH_FRACTION.search(_STRING.sub("", text))):
        return rfc8785.dumps(data)
    return encoded


def beyond_bmp(text: str, encoded: bytes) -> bool:
    """Whether ``text`` (UTF-8 ``encoded``) holds a character beyond the Basic Multilingual Plane,
    where RFC 8785 sorts and escapes differently from ``json.dumps``: such a character is a
    four-byte UTF-8 sequence, lead byte F0-F4."""
    return not text.isascii() and any(lead in encoded for lead in _FOUR_BYTE_LEADS)


def non_finite_path(data: Any, path: str = "") -> str | None:
    """The JSON path of the first NaN or Infinity in ``data`` (which no canonical JSON can hold).

    >>> non_finite_path({"steps": [{"amount": "1.00"}, {"amount": float("nan")}]})
    'steps[1].amount'
    """
    if isinstance(data, float) and not math.isfinite(data):
        return path or "$"
    if isinstance(data, dict):
        items: Any = ((f"{path}.{k}" if path else str(k), v) for k, v in data.items())
    elif isinstance(data, list):
        items = ((f"{path}[{i}]", v) for i, v in enumerate(data))
    else:
        return None
    for sub, value in items:
        found = non_finite_path(value, sub)
        if found is not None:
            return found
    return None


def sha256_of(data: Any, *, float_free: bool = False) -> str:
    return hashlib.sha256(canonical_json(data, float_free=float_free)).hexdigest()


def output_hash(result_json: dict[str, Any]) -> str:
    """Hash of a result's JSON without its receipt."""
    return sha256_of({k: v for k, v in result_json.items() if k != "receipt"})


def receipt_hash(receipt: dict[str, Any]) -> str:
    """Hash of a receipt's fields other than ``receipt_sha256`` (which covers them)."""
    return sha256_of({k: v for k, v in receipt.items() if k != "receipt_sha256"})


def receipt_from_hashes(
    *,
    input_sha256: str,
    output_sha256: str,
    library_version: str,
    norms_version: str,
    norms_sha256: str,
    rules_version: str,
) -> dict[str, str]:
    """The receipt's fields, given the hashes of the canonical input and output."""
    receipt = {
        "library": LIBRARY,
        "library_version": library_version,
        "norms_version": norms_version,
        "norms_sha256": norms_sha256,
        "rules_version": rules_version,
        "input_sha256": input_sha256,
        "output_sha256": output_sha256,
    }
    # every field is a string: no float to look for
    return {**receipt, "receipt_sha256": sha256_of(receipt, float_free=True)}
