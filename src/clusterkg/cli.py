"""The ``clusterkg`` command: a thin layer over the library.

Each command lives in ``clusterkg/commands/<name>.py`` with ``register(subparsers, common)``
and ``run(args)``; heavy imports stay inside ``run`` so that every command starts fast.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys

from . import __version__
from .errors import ClusterKGError

# command name -> module under clusterkg.commands, in the order of the help text
COMMANDS = {
    "build": "build",
    "check-source": "check_source",
    "validate": "validate",
    "export": "export",
    "queries": "queries",
    "query": "query",
    "push": "push",
    "network": "network",
    "viz": "viz",
    "site": "site",
    "serve": "serve",
}


def make_parser(argv=None) -> argparse.ArgumentParser:
    """The parser; with ``argv`` naming a command, only that command's options are set up (the rest
    cost a query on the real data its time), otherwise every command's."""
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
        module = importlib.import_module(f"clusterkg.commands.{module_name}")
        module.register(subparsers, common)
        registered.add(module_name)
    return parser


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = make_parser(argv)
    args = parser.parse_args(argv)
    # A command makes millions of objects that live until it ends; the cyclic collector's passes over
    # them cost a quarter to a third of a build at R = 1000 (benchmarks). Reference counting still frees
    # everything; a command's process is short. So it is paused here, and only here.
    gc.disable()
    try:
        return args.func(args) or 0
    except ClusterKGError as exc:
        print(f"clusterkg {args.command}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    finally:
        gc.enable()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
