"""Figures: where they come from, how they are stored, which ones a deck shows."""
