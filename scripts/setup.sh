#!/usr/bin/env bash
# Installs everything Vejviser needs on a fresh Debian machine with Python 3.11:
# system packages (Graphviz, Chromium, fonts), a virtualenv with the Python packages,
# and the front-end packages (DKFDS, axe-core, @orama/stemmers) from npm. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(graphviz chromium fonts-dejavu-core python3-venv nodejs npm)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# nodejs/npm may come from elsewhere (nodesource, nvm); only ask apt for them if absent
command -v node >/dev/null 2>&1 && missing=("${missing[@]/nodejs}")
command -v npm >/dev/null 2>&1 && missing=("${missing[@]/npm}")
python3 -m venv --help >/dev/null 2>&1 && python3 -c "import ensurepip" 2>/dev/null && missing=("${missing[@]/python3-venv}")
read -r -a missing <<< "${missing[*]}"
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e '.[dev]'

(cd web && npm ci --no-audit --no-fund --loglevel=error)
echo "setup: done"
