#!/usr/bin/env python3
"""kill -9 and concurrent writers against real recscope-cli processes (issue 16).

    tests/bench/crash_trials.py CLI WORKDIR [--trials N] [--writers 2,4]

kill -9 trials: a project holds finished runs; `recscope-cli run` (with checkpoints) is killed
at a random moment of its run (while it prepares, trains, writes a checkpoint or stores final
metrics). After each kill: PRAGMA integrity_check passes, no run is left "running" once the
project is opened, every run finished before the trial has the same curves and metrics, and
every killed run with a checkpoint resumes to "finished".
Concurrent writers: 2 and 4 processes run experiments and audits on one project at once: all
exit 0, none prints "database is locked", and every run they started is stored finished.
Prints one summary line per part; exit 1 on any failure."""
import argparse
import hashlib
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time


def spec(path, epochs, seed):
    # Small enough that one run lasts ~2 s on 2 cores, so kills land in every phase.
    with open(path, "w") as f:
        json.dump({"name": "crash", "dataset": {"format": "synthetic", "synthetic": {"users": 400, "items": 300, "mean_length": 20, "seed": 7}},
                   "split": {"kind": "leave_one_out"}, "eval": {"metrics": ["NDCG", "Recall"], "ks": [10]}, "seed": seed,
                   "models": [{"id": "bpr", "params": {"epochs": epochs, "batch_size": 256, "patience": 0}},
                              {"id": "sasrec", "params": {"epochs": epochs, "batch_size": 64, "patience": 0}}]}, f)


def snapshot(db):
    """integrity_check, and a digest of each finished run's stored rows."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        runs = {}
        for run_id, status in con.execute("SELECT id, status FROM runs"):
            rows = con.execute("SELECT name, step, value FROM epoch_metrics WHERE run_id = ? ORDER BY name, step", (run_id,)).fetchall()
            rows += con.execute("SELECT phase, name, value FROM final_metrics WHERE run_id = ? ORDER BY phase, name", (run_id,)).fetchall()
            runs[run_id] = (status, hashlib.sha1(repr(rows).encode()).hexdigest())
        return ok, runs
    finally:
        con.close()


def listed(table):
    """Run id → status from `recscope-cli runs`."""
    out = {}
    for line in table.splitlines():
        m = re.match(r"\s*(\d+)\s.*?\s(finished|running|interrupted|cancelled|failed)\s", line)
        if m:
            out[int(m.group(1))] = m.group(2)
    return out


def cli(args, *rest, check=True):
    p = subprocess.run([args.cli, *rest], capture_output=True, text=True)
    if check and p.returncode != 0:
        raise RuntimeError(f"{' '.join(rest)} exited {p.returncode}: {p.stderr[-500:]}")
    return p


def kill_trials(args):
    db, ckpt, sp = (os.path.join(args.work, n) for n in ("kill.db", "kill-ckpt", "kill.json"))
    spec(sp, 8, 1)
    cli(args, "run", sp, "--db", db, "--checkpoints", ckpt, "--quiet")
    t0 = time.time()
    cli(args, "run", sp, "--db", db, "--checkpoints", ckpt, "--quiet")
    full = time.time() - t0
    rng = random.Random(args.seed)
    survived = resumed = no_checkpoint = before_any_run = kills = early = 0
    trial = 0
    while kills < args.trials and trial < 4 * args.trials:  # until that many kills have landed
        trial += 1
        _, before = snapshot(db)
        started = time.time()
        proc = subprocess.Popen([args.cli, "run", sp, "--db", db, "--checkpoints", ckpt, "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, full * 0.95))
        if proc.poll() is not None:  # it finished first: not a kill; aim earlier from now on
            early += 1
            full = min(full, time.time() - started)
            continue
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kills += 1
        # `runs` opens the project read-only: it shows the killed run as interrupted and stores
        # nothing; `resume` (which writes) marks it so and continues it.
        shown = listed(cli(args, "runs", "--db", db).stdout)
        ok, after = snapshot(db)
        lost = [r for r, (status, digest) in before.items() if status == "finished" and after.get(r) != (status, digest)]
        problems = []
        if ok != "ok":
            problems.append(f"integrity_check: {ok}")
        if lost:
            problems.append(f"finished runs changed: {lost}")
        if [r for r, status in shown.items() if status == "running"] or sorted(shown) != sorted(after):
            problems.append(f"`runs` shows {shown}")
        # This trial's killed run(s); runs interrupted in earlier trials without a checkpoint stay so.
        killed = sorted(r for r, status in shown.items() if status == "interrupted" and before.get(r, ("",))[0] != "interrupted")
        before_any_run += not killed  # killed while it read the data, before a run began
        for run_id in killed:
            p = cli(args, "resume", str(run_id), "--db", db, "--quiet", check=False)
            if p.returncode == 0 and snapshot(db)[1][run_id][0] == "finished":
                resumed += 1
            elif "has no checkpoint" in p.stderr:
                no_checkpoint += 1  # killed before its first epoch ended: nothing to resume from
            else:
                problems.append(f"resume {run_id} failed: {p.stderr.strip()[-300:]}")
        if [r for r, (status, _) in snapshot(db)[1].items() if status == "running"]:
            problems.append("a run is still stored as running after resume opened the project")
        if problems:
            print(f"kill trial {trial}: FAILED: {'; '.join(problems)}")
            return False
        survived += 1
    if kills < args.trials or (args.trials >= 10 and resumed == 0):
        print(f"kill -9: FAILED: {kills} kills landed, {resumed} runs resumed (do the kills land during training?)")
        return False
    print(f"kill -9: {survived}/{kills} kills survived (integrity_check ok, no finished run changed, none left running; {early} more runs ended before their kill); "
          f"{resumed} killed runs resumed to finished, {no_checkpoint} killed before their first checkpoint, {before_any_run} killed before a run began")
    return True


def writers(args, n):
    db, sp = os.path.join(args.work, f"writers-{n}.db"), os.path.join(args.work, f"writers-{n}.json")
    ckpt = os.path.join(args.work, f"writers-{n}-ckpt")
    spec(sp, 3, 2)
    cli(args, "run", sp, "--db", db, "--checkpoints", ckpt, "--quiet")
    base = snapshot(db)[1]
    bpr = min(base)  # the first run: audited while the others write
    procs = []
    for k in range(n):
        cmd = ["run", sp, "--db", db, "--checkpoints", ckpt, "--quiet"] if k % 2 == 0 else ["audit", str(bpr), "--db", db]
        procs.append(subprocess.Popen([args.cli, *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
    failures = []
    for p in procs:
        _, err = p.communicate()
        if p.returncode != 0 or "locked" in err:
            failures.append(f"exit {p.returncode}: {err.strip()[-300:]}")
    ok, after = snapshot(db)
    expected = len(base) + 2 * ((n + 1) // 2)
    stored = sum(1 for status, _ in after.values() if status == "finished")
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    audits = con.execute("SELECT count(*) FROM audits WHERE run_id = ?", (bpr,)).fetchone()[0]
    con.close()
    if failures or ok != "ok" or stored != expected or audits != n // 2:
        print(f"{n} writers: FAILED: {failures} integrity {ok}, {stored} of {expected} runs finished, {audits} of {n // 2} audits")
        return False
    print(f"{n} concurrent writers ({(n + 1) // 2} runs, {n // 2} audits): all exited 0, no 'database is locked', "
          f"{stored}/{expected} runs and {audits}/{n // 2} audits stored")
    return True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cli")
    ap.add_argument("work")
    ap.add_argument("--trials", type=int, default=50)
    ap.add_argument("--writers", default="2,4")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    for name in os.listdir(args.work):  # what an earlier call left: only this script's own files
        if name.startswith(("kill", "writers-")):
            path = os.path.join(args.work, name)
            shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
    ok = kill_trials(args) if args.trials else True
    for n in (int(x) for x in args.writers.split(",") if x):
        ok = writers(args, n) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
