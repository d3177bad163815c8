// SPDX-License-Identifier: MIT
#pragma once

#include "recscope/core/concept.h"
#include "recscope/core/evaluation.h"
#include "recscope/core/run_observer.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace recscope::core {

/// The analyses a project stores with a run (ProjectStore::addAudit), each with its report type.
enum class AnalysisKind {
    Fairness,     ///< AuditReport (audit.h)
    FeedbackLoop, ///< FeedbackLoopReport (feedback_loop.h)
    Extraction,   ///< ExtractionReport (extraction.h)
};
/// Its key in the database: "fairness", "feedback_loop", "extraction".
RS_CORE_EXPORT const char *analysisKindKey(AnalysisKind kind);
/// Every kind.
RS_CORE_EXPORT std::vector<AnalysisKind> allAnalysisKinds();

struct RS_CORE_EXPORT RunRecord
{
    std::int64_t id = 0;
    std::int64_t experimentId = 0;
    std::int64_t datasetId = 0;
    std::string model, label;
    RunStatus status = RunStatus::Queued;
    std::string device;
    std::string paramsJson, versionsJson, message;
    std::uint64_t seed = 0;
    std::string startedAt, finishedAt;
    double trainSeconds = 0, evalSeconds = 0;
    int epochs = 0, bestEpoch = 0;
    std::string configKey;    ///< shared by the seeds of one configuration; empty for older runs
    std::int64_t sweepId = 0; ///< the sweep it belongs to, 0 for none
    int sweepTrial = -1;      ///< its trial in the sweep's plan
    std::string sweepRole;    ///< "trial" (validation only), "final" (the selected, tested) or ""
};

/// Where a new run belongs: its configuration and, for sweeps, its trial.
struct RS_CORE_EXPORT RunGroup
{
    std::string configKey;
    std::int64_t sweepId = 0;
    int sweepTrial = -1;
    std::string sweepRole;
};

/// A hyper-parameter sweep of one model entry of an experiment: its planned trials (parameter
/// sets as a JSON array), the seeds each runs with, and the trial selected on validation.
struct RS_CORE_EXPORT SweepRecord
{
    std::int64_t id = 0, experimentId = 0;
    int modelIndex = 0;
    std::string label, method, metric, trialsJson, seedsJson;
    RunStatus status = RunStatus::Running;
    std::string message, createdAt;
    int selectedTrial = -1;
};

/// A dataset as stored when a run used it: its statistics as JSON (DatasetStats and the
/// preparation report).
struct RS_CORE_EXPORT DatasetRecord
{
    std::int64_t id = 0;
    std::string name, source, statsJson, createdAt;
};

/// One SQLite database per project: WAL, foreign keys, schema version in PRAGMA user_version
/// with forward-only migrations. Every write is one transaction, so a crash never leaves a
/// half-written run. One object per thread.
class RS_CORE_EXPORT ProjectStore
{
public:
    static constexpr int kSchemaVersion = 6;

    enum class OpenMode {
        ReadWrite, ///< creates and migrates the database, marks runs of dead processes interrupted
        ReadOnly,  ///< never writes: for commands that only read (runs, report, attention, ...)
    };

    /// Opens (or, read-write, creates) the database after checking it is not damaged. Read-write
    /// migrates it and marks runs left "running" by a process that is gone as "interrupted";
    /// read-only reports such runs as interrupted without storing it, and refuses a project of
    /// an older schema rather than upgrading it. Throws StoreError with the file name.
    explicit ProjectStore(const std::filesystem::path &file, OpenMode mode = OpenMode::ReadWrite);
    ~ProjectStore();
    ProjectStore(const ProjectStore &) = delete;
    ProjectStore &operator=(const ProjectStore &) = delete;

    const std::filesystem::path &file() const;
    int schemaVersion() const;
    int interruptedOnOpen() const; ///< runs this open marked as interrupted
    /// Finds runs and sweeps left "running" by a process that has gone since the project was
    /// opened: read-write marks them interrupted, read-only shows them so. Returns how many runs
    /// it found. Opening does this once; a window kept open calls it while other processes write.
    int checkForDeadRuns();
    /// Changes whenever any connection commits a run, a status change, a deletion, a sweep or an
    /// analysis (not at each epoch): a cheap fingerprint to poll for what another process wrote.
    std::string listingFingerprint() const;
    /// A random id made when the project was created; checkpoints carry it with their run id.
    std::string projectId() const;

    std::int64_t
    addDataset(const std::string &name, const std::string &source, const std::string &statsJson);
    std::int64_t addExperiment(const std::string &name, const std::string &specJson);
    std::int64_t beginRun(std::int64_t experimentId,
                          std::int64_t datasetId,
                          const std::string &model,
                          const std::string &label,
                          const std::string &paramsJson,
                          const std::string &device,
                          std::uint64_t seed,
                          const RunGroup &group = {});
    void addEpochMetrics(std::int64_t runId, const std::vector<MetricSample> &samples);
    void heartbeat(std::int64_t runId);
    void finishRun(std::int64_t runId, const RunSummary &summary);
    void addArtifact(std::int64_t runId, const std::string &kind, const std::string &path);
    /// Marks a stopped run as running again for a resume from the checkpoint taken after epoch
    /// keepEpochs: later epoch curves and the final metrics go (they are computed anew).
    void reopenRun(std::int64_t runId, int keepEpochs);
    /// Removes a run with its curves, metrics and artifact records in one statement; returns the
    /// artifact files RecScope wrote for it (named run-<id>.*, whatever else the records list) so
    /// the caller can delete them. A running run is refused.
    std::vector<std::string> deleteRun(std::int64_t runId);

    std::vector<RunRecord> runs() const;
    RunRecord run(std::int64_t runId) const; ///< throws StoreError when there is none
    std::string experimentSpec(std::int64_t experimentId) const;
    DatasetRecord dataset(std::int64_t datasetId) const; ///< throws StoreError when there is none
    std::vector<MetricSample> epochMetrics(std::int64_t runId) const;
    MetricValues finalMetrics(std::int64_t runId, const std::string &phase) const;
    std::vector<std::pair<std::string, std::string>> artifacts(std::int64_t runId) const;

    /// A new sweep, running. trialsJson: the planned parameter sets; seedsJson: the seeds.
    std::int64_t addSweep(std::int64_t experimentId,
                          int modelIndex,
                          const std::string &label,
                          const std::string &method,
                          const std::string &metric,
                          const std::string &trialsJson,
                          const std::string &seedsJson);
    /// Records a sweep's end (or a resume: status "running", owned by this process).
    void setSweepStatus(std::int64_t sweepId,
                        RunStatus status,
                        int selectedTrial,
                        const std::string &message = {});
    std::vector<SweepRecord> sweeps() const;
    SweepRecord sweep(std::int64_t sweepId) const; ///< throws StoreError when there is none

    /// Replaces a probe run's concept dictionary in one transaction.
    void saveConcepts(std::int64_t runId, const std::vector<Concept> &concepts);
    std::vector<Concept> concepts(std::int64_t runId) const; ///< by latent

    /// Stores an analysis of a run (its settings and report as JSON); returns its id.
    std::int64_t addAudit(std::int64_t runId,
                          const std::string &configJson,
                          const std::string &reportJson,
                          AnalysisKind kind = AnalysisKind::Fairness);
    /// A run's analyses of one kind (their reports as JSON), oldest first; the latest is the last.
    std::vector<std::string> audits(std::int64_t runId,
                                    AnalysisKind kind = AnalysisKind::Fairness) const;
    /// The runs that have an analysis of this kind, ascending.
    std::vector<std::int64_t> auditedRuns(AnalysisKind kind = AnalysisKind::Fairness) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

/// JSON object of the library versions a run used (RecScope, LibTorch, SQLite, compiler).
RS_CORE_EXPORT std::string versionsJson();

} // namespace recscope::core
