"""PDF export through LibreOffice, the warm server, checks and previews."""
