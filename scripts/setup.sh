#!/usr/bin/env bash
# Install what deckgen needs on a Debian machine: LibreOffice (PDF), Japanese fonts,
# poppler (PDF checks), and a virtual environment with deckgen and its test tools.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
APT_PACKAGES=(libreoffice-impress-nogui fonts-noto-cjk poppler-utils)
EXTRA_APT=("$@")   # e.g. pandoc for the benchmark

missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-impress-nogui)
# read the whole list first: `fc-list | grep -q` fails under pipefail when grep exits early
families=$(fc-list : family 2>/dev/null || true)
[[ $families == *"Noto Sans CJK JP"* ]] || missing+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
for pkg in "${EXTRA_APT[@]}"; do
  command -v "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "setup: deckgen needs Python 3.11 or newer ($PYTHON is $("$PYTHON" --version))" >&2; exit 1; }
if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi
stamp="$VENV/.deckgen-installed"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
  echo "setup: installing deckgen into $VENV (the tested versions in constraints.txt)"
  "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
  "$VENV/bin/python" -m pip install -q -c constraints.txt -e ".[test,dev]"
  touch "$stamp"
fi
# An editable install compiles none of deckgen's modules, and where PYTHONDONTWRITEBYTECODE is
# set Python never caches them: every command then compiled all ~110 again (0.1 s of each
# build, measured). compileall writes only what is missing or older than its source.
"$VENV/bin/python" -m compileall -q -j 0 deckgen >/dev/null

# Warm PDF server (`deckgen serve`): unoserver needs a Python that can `import uno`, which
# only Debian's python3 with python3-uno has; it gets its own environment beside $VENV.
# Optional: without it builds convert with a cold soffice. Skip with DECKGEN_NO_UNO=1.
UNO_VENV=${UNO_VENV:-$(dirname "$VENV")/.venv-uno}
UNOSERVER_VERSION=$(sed -n 's/^unoserver==//p' constraints.txt)
if [ -z "${DECKGEN_NO_UNO:-}" ]; then
  if ! /usr/bin/python3 -c 'import uno, ensurepip' >/dev/null 2>&1; then
    echo "setup: installing Debian package python3-uno (warm PDF server)"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
      python3-uno python3-venv >/dev/null
  fi
  if ! "$UNO_VENV/bin/python" -c "import uno, unoserver" >/dev/null 2>&1; then
    echo "setup: creating $UNO_VENV (unoserver $UNOSERVER_VERSION on Debian's python3)"
    /usr/bin/python3 -m venv --system-site-packages "$UNO_VENV"
    "$UNO_VENV/bin/python" -m pip install -q "unoserver==$UNOSERVER_VERSION"
  fi
fi
