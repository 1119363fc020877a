#!/usr/bin/env bash
# Mutation testing of one source folder with Stryker.NET 5.1.0 (too slow for CI: run it by hand, in the background).
#   bash tests/mutation/run.sh Periphery
#   bash tests/mutation/run.sh Crossbar/WeightMapper.cs
# Argument: the folder under src/AnalogLA (or a file in it). Stryker instruments every file of the project even when
# "mutate" names one, and the instrumented hot loops made the coverage run of the whole suite take hours here; so the
# run happens in a temporary copy of the tracked tree in which every other source file starts with
# "// Stryker disable all" (the copy only: nothing in the checkout changes). Per-test coverage analysis then runs, for
# each mutant, only the tests that execute it. (A VsTest test-case filter made Stryker 5.1.0's initial run fail here
# with "Initial test run could not be completed", so none is set; an optional second argument passes one anyway.)
# STRYKER_CONCURRENCY=2 runs two mutants at once (default 1; on two cores 2 only pays when the machine is otherwise idle).
# STRYKER_ADDITIONAL_TIMEOUT (ms, Stryker's default 5000) lengthens each mutant's time limit: set it when the run shares
# the machine (e.g. under `nice -n 19` beside other work), or a starved mutant is reported as a timeout (counted killed).
# STRYKER_TESTS="Devices Validation Cli/CliRunner.cs" keeps only those folders and files of tests/AnalogLA.Tests (and
# its top-level helpers) in the copy. Stryker 5.1.0's test-case filter does not work here (above), and a file such as Devices/Demagnetization.cs is
# executed by almost every test (every DW-MTJ preset builds one), so without it each mutant runs most of the suite
# (120 mutants did not finish in 1 h 45 min). The score against a subset is a lower bound on the whole suite's score:
# a mutant killed by the subset is killed by the suite.
# STRYKER_EXCLUDE="Macrospin.cs MacrospinReadout.cs" leaves those files of the folder unmutated (for a file whose tests
# run for seconds uninstrumented and many minutes instrumented: score it in a run of its own).
# STRYKER_SKIP_SLOW=1 turns every [Category("Slow")] test of the copy into an ignored one (the default CI run leaves
# them out too; e.g. the Δ = 10 macrospin dwell test integrates 2.1·10⁸ LLG steps, 7 s plain and far longer under
# coverage capture). Fewer tests can only kill fewer mutants, so the score stays a lower bound.
# Results: tests/mutation/StrykerOutput/<date>/reports/mutation-report.{md,html,json}; progress in the log.
set -euo pipefail
cd "$(dirname "$0")"
folder="${1:?folder under src/AnalogLA, e.g. Periphery or Devices/StochasticMtj.cs}"
filter="${2:-}"
export PATH="$PATH:$HOME/.dotnet/tools"
command -v dotnet-stryker > /dev/null || dotnet tool install -g dotnet-stryker --version 5.1.0
repo="$(git rev-parse --show-toplevel)"
[ -e "$repo/src/AnalogLA/$folder" ] || { echo "error: src/AnalogLA/$folder does not exist" >&2; exit 2; }
copy="$(mktemp -d)"
trap 'rm -rf "$copy"' EXIT
git -C "$repo" ls-files -z | (cd "$repo" && xargs -0 cp --parents -t "$copy")
if [ -n "${STRYKER_TESTS:-}" ]; then
  for d in "$copy"/tests/AnalogLA.Tests/*/; do
    name="$(basename "$d")"
    case " $STRYKER_TESTS bin obj " in *" $name "*) continue ;; esac
    for f in "$d"*.cs; do
      case " $STRYKER_TESTS " in *" $name/$(basename "$f") "*) ;; *) rm -f "$f" ;; esac
    done
  done
fi
if [ "${STRYKER_SKIP_SLOW:-0}" = 1 ]; then
  grep -rlZ --include='*.cs' 'Category("Slow")' "$copy/tests" | xargs -0 -r sed -i 's/\[Category("Slow")\]/[Ignore("mutation run: slow category skipped")]/'
fi
case "$folder" in *.cs) glob="**/$folder" ;; *) glob="**/$folder/*.cs" ;; esac
python3 - "$copy/src/AnalogLA" "$folder" "${STRYKER_EXCLUDE:-}" <<'PY'
import pathlib, sys
root, target, exclude = pathlib.Path(sys.argv[1]), sys.argv[2].rstrip("/"), set(sys.argv[3].split())
for f in root.rglob("*.cs"):
    rel = f.relative_to(root).as_posix()
    inside = rel == target or rel.startswith(target + "/")
    if (inside and f.name not in exclude) or "/obj/" in "/" + rel or "/bin/" in "/" + rel:
        continue
    f.write_text("// Stryker disable all : outside the folder under test\n" + f.read_text(encoding="utf-8"), encoding="utf-8")
PY
python3 - "$glob" "$filter" "$copy/tests/mutation/run-config.json" "${STRYKER_CONCURRENCY:-1}" "${STRYKER_ADDITIONAL_TIMEOUT:-5000}" <<'PY'
import json, sys
glob, flt, out, concurrency, timeout = sys.argv[1:]
cfg = json.load(open("stryker-config.json"))
cfg["stryker-config"]["mutate"] = [glob]
cfg["stryker-config"]["concurrency"] = int(concurrency)
cfg["stryker-config"]["additional-timeout"] = int(timeout)
if flt:
    cfg["stryker-config"]["test-case-filter"] = flt
json.dump(cfg, open(out, "w"), indent=2)
PY
status=0
(cd "$copy/tests/mutation" && dotnet-stryker --config-file run-config.json --solution ../../AnalogLA.sln) || status=$?
mkdir -p StrykerOutput
[ -d "$copy/tests/mutation/StrykerOutput" ] && cp -r "$copy/tests/mutation/StrykerOutput/." StrykerOutput/
exit $status
