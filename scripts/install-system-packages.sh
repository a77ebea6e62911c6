#!/usr/bin/env bash
# Debian packages the platform needs: Pango for WeasyPrint, a font that shapes Arabic,
# gettext for the catalogues, Chromium for the browser tests, and the real programs the tests
# open the platform's files with (LibreOffice Calc, poppler, qpdf, zbar). Installs only what
# is missing, and only when running as root with apt-get; otherwise says what to install.
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-hosny-amiri fonts-dejavu-core gettext chromium
  libreoffice-calc-nogui poppler-utils qpdf zbar-tools)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "WARNING: missing system packages (install them with your package manager): ${missing[*]}" >&2
fi
