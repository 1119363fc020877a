#!/usr/bin/env bash
# Mutation testing of one source folder with Stryker.NET 5.1.0 (too slow for CI: run it by hand, in the background).
#   bash tests/mutation/run.sh Periphery
#   bash tests/mutation/run.sh Devices/StochasticMtj.cs
# Argument: the folder under src/AnalogLA (or a file in it). Per-test coverage analysis runs, for each mutant,
# only the tests that execute it. (A VsTest test-case filter made Stryker 5.1.0's initial run fail here with
# "Initial test run could not be completed", so none is set; an optional second argument passes one anyway.)
# Results: tests/mutation/StrykerOutput/<date>/reports/mutation-report.{md,html,json}; progress in the log.
set -euo pipefail
cd "$(dirname "$0")"
folder="${1:?folder under src/AnalogLA, e.g. Periphery or Devices/StochasticMtj.cs}"
filter="${2:-}"
export PATH="$PATH:$HOME/.dotnet/tools"
command -v dotnet-stryker > /dev/null || dotnet tool install -g dotnet-stryker --version 5.1.0
case "$folder" in *.cs) glob="**/$folder" ;; *) glob="**/$folder/*.cs" ;; esac
config="$(mktemp -p . stryker-XXXX.json)"
trap 'rm -f "$config"' EXIT
python3 - "$glob" "$filter" "$config" <<'PY'
import json, sys
glob, flt, out = sys.argv[1:]
cfg = json.load(open("stryker-config.json"))
cfg["stryker-config"]["mutate"] = [glob]
if flt:
    cfg["stryker-config"]["test-case-filter"] = flt
json.dump(cfg, open(out, "w"), indent=2)
PY
dotnet-stryker --config-file "$config" --solution ../../AnalogLA.sln
