#!/usr/bin/env bash
# Mutation testing of one source folder with Stryker.NET 5.1.0 (too slow for CI: run it by hand, in the background).
#   bash tests/mutation/run.sh Periphery "FullyQualifiedName~AnalogLA.Tests.Periphery"
# Arguments: the folder under src/AnalogLA (or a file glob inside it) and the test-case filter for its tests.
# Results: tests/mutation/StrykerOutput/<date>/reports/mutation-report.{md,html,json}; progress in the log.
set -euo pipefail
cd "$(dirname "$0")"
folder="${1:?folder under src/AnalogLA, e.g. Periphery or Devices/StochasticMtj.cs}"
filter="${2:?test-case filter, e.g. FullyQualifiedName~AnalogLA.Tests.Periphery}"
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
cfg["stryker-config"]["test-case-filter"] = flt
json.dump(cfg, open(out, "w"), indent=2)
PY
dotnet-stryker --config-file "$config" --solution ../../AnalogLA.sln
