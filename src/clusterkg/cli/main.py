"""The ``clusterkg`` command: a thin layer over the library.

Each command lives in ``clusterkg/cli/<name>.py`` with ``register(subparsers, common)``
and ``run(args)``; heavy imports stay inside ``run`` so that every command starts fast.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import re
import sys

from clusterkg import __version__
from clusterkg.errors import ClusterKGError

# command name -> module under clusterkg.cli, in the order of the help text
COMMANDS = {
    "build": "build",
    "check-source": "check_source",
    "validate": "validate",
    "export": "export",
    "queries": "queries",
    "query": "query",
    "push": "push",
    "diff": "diff",
    "network": "network",
    "viz": "viz",
    "site": "site",
    "serve": "serve",
    "check-publication": "check_publication",
}


def make_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``argv`` naming a command, only that command's options are set up (the rest
    cost a query on the real data its time), otherwise every command's."""
    return _parser_and_commands(argv)[0]


def command_parsers() -> dict[str, argparse.ArgumentParser]:
    """Every command's parser by name, in the order of ``clusterkg --help``, as the parser holds them
    (docs/cli.md is generated from these)."""
    return _parser_and_commands(None)[1]


def _parser_and_commands(argv: list[str] | None) -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    parser = argparse.ArgumentParser(
        prog="clusterkg",
        description="A knowledge graph of the West Midlands Plan for Growth cluster growth profiles.",
        epilog="Run 'clusterkg COMMAND --help' for one command's options and an example.",
    )
    parser.add_argument("--version", action="version", version=f"clusterkg {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", metavar="DIR", default=None,
                        help="folder of profiles and entities in the data/ format (default: the embedded data)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    chosen = COMMANDS.get(argv[0]) if argv else None
    registered = set()
    for module_name in [chosen] if chosen else COMMANDS.values():
        if module_name in registered:
            continue
        module = importlib.import_module(f"clusterkg.cli.{module_name}")
        module.register(subparsers, common)
        registered.add(module_name)
    return parser, subparsers.choices


# where an endpoint's credentials come from (clusterkg.remote.endpoint's USER_VARIABLE and PASSWORD_VARIABLE)
CREDENTIAL_VARIABLES = ("CLUSTERKG_ENDPOINT_USER", "CLUSTERKG_ENDPOINT_PASSWORD")
_USERINFO = re.compile(r"(?<=//)[^/@\s]+@")  # user:password@ in a URL
_AUTH_TOKEN = re.compile(r"\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]{4,}", re.IGNORECASE)


def shown(message) -> str:
    """An error message as it may reach a terminal: each line stripped of escape sequences and control
    characters (text from data or a server can carry them), and no credential in it: a URL's user and
    password, an ``Authorization`` token, the endpoint password of the environment and its Basic token."""
    from clusterkg.safetext import terminal_text

    text = "\n".join(terminal_text(line) for line in str(message).split("\n"))
    text = _USERINFO.sub("***@", text)
    text = _AUTH_TOKEN.sub(lambda m: f"{m.group(1)} ***", text)
    user, password = (os.environ.get(name, "") for name in CREDENTIAL_VARIABLES)
    if password:
        import base64

        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        for secret in (token, password) if len(password) >= 3 else (token,):
            text = text.replace(secret, "***")
    return text


def _os_error(exc: OSError) -> str:
    """A file-system error as one line: the file, then what went wrong."""
    where = exc.filename if exc.filename is not None else ""
    what = exc.strerror or str(exc)
    return f"{where}: {what}" if where else what


def _warning_line(message, category, filename, lineno, file=None, line=None) -> None:
    """A Python warning (of a library: matplotlib's font cache...) as one clean line on stderr."""
    print(f"clusterkg: warning: {shown(f'{category.__name__}: {message}')}", file=file or sys.stderr)


def quiet_third_parties() -> None:
    """Route the warnings of libraries through :func:`shown`: one clean line each, never their raw text (a
    path or a font name can hold escape sequences). Their log records: :func:`clusterkg.safetext.clean_logs`,
    called where such a library is imported (logging is not imported on the fast path)."""
    import warnings

    warnings.showwarning = _warning_line


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    quiet_third_parties()
    parser = make_parser(argv)
    args = parser.parse_args(argv)
    # A command makes millions of objects that live until it ends; the cyclic collector's passes over
    # them cost a quarter to a third of a build at R = 1000 (benchmarks). Reference counting still frees
    # everything; a command's process is short. So it is paused here, and only here.
    gc.disable()
    try:
        return args.func(args) or 0
    except ClusterKGError as exc:
        print(f"clusterkg {args.command}: error: {shown(exc)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a file the system would not read or write (a full disk, a permission)
        print(f"clusterkg {args.command}: error: {shown(_os_error(exc))}", file=sys.stderr)
        return 2
    finally:
        gc.enable()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
