"""The session folder: session.yaml, the lock, translations and figure index."""
