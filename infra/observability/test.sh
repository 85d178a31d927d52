#!/usr/bin/env bash
# Alert rules tested like code (issue 13, ADR 023), offline:
#   1. promtool check rules alerts.yml
#   2. promtool test rules, one file per alert in tests/ (the series that fire it, the series that must not)
#   3. every alert in alerts.yml has a test file naming it, with a must-not-fire case (exp_alerts: [])
#   4. every runbook_url points at a file in docs/runbooks/
# Summary line (counted by .ci/summarize): "promtool: N passed, N failed" — each numbered step is
# one check per file/alert (1 + test files + alerts + alerts).
#
# promtool: the one on the PATH, else PROMTOOL, else Debian's `prometheus` package unpacked (not
# installed: no server) into $PROMTOOL_CACHE_DIR (default ~/.cache/dotshop-promtool) by
# `apt-get download prometheus` + `dpkg -x`. Where none of that works, one line says so and the
# suite is skipped (exit 0), the way infra/terraform/test.sh skips without terraform.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cache="$(realpath -m "${PROMTOOL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/dotshop-promtool}")"

find_promtool() {
  if [[ -n ${PROMTOOL:-} && -x ${PROMTOOL:-} ]]; then echo "$PROMTOOL"; return; fi
  if command -v promtool >/dev/null 2>&1; then command -v promtool; return; fi
  if [[ -x $cache/usr/bin/promtool ]]; then echo "$cache/usr/bin/promtool"; return; fi
  command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1 || return 1
  local dl
  dl="$(mktemp -d)"
  (cd "$dl" && apt-get download prometheus >/dev/null 2>&1) || { rm -rf "$dl"; return 1; }
  mkdir -p "$cache"
  dpkg -x "$dl"/prometheus_*.deb "$cache" >/dev/null 2>&1 || { rm -rf "$dl"; return 1; }
  rm -rf "$dl"
  [[ -x $cache/usr/bin/promtool ]] && echo "$cache/usr/bin/promtool"
}

if ! promtool="$(find_promtool)"; then
  echo "promtool not found and Debian's prometheus package could not be downloaded: skipping the alert-rule tests (see infra/observability/README.md)"
  exit 0
fi

passed=0
failed=0
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
pass() { passed=$((passed + 1)); echo "ok    $1"; }
fail() { failed=$((failed + 1)); echo "FAIL  $1"; sed 's/^/      /' "$log"; }
start=$SECONDS

cd "$here"
if "$promtool" check rules alerts.yml >"$log" 2>&1; then pass "check rules alerts.yml ($(grep -Eo '[0-9]+ rules found' "$log"))"; else fail "check rules alerts.yml"; fi

for t in tests/*.test.yml; do
  if (cd tests && "$promtool" test rules "$(basename "$t")") >"$log" 2>&1; then pass "test rules $t"; else fail "test rules $t"; fi
done

mapfile -t alerts < <(grep -E '^\s+- alert: ' alerts.yml | sed -E 's/.*- alert: *//')
for a in "${alerts[@]}"; do
  files="$(grep -lE "alertname: $a\$" tests/*.test.yml || true)"
  if [[ -n $files ]] && grep -A2 -E "alertname: $a\$" $files | grep -q 'exp_alerts: \[\]' && grep -A2 -E "alertname: $a\$" $files | grep -q 'exp_alerts:$'; then
    pass "$a has a firing and a must-not-fire test"
  else
    echo "no test in tests/ has both a case where $a fires and one where it must not (exp_alerts: [])" >"$log"
    fail "$a has a firing and a must-not-fire test"
  fi
done

for a in "${alerts[@]}"; do
  url="$(awk -v a="$a" '$0 ~ "- alert: "a"$" {found=1} found && /runbook_url:/ {print $2; exit}' alerts.yml)"
  file="docs/runbooks/${url##*/docs/runbooks/}"
  if [[ $url == */docs/runbooks/*.md && -f $repo/$file ]]; then
    pass "$a runbook $file"
  else
    echo "runbook_url '$url' does not name a file in docs/runbooks/" >"$log"
    fail "$a runbook"
  fi
done

echo "($((SECONDS - start))s, $("$promtool" --version 2>&1 | head -1))"
echo "promtool: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
