// SPDX-License-Identifier: MIT
#include "store/migrations.h"

namespace recscope::core::detail {

const std::vector<std::string_view> &schemaMigrations()
{
    static const std::vector<std::string_view> steps{
        // 0 → 1: the first schema.
        R"sql(
CREATE TABLE datasets (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    stats_json TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE TABLE experiments (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    spec_json TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    experiment_id INTEGER REFERENCES experiments(id) ON DELETE CASCADE,
    dataset_id INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
    model TEXT NOT NULL,
    label TEXT NOT NULL,
    params_json TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL CHECK (status IN ('queued','running','finished','cancelled','failed','interrupted')),
    device TEXT NOT NULL DEFAULT '',
    seed INTEGER NOT NULL DEFAULT 0,
    versions_json TEXT NOT NULL DEFAULT '{}',
    owner_host TEXT NOT NULL DEFAULT '',
    owner_pid INTEGER NOT NULL DEFAULT 0,
    heartbeat_at TEXT,
    started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    finished_at TEXT,
    train_seconds REAL NOT NULL DEFAULT 0,
    eval_seconds REAL NOT NULL DEFAULT 0,
    epochs INTEGER NOT NULL DEFAULT 0,
    best_epoch INTEGER NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT ''
);
CREATE TABLE epoch_metrics (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    step INTEGER NOT NULL,
    value REAL,
    PRIMARY KEY (run_id, name, step)
) WITHOUT ROWID;
CREATE TABLE final_metrics (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    phase TEXT NOT NULL CHECK (phase IN ('valid','test')),
    name TEXT NOT NULL,
    value REAL,
    PRIMARY KEY (run_id, phase, name)
) WITHOUT ROWID;
CREATE TABLE artifacts (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    path TEXT NOT NULL
);
CREATE INDEX runs_by_experiment ON runs(experiment_id);
)sql",
        // 1 → 2: concept dictionaries of sparse-autoencoder probes (runs of model "recsae").
        R"sql(
CREATE TABLE concepts (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    latent INTEGER NOT NULL,
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    subject INTEGER NOT NULL DEFAULT -1,
    object INTEGER NOT NULL DEFAULT -1,
    rec_genre INTEGER NOT NULL DEFAULT -1,
    confidence REAL,
    precision REAL,
    recall REAL,
    frequency REAL,
    mean_activation REAL,
    max_activation REAL,
    details_json TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (run_id, latent)
) WITHOUT ROWID;
)sql",
        // 2 → 3: audit reports of runs (fairness, bias), one row per audit.
        R"sql(
CREATE TABLE audits (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    config_json TEXT NOT NULL,
    report_json TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX audits_by_run ON audits(run_id);
)sql",
        // 3 → 4: audits of other kinds than fairness and bias (the source feedback loop, model
        // extraction); older rows are fairness audits.
        R"sql(
ALTER TABLE audits ADD COLUMN kind TEXT NOT NULL DEFAULT 'fairness';
)sql",
        // 4 → 5: seeds and sweeps. Runs of one configuration (data, split, model, parameters)
        // share a config_key across seeds; a sweep's trials (validation only) and the final runs
        // of its selected configuration point to it. Older runs have no key: each stands alone.
        R"sql(
CREATE TABLE sweeps (
    id INTEGER PRIMARY KEY,
    experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
    model_index INTEGER NOT NULL,
    label TEXT NOT NULL,
    method TEXT NOT NULL,
    metric TEXT NOT NULL,
    trials_json TEXT NOT NULL,
    seeds_json TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running','finished','cancelled','failed','interrupted')),
    selected_trial INTEGER NOT NULL DEFAULT -1,
    message TEXT NOT NULL DEFAULT '',
    owner_host TEXT NOT NULL DEFAULT '',
    owner_pid INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
ALTER TABLE runs ADD COLUMN config_key TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN sweep_id INTEGER REFERENCES sweeps(id) ON DELETE CASCADE;
ALTER TABLE runs ADD COLUMN sweep_trial INTEGER NOT NULL DEFAULT -1;
ALTER TABLE runs ADD COLUMN sweep_role TEXT NOT NULL DEFAULT '' CHECK (sweep_role IN ('', 'trial', 'final'));
CREATE INDEX runs_by_sweep ON runs(sweep_id);
CREATE INDEX runs_by_config ON runs(config_key);
)sql",
        // 5 → 6: a random id per project, which checkpoint files carry so that a resume never
        // loads another project's (two projects may share a checkpoint folder); and the owner
        // process's start (boot id and start tick), so that a reused process id does not keep a
        // killed run "running".
        R"sql(
CREATE TABLE project (id TEXT NOT NULL);
INSERT INTO project(id) VALUES (lower(hex(randomblob(8))));
ALTER TABLE runs ADD COLUMN owner_start TEXT NOT NULL DEFAULT '';
ALTER TABLE sweeps ADD COLUMN owner_start TEXT NOT NULL DEFAULT '';
)sql",
    };
    return steps;
}

} // namespace recscope::core::detail
