// SPDX-License-Identifier: MIT
// Datasets, experiments and runs in the project database: their rows, curves, final metrics and
// files.
#include "recscope/core/error.h"
#include "recscope/core/store.h"
#include "store/project_store_private.h"

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include <unistd.h>

namespace recscope::core {

using detail::hostName;
using detail::Statement;

std::int64_t ProjectStore::addDataset(const std::string &name,
                                      const std::string &source,
                                      const std::string &statsJson)
{
    Statement s(d->db, "INSERT INTO datasets(name, source, stats_json) VALUES (?, ?, ?)");
    s.bind(1, name).bind(2, source).bind(3, statsJson);
    s.stepDone();
    return d->db.lastInsertId();
}

std::int64_t ProjectStore::addExperiment(const std::string &name, const std::string &specJson)
{
    Statement s(d->db, "INSERT INTO experiments(name, spec_json) VALUES (?, ?)");
    s.bind(1, name).bind(2, specJson);
    s.stepDone();
    return d->db.lastInsertId();
}

std::int64_t ProjectStore::beginRun(std::int64_t experimentId,
                                    std::int64_t datasetId,
                                    const std::string &model,
                                    const std::string &label,
                                    const std::string &paramsJson,
                                    const std::string &device,
                                    std::uint64_t seed,
                                    const RunGroup &group)
{
    Statement s(d->db,
                "INSERT INTO runs(experiment_id, dataset_id, model, label, params_json, status, "
                "device, seed, versions_json, "
                "owner_host, owner_pid, heartbeat_at, config_key, sweep_id, sweep_trial, "
                "sweep_role, owner_start) VALUES (?, ?, ?, ?, ?, "
                "'running', ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now'), ?, ?, ?, ?, ?)");
    s.bindId(1, experimentId)
        .bindId(2, datasetId)
        .bind(3, model)
        .bind(4, label)
        .bind(5, paramsJson)
        .bind(6, device);
    s.bind(7, std::int64_t(seed))
        .bind(8, versionsJson())
        .bind(9, hostName())
        .bind(10, std::int64_t(::getpid()));
    s.bind(11, group.configKey)
        .bindId(12, group.sweepId)
        .bind(13, std::int64_t(group.sweepTrial))
        .bind(14, group.sweepRole);
    s.bind(15, detail::processStart(::getpid()));
    s.stepDone();
    return d->db.lastInsertId();
}

void ProjectStore::addEpochMetrics(std::int64_t runId, const std::vector<MetricSample> &samples)
{
    auto tx = d->db.transaction();
    Statement
        s(d->db,
          "INSERT OR REPLACE INTO epoch_metrics(run_id, name, step, value) VALUES (?, ?, ?, ?)");
    for (const auto &m : samples) {
        s.bind(1, runId).bind(2, m.name).bind(3, std::int64_t(m.step)).bind(4, m.value);
        s.stepDone();
        s.reset();
    }
    Statement h(d->db,
                "UPDATE runs SET heartbeat_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?");
    h.bind(1, runId);
    h.stepDone();
    tx.commit();
}

void ProjectStore::heartbeat(std::int64_t runId)
{
    Statement h(d->db,
                "UPDATE runs SET heartbeat_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?");
    h.bind(1, runId);
    h.stepDone();
}

void ProjectStore::finishRun(std::int64_t runId, const RunSummary &summary)
{
    auto tx = d->db.transaction();
    Statement s(d->db,
                "UPDATE runs SET status = ?, device = ?, finished_at = "
                "strftime('%Y-%m-%dT%H:%M:%SZ','now'), train_seconds = ?, "
                "eval_seconds = ?, epochs = ?, best_epoch = ?, message = ? WHERE id = ?");
    s.bind(1, std::string(runStatusName(summary.status)))
        .bind(2, summary.device)
        .bind(3, summary.trainSeconds);
    s.bind(4, summary.evalSeconds)
        .bind(5, std::int64_t(summary.epochs))
        .bind(6, std::int64_t(summary.bestEpoch));
    s.bind(7, summary.message).bind(8, runId);
    s.stepDone();
    Statement
        m(d->db,
          "INSERT OR REPLACE INTO final_metrics(run_id, phase, name, value) VALUES (?, ?, ?, ?)");
    for (const auto *phase : {"valid", "test"}) {
        const auto &values = std::string(phase) == "valid" ? summary.valid : summary.test;
        for (const auto &[name, value] : values) {
            m.bind(1, runId).bind(2, std::string(phase)).bind(3, name).bind(4, value);
            m.stepDone();
            m.reset();
        }
    }
    tx.commit();
}

void ProjectStore::addArtifact(std::int64_t runId, const std::string &kind, const std::string &path)
{
    Statement s(d->db, "INSERT INTO artifacts(run_id, kind, path) VALUES (?, ?, ?)");
    s.bind(1, runId).bind(2, kind).bind(3, path);
    s.stepDone();
}

namespace {

constexpr const char *kRunColumns = "SELECT id, COALESCE(experiment_id, 0), COALESCE(dataset_id, "
                                    "0), model, label, status, device, params_json, versions_json, "
                                    "message, seed, started_at, COALESCE(finished_at, ''), "
                                    "train_seconds, eval_seconds, epochs, best_epoch, config_key, "
                                    "COALESCE(sweep_id, 0), sweep_trial, sweep_role FROM runs ";

std::string runQuery(const char *tail)
{
    std::string sql = kRunColumns;
    sql += tail;
    return sql;
}

RunRecord readRun(Statement &q)
{
    RunRecord r;
    r.id = q.int64(0);
    r.experimentId = q.int64(1);
    r.datasetId = q.int64(2);
    r.model = q.text(3);
    r.label = q.text(4);
    r.status = parseRunStatus(q.text(5));
    r.device = q.text(6);
    r.paramsJson = q.text(7);
    r.versionsJson = q.text(8);
    r.message = q.text(9);
    r.seed = std::uint64_t(q.int64(10));
    r.startedAt = q.text(11);
    r.finishedAt = q.text(12);
    r.trainSeconds = q.real(13);
    r.evalSeconds = q.real(14);
    r.epochs = int(q.int64(15));
    r.bestEpoch = int(q.int64(16));
    r.configKey = q.text(17);
    r.sweepId = q.int64(18);
    r.sweepTrial = int(q.int64(19));
    r.sweepRole = q.text(20);
    return r;
}

} // namespace

std::vector<RunRecord> ProjectStore::runs() const
{
    std::vector<RunRecord> out;
    Statement q(d->db, runQuery("ORDER BY id"));
    while (q.step()) {
        out.push_back(readRun(q));
        if (d->deadRuns.count(out.back().id))
            out.back().status = RunStatus::Interrupted;
    }
    return out;
}

std::vector<std::string> ProjectStore::deleteRun(std::int64_t runId)
{
    if (run(runId).status == RunStatus::Running)
        throw StoreError(d->file.string() + ": run " + std::to_string(runId)
                         + " is still running; cancel it first");
    // Only files RecScope wrote for this run of this project (run-<id>.<project id>.*, or the
    // names before project ids): the database is a file anyone can edit, and deleting a run must
    // not delete whatever path it lists, nor another project's files in a shared folder.
    const std::string run = "run-" + std::to_string(runId), ours = run + "." + projectId() + ".";
    const std::set<std::string> legacy{run + ".pt",
                                       run + ".model.pt",
                                       run + ".sae.pt",
                                       run + ".acts.f32"};
    std::vector<std::string> files;
    for (const auto &[kind, path] : artifacts(runId)) {
        const std::string name = std::filesystem::path(path).filename().string();
        if (name.starts_with(ours) || legacy.count(name))
            files.push_back(path);
    }
    Statement del(d->db,
                  "DELETE FROM runs WHERE id = ? AND status <> 'running'"); // metrics and artifacts
                                                                            // cascade
    del.bind(1, runId);
    del.stepDone();
    if (d->db.changes() != 1)
        throw StoreError(d->file.string() + ": run " + std::to_string(runId)
                         + " started running again; cancel it first");
    return files;
}

RunRecord ProjectStore::run(std::int64_t runId) const
{
    Statement q(d->db, runQuery("WHERE id = ?"));
    q.bind(1, runId);
    if (!q.step())
        throw StoreError(d->file.string() + ": there is no run " + std::to_string(runId));
    RunRecord r = readRun(q);
    if (d->deadRuns.count(r.id))
        r.status = RunStatus::Interrupted;
    return r;
}

DatasetRecord ProjectStore::dataset(std::int64_t datasetId) const
{
    Statement q(d->db,
                "SELECT id, name, source, stats_json, created_at FROM datasets WHERE id = ?");
    q.bind(1, datasetId);
    if (!q.step())
        throw StoreError(d->file.string() + ": there is no dataset " + std::to_string(datasetId));
    return {q.int64(0), q.text(1), q.text(2), q.text(3), q.text(4)};
}

std::string ProjectStore::experimentSpec(std::int64_t experimentId) const
{
    Statement q(d->db, "SELECT spec_json FROM experiments WHERE id = ?");
    q.bind(1, experimentId);
    if (!q.step())
        throw StoreError(d->file.string() + ": there is no experiment "
                         + std::to_string(experimentId));
    return q.text(0);
}

void ProjectStore::reopenRun(std::int64_t runId, int keepEpochs)
{
    auto tx = d->db.transaction();
    // Only a stopped run, checked in the same statement: two resumes of one run cannot both win.
    Statement u(d->db,
                "UPDATE runs SET status = 'running', finished_at = NULL, message = '', owner_host "
                "= ?, owner_pid = ?, "
                "owner_start = ?, heartbeat_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') "
                "WHERE id = ? AND status IN ('cancelled', 'failed', 'interrupted')");
    u.bind(1, hostName())
        .bind(2, std::int64_t(::getpid()))
        .bind(3, detail::processStart(::getpid()))
        .bind(4, runId);
    u.stepDone();
    if (d->db.changes() != 1)
        throw StoreError(d->file.string() + ": run " + std::to_string(runId)
                         + " is no longer stopped (another process resumed or removed it)");
    Statement e(d->db, "DELETE FROM epoch_metrics WHERE run_id = ? AND step > ?");
    e.bind(1, runId).bind(2, std::int64_t(keepEpochs));
    e.stepDone();
    Statement f(d->db, "DELETE FROM final_metrics WHERE run_id = ?");
    f.bind(1, runId);
    f.stepDone();
    tx.commit();
}

std::vector<MetricSample> ProjectStore::epochMetrics(std::int64_t runId) const
{
    std::vector<MetricSample> out;
    Statement q(d->db,
                "SELECT name, step, value FROM epoch_metrics WHERE run_id = ? ORDER BY name, step");
    q.bind(1, runId);
    while (q.step())
        out.push_back({q.text(0), int(q.int64(1)), q.real(2)});
    return out;
}

MetricValues ProjectStore::finalMetrics(std::int64_t runId, const std::string &phase) const
{
    MetricValues out;
    Statement q(d->db, "SELECT name, value FROM final_metrics WHERE run_id = ? AND phase = ?");
    q.bind(1, runId).bind(2, phase);
    while (q.step())
        out[q.text(0)] = q.real(1);
    return out;
}

std::vector<std::pair<std::string, std::string>> ProjectStore::artifacts(std::int64_t runId) const
{
    std::vector<std::pair<std::string, std::string>> out;
    Statement q(d->db, "SELECT kind, path FROM artifacts WHERE run_id = ? ORDER BY id");
    q.bind(1, runId);
    while (q.step())
        out.emplace_back(q.text(0), q.text(1));
    return out;
}

} // namespace recscope::core
