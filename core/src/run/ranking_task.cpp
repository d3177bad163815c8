// SPDX-License-Identifier: MIT
#include "run/ranking_task.h"

#include "analysis/loaded_run.h"
#include "attack/target_ranks.h"
#include "audit/audit_internal.h"
#include "eval/ranking_evaluator.h"
#include "model/train_data.h"
#include "recscope/core/error.h"
#include "recscope/core/registry.h"
#include "recscope/core/store.h"
#include "run/task_run.h"

#include <algorithm>
#include <chrono>

namespace recscope::core::detail {

namespace {

/// A failed audit (say, no such attribute) is reported and the trained run stays finished; so
/// does a cancelled one, which stores nothing.
void auditRun(const TaskRun &run, const AuditInputs &in)
{
    try {
        run.observer.onLog(LogLevel::Info, in.label + ": auditing");
        in.model.module().eval();
        const auto report = auditModel(in, *run.spec.audits, run.stop);
        run.store.addAudit(in.runId, run.spec.audits->toJson(), report.toJson());
    } catch (const Cancelled &) {
        run.observer.onLog(LogLevel::Warning, in.label + ": audit cancelled; the run is kept");
    } catch (const std::exception &e) {
        run.observer.onLog(LogLevel::Error, in.label + ": audit failed: " + e.what());
    }
}

} // namespace

std::string RankingTask::defaultValidMetric(const ExperimentSpec &spec) const
{
    return "NDCG@" + std::to_string(spec.eval.ks.front());
}

std::vector<std::string> RankingTask::selectionMetrics(const ExperimentSpec &spec) const
{
    std::vector<std::string> out;
    for (const auto &m :
         spec.eval.metrics) // accuracy metrics only: coverage or novelty select nothing
        if (!isBeyondAccuracyMetric(m))
            for (int k : spec.eval.ks)
                out.push_back(m + "@" + std::to_string(k));
    return out;
}

void RankingTask::checkSelectionMetric(const ExperimentSpec &spec,
                                       const std::string &metric,
                                       const std::string &key) const
{
    const auto allowed = selectionMetrics(spec);
    if (std::find(allowed.begin(), allowed.end(), metric) == allowed.end())
        throw ConfigError(key,
                          "'" + metric
                              + "' must be an accuracy metric from eval.metrics at a K from "
                                "eval.ks, e.g. NDCG@10");
}

std::vector<std::string> RankingTask::resultColumns(const ExperimentSpec &spec,
                                                    const std::vector<MetricValues> &tests) const
{
    std::vector<std::string> columns;
    for (const auto &m :
         spec.eval.metrics) // the spec's metric order, then by K, where some run has it
        for (int k : spec.eval.ks) {
            const std::string name = m + "@" + std::to_string(k);
            if (std::any_of(tests.begin(), tests.end(), [&](const MetricValues &t) {
                    return t.count(name) != 0;
                }))
                columns.push_back(name);
        }
    if (spec.attack) // the attack's target items
        for (const char *name : {"T-HR@50", "T-NDCG@50"})
            columns.push_back(name);
    return columns;
}

std::string RankingTask::protocol(const ExperimentSpec &spec, const MetricValues &test) const
{
    const auto users = test.find("users");
    const auto &e = spec.eval;
    return std::string(splitKindName(spec.split.kind)) + " split, "
           + (e.sampledNegatives > 0 ? "sampled" : "full") + " ranking"
           + (e.sampledNegatives > 0 ? " vs " + std::to_string(e.sampledNegatives) + " negatives"
                                     : "")
           + ", " + (e.maskHistory ? "history masked" : "history not masked") + "; test users: "
           + std::to_string(users == test.end() ? 0 : std::llround(users->second));
}

void RankingTask::prepare(PreparedData &data, const ExperimentSpec &spec, RunObserver &) const
{
    spec.eval.checkCatalogue(std::int64_t(data.data.numItems()));
}

void RankingTask::trainAndTest(TaskRun &run) const
{
    const PreparedData &p = run.prepared;
    const sdk::TrainData train = makeTrainData(p.data, p.split, p.device, run.options.seed);
    const sdk::UserItems validTargets = userItemsOf(p.data, p.split.valid),
                         testTargets = userItemsOf(p.data, p.split.test);
    const sdk::UserItems testHistory = concatUserItems(train.sequences, validTargets);
    const ItemFacts facts = makeItemFacts(train, p.device);
    auto model = run.registry.factory(run.entry.id)->create(run.entry.params);
    const auto t0 = std::chrono::steady_clock::now();
    model->setup(train);
    auto validate = [&] {
        return evaluateRanking(*model,
                               train,
                               train.sequences,
                               validTargets,
                               run.spec.eval,
                               facts,
                               run.stop);
    };
    RunSummary &summary = run.summary;
    if (model->trainable()) {
        run.applyOutcome(
            trainModel(*model,
                       train,
                       run.options,
                       p.split.valid.empty() ? nullptr : std::function<MetricValues()>(validate),
                       run.stop,
                       run.observer));
    } else {
        summary.trainSeconds
            = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (!p.split.valid.empty())
            summary.valid = validate();
    }
    if (summary.status == RunStatus::Cancelled)
        return;
    if (!run.test) { // a sweep trial: judged on validation only; its weights are kept for a look
        if (model->trainable())
            run.saveModel(model->module());
        return;
    }
    if (!run.runTest([&] {
            return evaluateRanking(*model,
                                   train,
                                   testHistory,
                                   testTargets,
                                   run.spec.eval,
                                   facts,
                                   run.stop);
        }))
        return;
    if (p.attack) // the attack's effect: how high the target items now rank for real users
        addTargetMetrics(targetRanks(*model,
                                     train,
                                     testHistory,
                                     testTargets,
                                     p.attack->targets,
                                     p.attack->realUsers,
                                     run.stop),
                         summary.test);
    if (model->trainable())
        run.saveModel(model->module());
    if (run.spec.audits)
        auditRun(run,
                 {p.data, train, testHistory, testTargets, *model, run.runId, run.entry.label});
}

void RankingTask::loadData(LoadedRun &run) const
{
    run.train = makeTrainData(run.data, run.split, torch::kCPU, run.seed);
    run.testTargets = userItemsOf(run.data, run.split.test);
    run.testHistory = concatUserItems(run.train.sequences, userItemsOf(run.data, run.split.valid));
}

void RankingTask::loadModel(LoadedRun &run, const std::string &weights) const
{
    run.model = run.registry->factory(run.entry.id)->create(run.entry.params);
    run.model->setup(run.train);
    if (!weights.empty())
        loadModuleWeights(run.model->module(), weights);
    run.model->module().eval();
}

MetricValues RankingTask::retest(const LoadedRun &run, std::stop_token stop) const
{
    const ItemFacts facts = makeItemFacts(run.train, torch::kCPU);
    MetricValues out = evaluateRanking(*run.model,
                                       run.train,
                                       run.testHistory,
                                       run.testTargets,
                                       run.spec.eval,
                                       facts,
                                       stop);
    if (run.attack)
        addTargetMetrics(targetRanks(*run.model,
                                     run.train,
                                     run.testHistory,
                                     run.testTargets,
                                     run.attack->targets,
                                     run.attack->realUsers,
                                     stop),
                         out);
    return out;
}

} // namespace recscope::core::detail
