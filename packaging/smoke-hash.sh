#!/usr/bin/env bash
# The fingerprint of what the bundle is built from (packaging/, as committed): .ci/run builds
# the bundle and runs packaging/smoke.py when it differs from packaging/smoke.sha. After a passing smoke run,
# record it: `bash packaging/smoke-hash.sh > packaging/smoke.sha`.
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files -s packaging | grep -v 'packaging/smoke.sha$' | sha256sum | cut -d' ' -f1
