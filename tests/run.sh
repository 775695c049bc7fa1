#!/usr/bin/env bash
# Set up everything the tests need, then run every test (browser tests included).
# Usage: bash tests/run.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'

# A real headless Chromium (Debian's package; Playwright's own download is not used).
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    fi
fi

# Validators and peers from npm, kept in .tools/ (ignored by git): the Nu Html Checker,
# axe-core, and Pagefind for the search benchmark.
if [ ! -f .tools/node_modules/vnu-jar/build/dist/vnu.jar ]; then
    mkdir -p .tools
    npm install --silent --no-audit --no-fund --prefix .tools vnu-jar@latest >/dev/null
fi

export GAZETTE_CHROMIUM="${GAZETTE_CHROMIUM:-$(command -v chromium)}"
export GAZETTE_VNU_JAR="${GAZETTE_VNU_JAR:-$PWD/.tools/node_modules/vnu-jar/build/dist/vnu.jar}"
exec python3 -m pytest "$@"
