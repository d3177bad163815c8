#!/usr/bin/env bash
# HSTU vs SASRec on the same leave-one-out split and budget (100 epochs, early stopping on
# validation NDCG@10 with patience 10): test NDCG/Hit/MRR and training time.
# Usage: tests/bench/bench_hstu.sh [BUILD_DIR] [DEVICE]
exec bash "$(dirname "$0")/run_spec.sh" "$(dirname "$0")/hstu_vs_sasrec.json" "$@"
