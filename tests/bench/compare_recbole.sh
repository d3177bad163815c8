#!/usr/bin/env bash
# RecScope and RecBole on exactly the same rows, both run by this script. MovieLens-100K as RecBole
# ships it (the atomic files in the recbole wheel); RecScope splits it and writes the split as
# RecBole benchmark files (`recscope-cli split export`), RecBole reads them; same hyper-parameters,
# epoch budget (300, early stopping on validation NDCG@10 with patience 10), full ranking with the
# history masked, 2 threads. Prints one side-by-side table: each metric in both, their ratio,
# seconds per epoch, evaluation time, peak RSS (tests/bench/compare_recbole.py).
#
# RecBole 1.2.1 is installed from PyPI into bench-data/recbole-venv (ignored), beside the project's
# torch: NumPy < 2, SciPy < 1.12 (its LightGCN uses dok_matrix._update), pandas < 3 and
# setuptools < 81 (ray imports pkg_resources); torch.load gets weights_only=False through
# TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD (RecBole's checkpoints hold its Config).
#
# Usage: [EPOCHS=300] [RECBOLE_EPOCHS=EPOCHS] tests/bench/compare_recbole.sh [BUILD_DIR] [MODELS]
#        MODELS: pop,itemknn,bpr,lightgcn,sasrec
# EPOCHS lowers both sides' budget alike; RECBOLE_EPOCHS caps RecBole's alone (its SASRec takes
# minutes per epoch on two cores), for the time RecScope needs to reach what RecBole reached.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
models=${2:-pop,itemknn,bpr,lightgcn,sasrec}
out="$root/bench-data/recbole-compare"
venv="$root/bench-data/recbole-venv"
cli="$build/bin/recscope-cli"
mkdir -p "$out"

if ! "$venv/bin/python" -c "import recbole" 2>/dev/null; then
    python3 -m venv "$venv"
    torch_site=$("$root/.venv/bin/python" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    echo "$torch_site" > "$("$venv/bin/python" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")/recscope_torch.pth"
    "$venv/bin/pip" install -q recbole==1.2.1 "numpy<2" "scipy<1.12" "pandas<3" "setuptools<81" colorlog colorama \
        scikit-learn pyyaml tensorboard thop tabulate plotly texttable psutil tqdm
fi
if [ ! -f "$out/ml-100k/ml-100k.inter" ]; then
    "$venv/bin/pip" download recbole==1.2.1 --no-deps -d "$out/wheel" -q
    (cd "$out" && "$venv/bin/python" -m zipfile -e wheel/recbole-1.2.1-py3-none-any.whl wheel/x \
        && rm -rf ml-100k && mv wheel/x/recbole/dataset_example/ml-100k . && rm -rf wheel)
fi

# General models: RecBole's default split for them (per user, random order, 80/10/10).
# Sequential: leave-one-out by time; two-row users test their last row as RecBole does.
common='"dataset": {"format": "recbole", "path": "ml-100k/ml-100k.inter"}, "seed": 2024, "device": "cpu",
  "eval": {"metrics": ["Recall", "NDCG", "Hit", "MRR"], "ks": [10, 20], "valid_metric": "NDCG@10"MASK}'
epochs=${EPOCHS:-300}
train="\"epochs\": $epochs, \"patience\": 10, \"learning_rate\": 0.001"
cat > "$out/general.json" <<JSON
{"name": "recbole-ml-100k-general", ${common/MASK/}, "split": {"kind": "user_ratio", "ratios": [0.8, 0.1, 0.1], "order": "random", "seed": 2020},
 "models": [{"id": "pop"}, {"id": "itemknn", "params": {"k": 100, "shrink": 0, "score_history": "train"}},
            {"id": "bpr", "params": {"embedding_size": 64, "batch_size": 2048, $train}},
            {"id": "lightgcn", "params": {"embedding_size": 64, "n_layers": 2, "reg_weight": 1e-5, "batch_size": 2048, $train}}]}
JSON
# RecBole ranks all items for sequential models without masking the history. An epoch is not the
# same work: RecBole's SASRec trains on every prefix (98k samples of one target), ours on each
# user's last max_len positions as one sequence (943 samples, every position a target), so its
# batch of 256 sequences is several of RecBole's 2048 prefixes; time to accuracy compares them.
cat > "$out/sequential.json" <<JSON
{"name": "recbole-ml-100k-sequential", ${common/MASK/, \"mask_history\": false}, "split": {"kind": "leave_one_out", "two_row_users": "test"},
 "models": [{"id": "sasrec", "params": {"hidden_size": 64, "n_heads": 2, "n_layers": 2, "dropout": 0.5, "max_len": 50, "loss": "ce",
                                        "batch_size": 256, $train}}]}
JSON
# RecBole reads "ml-100k" from its own example folder whatever data_path says: name the export ml100k.
"$cli" split export "$out/general.json" --out "$out/general/ml100k"
"$cli" split export "$out/sequential.json" --out "$out/sequential/ml100k" --format recbole-seq --max-len 50

rm -f "$out/recscope.db"*
# RecScope as packaging/recscope.sh runs it: with jemalloc keeping its freed pages (README, Benchmarks).
jemalloc=$(ls /usr/lib/*/libjemalloc.so.2 2>/dev/null | head -1 || true)
for m in ${models//,/ }; do # each model in a process of its own, for its peak RSS
    part=general
    [ "$m" = sasrec ] && part=sequential
    python3 - "$out/$part.json" "$m" "$out/$m.json" <<'PY'
import json, sys
spec = json.load(open(sys.argv[1]))
spec["models"] = [e for e in spec["models"] if e["id"] == sys.argv[2]]
json.dump(spec, open(sys.argv[3], "w"))
PY
    LD_PRELOAD=$jemalloc MALLOC_CONF=dirty_decay_ms:-1 /usr/bin/time -f "%M" -o "$out/$m.rss" \
        "$cli" run "$out/$m.json" --db "$out/recscope.db" --quiet > "$out/recscope-$m.txt"
done

export TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD=1 OMP_NUM_THREADS=2
: > "$out/recbole.jsonl"
for m in ${models//,/ }; do
    case $m in
    pop) args=(Pop general) ;;
    itemknn) args=(ItemKNN general k=100 shrink=0.0) ;;
    bpr) args=(BPR general embedding_size=64) ;;
    lightgcn) args=(LightGCN general embedding_size=64 n_layers=2 reg_weight=1e-05) ;;
    sasrec) args=(SASRec sequential hidden_size=64 n_heads=2 n_layers=2 MAX_ITEM_LIST_LENGTH=50 loss_type=CE
                  train_neg_sample_args=null) ;;
    *) echo "unknown model $m" >&2; exit 2 ;;
    esac
    model=${args[0]} data=${args[1]}
    # From $out: RecBole writes log/ and log_tensorboard/ into the working directory.
    if result=$(cd "$out" && "$venv/bin/python" "$root/tests/bench/recbole_run.py" "$model" "$out/$data" ml100k epochs=${RECBOLE_EPOCHS:-$epochs} stopping_step=10 \
                learning_rate=0.001 train_batch_size=2048 "${args[@]:2}" 2> "$out/recbole-$m.log"); then
        tail -1 <<< "$result" >> "$out/recbole.jsonl"
    else
        echo "RecBole $model failed: see $out/recbole-$m.log" >&2
    fi
done
python3 "$root/tests/bench/compare_recbole.py" "$out/recscope.db" "$out/recbole.jsonl" "$out"
