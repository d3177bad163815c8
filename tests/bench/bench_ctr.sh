#!/usr/bin/env bash
# Long-sequence CTR models on the synthetic dataset (3,000 users, up to 200 behaviours per
# sample): AUC, GAUC, LogLoss, the search check against planted relevance and DARE's search cost
# at three attention sizes. Usage: tests/bench/bench_ctr.sh [BUILD_DIR] [DEVICE]
exec bash "$(dirname "$0")/run_spec.sh" "$(dirname "$0")/ctr_synthetic.json" "$@"
