"""The limits and credentials of one ``bvv serve`` process.

``bvv serve --workers N`` starts each worker from :func:`settings_from_env`, so the few settings a
worker needs travel as environment variables (the token *file name*, never a token).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from bvv.errors import BvvError

#: request bodies of every endpoint but ``/v1/batch``
MAX_BODY = 1 << 20
#: the whole NDJSON body of ``/v1/batch`` (streamed: memory stays flat whatever this is)
MAX_BATCH_BODY = 256 << 20
#: one line of a batch
MAX_BATCH_LINE = 1 << 20
#: seconds to wait for the next part of a request body
BODY_TIMEOUT = 30.0
#: shortest bearer token accepted from a token file
MIN_TOKEN_LENGTH = 16

ENV_TOKEN_FILE = "BVV_SERVE_TOKEN_FILE"


class TokenFileInvalid(BvvError):
    """The token file is missing, unreadable or holds a token that is too short."""

    code = "token-file-invalid"
    exit_code = 2


@dataclass(frozen=True)
class Settings:
    """``tokens`` empty means no authentication (loopback, or ``--no-auth``)."""

    tokens: tuple[str, ...] = ()
    max_body: int = MAX_BODY
    max_batch_body: int = MAX_BATCH_BODY
    max_batch_line: int = MAX_BATCH_LINE
    body_timeout: float = BODY_TIMEOUT


def read_token_file(path: str | Path) -> tuple[str, ...]:
    """One bearer token a line; blank lines and lines starting with ``#`` are skipped."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeError) as exc:
        raise TokenFileInvalid(
            f"cannot read the token file {path}: {type(exc).__name__}",
            hint="give a readable UTF-8 file with one token a line",
        ) from None
    tokens = tuple(t for t in (line.strip() for line in text.splitlines()) if t and not t.startswith("#"))
    if not tokens:
        raise TokenFileInvalid(f"the token file {path} holds no token", hint="add one token a line")
    if any(len(t) < MIN_TOKEN_LENGTH for t in tokens):
        raise TokenFileInvalid(
            f"a token in {path} is shorter than {MIN_TOKEN_LENGTH} characters",
            hint="use e.g. 'python -c \"import secrets; print(secrets.token_urlsafe(32))\"'",
        )
    return tokens


def settings_from_env() -> Settings:
    """The settings of a worker process (``bvv serve --workers N``)."""
    token_file = os.environ.get(ENV_TOKEN_FILE)
    return Settings(tokens=read_token_file(token_file) if token_file else ())
