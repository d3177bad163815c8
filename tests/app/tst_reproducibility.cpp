// SPDX-License-Identifier: MIT
// Every stored number is reproducible: for every registered model (built-in and plugin, ranking
// and CTR), a run trained here whose best epoch is not its last stores test metrics that a
// fresh evaluation of its saved model in a new process (`recscope-cli evaluate`) gives again
// to 1e-6. State derived from parameters (LightGCN's propagated embeddings) that survived the
// best-epoch restore made this fail.
#include "test_support.h"

#include <recscope/core/builtins.h>
#include <recscope/core/experiment.h>
#include <recscope/core/experiment_runner.h>
#include <recscope/core/plugins.h>
#include <recscope/core/registry.h>
#include <recscope/core/run_observer.h>
#include <recscope/core/store.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <nlohmann/json.hpp>

using namespace recscope::core;
namespace fs = std::filesystem;

namespace {

/// Short, overfitting training: a high learning rate and no early stopping, so validation peaks
/// before the last epoch.
nlohmann::json overfitting(TaskKind task)
{
    return {{"epochs", task == TaskKind::Ctr ? 20 : 25}, {"patience", 0}, {"learning_rate", 0.05}};
}

/// Every model of a task.
std::string specFor(const Registry &registry, TaskKind task)
{
    nlohmann::json models = nlohmann::json::array();
    for (const auto &info : registry.models()) {
        if (info.task != task)
            continue;
        nlohmann::json entry{{"id", info.id}};
        if (info.trainable)
            entry["params"] = overfitting(task);
        models.push_back(entry);
    }
    nlohmann::json spec{{"name", std::string("repro-") + taskKey(task)},
                        {"dataset",
                         {{"synthetic",
                           {{"users", 300}, {"items", 200}, {"mean_length", 20}, {"seed", 5}}}}},
                        {"device", "cpu"},
                        {"seed", 11},
                        {"models", models}};
    if (task == TaskKind::Ctr) {
        spec["task"] = "ctr";
        spec["ctr"] = {{"max_history", 20}, {"train_targets_per_user", 6}};
    } else {
        spec["eval"]
            = {{"metrics", {"NDCG", "Recall", "MRR", "ItemCoverage", "Novelty"}}, {"ks", {5, 10}}};
    }
    return spec.dump();
}

QJsonObject evaluateInNewProcess(const fs::path &db, std::int64_t runId)
{
    QProcess cli;
    cli.start(QStringLiteral(RECSCOPE_CLI),
              {QStringLiteral("evaluate"),
               QString::number(runId),
               QStringLiteral("--db"),
               QString::fromStdString(db.string()),
               QStringLiteral("--json"),
               QStringLiteral("--tolerance"),
               QStringLiteral("1")});
    if (!cli.waitForFinished(300000))
        return {};
    return QJsonDocument::fromJson(cli.readAllStandardOutput()).object();
}

} // namespace

class tst_Reproducibility : public QObject
{
    Q_OBJECT

private:
    Registry m_registry;
    QTemporaryDir m_dir;

    fs::path dbFile(const std::string &name) const
    {
        return fs::path(m_dir.path().toStdString()) / (name + ".db");
    }

    /// Trains the spec into project `name` and checks every run against a fresh evaluation.
    void trainAndReevaluate(const std::string &name, const std::string &spec, int expectedRuns)
    {
        const fs::path db = dbFile(name);
        {
            ProjectStore store(db);
            ExperimentRunner runner(m_registry, store);
            runner.setCheckpointDir(fs::path(m_dir.path().toStdString()) / "checkpoints");
            RunObserver quiet;
            const auto result = runner.run(ExperimentSpec::fromJson(spec, m_registry), {}, quiet);
            QCOMPARE(int(result.runIds.size()), expectedRuns);
        }
        const ProjectStore store(db);
        for (const auto &run : store.runs()) {
            const QByteArray name = QByteArray::fromStdString(run.label);
            QVERIFY2(run.status == RunStatus::Finished,
                     name + ": " + QByteArray::fromStdString(run.message));
            if (m_registry.info(run.model)->trainable)
                QVERIFY2(run.bestEpoch < run.epochs,
                         name + ": the best epoch is the last, so a stale state would go unseen");
            const QJsonObject fresh = evaluateInNewProcess(db, run.id);
            QVERIFY2(!fresh.isEmpty(), name + ": recscope-cli evaluate gave no JSON");
            const auto stored = store.finalMetrics(run.id, "test");
            QVERIFY(stored.size() >= 3);
            for (const auto &[metric, value] : stored) {
                if (metric == "users" || metric == "samples" || metric.rfind("SearchMs", 0) == 0)
                    continue; // counts and timings
                const QJsonValue v = fresh[QStringLiteral("fresh")][QString::fromStdString(metric)];
                QVERIFY2(v.isDouble(), name + ": no fresh " + QByteArray::fromStdString(metric));
                QVERIFY2(std::abs(v.toDouble() - value) <= 1e-6,
                         name + " " + QByteArray::fromStdString(metric) + ": stored "
                             + QByteArray::number(value, 'g', 10) + ", fresh "
                             + QByteArray::number(v.toDouble(), 'g', 10));
            }
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        registerBuiltins(m_registry);
#ifdef RECSCOPE_PLUGIN_DIR
        for (const auto &record : loadPlugins(m_registry, {RECSCOPE_PLUGIN_DIR}))
            QVERIFY2(record.state == PluginRecord::State::Loaded, record.message.c_str());
        QVERIFY(m_registry.info("ease"));
#endif
    }

    void rankingModelsReproduce()
    {
        int models = 0;
        for (const auto &info : m_registry.models())
            models += info.task == TaskKind::Ranking;
        QVERIFY(models >= 10);
        trainAndReevaluate("ranking", specFor(m_registry, TaskKind::Ranking), models);
    }

    void ctrModelsReproduce()
    {
        int models = 0;
        for (const auto &info : m_registry.models())
            models += info.task == TaskKind::Ctr;
        QVERIFY(models >= 5);
        trainAndReevaluate("ctr", specFor(m_registry, TaskKind::Ctr), models);
    }

    void attackedRunReproducesItsTargetMetrics()
    {
        auto spec = nlohmann::json::parse(specFor(m_registry, TaskKind::Ranking));
        spec["models"] = {{{"id", "bpr"}, {"params", overfitting(TaskKind::Ranking)}}};
        spec["attack"] = {{"kind", "bandwagon"}, {"fake_user_share", 0.05}, {"targets", 3}};
        trainAndReevaluate("attacked", spec.dump(), 1);
        if (QTest::currentTestFailed())
            return;
        const ProjectStore store(dbFile("attacked"));
        QVERIFY(store.finalMetrics(store.runs().front().id, "test").count("T-HR@50"));
    }
};

QTEST_GUILESS_MAIN(tst_Reproducibility)
#include "tst_reproducibility.moc"
