"""Summarise Odoo's core test suites run by tools/test_core.sh.

Usage: test_core_report.py KNOWN_FAILURES LOG_DIR MODULE...

Reads LOG_DIR/<module>.xml (pytest's JUnit report) for each module, prints
run / failed / errors / skipped per module, and exits 1 when a test failed or
errored that KNOWN_FAILURES does not list. A test is named
``<module>:<file>.<Class>.<method>``, e.g.
``event:test_event_internals.TestEventRegistrationPhone.test_registration_form_phone``.
"""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def read_known(path):
    known = set()
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                known.add(line)
    return known


def read_module(log_dir, module):
    """{test name: outcome} for one module, None without a report."""
    report = log_dir / f"{module}.xml"
    if not report.exists():
        return None
    outcomes = {}
    rank = {"passed": 0, "skipped": 1, "failed": 2, "error": 3}
    for case in ET.parse(report).getroot().iter("testcase"):
        classname = case.get("classname", "").removeprefix("tests.")
        name = f"{module}:{classname}.{case.get('name')}"
        outcome = "passed"
        for child in case:
            if child.tag == "failure":
                outcome = max(outcome, "failed", key=rank.get)
            elif child.tag == "error":
                outcome = max(outcome, "error", key=rank.get)
            elif child.tag == "skipped":
                outcome = max(outcome, "skipped", key=rank.get)
        outcomes[name] = max(outcomes.get(name, "passed"), outcome, key=rank.get)
    return outcomes


def main(argv):
    known_path, log_dir, modules = Path(argv[1]), Path(argv[2]), argv[3:]
    known = read_known(known_path)
    new, fixed, missing = [], [], []
    print(f"  {'module':<10} {'run':>5} {'failed':>7} {'errors':>7} {'skipped':>8}")
    for module in modules:
        outcomes = read_module(log_dir, module)
        if outcomes is None:
            missing.append(module)
            print(f"  {module:<10} no report (see {log_dir / module}.log)")
            continue
        counts = {
            key: sum(1 for value in outcomes.values() if value == key)
            for key in ("failed", "error", "skipped")
        }
        print(
            f"  {module:<10} {len(outcomes):>5} {counts['failed']:>7} "
            f"{counts['error']:>7} {counts['skipped']:>8}"
        )
        for name, outcome in sorted(outcomes.items()):
            if outcome in ("failed", "error") and name not in known:
                new.append(f"{outcome:<7} {name}")
            if outcome in ("passed", "skipped") and name in known:
                fixed.append(name)
    for name in fixed:
        print(f"  note: known failure now passes, drop it from the list: {name}")
    if new or missing:
        print(f"make test-core: FAILED — new failures (not in {known_path.name}):")
        for line in new:
            print(f"  {line}")
        for module in missing:
            print(f"  no test report for {module}")
        return 1
    print("make test-core: no failures beyond the known ones")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
