#!/usr/bin/env bash
# Signing speed on one core, in one run: Latchkey's OAuth 1.0a HMAC-SHA1 signatures of a typical API request against
# oauthlib signing the same request, and Latchkey's RS256 app JWTs against PyJWT and against `openssl speed rsa2048`
# (the limit: one RSA-2048 signature per JWT). Prints a Markdown table for BENCHMARKS.md.
#   bench/signing.sh [SECONDS=5]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${1:-5}

echo "==> release build" >&2
swift build -c release --static-swift-stdlib --product signing-bench >&2
venv="$root/.venv-test"
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$root/Tests/peers/requirements.txt" >&2

work=$(mktemp -d /tmp/latchkey-signing.XXXXXX)
trap 'rm -rf "$work"' EXIT
openssl genrsa -out "$work/key.pem" 2048 2>/dev/null

echo "==> Latchkey" >&2
ours=$("$root/.build/release/signing-bench" "$seconds" "$work/key.pem")
echo "==> oauthlib and PyJWT" >&2
theirs=$("$venv/bin/python" "$root/bench/signing_baselines.py" "$seconds" "$work/key.pem")
echo "==> openssl speed rsa2048" >&2
openssl_rate=$(openssl speed -seconds "$seconds" rsa2048 2>/dev/null | awk '/^rsa 2048 bits/ {print $6}')

field() { python3 -c "import json, sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }
ours_oauth1=$(field "$ours" oauth1_hmac_sha1_per_second)
ours_rs256=$(field "$ours" rs256_jwt_per_second)
ours_rsa=$(field "$ours" rsa2048_sign_swift_crypto_per_second)
oauthlib=$(field "$theirs" oauth1_hmac_sha1_per_second)
pyjwt=$(field "$theirs" rs256_jwt_per_second)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

echo
echo "one core each, ${seconds} s per figure, $(nproc) cores, $(openssl version | cut -d' ' -f1-2), $(date -u +%Y-%m-%d)"
echo
echo "| what | per second | ratio |"
echo "|---|---|---|"
echo "| Latchkey: OAuth 1.0a HMAC-SHA1 signature of a GET with three query parameters | $ours_oauth1 | $(ratio "$ours_oauth1" "$oauthlib") × oauthlib |"
echo "| oauthlib \`Client.sign\`, same request | $oauthlib | |"
echo "| Latchkey: RS256 app JWT (jwt-kit) | $ours_rs256 | $(ratio "$ours_rs256" "$openssl_rate") × OpenSSL |"
echo "| swift-crypto (BoringSSL) RSA-2048 signature alone | $ours_rsa | $(ratio "$ours_rsa" "$openssl_rate") × OpenSSL |"
echo "| PyJWT \`jwt.encode\` RS256 with the PEM | $pyjwt | |"
echo "| \`openssl speed rsa2048\` sign | $openssl_rate | |"
