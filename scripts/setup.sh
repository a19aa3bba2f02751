#!/usr/bin/env bash
# Installs what normkit needs on a fresh Debian machine: Debian packages (Chromium for the
# browser tests, poppler for reading PDFs back, jq for the JSON API docs' examples, fonts,
# Noto CJK for Chinese PDFs) and a virtual environment from pyproject.toml. Safe to run
# repeatedly: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v pdftoppm >/dev/null || need_apt+=(poppler-utils)
command -v jq >/dev/null || need_apt+=(jq)
[ -d /usr/share/fonts/truetype/dejavu ] || need_apt+=(fonts-dejavu-core)
# Chinese, Japanese and Korean PDFs are typeset with Noto CJK (outputs/pdf/fonts.py).
[ -f /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ] || need_apt+=(fonts-noto-cjk)
if [ "${#need_apt[@]}" -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.normkit-installed
wanted="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[test]'
  echo "$wanted" > "$stamp"
fi
# An editable install leaves src/ without bytecode, and where PYTHONDONTWRITEBYTECODE is set
# (this machine's environment sets it) Python never writes any: every normkit command would
# compile the modules it imports again (~0.05-0.1 s per process). pip compiles a regular
# install; this does the same for the editable one, and skips what is current.
.venv/bin/python -m compileall -q -j 0 src/normkit >/dev/null
