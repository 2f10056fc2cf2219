"""The `deckgen` subcommands, a module per group of them; `deckgen.cli` assembles them.

Each command parses its options, calls one library function and prints the result; the
library never prints or exits.
"""
