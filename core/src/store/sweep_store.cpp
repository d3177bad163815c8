// SPDX-License-Identifier: MIT
// Hyper-parameter sweeps (schema step 5): the plan, the seeds, the status and the selection.
#include "recscope/core/error.h"
#include "store/project_store_private.h"

#include <unistd.h>

namespace recscope::core {

using detail::Statement;

std::int64_t ProjectStore::addSweep(std::int64_t experimentId,
                                    int modelIndex,
                                    const std::string &label,
                                    const std::string &method,
                                    const std::string &metric,
                                    const std::string &trialsJson,
                                    const std::string &seedsJson)
{
    Statement s(d->db,
                "INSERT INTO sweeps(experiment_id, model_index, label, method, metric, "
                "trials_json, seeds_json, status, owner_host, "
                "owner_pid, owner_start) VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)");
    s.bind(1, experimentId)
        .bind(2, std::int64_t(modelIndex))
        .bind(3, label)
        .bind(4, method)
        .bind(5, metric)
        .bind(6, trialsJson);
    s.bind(7, seedsJson)
        .bind(8, detail::hostName())
        .bind(9, std::int64_t(::getpid()))
        .bind(10, detail::processStart(::getpid()));
    s.stepDone();
    return d->db.lastInsertId();
}

void ProjectStore::setSweepStatus(std::int64_t sweepId,
                                  RunStatus status,
                                  int selectedTrial,
                                  const std::string &message)
{
    Statement s(d->db,
                "UPDATE sweeps SET status = ?, selected_trial = ?, message = ?, owner_host = ?, "
                "owner_pid = ?, owner_start = ? WHERE id = ?");
    s.bind(1, std::string(runStatusName(status)))
        .bind(2, std::int64_t(selectedTrial))
        .bind(3, message)
        .bind(4, detail::hostName())
        .bind(5, std::int64_t(::getpid()));
    s.bind(6, detail::processStart(::getpid())).bind(7, sweepId);
    s.stepDone();
}

namespace {

constexpr const char *kSweepColumns = "SELECT id, experiment_id, model_index, label, method, "
                                      "metric, trials_json, seeds_json, status, "
                                      "selected_trial, message, created_at FROM sweeps ";

SweepRecord readSweep(Statement &q)
{
    SweepRecord r;
    r.id = q.int64(0);
    r.experimentId = q.int64(1);
    r.modelIndex = int(q.int64(2));
    r.label = q.text(3);
    r.method = q.text(4);
    r.metric = q.text(5);
    r.trialsJson = q.text(6);
    r.seedsJson = q.text(7);
    r.status = parseRunStatus(q.text(8));
    r.selectedTrial = int(q.int64(9));
    r.message = q.text(10);
    r.createdAt = q.text(11);
    return r;
}

} // namespace

std::vector<SweepRecord> ProjectStore::sweeps() const
{
    std::vector<SweepRecord> out;
    Statement q(d->db, std::string(kSweepColumns) + "ORDER BY id");
    while (q.step()) {
        out.push_back(readSweep(q));
        if (d->deadSweeps.count(out.back().id))
            out.back().status = RunStatus::Interrupted;
    }
    return out;
}

SweepRecord ProjectStore::sweep(std::int64_t sweepId) const
{
    Statement q(d->db, std::string(kSweepColumns) + "WHERE id = ?");
    q.bind(1, sweepId);
    if (!q.step())
        throw StoreError(d->file.string() + ": there is no sweep " + std::to_string(sweepId));
    SweepRecord r = readSweep(q);
    if (d->deadSweeps.count(r.id))
        r.status = RunStatus::Interrupted;
    return r;
}

} // namespace recscope::core
