#!/usr/bin/env bash
# Set up everything the tests need, then run every test (browser tests included).
# Usage: bash tests/run.sh [pytest args]
# It creates .venv/ (if missing), installs the package with its test extras, Debian's chromium
# (if missing) and the Nu Html Checker (into .tools/), then runs pytest. Nothing is skipped:
# a missing tool makes the tests that need it fail.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'

# A real headless Chromium (Debian's package; Playwright's own browser download is not used).
if ! command -v chromium >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi

# The Nu Html Checker from npm (Java runs it), kept in .tools/ (ignored by git).
if [ ! -f .tools/node_modules/vnu-jar/build/dist/vnu.jar ]; then
    mkdir -p .tools
    npm install --silent --no-audit --no-fund --prefix .tools vnu-jar@26.9.27 >/dev/null
fi

export GAZETTE_CHROMIUM="${GAZETTE_CHROMIUM:-$(command -v chromium)}"
export GAZETTE_VNU_JAR="${GAZETTE_VNU_JAR:-$PWD/.tools/node_modules/vnu-jar/build/dist/vnu.jar}"
exec .venv/bin/python -m pytest "$@"
