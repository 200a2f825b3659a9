"""Receipts: what a stored result needs to be reproduced and checked later.

A receipt holds the library version, the norm table used and a fingerprint of all norm files,
the rules version, and SHA-256 hashes of the canonical input case and of the canonical output
without the receipt. Canonical JSON is RFC 8785 (JSON Canonicalization Scheme, via the
``rfc8785`` package): the same data always gives the same bytes, whatever the key order.
"""

from __future__ import annotations

import hashlib
from typing import Any

import rfc8785

LIBRARY = "bvv"


def canonical_json(data: Any) -> bytes:
    """RFC 8785 canonical bytes of JSON-ready data (no floats: bvv writes money as strings)."""
    return rfc8785.dumps(data)


def sha256_of(data: Any) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


def output_hash(result_json: dict[str, Any]) -> str:
    """Hash of a result's JSON without its receipt."""
    return sha256_of({k: v for k, v in result_json.items() if k != "receipt"})


def make_receipt(
    *,
    case_json: dict[str, Any],
    result_json: dict[str, Any],
    library_version: str,
    norms_version: str,
    norms_sha256: str,
    rules_version: str,
) -> dict[str, str]:
    return {
        "library": LIBRARY,
        "library_version": library_version,
        "norms_version": norms_version,
        "norms_sha256": norms_sha256,
        "rules_version": rules_version,
        "input_sha256": sha256_of(case_json),
        "output_sha256": output_hash(result_json),
    }
