#!/usr/bin/env bash
# A full disk and a read-only project folder (issue 16), on a small tmpfs:
#   tests/bench/full_disk.sh [BUILD_DIR]      (needs root or sudo to mount, else exits 77: skipped)
# 1. A project with finished runs on a 12 MiB tmpfs; a run whose checkpoints fill the disk must
#    fail with a message naming the cause, and the project must pass integrity_check with every
#    earlier run unchanged.
# 2. The tmpfs remounted read-only: `runs` and `report` (read-only opens) still work; `run` is
#    refused with a clear error; nothing changes.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build}; [[ "$build" = /* ]] || build="$root/$build"
cli="$build/bin/recscope-cli"
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo -n"
mnt=$(mktemp -d)
$sudo_cmd mount -t tmpfs -o size=12m,mode=0777 tmpfs "$mnt" 2>/dev/null || { echo "full_disk: cannot mount a tmpfs (needs root or sudo); skipped"; rmdir "$mnt"; exit 77; }
trap '$sudo_cmd umount "$mnt"; rmdir "$mnt"' EXIT
cat > "$mnt/small.json" <<'JSON'
{"name": "small", "dataset": {"format": "synthetic", "synthetic": {"users": 300, "items": 200, "mean_length": 15, "seed": 3}},
 "split": {"kind": "leave_one_out"}, "eval": {"metrics": ["NDCG"], "ks": [10]}, "seed": 1,
 "models": [{"id": "pop"}, {"id": "bpr", "params": {"epochs": 2, "patience": 0}}]}
JSON
# Big checkpoints: 20,000 items × 256 factors (about 60 MB with Adam's state) cannot fit.
cat > "$mnt/big.json" <<'JSON'
{"name": "big", "dataset": {"format": "synthetic", "synthetic": {"users": 400, "items": 20000, "mean_length": 10, "seed": 3}},
 "split": {"kind": "leave_one_out"}, "eval": {"metrics": ["NDCG"], "ks": [10]}, "seed": 1,
 "models": [{"id": "bpr", "params": {"epochs": 3, "embedding_size": 256, "patience": 0}}]}
JSON
db="$mnt/project.db"
"$cli" run "$mnt/small.json" --db "$db" --checkpoints "$mnt/ckpt" --quiet >/dev/null
state() { python3 - "$db" <<'PY'
import hashlib, sqlite3, sys
con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
ok = con.execute("PRAGMA integrity_check").fetchone()[0]
rows = con.execute("SELECT r.id, r.status, m.phase, m.name, m.value FROM runs r JOIN final_metrics m ON m.run_id = r.id "
                   "WHERE r.status = 'finished' ORDER BY 1, 3, 4").fetchall()
print(ok, len({r[0] for r in rows}), hashlib.sha1(repr(rows).encode()).hexdigest()[:12])
PY
}
before=$(state)
echo "before: integrity, finished runs, digest of their metrics: $before"
set +e
msg=$("$cli" run "$mnt/big.json" --db "$db" --checkpoints "$mnt/ckpt" --quiet 2>&1)
rc=$?
set -e
after=$(state)
echo "full disk: exit $rc; $(echo "$msg" | grep -iE 'space|full|cannot write' | head -2 | cut -c1-220)"
echo "after:  integrity, finished runs, digest of their metrics: $after"
fail=0
[ "$rc" -ne 0 ] || { echo "FAILED: a run that could not store its checkpoints exited 0"; fail=1; }
echo "$msg" | grep -qiE 'no space left|database or disk is full' || { echo "FAILED: the message does not name the full disk"; fail=1; }
# The earlier runs must be as they were (the failed run may add its own failed row).
[ "${after% *}" = "${before% *}" ] && [ "${after##* }" = "${before##* }" ] || { echo "FAILED: stored runs changed"; fail=1; }
ls "$mnt/ckpt" | grep -q '\.tmp-' && { echo "FAILED: a temporary checkpoint was left behind"; fail=1; }

rm -f "$mnt"/ckpt/run-*.tmp-* 2>/dev/null || true
$sudo_cmd mount -o remount,ro "$mnt"
"$cli" runs --db "$db" >/dev/null && echo "read-only folder: runs lists the project" || { echo "FAILED: runs on a read-only folder"; fail=1; }
"$cli" report "$db" --out /tmp/full_disk_report.html >/dev/null && echo "read-only folder: report written elsewhere" || { echo "FAILED: report from a read-only folder"; fail=1; }
set +e
msg=$("$cli" run "$mnt/small.json" --db "$db" --quiet 2>&1); rc=$?
set -e
echo "read-only folder: run exits $rc: $(echo "$msg" | tail -1 | cut -c1-200)"
[ "$rc" -ne 0 ] || { echo "FAILED: run on a read-only folder exited 0"; fail=1; }
[ "$(state)" = "$after" ] || { echo "FAILED: the read-only project changed"; fail=1; }
[ $fail = 0 ] && echo "full disk and read-only folder: clear errors, nothing lost"
exit $fail
