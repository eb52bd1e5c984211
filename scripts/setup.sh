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
  # One pattern at a time: `ls a* b*` fails when either has no match, which made an installed package look missing.
  have_jar() { compgen -G "/usr/share/java/$1" >/dev/null; }
  have_jar "pdfbox*.jar" || need+=(libpdfbox2-java)
  have_jar "activation*.jar" || have_jar "javax.activation*.jar" || need+=(libactivation-java)
  have_jar "jaxb-api*.jar" || need+=(libjaxb-api-java)
fi
# The headless shell is what captures run in when it is there (a third less CPU than chromium --headless);
# without it they run in chromium, so a machine that lacks it still works and only gets a hint.
want=()
[ -x /usr/lib/chromium/chromium-headless-shell ] || [ -x /usr/bin/chromium-headless-shell ] || want+=(chromium-headless-shell)
# Fonts for what posts are written in: without them emoji, Tigrinya, Thai and other scripts are empty
# boxes in the record's picture (the text layer has them either way). The tests look at emoji pixels.
fonts=()
compgen -G "/usr/share/fonts/truetype/noto/NotoSansEthiopic*" >/dev/null || fonts+=(fonts-noto-core)
# fc-list finds the font the record sheet draws a name in when DejaVu Sans lacks its letters (Tigrinya).
command -v fc-list >/dev/null 2>&1 || fonts+=(fontconfig)
[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || fonts+=(fonts-noto-color-emoji)
if [ "${1:-}" = "test" ]; then need+=("${fonts[@]}"); else want+=("${fonts[@]}"); fi
if [ "$(id -u)" -ne 0 ]; then
  if [ ${#need[@]} -gt 0 ]; then
    echo "setup: these Debian packages are missing and installing them needs root. Run: sudo apt-get install -y ${need[*]} ${want[*]}" >&2
    exit 1
  fi
  if [ ${#want[@]} -gt 0 ]; then
    echo "setup: recommended Debian packages are missing: sudo apt-get install -y ${want[*]} (chromium-headless-shell: captures use a third less CPU; fonts-noto-*: emoji and scripts such as Tigrinya and Thai are drawn in the records' pictures instead of empty boxes)" >&2
  fi
elif [ ${#need[@]} -gt 0 ] || [ ${#want[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  if [ ${#need[@]} -gt 0 ]; then
    echo "setup: installing Debian packages: ${need[*]}" >&2
    apt-get install -y -q --no-install-recommends "${need[@]}" >&2
  fi
  for pkg in "${want[@]}"; do
    apt-get install -y -q --no-install-recommends "$pkg" >&2 || echo "setup: $pkg could not be installed; captures still work (chromium-headless-shell: they use chromium, more CPU; fonts: some characters are empty boxes in the pictures)" >&2
  done
fi

# The compiled copy the command line runs (dist/), when the sources changed since it was built:
# commands start half a second sooner than when tsx compiles the sources on every run.
node scripts/build.mjs --if-stale
