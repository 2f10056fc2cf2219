"""The only python-pptx users: template, slides, identities, merging hand edits."""
