#!/usr/bin/env python3
"""Prints the Markdown table of bench/README.md from bench/results/*.json (every target, met or missed)."""
import glob
import json
import os

here = os.path.dirname(os.path.abspath(__file__))
order = ["capacity", "steady", "fanout", "longpoll", "throughput", "stalled", "soak"]
files = sorted(glob.glob(os.path.join(here, "results", "*.json")),
               key=lambda f: (order.index(os.path.basename(f).split("-")[0]), f))
print("| scenario | mode | target | goal | measured | met | load avg before | cpu reference (ms) |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
for path in files:
    result = json.load(open(path))
    load = str(result["machine"].get("loadAverageBeforeLoad", "?")).split(" ")[0]
    # Figures compare only between boxes of a like reference (bench/README.md, finding 11).
    reference = result["machine"].get("cpuReferenceMs", "?")
    for target in result["targets"]:
        print(f"| {result['scenario']} | {result['mode']} | {target['target']} | {target['goal']} | "
              f"{target['measured']} | {'yes' if target['met'] else '**no**'} | {load} | {reference} |")
