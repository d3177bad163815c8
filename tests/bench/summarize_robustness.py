# SPDX-License-Identifier: MIT
"""Robustness table from tests/bench/bench_robustness.sh's project database: per attack (each
experiment is one attack, named "KIND SHARE") and model, T-HR@50 as mean ± std over seeds, and
the rise over the same model's unattacked T-HR@50 on the same seed, relative: after / before − 1.
Usage: python3 summarize_robustness.py PROJECT.db"""
import collections
import sqlite3
import statistics
import sys


def ms(values, digits=4):
    if not values:
        return "–"
    if len(values) == 1:
        return f"{values[0]:.{digits}f}"
    return f"{statistics.mean(values):.{digits}f} ± {statistics.stdev(values):.{digits}f}"


def main():
    con = sqlite3.connect(sys.argv[1])
    value = collections.defaultdict(dict)  # (attack, model) -> seed -> T-HR@50
    ndcg = collections.defaultdict(dict)
    models, attacks = [], []
    for name, label, seed, rid in con.execute(
            "SELECT e.name, r.label, r.seed, r.id FROM runs r JOIN experiments e ON e.id = r.experiment_id "
            "WHERE r.status = 'finished' ORDER BY r.id"):
        test = dict(con.execute("SELECT name, value FROM final_metrics WHERE run_id = ? AND phase = 'test'", (rid,)))
        value[(name, label)][seed] = test.get("T-HR@50")
        ndcg[(name, label)][seed] = test.get("NDCG@10")
        models += [label] if label not in models else []
        attacks += [name] if name not in attacks else []
    print("T-HR@50 of 5 tail targets, mean ± std over seeds 1, 2, 3 (rise: after / before − 1 on the same seed)\n")
    print("| attack | " + " | ".join(f"{m} | rise" for m in models) + " |")
    print("|---" * (1 + 2 * len(models)) + "|")
    for a in attacks:
        cells = []
        for m in models:
            now = value[(a, m)]
            base = value[("none 0", m)]
            rises = [now[s] / base[s] - 1 for s in now if s in base and base[s]]
            cells += [ms(list(now.values())), "–" if a == "none 0" else ms(rises, 2)]
        print(f"| {a} | " + " | ".join(cells) + " |")
    print("| NDCG@10, unattacked | " + " | ".join(f"{ms(list(ndcg[('none 0', m)].values()))} | " for m in models) + "|")


if __name__ == "__main__":
    main()
