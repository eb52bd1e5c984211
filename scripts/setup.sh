#!/usr/bin/env bash
# Makes a fresh machine ready for `npm run demo` and `npm test`: npm packages, Debian's Chromium and the
# tools the tests use to check PDFs. Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages (npm ci)" >&2
  npm ci --no-audit --no-fund >&2
fi

need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
[ -f /usr/share/color/icc/sRGB.icc ] || need+=(icc-profiles-free)
if [ "${1:-}" = "test" ]; then
  command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
  command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
  command -v gs >/dev/null 2>&1 || need+=(ghostscript)
  command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
  ls /usr/share/java/pdfbox2.jar >/dev/null 2>&1 || ls /usr/share/java/pdfbox*.jar >/dev/null 2>&1 || need+=(libpdfbox2-java)
  ls /usr/share/java/activation*.jar /usr/share/java/javax.activation*.jar >/dev/null 2>&1 || need+=(libactivation-java)
  ls /usr/share/java/jaxb-api*.jar >/dev/null 2>&1 || need+=(libjaxb-api-java)
fi
# The headless shell is what captures run in when it is there (a third less CPU than chromium --headless);
# without it they run in chromium, so a system that lacks the package still works.
want=()
[ -x /usr/lib/chromium/chromium-headless-shell ] || [ -x /usr/bin/chromium-headless-shell ] || want+=(chromium-headless-shell)
if [ ${#need[@]} -gt 0 ] || [ ${#want[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    [ ${#want[@]} -gt 0 ] && [ ${#need[@]} -eq 0 ] && echo "setup: for faster captures install Debian's chromium-headless-shell (sudo apt-get install -y chromium-headless-shell); captures use chromium until then" >&2
  else
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2
    if [ ${#want[@]} -gt 0 ] && ! apt-get install -y -q --no-install-recommends "${want[@]}" >&2; then
      echo "setup: chromium-headless-shell could not be installed; captures use chromium (slower, same pictures)" >&2
    fi
  fi
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: these Debian packages are missing and installing them needs root. Run: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends "${need[@]}" >&2
fi
