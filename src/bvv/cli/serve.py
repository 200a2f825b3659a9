"""``bvv serve``: the HTTP API and the Dutch web form on uvicorn (needs the ``server`` extra).

It binds to 127.0.0.1 by default. Any other address needs ``--token-file`` (bearer tokens) or an
explicit ``--no-auth``, which prints a warning. ``--certfile``/``--keyfile`` go to uvicorn; for
mutual TLS put a reverse proxy in front (``docs/server.md``).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Any

from bvv.errors import BvvError

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


class ServeRefused(BvvError):
    code = "serve-refused"
    exit_code = 2


def register(sub: Any) -> None:
    p = sub.add_parser("serve", help="start de HTTP-API (/v1/) en het webformulier (/) op deze computer",
                       description="Start de HTTP-API en het Nederlandse webformulier "
                       "(eerst: pip install -e '.[server]').")
    p.add_argument("--host", default="127.0.0.1", help="adres om op te luisteren (standaard 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="poort (standaard 8000)")
    p.add_argument("--token-file", metavar="BESTAND",
                   help="toegangstokens, één per regel (nodig buiten 127.0.0.1)")
    p.add_argument("--no-auth", action="store_true", help="buiten 127.0.0.1 zonder tokens (met waarschuwing)")
    p.add_argument("--certfile", metavar="BESTAND", help="TLS-certificaat (PEM), doorgegeven aan uvicorn")
    p.add_argument("--keyfile", metavar="BESTAND", help="geheime TLS-sleutel (PEM), doorgegeven aan uvicorn")
    p.add_argument("--workers", type=int, default=1, help="aantal werkprocessen (standaard 1)")
    p.add_argument("--timeout-keep-alive", type=int, default=5, metavar="SECONDEN",
                   help="sluit stille verbindingen na zoveel seconden (standaard 5)")
    p.set_defaults(func=cmd_serve)


def check_binding(host: str, token_file: str | None, no_auth: bool) -> str | None:
    """Refuse an open binding without tokens; the warning to print, if any.

    >>> check_binding("127.0.0.1", None, False) is None
    True
    >>> check_binding("0.0.0.0", None, True).startswith("waarschuwing")
    True
    """
    if host in LOOPBACK or token_file:
        return None
    if not no_auth:
        raise ServeRefused(
            f"binding to {host} needs --token-file FILE (bearer tokens) or an explicit --no-auth",
            hint="the service handles BSNs and incomes; keep it on 127.0.0.1 or require tokens",
            tekst=f"luisteren op {host} kan alleen met --token-file BESTAND (toegangstokens) of "
            "uitdrukkelijk --no-auth",
            tip="de dienst verwerkt BSN's en inkomens: houd hem op 127.0.0.1 of eis tokens",
        )
    return (f"waarschuwing: bvv luistert op {host} ZONDER toegangscontrole; "
            "iedereen die erbij kan, kan hem gebruiken")


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from bvv.server.settings import ENV_TOKEN_FILE, read_token_file
    except ImportError:
        raise ServeRefused("bvv serve needs the server extra", hint="pip install -e '.[server]'",
                           tekst="bvv serve heeft de extra 'server' nodig",
                           tip="pip install -e '.[server]'") from None
    warning = check_binding(args.host, args.token_file, args.no_auth)
    if warning:
        print(warning, file=sys.stderr)
    if args.token_file:
        read_token_file(args.token_file)  # fail now, not in a worker
        os.environ[ENV_TOKEN_FILE] = os.path.abspath(args.token_file)
    else:
        os.environ.pop(ENV_TOKEN_FILE, None)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    uvicorn.run(
        "bvv.server.app:app_from_env", factory=True, host=args.host, port=args.port,
        workers=args.workers, ssl_certfile=args.certfile, ssl_keyfile=args.keyfile,
        timeout_keep_alive=args.timeout_keep_alive, access_log=False, server_header=False,
        limit_concurrency=1000, h11_max_incomplete_event_size=64 * 1024,
    )
    return 0
