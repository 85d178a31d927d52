#!/usr/bin/env bash
# Offline checks of infra/terraform (no AWS account, no network):
#   1. terraform fmt -check -recursive
#   2. per configuration (envs/us-east-1, envs/eu-west-1, module-tests):
#      init -backend=false -plugin-dir=$TF_PLUGIN_DIR, then validate
#   3. per configuration: terraform test (mocked AWS provider, command = plan); the region roots
#      get -var-file=../regions.tfvars, so the shared file is checked against the variables too.
#
# Counting in the summary line "terraform: N passed, N failed":
#   - fmt is one check; init + validate of a configuration is one check;
#   - every `run` block of `terraform test` is one check ("N passed, N failed" of its summary);
#     a skipped run counts as failed, and a `terraform test` that fails without printing its
#     summary counts as one failure.
#
# Environment: TF_PLUGIN_DIR (default /opt/tf-plugins): directory with the AWS provider plugin.
#              TF_TEST_DATA_DIR (default $TMPDIR/dotshop-terraform-test): where the .terraform
#              working directories go, outside the repository (the repository has no
#              .dockerignore, so anything left in it would end up in the image build context).
set -euo pipefail

if ! command -v terraform >/dev/null 2>&1; then
  echo "terraform not found: skipping infra tests (install Terraform 1.11+ and the AWS provider plugin dir, see infra/README.md)"
  exit 0
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
plugin_dir="${TF_PLUGIN_DIR:-/opt/tf-plugins}"
data_root="${TF_TEST_DATA_DIR:-${TMPDIR:-/tmp}/dotshop-terraform-test}"
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0

configs=(envs/us-east-1 envs/eu-west-1 module-tests)

passed=0
failed=0
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

pass() {
  passed=$((passed + 1))
  echo "ok    $1"
}

fail() {
  failed=$((failed + 1))
  echo "FAIL  $1"
  sed 's/^/      /' "$log"
}

start=$SECONDS

if terraform -chdir="$here" fmt -check -recursive -no-color >"$log" 2>&1; then
  pass "fmt -check -recursive"
else
  fail "fmt -check -recursive (files listed above need terraform fmt)"
fi

for cfg in "${configs[@]}"; do
  export TF_DATA_DIR="$data_root/${cfg//\//-}"
  if terraform -chdir="$here/$cfg" init -backend=false -input=false -no-color -plugin-dir="$plugin_dir" >"$log" 2>&1 &&
    terraform -chdir="$here/$cfg" validate -no-color >>"$log" 2>&1; then
    pass "init + validate $cfg"
  else
    fail "init + validate $cfg"
    continue
  fi

  test_args=(-no-color)
  [[ $cfg == envs/* ]] && test_args+=(-var-file=../regions.tfvars)
  status=0
  terraform -chdir="$here/$cfg" test "${test_args[@]}" >"$log" 2>&1 || status=$?

  # "Success! 5 passed, 0 failed." / "Failure! 3 passed, 1 failed, 1 skipped."
  summary="$(grep -Eo '[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?' "$log" | tail -n 1 || true)"
  if [[ -n $summary ]]; then
    read -r p f s <<<"$(echo "$summary" | sed -E 's/([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?/\1 \2 \4/')"
    s="${s:-0}"
    passed=$((passed + p))
    failed=$((failed + f + s))
    if [[ $status -eq 0 && $f -eq 0 && $s -eq 0 ]]; then
      echo "ok    test $cfg ($p runs)"
    else
      echo "FAIL  test $cfg ($summary)"
      grep -vE '^\s*$' "$log" | sed 's/^/      /'
    fi
  else
    fail "test $cfg (no summary; exit $status)"
  fi
done

echo "($((SECONDS - start))s)"
echo "terraform: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
