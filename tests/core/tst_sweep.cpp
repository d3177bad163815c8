// SPDX-License-Identifier: MIT
// Seeds and sweeps: trial plans against hand-listed grids, selection on validation only, a sweep
// run end to end (trials never tested, the selected configuration retrained and tested on every
// seed), cancel and resume keeping finished trials, and repeated runs pooled per configuration.
#include "test_support.h"

#include <recscope/core/builtins.h>
#include <recscope/core/error.h>
#include <recscope/core/experiment.h>
#include <recscope/core/experiment_runner.h>
#include <recscope/core/registry.h>
#include <recscope/core/run_groups.h>
#include <recscope/core/store.h>
#include <recscope/core/sweep.h>

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <algorithm>
#include <cmath>
#include <map>

using namespace recscope;
using namespace recscope::core;

namespace {

std::string spec(const std::string &models, const std::string &extra = {})
{
    return R"({"name": "s", "dataset": {"synthetic": {"users": 300, "items": 200, "seed": 3}}, "device": "cpu",
               "eval": {"metrics": ["NDCG", "Recall"], "ks": [10]}, "models": [)"
           + models + "]" + extra + "}";
}

/// Requests a stop once `after` runs have ended.
class StopAfter final : public RunObserver
{
public:
    StopAfter(std::stop_source &stop, int after)
        : m_stop(stop)
        , m_after(after)
    {}
    void onRunEnd(std::int64_t, const RunSummary &) override
    {
        if (++m_ended == m_after)
            m_stop.request_stop();
    }
    void onSweepProgress(const SweepProgress &p) override { last = p; }
    SweepProgress last;

private:
    std::stop_source &m_stop;
    int m_after, m_ended = 0;
};

} // namespace

class tst_Sweep : public QObject
{
    Q_OBJECT

    Registry m_registry;
    QTemporaryDir m_dir;
    RunObserver m_quiet;

    std::string db(const char *name) const
    {
        return m_dir.filePath(QString::fromUtf8(name)).toStdString();
    }

private Q_SLOTS:
    void initTestCase() { registerBuiltins(m_registry); }

    void gridIsTheProductOfTheRanges()
    {
        // learning_rate log-spaced 1e-3 … 1e-1 in 3 steps; embedding_size listed. Parameters are
        // taken in name order (JSON objects have none), the last varying fastest.
        const auto s = ExperimentSpec::fromJson(
            spec(R"({"id": "bpr", "sweep": {"learning_rate": {"min": 0.001, "max": 0.1, "steps": 3},
                                                                                "embedding_size": {"values": [16, 32]}}})"),
            m_registry);
        QVERIFY(s.sweep);
        QCOMPARE(s.sweep->metric, std::string("NDCG@10"));
        const auto &e = s.models[0];
        const auto trials
            = planTrials(m_registry.info("bpr")->params, e.params, e.sweep, *s.sweep, "models[0]");
        QCOMPARE(trials.size(), std::size_t(6));
        const double lrs[3] = {0.001, 0.01, 0.1};
        for (std::size_t t = 0; t < 6; ++t) {
            RS_COMPARE_NEAR(trials[t].getFloat("learning_rate"), lrs[t % 3], 1e-12);
            QCOMPARE(trials[t].getInt("embedding_size"), std::int64_t(t < 3 ? 16 : 32));
            QCOMPARE(trials[t].getInt("epochs"),
                     e.params.getInt("epochs")); // the rest as the entry says
        }
        QCOMPARE(describeTrial(trials[4], e.sweep),
                 std::string("embedding_size=32, learning_rate=0.01"));
        // A round trip through the normalised spec keeps the sweep.
        const auto again = ExperimentSpec::fromJson(s.toJson(), m_registry);
        QCOMPARE(planTrials(m_registry.info("bpr")->params,
                            again.models[0].params,
                            again.models[0].sweep,
                            *again.sweep,
                            "m")
                     .size(),
                 std::size_t(6));
    }

    void randomSearchDrawsWithinTheRanges()
    {
        const auto s = ExperimentSpec::fromJson(
            spec(R"({"id": "bpr", "sweep": {"learning_rate": {"min": 0.0001, "max": 0.1},
                                                      "embedding_size": {"min": 8, "max": 128, "log": true}}})",
                 R"(, "sweep": {"method": "random", "trials": 25, "seed": 4})"),
            m_registry);
        const auto &e = s.models[0];
        const auto a = planTrials(m_registry.info("bpr")->params, e.params, e.sweep, *s.sweep, "m");
        const auto b = planTrials(m_registry.info("bpr")->params, e.params, e.sweep, *s.sweep, "m");
        QCOMPARE(a.size(), std::size_t(25));
        int below = 0;
        for (std::size_t t = 0; t < a.size(); ++t) {
            const double lr = a[t].getFloat("learning_rate");
            QVERIFY(lr >= 0.0001 && lr <= 0.1);
            QVERIFY(a[t].getInt("embedding_size") >= 8 && a[t].getInt("embedding_size") <= 128);
            below
                += a[t].getInt("embedding_size") < 32; // log-uniform: half the mass below √(8·128)
            QCOMPARE(lr, b[t].getFloat("learning_rate")); // seeded
        }
        QVERIFY(below >= 6 && below <= 19);
    }

    void badSweepsNameTheParameter_data()
    {
        QTest::addColumn<QString>("models");
        QTest::addColumn<QString>("extra");
        QTest::addColumn<QString>("parameter");
        QTest::addRow("unknown parameter")
            << R"({"id": "bpr", "sweep": {"lr": {"min": 0.1, "max": 1}}})"
            << ""
            << "models[0].sweep.lr";
        QTest::addRow("outside the schema")
            << R"({"id": "bpr", "sweep": {"learning_rate": {"min": 0.1, "max": 5}}})"
            << ""
            << "models[0].sweep.learning_rate";
        QTest::addRow("bad value")
            << R"({"id": "bpr", "sweep": {"embedding_size": {"values": [16, -2]}}})"
            << ""
            << "models[0].sweep.embedding_size.values[1]";
        QTest::addRow("grid over budget")
            << R"({"id": "bpr", "sweep": {"embedding_size": {"values": [8, 16, 32]}}})"
            << R"(, "sweep": {"trials": 2})"
            << "sweep.trials";
        QTest::addRow("no ranges") << R"({"id": "bpr"})"
                                   << R"(, "sweep": {"trials": 2})"
                                   << "sweep";
        QTest::addRow("selection metric")
            << R"({"id": "bpr", "sweep": {"embedding_size": {"values": [8]}}})"
            << R"(, "sweep": {"metric": "ItemCoverage@10"})"
            << "sweep.metric";
        QTest::addRow("seed twice") << R"({"id": "pop"})"
                                    << R"(, "repeat": {"seeds": [1, 1]})"
                                    << "repeat.seeds[1]";
    }

    void badSweepsNameTheParameter()
    {
        QFETCH(QString, models);
        QFETCH(QString, extra);
        QFETCH(QString, parameter);
        try {
            ExperimentSpec::fromJson(spec(models.toStdString(), extra.toStdString()), m_registry);
            QFAIL("no error");
        } catch (const ConfigError &e) {
            QCOMPARE(QString::fromStdString(e.parameter()), parameter);
        }
    }

    void selectionUsesTheMeanValidationValue()
    {
        // Trial 0 has the best single seed, trial 1 the best mean; trial 2 ties trial 1 later.
        QCOMPARE(selectTrial({{0.30, 0.10}, {0.22, 0.21}, {0.21, 0.22}, {}}), 1);
        QCOMPARE(selectTrial({{}, {}}), -1);
    }

    void sweepSelectsOnValidationAndTestsOnlyTheSelected()
    {
        ProjectStore store(db("sweep.db"));
        ExperimentRunner runner(m_registry, store);
        const auto s
            = ExperimentSpec::fromJson(spec(R"({"id": "bpr", "params": {"epochs": 4, "patience": 0},
                                                         "sweep": {"learning_rate": {"values": [0.0005, 0.02]}, "embedding_size": {"values": [8, 32]}}})",
                                            R"(, "repeat": {"seeds": [1, 2]})"),
                                       m_registry);
        std::stop_source never;
        StopAfter observe(never, -1);
        const auto result = runner.run(s, {}, observe);
        QCOMPARE(result.runs.size(),
                 std::size_t(4 * 2 + 2)); // 4 trials × 2 seeds, then the selected × 2
        const auto sweeps = store.sweeps();
        QCOMPARE(sweeps.size(), std::size_t(1));
        QCOMPARE(sweeps[0].status, RunStatus::Finished);
        QCOMPARE(observe.last.runsDone, observe.last.runsTotal);
        // Trials carry validation metrics and no test metrics at all: the selection cannot have
        // read a test number. The selected trial is the best mean validation NDCG@10.
        std::map<int, std::vector<double>> valid;
        std::map<std::uint64_t, double> selectedValid;
        for (const auto &r : store.runs()) {
            if (r.sweepRole == "trial") {
                QVERIFY(store.finalMetrics(r.id, "test").empty());
                valid[r.sweepTrial].push_back(store.finalMetrics(r.id, "valid").at("NDCG@10"));
            }
        }
        std::vector<std::vector<double>> perTrial;
        for (auto &[t, v] : valid)
            perTrial.push_back(v);
        QCOMPARE(sweeps[0].selectedTrial, selectTrial(perTrial));
        for (const auto &r : store.runs())
            if (r.sweepRole == "trial" && r.sweepTrial == sweeps[0].selectedTrial)
                selectedValid[r.seed] = store.finalMetrics(r.id, "valid").at("NDCG@10");
        const auto summary = summarizeSweep(store, sweeps[0].id);
        QCOMPARE(summary.finalRuns.size(), std::size_t(2));
        QCOMPARE(summary.sweptParams,
                 (std::vector<std::string>{"embedding_size", "learning_rate"}));
        QCOMPARE(summary.test.at("NDCG@10").n, 2);
        for (const auto id : summary.finalRuns) {
            const RunRecord r = store.run(id);
            QCOMPARE(r.sweepTrial, sweeps[0].selectedTrial);
            QVERIFY(!store.finalMetrics(id, "test").empty());
            // Retraining the selected configuration with the same seed gives the same model.
            RS_COMPARE_NEAR(store.finalMetrics(id, "valid").at("NDCG@10"),
                            selectedValid.at(r.seed),
                            1e-9);
        }
    }

    void aCancelledSweepResumesKeepingFinishedTrials()
    {
        ProjectStore store(db("resume.db"));
        ExperimentRunner runner(m_registry, store);
        const auto s
            = ExperimentSpec::fromJson(spec(R"({"id": "bpr", "params": {"epochs": 2, "patience": 0},
                                                         "sweep": {"learning_rate": {"values": [0.001, 0.01, 0.05]}}})"),
                                       m_registry);
        std::stop_source stop;
        StopAfter observe(stop, 2);
        runner.run(s, stop.get_token(), observe);
        auto sweep = store.sweeps().front();
        QCOMPARE(sweep.status, RunStatus::Cancelled);
        std::vector<std::int64_t> kept;
        for (const auto &r : store.runs())
            if (r.status == RunStatus::Finished)
                kept.push_back(r.id);
        QCOMPARE(kept.size(), std::size_t(2));
        RS_EXPECT_ERROR(runner.resumeSweep(sweep.id + 1, {}, m_quiet), StoreError, "no sweep");
        runner.resumeSweep(sweep.id, {}, m_quiet);
        sweep = store.sweep(sweep.id);
        QCOMPARE(sweep.status, RunStatus::Finished);
        int trialRuns = 0;
        for (const auto &r : store.runs())
            trialRuns += r.sweepRole == "trial" && r.status == RunStatus::Finished;
        QCOMPARE(trialRuns, 3); // the two kept and the one left, not six
        for (const auto id : kept)
            QCOMPARE(store.run(id).status, RunStatus::Finished);
        RS_EXPECT_ERROR(runner.resumeSweep(sweep.id, {}, m_quiet), ConfigError, "is finished");
    }

    void repeatedRunsPoolPerConfiguration()
    {
        ProjectStore store(db("repeat.db"));
        ExperimentRunner runner(m_registry, store);
        const auto s = ExperimentSpec::fromJson(
            spec(R"({"id": "pop"}, {"id": "bpr", "params": {"epochs": 3, "learning_rate": 0.01}})",
                 R"(, "repeat": {"seeds": [5, 6, 7]})"),
            m_registry);
        const auto result = runner.run(s, {}, m_quiet);
        QCOMPARE(result.runs.size(), std::size_t(6));
        const auto groups = summarizeConfigurations(store, result.runIds);
        QCOMPARE(groups.size(), std::size_t(2));
        QCOMPARE(groups[0].label, std::string("Pop"));
        QCOMPARE(groups[0].seeds, (std::vector<std::uint64_t>{5, 6, 7}));
        QCOMPARE(groups[0].test.at("NDCG@10").std, 0.0); // popularity ignores the seed
        QVERIFY(groups[1].test.at("NDCG@10").std > 0);   // BPR's initialisation does not
        const auto &v = groups[1].values.at("NDCG@10");
        const double mean = (v[0] + v[1] + v[2]) / 3;
        RS_COMPARE_NEAR(groups[1].test.at("NDCG@10").mean, mean, 1e-12);
        // The same configuration in another experiment pools with these; another one does not.
        const auto more = runner.run(ExperimentSpec::fromJson(spec(R"({"id": "pop"})",
                                                                   R"(, "repeat": {"seeds": [8]})"),
                                                              m_registry),
                                     {},
                                     m_quiet);
        std::vector<std::int64_t> all = result.runIds;
        all.insert(all.end(), more.runIds.begin(), more.runIds.end());
        QCOMPARE(summarizeConfigurations(store, all)[0].runs.size(), std::size_t(4));
        // The same spec run again adds no samples: each seed counts once, with its latest run.
        const auto again
            = runner.run(ExperimentSpec::fromJson(spec(R"({"id": "pop"})",
                                                       R"(, "repeat": {"seeds": [5, 6, 7]})"),
                                                  m_registry),
                         {},
                         m_quiet);
        all.insert(all.end(), again.runIds.begin(), again.runIds.end());
        const auto groupsNow = summarizeConfigurations(store, all);
        const auto pooled = *std::find_if(groupsNow.begin(), groupsNow.end(), [](const auto &g) {
            return g.label == "Pop";
        });
        QCOMPARE(pooled.seeds, (std::vector<std::uint64_t>{8, 5, 6, 7}));
        QCOMPARE(pooled.runs.back(), again.runIds.back());
        const auto test = compareConfigurations(groups[1], groups[0], "NDCG@10");
        QCOMPARE(test.n, 3);
        RS_COMPARE_NEAR(test.meanDifference,
                        groups[1].test.at("NDCG@10").mean - groups[0].test.at("NDCG@10").mean,
                        1e-12);
    }
};

QTEST_GUILESS_MAIN(tst_Sweep)
#include "tst_sweep.moc"
