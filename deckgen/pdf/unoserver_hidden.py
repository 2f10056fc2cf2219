"""unoserver's server, the same but loading every document hidden; server.py runs it.

It runs under the interpreter that can `import uno` (.venv-uno: Debian's python3 with
python3-uno, and unoserver as pinned in constraints.txt), not deckgen's, so it imports nothing
of deckgen. Its arguments are `python -m unoserver.server`'s.

Why: unoserver loads a document with only `ReadOnly`, so LibreOffice builds a view for it as
for a window; with `Hidden` it does not (unoconv, unoserver's predecessor, and LibreOffice's
own `--convert-to` load hidden too). Measured on the bench deck's two changed pages: 0.25 s
instead of 0.33 s a conversion (median of 6), the same PDF character for character.
unoserver has no option for it, so its converter's desktop is wrapped, here only.
"""

from __future__ import annotations

import sys
from typing import Any

import uno  # noqa: F401  (sets up the import of com.sun.star below)
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from unoserver import converter, server


class _LoadsHidden:
    """LibreOffice's desktop, with `Hidden` added to every document it loads."""

    def __init__(self, desktop: Any) -> None:
        self._desktop = desktop

    def __getattr__(self, name: str) -> Any:
        return getattr(self._desktop, name)

    def loadComponentFromURL(self, url: str, target: str, flags: int,  # noqa: N802 (UNO's)
                             props: tuple[Any, ...]) -> Any:
        hidden = PropertyValue(Name="Hidden", Value=True)
        return self._desktop.loadComponentFromURL(url, target, flags, (*props, hidden))


class HiddenConverter(converter.UnoConverter):
    """unoserver's converter, loading through `_LoadsHidden`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.desktop = _LoadsHidden(self.desktop)


if __name__ == "__main__":
    converter.UnoConverter = HiddenConverter  # the class server.py instantiates
    sys.exit(server.main())
