"""The pure planner: session, papers and texts in, a Deck of slides out (no I/O)."""
