# SPDX-License-Identifier: MIT
"""Runs one RecBole model on benchmark files that `recscope-cli split export` wrote, and prints its
test metrics, seconds per training epoch, evaluation time and peak RSS as one JSON line.

Run by tests/bench/compare_recbole.sh inside its RecBole virtual environment:
  python recbole_run.py MODEL DATA_DIR DATASET [key=value ...]
DATA_DIR/DATASET/DATASET.{train,valid,test}.inter are the exported parts; key=value pairs override
RecBole's configuration (numbers are parsed as JSON)."""
import json
import resource
import sys
import time

from recbole.config import Config
from recbole.data import create_dataset, data_preparation
from recbole.utils import get_model, get_trainer, init_seed


def main():
    model_name, data_dir, dataset = sys.argv[1:4]
    overrides = {}
    for pair in sys.argv[4:]:
        key, value = pair.split("=", 1)
        try:
            overrides[key] = json.loads(value)
        except json.JSONDecodeError:
            overrides[key] = value
    sequential = model_name in ("SASRec", "GRU4Rec", "BERT4Rec")
    config_dict = {
        "data_path": data_dir,
        "benchmark_filename": ["train", "valid", "test"],
        "load_col": {"inter": ["user_id", "item_id_list", "item_id"] if sequential else ["user_id", "item_id", "rating", "timestamp"]},
        "metrics": ["Recall", "NDCG", "Hit", "MRR"],
        "topk": [10, 20],
        "valid_metric": "NDCG@10",
        "eval_args": {"mode": "full", "order": "TO" if sequential else "RO", "split": {"RS": [0.8, 0.1, 0.1]}, "group_by": "user"},
        "device": "cpu",
        "use_gpu": False,
        "show_progress": False,
        "worker": 0,
        "seed": 2024,
        "reproducibility": True,
        "checkpoint_dir": data_dir + "/saved",
        "log_wandb": False,
    }
    config_dict.update(overrides)
    config = Config(model=model_name, dataset=dataset, config_dict=config_dict)
    init_seed(config["seed"], config["reproducibility"])
    data = create_dataset(config)
    train, valid, test = data_preparation(config, data)
    model = get_model(config["model"])(config, train.dataset).to(config["device"])
    trainer = get_trainer(config["MODEL_TYPE"], config["model"])(config, model)

    # Time each training epoch and each validation as RecBole runs them.
    epoch_seconds, valid_seconds = [], []
    train_epoch, valid_epoch = trainer._train_epoch, trainer._valid_epoch

    def timed_train(*args, **kwargs):
        start = time.perf_counter()
        out = train_epoch(*args, **kwargs)
        epoch_seconds.append(time.perf_counter() - start)
        return out

    def timed_valid(*args, **kwargs):
        start = time.perf_counter()
        out = valid_epoch(*args, **kwargs)
        valid_seconds.append(time.perf_counter() - start)
        return out

    trainer._train_epoch, trainer._valid_epoch = timed_train, timed_valid
    start = time.perf_counter()
    best_valid, _ = trainer.fit(train, valid, saved=True, show_progress=False)
    fit_seconds = time.perf_counter() - start
    start = time.perf_counter()
    result = trainer.evaluate(test, load_best_model=True, show_progress=False)
    test_seconds = time.perf_counter() - start
    pop_counts = []
    if model_name == "Pop":  # what RecBole's Pop ranks by, to set beside the interaction counts
        counts = model.item_cnt.squeeze(-1).tolist()
        order = sorted(range(1, len(counts)), key=lambda i: -counts[i])[:10]
        pop_counts = [[data.id2token("item_id", i), int(counts[i])] for i in order]
    print(json.dumps({
        "model": model_name,
        "test": {k.replace("ndcg", "NDCG").replace("recall", "Recall").replace("hit", "Hit").replace("mrr", "MRR"): float(v)
                 for k, v in result.items()},
        "epochs": len(epoch_seconds),
        "best_epoch": len(epoch_seconds) - trainer.cur_step,  # cur_step counts validations since the best
        "best_valid": float(best_valid),
        "seconds_per_epoch": sum(epoch_seconds) / max(1, len(epoch_seconds)),
        "fit_seconds": fit_seconds,
        "valid_seconds": sum(valid_seconds) / max(1, len(valid_seconds)),
        "test_seconds": test_seconds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "pop_counts": pop_counts,
    }))


if __name__ == "__main__":
    main()
