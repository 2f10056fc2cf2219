"""The presenter's own defaults: name and affiliation, so `deckgen new` fills them in.

Each value is taken from the first place that has it:

1. the command line (`deckgen new --presenter …`);
2. the environment: DECKGEN_PRESENTER, DECKGEN_AFFILIATION;
3. the user config file, TOML: DECKGEN_CONFIG if set, else
   `$XDG_CONFIG_HOME/deckgen/config.toml`, else `~/.config/deckgen/config.toml`:

       presenter = "山田 太郎"
       affiliation = "〇〇大学 AI研究会"

A missing file is no error; a file deckgen cannot read is, naming the file, the line and the
fix, since a typo there would otherwise be silently ignored month after month.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from deckgen.errors import DeckgenError

FIELDS = {"presenter": "DECKGEN_PRESENTER", "affiliation": "DECKGEN_AFFILIATION"}
MAX_CONFIG_BYTES = 64 * 1024  # a few lines are expected; a huge file is a mistake


@dataclass(frozen=True)
class UserDefaults:
    """What the environment and the config file say; None where neither says anything."""

    presenter: str | None = None
    affiliation: str | None = None


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """Where the user config file is (whether or not it exists)."""
    env = os.environ if environ is None else environ
    if env.get("DECKGEN_CONFIG"):
        return Path(env["DECKGEN_CONFIG"]).expanduser()
    base = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME") or Path.home()) / ".config")
    return Path(base) / "deckgen" / "config.toml"


def user_defaults(environ: Mapping[str, str] | None = None) -> UserDefaults:
    """The presenter's defaults: the environment over the config file."""
    env = os.environ if environ is None else environ
    values = _read(config_path(env))
    for field, variable in FIELDS.items():
        value = " ".join((env.get(variable) or "").split())
        if value:
            values[field] = value
    return UserDefaults(**values)


def _read(path: Path) -> dict[str, str]:
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise DeckgenError(f"{path}: cannot read ({exc.strerror}); fix its permissions or "
                           "set DECKGEN_CONFIG to another file") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise DeckgenError(f"{path}: over {MAX_CONFIG_BYTES // 1024} KB; deckgen's config "
                           "holds two lines (presenter = \"…\", affiliation = \"…\")")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise DeckgenError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise DeckgenError(f"{path}: invalid TOML ({exc}); write it as "
                           "`presenter = \"山田 太郎\"`, one setting a line") from None
    values: dict[str, str] = {}
    for key, value in data.items():
        if key not in FIELDS:
            close = difflib.get_close_matches(key, list(FIELDS), n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(FIELDS)}"
            raise DeckgenError(f"{path}: unknown setting '{key}' ({hint})")
        if not isinstance(value, str):
            raise DeckgenError(f"{path}: {key} must be text in quotes, e.g. "
                               f"{key} = \"{value}\"")
        if " ".join(value.split()):
            values[key] = " ".join(value.split())
    return values
