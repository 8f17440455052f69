#!/usr/bin/env bash
# Traces the four seed stories on the bundled example logs, in both directions between the clouds:
#   examples/trace-stories.sh
# Each block is one `crosstrail trace`: the record, who acted, the origin, every hop with its evidence.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$root/examples/data"

# Build the CLI jar first (on first use), with its progress visible.
"$root/crosstrail" --version >/dev/null

story() {
  printf '\n=== %s\n' "$1"
  "$root/crosstrail" trace --event "$2" --directory "$data/directory" "$data/aws" "$data/gcp" 2>/dev/null
}

story "1. Console SwitchRole: who is behind account B's HeadBucket by SwitchRole/miyamoto? (seed 000)" \
  82b1981b-e57a-4c89-9932-8f60a53245fb
story "2. AssumeRole with an arbitrary session name: two users, one session ARN (seeds 001, 003) — tanaka's call" \
  98bea983-708e-428a-9e46-58df04aeb2fc
story "2. … and suzuki's call with the very same session ARN" \
  4a16d201-57df-4c5a-8768-8715b53fd3e8
story "3. GCP -> AWS: a service account became an AWS role session; who is behind its ListBuckets? (seed 004)" \
  b5f0fd7f-232d-46a6-919a-d18fbc25b4f3
story "4. AWS -> GCP: AWS role sessions became a GCP service account; who is behind its storage.objects.list? (seed 004)" \
  kbionm1yuvfm
story "4. … and the same service account used through role 2 by an EC2 instance" \
  rxs8o1dinuoq
