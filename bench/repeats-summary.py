#!/usr/bin/env python3
"""Summarises the runs of one `bench/run --repeat N` series: for every target, each run's figure,
the median, the range and how many runs met it; writes summary.json beside the runs.
Usage: bench/repeats-summary.py <series directory holding run-1/, run-2/, ...>"""
import glob
import json
import os
import statistics
import sys

series = sys.argv[1]
runs = [json.load(open(path)) for path in sorted(glob.glob(os.path.join(series, "run-*", "*.json")))]
if not runs:
    sys.exit(f"no runs under {series}")
summary = {"scenario": runs[0]["scenario"], "mode": runs[0]["mode"], "runs": len(runs),
           "cpuReferenceMs": [run["machine"].get("cpuReferenceMs") for run in runs], "targets": []}
for index, target in enumerate(runs[0]["targets"]):
    measured = [run["targets"][index]["measured"] for run in runs]
    entry = {"target": target["target"], "goal": target["goal"], "measured": measured,
             "met": sum(1 for run in runs if run["targets"][index]["met"])}
    # Some targets report text (e.g. "186 -> 188 (max 188)"): those get no median.
    if all(isinstance(value, (int, float)) for value in measured):
        entry["median"] = statistics.median(measured)
        entry["min"], entry["max"] = min(measured), max(measured)
    summary["targets"].append(entry)
with open(os.path.join(series, "summary.json"), "w") as out:
    json.dump(summary, out, indent=2)
print(f"{summary['scenario']} ({summary['mode']}), {len(runs)} runs, cpuReferenceMs {summary['cpuReferenceMs']}")
for entry in summary["targets"]:
    spread = f"median {entry['median']} [{entry['min']} – {entry['max']}]" if "median" in entry else "see runs"
    print(f"  {entry['target']}: {spread}; met in {entry['met']} of {len(runs)} (goal {entry['goal']}): {entry['measured']}")
