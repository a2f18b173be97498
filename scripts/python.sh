# Sourced by scripts/run and scripts/test: choose a Python 3.12+ and make the virtual environment.
# Python 3.12 or later is required: with PySide6 6.12 on Python 3.11 every empty QVariant
# returned to Python drops a reference to None, and a long meeting aborts the interpreter
# ("deallocating None"). From 3.12 None is immortal, so that bug cannot bite.

sfconf_python() {
  local c
  for c in python3 python3.12 python3.13 python3.14 python; do
    if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      command -v "$c"; return 0
    fi
  done
  # pyenv installs other versions without putting them on PATH.
  for c in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.12*/bin/python3 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[3-9]*/bin/python3; do
    if [ -x "$c" ]; then echo "$c"; return 0; fi
  done
  echo "sfconf needs Python 3.12 or later; none was found (install python3.12 and try again)" >&2
  return 1
}

sfconf_venv() {
  # The environment lives in $SFCONF_VENV (default .venv); remade if it is on an older Python.
  SFCONF_VENV="${SFCONF_VENV:-.venv}"
  local py
  py="$(sfconf_python)" || return 1
  if [ -x "$SFCONF_VENV/bin/python" ] && "$SFCONF_VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
    return 0
  fi
  "$py" -m venv --clear "$SFCONF_VENV"
  "$SFCONF_VENV/bin/python" -m pip install -q --upgrade pip
}
