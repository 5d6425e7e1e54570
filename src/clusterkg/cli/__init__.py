"""One module per CLI command: ``register(subparsers, common)`` adds its parser, ``run(args)`` does it."""
