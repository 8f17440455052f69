#!/usr/bin/env bash
# Runs one crosstrail JShell notebook against the bundled example data:
#   examples/notebooks/run.sh 01-console-switchrole.jsh
# Builds the CLI jar on first use (it carries the library and both providers).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
notebook="${1:?usage: examples/notebooks/run.sh NOTEBOOK.jsh}"
[ -f "$notebook" ] || notebook="$root/examples/notebooks/$notebook"
"$root/crosstrail" --version >/dev/null
exec jshell -R-Dcrosstrail.data="$root/examples/data" \
  --class-path "$root/cli/target/crosstrail-cli-0.1.0-SNAPSHOT-all.jar" "$notebook"
