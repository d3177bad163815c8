# SPDX-License-Identifier: MIT
"""Mean ± std over seeds of each configuration's test metrics and audit numbers, from a project
database (runs of one label and parameters in one experiment pooled over their seeds).
Usage: python3 summarize_runs.py PROJECT.db [METRIC ...]
Metrics are test metrics ("NDCG@10") or audit fields: attacker (the attribute attacker's accuracy),
majority (its baseline), gap:NDCG@10 (best − worst group), bias:APLT (an item-side number)."""
import collections
import json
import sqlite3
import statistics
import sys


def ms(values):
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    if len(values) == 1:
        return f"{values[0]:.4f}"
    return f"{statistics.mean(values):.4f} ± {statistics.stdev(values):.4f}"


def audit_value(report, field):
    if field == "attacker":
        return report["attacker"]["accuracy"]
    if field == "majority":
        return report["attacker"]["majority"]
    kind, _, name = field.partition(":")
    if kind == "gap":
        return next((m["gap"] for m in report["consumer"] if m["metric"] == name), None)
    if kind == "bias":
        return report["bias"].get(name)
    return None


def main():
    db = sys.argv[1]
    fields = sys.argv[2:] or ["NDCG@10", "attacker", "gap:NDCG@10", "bias:APLT"]
    con = sqlite3.connect(db)
    groups = collections.OrderedDict()  # (experiment, label, params) -> rows
    for rid, exp, label, params, seed in con.execute(
            "SELECT id, experiment_id, label, params_json, seed FROM runs WHERE status = 'finished' AND sweep_role != 'trial' ORDER BY id"):
        test = dict(con.execute("SELECT name, value FROM final_metrics WHERE run_id = ? AND phase = 'test'", (rid,)))
        audit = con.execute("SELECT report_json FROM audits WHERE run_id = ? AND kind = 'fairness' ORDER BY id DESC LIMIT 1", (rid,)).fetchone()
        report = json.loads(audit[0]) if audit else None
        row = [test.get(f) if f in test else (audit_value(report, f) if report else None) for f in fields]
        groups.setdefault((exp, label, params), {"label": label, "seeds": [], "rows": []})
        groups[(exp, label, params)]["seeds"].append(seed)
        groups[(exp, label, params)]["rows"].append(row)
    print("| configuration | seeds | " + " | ".join(fields) + " |")
    print("|---" * (2 + len(fields)) + "|")
    for g in groups.values():
        cols = [ms([r[k] for r in g["rows"]]) for k in range(len(fields))]
        print(f"| {g['label']} | {len(g['seeds'])} | " + " | ".join(cols) + " |")


if __name__ == "__main__":
    main()
