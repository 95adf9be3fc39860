"""`goleash serve`: the language server, over stdio (default), TCP or WebSocket.

stdout is the JSON-RPC stream when serving over stdio, so logging goes to stderr
(and to the client as window/logMessage), never to stdout.
"""

from __future__ import annotations

import argparse
import logging
import sys


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("serve", help="run the goleash language server (LSP)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--stdio", action="store_true", help="speak LSP over stdin/stdout (the default)"
    )
    mode.add_argument(
        "--tcp", metavar="HOST:PORT", help="listen for one LSP client on a TCP socket"
    )
    mode.add_argument(
        "--ws",
        nargs="?",
        const="127.0.0.1:2087",
        metavar="HOST:PORT",
        help="serve LSP over WebSocket (needs the websockets package)",
    )
    p.add_argument(
        "--log-level",
        default="warning",
        choices=("debug", "info", "warning", "error"),
        help="stderr log level",
    )
    p.set_defaults(func=run)


def _host_port(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not port.isdigit():
        raise SystemExit(f"goleash serve: expected HOST:PORT, got {value!r}")
    return host or "127.0.0.1", int(port)


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(
        stream=sys.stderr,
        level=getattr(logging, args.log_level.upper()),
        format="goleash: %(levelname)s %(name)s: %(message)s",
    )
    from goleash.lsp.server import create_server

    server = create_server()
    if args.tcp:
        host, port = _host_port(args.tcp)
        server.start_tcp(host, port)
    elif args.ws:
        host, port = _host_port(args.ws)
        server.start_ws(host, port)
    else:
        # Our own framing and error answers around pygls' protocol (goleash.lsp.transport).
        from goleash.lsp.transport import serve_stdio

        return serve_stdio(server)
    return 0
