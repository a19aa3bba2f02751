#!/usr/bin/env bash
# Builds the demo project (this repository's standards/, guidance/, glossary/) into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/normkit build --project . --out build "$@"
