# SPDX-License-Identifier: MIT
"""Prints RecScope and RecBole side by side from tests/bench/compare_recbole.sh's outputs: the
RecScope project database, RecBole's JSON lines (tests/bench/recbole_run.py) and the folder with
the exported split and each RecScope process's peak RSS.
Usage: python3 compare_recbole.py RECSCOPE_DB RECBOLE_JSONL OUT_DIR"""
import collections
import json
import os
import sqlite3
import sys

LABELS = {"Pop": "Pop", "ItemKNN": "ItemKNN", "BPR-MF": "BPR", "LightGCN": "LightGCN", "SASRec": "SASRec"}
METRICS = ["NDCG@10", "Recall@10", "Hit@10", "MRR@10", "NDCG@20"]


def recscope_runs(db):
    con = sqlite3.connect(db)
    out = {}
    for rid, label, epochs, best, train_s, eval_s in con.execute(
            "SELECT id, label, epochs, best_epoch, train_seconds, eval_seconds FROM runs WHERE status = 'finished' ORDER BY id"):
        test = dict(con.execute("SELECT name, value FROM final_metrics WHERE run_id = ? AND phase = 'test'", (rid,)))
        curve = collections.defaultdict(dict)
        for name, step, value in con.execute("SELECT name, step, value FROM epoch_metrics WHERE run_id = ?", (rid,)):
            curve[name][step] = value
        validations = len(curve.get("valid/NDCG@10", {}))
        out[LABELS.get(label, label)] = {
            "test": test, "epochs": epochs, "best_epoch": best, "train_s": train_s,
            "epoch_s": train_s / max(1, epochs), "eval_s": eval_s / (validations + 1),  # validations and the test pass
            "curve": curve,
        }
    return out


def fmt(v, digits=4):
    return "–" if v is None else f"{v:.{digits}f}"


def ratio(a, b):
    return "–" if a is None or b is None or b == 0 else f"{a / b:.3f}"


def main():
    db, jsonl, out_dir = sys.argv[1:4]
    ours = recscope_runs(db)
    theirs = {json.loads(line)["model"]: json.loads(line) for line in open(jsonl) if line.strip()}
    models = [m for m in ["Pop", "ItemKNN", "BPR", "LightGCN", "SASRec"] if m in ours or m in theirs]
    print("Accuracy (test, full ranking; ratio = RecScope / RecBole)\n")
    print("| model | " + " | ".join(f"{m} RecScope | {m} RecBole | ratio" for m in METRICS[:3]) + " |")
    print("|---" * (1 + 3 * 3) + "|")
    for m in models:
        a, b = ours.get(m, {}).get("test", {}), theirs.get(m, {}).get("test", {})
        cells = []
        for metric in METRICS[:3]:
            cells += [fmt(a.get(metric)), fmt(b.get(metric)), ratio(a.get(metric), b.get(metric))]
        print(f"| {m} | " + " | ".join(cells) + " |")
    print("\nCost (2 threads; RecScope's evaluation pass is its mean over validations and the test)\n")
    print("| model | epochs (best) RecScope | RecBole | s / epoch RecScope | RecBole | RecBole / RecScope | eval pass s RecScope | RecBole valid | RecBole test | peak RSS MB RecScope | RecBole |")
    print("|---" * 12 + "|")
    for m in models:
        a, b = ours.get(m, {}), theirs.get(m, {})
        rss_file = os.path.join(out_dir, f"{m.lower()}.rss")
        rss = int(open(rss_file).read().split()[-1]) / 1024 if os.path.exists(rss_file) else None
        print(f"| {m} | {a.get('epochs', '–')} ({a.get('best_epoch', '–')}) | {b.get('epochs', '–')} ({b.get('best_epoch', '–')}) | "
              f"{fmt(a.get('epoch_s'), 3)} | {fmt(b.get('seconds_per_epoch'), 3)} | {ratio(b.get('seconds_per_epoch'), a.get('epoch_s'))} | "
              f"{fmt(a.get('eval_s'), 3)} | {fmt(b.get('valid_seconds'), 3)} | {fmt(b.get('test_seconds'), 3)} | {fmt(rss, 0)} | {fmt(b.get('peak_rss_mb'), 0)} |")
    if "SASRec" in ours and "SASRec" in theirs:
        target = theirs["SASRec"]["best_valid"]
        curve = ours["SASRec"]["curve"]
        elapsed, reached = 0.0, None
        for step in sorted(curve.get("train/seconds", {})):
            elapsed += curve["train/seconds"][step]
            if curve.get("valid/NDCG@10", {}).get(step, -1) >= target:
                reached = (step, elapsed)
                break
        total_b = theirs["SASRec"]["fit_seconds"]
        print(f"\nSASRec: RecBole's best validation NDCG@10 is {target:.4f} after {total_b:.0f} s of fitting; RecScope's validation reaches it "
              + (f"at epoch {reached[0]} after {reached[1]:.0f} s of training." if reached else "never (its best is "
                 f"{max(curve.get('valid/NDCG@10', {0: 0}).values()):.4f})."))
    if "Pop" in theirs and theirs["Pop"].get("pop_counts"):
        counts = collections.Counter()
        with open(os.path.join(out_dir, "general", "ml100k", "ml100k.train.inter")) as f:
            next(f)
            for line in f:
                counts[line.split("\t")[1]] += 1
        print("\nPop's counts of RecBole's ten most popular training items: RecBole's item_cnt (one per training batch holding the item, "
              "per epoch) and the item's training interactions (RecScope's count)\n")
        print("| item | RecBole item_cnt | interactions |")
        print("|---|---|---|")
        for item, c in theirs["Pop"]["pop_counts"]:
            print(f"| {item} | {c} | {counts[item]} |")


if __name__ == "__main__":
    main()
