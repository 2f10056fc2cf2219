"""Ranking sources: each turns a query into arXiv ids in rank order (and what it knows of them)."""
