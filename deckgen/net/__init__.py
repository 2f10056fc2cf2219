"""Everything that talks to a server: one polite HTTP session, arXiv, ranking sources."""
