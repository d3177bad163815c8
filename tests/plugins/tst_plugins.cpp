// SPDX-License-Identifier: MIT
// The example plugins (plugins/) loaded as a user's RecScope loads them, and the loader's
// refusals. Expected values are worked by hand in the comments.
#include "plugins/plugin_stamp.h"
#include "test_support.h"

#include <recscope/core/audit.h>
#include <recscope/core/builtins.h>
#include <recscope/core/error.h>
#include <recscope/core/experiment.h>
#include <recscope/core/experiment_runner.h>
#include <recscope/core/plugins.h>
#include <recscope/core/registry.h>
#include <recscope/core/store.h>
#include <recscope/sdk/dataset_loader.h>
#include <recscope/sdk/metric.h>
#include <recscope/sdk/model.h>

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <fstream>
#include <random>

using namespace recscope;
using namespace recscope::core;
namespace fs = std::filesystem;

namespace {

const fs::path kPluginDir = RECSCOPE_PLUGIN_DIR;
const fs::path kBadPluginDir = RECSCOPE_BAD_PLUGIN_DIR;

const PluginRecord *find(const std::vector<PluginRecord> &records, const std::string &id)
{
    for (const auto &r : records)
        if (r.id == id)
            return &r;
    return nullptr;
}

sdk::UserItems userItems(const std::vector<std::vector<std::int64_t>> &lists)
{
    sdk::UserItems u;
    u.offsets.push_back(0);
    for (const auto &l : lists) {
        u.items.insert(u.items.end(), l.begin(), l.end());
        u.times.insert(u.times.end(), l.size(), 0);
        u.offsets.push_back(std::int64_t(u.items.size()));
    }
    return u;
}

void write(const fs::path &file, const std::string &text)
{
    std::ofstream(file) << text;
}

class NamedFactory final : public sdk::ModelFactory
{
public:
    explicit NamedFactory(std::string id)
        : m_id(std::move(id))
    {}
    ModelInfo info() const override { return {m_id, m_id, "", false, false, {}}; }
    std::unique_ptr<sdk::Model> create(const ParamSet &) const override { return nullptr; }

private:
    std::string m_id;
};

} // namespace

class tst_Plugins : public QObject
{
    Q_OBJECT

    Registry m_registry;
    std::vector<PluginRecord> m_records;
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase()
    {
        registerBuiltins(m_registry);
        m_records = loadPlugins(m_registry, {kPluginDir});
        QVERIFY(m_tmp.isValid());
    }

    void examplePluginsLoad()
    {
        for (const char *id : {"ease", "amazon_reviews", "extra_metrics"}) {
            const auto *r = find(m_records, id);
            QVERIFY2(r, id);
            QVERIFY2(r->state == PluginRecord::State::Loaded, r->message.c_str());
            QCOMPARE(r->version, std::string("1.0.0"));
        }
        QCOMPARE(find(m_records, "ease")->provides, std::vector<std::string>{"model ease"});
        QCOMPARE(find(m_records, "extra_metrics")->provides,
                 (std::vector<std::string>{"metric F1", "metric PSRecall"}));
        const ModelInfo *ease = m_registry.info("ease");
        QVERIFY(ease);
        QVERIFY(!ease->trainable);
        QCOMPARE(ease->task, TaskKind::Ranking);
        QCOMPARE(std::get<double>(ease->params.find("reg")->defaultValue), 250.0);
        QVERIFY(m_registry.datasetLoader("amazon_reviews"));
        QVERIFY(m_registry.loaderFor("auto", "x/reviews.jsonl"));
        QVERIFY(!m_registry.loaderFor("auto", "x/ratings.csv"));
    }

    void easeMatchesTheClosedForm()
    {
        // X rows: u0 {0,1}, u1 {1,2}, u2 {0,1,2}, u3 {0}; λ = 1.
        // XᵀX + I = [[4,2,1],[2,4,2],[1,2,3]], det 24, P = 1/24 [[8,-4,0],[-4,11,-6],[0,-6,12]].
        // B_ij = -P_ij / P_jj: B = [[0, 4/11, 0], [1/2, 0, 1/2], [0, 6/11, 0]].
        auto model = m_registry.factory("ease")->create(
            m_registry.info("ease")->params.resolve({{"reg", 1.0}}, "ease"));
        sdk::TrainData data;
        data.numUsers = 4;
        data.numItems = 3;
        data.sortedItems = userItems({{0, 1}, {1, 2}, {0, 1, 2}, {0}});
        data.sequences = data.sortedItems;
        model->setup(data);
        const auto scores
            = model->score(torch::tensor({0, 3}, torch::kInt64), data.sortedItems); // x_u · B
        const double expected[2][3] = {{0.5, 4.0 / 11, 0.5}, {0.0, 4.0 / 11, 0.0}};
        for (int r = 0; r < 2; ++r)
            for (int c = 0; c < 3; ++c)
                RS_COMPARE_NEAR(scores[r][c].item<double>(), expected[r][c], 1e-5);
    }

    void amazonLoaderReadsBothDumpFormats()
    {
        const auto loader = m_registry.datasetLoader("amazon_reviews");
        const auto old
            = loader->load(test::dataDir() / "amazon" / "reviews_2018.jsonl"); // blank line skipped
        QCOMPARE(old.user.size(), std::size_t(3));
        QCOMPARE(old.userIds, (std::vector<std::string>{"A2SUAM1J3GNN3B", "AB2W04NI4OEAD"}));
        QCOMPARE(old.itemIds, (std::vector<std::string>{"0000013714", "0005080789"}));
        QCOMPARE(old.item, (std::vector<std::int32_t>{0, 1, 0}));
        QCOMPARE(old.value, (std::vector<float>{5, 3, 4}));
        QCOMPARE(old.time[2], std::int64_t(1256000000));
        QVERIFY(old.hasTime && old.hasRating);

        const auto recent = loader->load(test::dataDir() / "amazon" / "reviews_2023.jsonl");
        QCOMPARE(recent.itemIds,
                 (std::vector<std::string>{"B00YQ6X8EO", "B08BZ63GMJ"})); // parent_asin wins
        QCOMPARE(recent.time, (std::vector<std::int64_t>{1588687728, 1588615855})); // ms → s
    }

    void amazonLoaderNamesLineAndField()
    {
        const auto loader = m_registry.datasetLoader("amazon_reviews");
        RS_EXPECT_ERROR(loader->load(test::dataDir() / "amazon" / "bad_missing_asin.jsonl"),
                        DataError,
                        "bad_missing_asin.jsonl",
                        ":3",
                        "asin");
        RS_EXPECT_ERROR(loader->load(test::dataDir() / "amazon" / "bad_truncated.jsonl"),
                        DataError,
                        "bad_truncated.jsonl",
                        ":2",
                        "not a JSON object");
        RS_EXPECT_ERROR(loader->load(test::dataDir() / "amazon" / "missing.jsonl"),
                        DataError,
                        "missing.jsonl",
                        "cannot open");
    }

    void metricsByHand()
    {
        // ranked [5, 3, 9], relevant {3, 7}: one hit.
        // F1: P = 1/3, R = 1/2, 2PR/(P+R) = (1/3)/(5/6) = 0.4.
        // PSRecall: counts n3 = 3, n7 = 8, weights (n+1)^-1/2 = 1/2 and 1/3; 0.5 / (0.5 + 1/3) =
        // 0.6.
        const std::vector<std::int64_t> ranked{5, 3, 9}, relevant{3, 7};
        std::vector<std::int64_t> counts(10, 0);
        counts[3] = 3;
        counts[7] = 8;
        sdk::MetricContext ctx{10, 4, counts};
        RS_COMPARE_NEAR(m_registry.metric("F1")->user(ranked, relevant, ctx), 0.4, 1e-12);
        RS_COMPARE_NEAR(m_registry.metric("PSRecall")->user(ranked, relevant, ctx), 0.6, 1e-12);
        const std::vector<std::int64_t> miss{1, 2};
        QCOMPARE(m_registry.metric("F1")->user(miss, relevant, ctx), 0.0);
    }

    void pluginModelTrainsEvaluatesAndAudits()
    {
        // Leave-one-out: one held-out item per user, so per user F1@10 = 2h/(10+1) and
        // PSRecall@10 = h (the weight cancels); their means are 2·Hit@10/11 and Hit@10.
        const auto spec = ExperimentSpec::fromJson(R"({"name": "plugins",
            "dataset": {"synthetic": {"users": 400, "items": 150, "seed": 5}},
            "eval": {"metrics": ["Hit", "NDCG", "F1", "PSRecall"], "ks": [10]},
            "device": "cpu",
            "models": [{"id": "pop"}, {"id": "ease", "params": {"reg": 50}}]})",
                                                   m_registry);
        QCOMPARE(spec.eval.pluginMetrics.size(), std::size_t(2));
        ProjectStore store(fs::path(m_tmp.path().toStdString()) / "plugins.db");
        ExperimentRunner runner(m_registry, store);
        runner.setCheckpointDir(fs::path(m_tmp.path().toStdString())
                                / "checkpoints"); // audits reload the model
        RunObserver quiet;
        const auto result = runner.run(spec, {}, quiet);
        QCOMPARE(result.runs.size(), std::size_t(2));
        for (const auto &run : result.runs) {
            QCOMPARE(run.status, RunStatus::Finished);
            RS_COMPARE_NEAR(run.test.at("F1@10"), 2 * run.test.at("Hit@10") / 11, 1e-9);
            RS_COMPARE_NEAR(run.test.at("PSRecall@10"), run.test.at("Hit@10"), 1e-9);
        }
        QVERIFY2(result.runs[1].test.at("NDCG@10") > 1.2 * result.runs[0].test.at("NDCG@10"),
                 "EASE should beat popularity");

        AuditConfig audit;
        audit.bootstrap = 50;
        audit.attackerEpochs = 20;
        const auto report = runAudit(m_registry, store, result.runIds[1], audit);
        QVERIFY(!report.consumer.empty());
        QCOMPARE(report.consumer.front().groups.size(), std::size_t(2));
    }

    void amazonDumpRunsAsASpecDataset()
    {
        // 60 users who each review 6 of 30 products; "auto" picks the plugin by ".jsonl".
        const fs::path file = fs::path(m_tmp.path().toStdString()) / "Beauty.jsonl";
        std::ofstream out(file);
        std::mt19937 rng(4);
        for (int u = 0; u < 60; ++u)
            for (int k = 0; k < 6; ++k)
                out << "{\"reviewerID\": \"U" << u << "\", \"asin\": \"P"
                    << (u % 5) * 6 + int(rng() % 6) << (k % 2)
                    << "\", \"overall\": " << 1 + int(rng() % 5)
                    << ", \"unixReviewTime\": " << 1400000000 + u * 100 + k << "}\n";
        out.close();
        const std::string json
            = "{\"name\": \"amazon\", \"dataset\": {\"path\": \"" + file.string()
              + "\"}, \"device\": \"cpu\", \"models\": [{\"id\": \"pop\"}, {\"id\": \"ease\"}]}";
        const auto spec = ExperimentSpec::fromJson(json, m_registry);
        QCOMPARE(spec.dataset.format, DatasetFormat::Plugin);
        QVERIFY(spec.toJson().find("\"amazon_reviews\"")
                != std::string::npos); // stored as the format's id
        ProjectStore store(fs::path(m_tmp.path().toStdString()) / "amazon.db");
        ExperimentRunner runner(m_registry, store);
        RunObserver quiet;
        const auto result = runner.run(spec, {}, quiet);
        QCOMPARE(result.runs.size(), std::size_t(2));
        QCOMPARE(result.runs[1].status, RunStatus::Finished);
        QVERIFY(result.runs[1].test.count("NDCG@10"));
    }

    void unknownNamesListThePlugins()
    {
        RS_EXPECT_ERROR(
            ExperimentSpec::fromJson(
                R"({"dataset": {"path": "a.xyz", "format": "parquet"}, "models": [{"id": "pop"}]})",
                m_registry),
            ConfigError,
            "dataset.format",
            "parquet",
            "amazon_reviews");
        RS_EXPECT_ERROR(ExperimentSpec::fromJson(
                            R"({"eval": {"metrics": ["Hit", "F2"]}, "models": [{"id": "pop"}]})",
                            m_registry),
                        ConfigError,
                        "eval.metrics[1]",
                        "F2",
                        "PSRecall");
    }

    void refusesAMismatchedBinary()
    {
        Registry registry;
        const auto records = loadPlugins(registry, {kBadPluginDir});
        const auto *r = find(records, "mismatched");
        QVERIFY(r);
        QVERIFY(r->state == PluginRecord::State::Refused);
        for (const char *part : {"librs_mismatched.so", "LibTorch 1.0.0", "gcc 3", "rebuild"})
            QVERIFY2(r->message.find(part) != std::string::npos, r->message.c_str());
        QVERIFY(registry.models().empty());
        QVERIFY2(!qEnvironmentVariableIsSet("RECSCOPE_MISMATCHED_PLUGIN_RAN"),
                 "the refused plugin's constructor ran");
    }

    // The stamp comes from an untrusted file: each malformed shape is refused with its reason.
    void stampsAreReadWithoutLoadingTheLibrary()
    {
        const auto ease = recscope::core::detail::readPluginStamp(kPluginDir / "librs_ease.so");
        QCOMPARE(std::string(ease.id), std::string("ease"));
        QCOMPARE(ease.apiVersion, RECSCOPE_PLUGIN_API_VERSION);
        QCOMPARE(std::string(ease.compiler), std::string(RECSCOPE_PLUGIN_COMPILER));
        QCOMPARE(ease.torchVersion, RECSCOPE_PLUGIN_TORCH_VERSION);

        const fs::path dir = fs::path(m_tmp.path().toStdString()) / "stamps";
        fs::create_directories(dir);
        std::ifstream in(kPluginDir / "librs_ease.so", std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
        QVERIFY(bytes.size() > 8192);
        auto variant = [&](const std::string &name, std::string content) {
            std::ofstream(dir / name, std::ios::binary) << content;
            return dir / name;
        };
        RS_EXPECT_ERROR(recscope::core::detail::readPluginStamp(variant("text.so", "hello")),
                        ConfigError,
                        "text.so",
                        "outside the file");
        RS_EXPECT_ERROR(recscope::core::detail::readPluginStamp(
                            variant("script.so", std::string(64, '#'))),
                        ConfigError,
                        "script.so",
                        "not an ELF file");
        RS_EXPECT_ERROR(recscope::core::detail::readPluginStamp(
                            variant("cut.so", bytes.substr(0, 4096))),
                        ConfigError,
                        "cut.so",
                        "outside the file");
        std::string far
            = bytes; // the section header table's offset (e_shoff, at byte 40) past the end
        far.replace(40, 8, std::string("\xff\xff\xff\xff\xff\xff\xff\x7f", 8));
        RS_EXPECT_ERROR(recscope::core::detail::readPluginStamp(variant("far.so", far)),
                        ConfigError,
                        "far.so",
                        "section header table lies outside");
        std::string forged = bytes;
        const auto magic = forged.find(RECSCOPE_PLUGIN_STAMP_MAGIC);
        QVERIFY(magic != std::string::npos);
        forged[magic] = 'R';
        RS_EXPECT_ERROR(recscope::core::detail::readPluginStamp(variant("forged.so", forged)),
                        ConfigError,
                        "forged.so",
                        "stamp is malformed");
        // A real library without a stamp (this test program's own binary has none).
        RS_EXPECT_ERROR(recscope::core::detail::readPluginStamp(
                            QCoreApplication::applicationFilePath().toStdString()),
                        ConfigError,
                        "tst_plugins",
                        "no .recscope_stamp section",
                        "RECSCOPE_PLUGIN");

        // Through the loader: refused with the reason, nothing loaded.
        fs::copy_file(dir / "forged.so", dir / "librs_forged.so");
        write(dir / "forged.json", R"({"id": "forged", "version": "1", "api": 3})");
        Registry registry;
        const auto records = loadPlugins(registry, {dir});
        const auto *r = find(records, "forged");
        QVERIFY(r && r->state == PluginRecord::State::Refused);
        QVERIFY2(r->message.find("stamp is malformed") != std::string::npos, r->message.c_str());
    }

    void refusesBadManifests()
    {
        const fs::path dir = fs::path(m_tmp.path().toStdString()) / "manifests";
        fs::create_directories(dir);
        write(dir / "future.json", R"({"id": "future", "version": "9", "api": 4})");
        write(dir / "nolib.json", R"({"id": "nolib", "version": "1", "api": 3})");
        write(dir / "broken.json", R"({"id": "broken", )");
        write(dir / "noid.json", R"({"version": "1", "api": 3})");
        write(dir / "off.json",
              R"({"id": "off", "version": "1", "api": 3, "defaultEnabled": false})");
        write(dir / "abs.json",
              R"({"id": "abs", "version": "1", "api": 3, "library": "/tmp/librs_abs.so"})");
        write(dir / "up.json",
              R"({"id": "up", "version": "1", "api": 3, "library": "../librs_up.so"})");
        write(dir / "huge.json", R"({"id": "huge", "version": "1", "api": 4294967297})");
        Registry registry;
        const auto records = loadPlugins(registry, {dir});
        QCOMPARE(records.size(), std::size_t(8));
        auto expect = [&](const std::string &file, PluginRecord::State state, const char *part) {
            for (const auto &r : records)
                if (r.manifest.filename() == file) {
                    QVERIFY2(r.state == state, (file + ": " + stateName(r.state)).c_str());
                    QVERIFY2(r.message.find(part) != std::string::npos, r.message.c_str());
                    return;
                }
            QFAIL(file.c_str());
        };
        expect("future.json", PluginRecord::State::Refused, "incompatible plugin API version 4");
        expect("nolib.json", PluginRecord::State::Refused, "librs_nolib.so");
        expect("broken.json", PluginRecord::State::Refused, "not valid JSON");
        expect("noid.json", PluginRecord::State::Refused, "id");
        expect("off.json", PluginRecord::State::Disabled, "RECSCOPE_ENABLE_PLUGINS=off");
        // A manifest names a library beside it, never a path; an API number that wraps an int is
        // not 1.
        expect("abs.json",
               PluginRecord::State::Refused,
               "expected a file name in the manifest's folder, not the path '/tmp/librs_abs.so'");
        expect("up.json", PluginRecord::State::Refused, "not the path '../librs_up.so'");
        expect("huge.json", PluginRecord::State::Refused, "incompatible plugin API version");
    }

    void aPluginIdLoadsOnce()
    {
        Registry registry;
        const auto records = loadPlugins(registry, {kPluginDir, kPluginDir});
        QCOMPARE(records.size(), std::size_t(6));
        QCOMPARE(std::count_if(records.begin(),
                               records.end(),
                               [](const auto &r) {
                                   return r.state == PluginRecord::State::Loaded;
                               }),
                 3);
        QVERIFY(records.back().message.find("already found") != std::string::npos);
    }

    void unsafeFoldersAndTwinLibrariesAreRefused()
    {
        // Opening a library runs its code: only folders nobody else can write are read, and
        // one library never comes in under two names.
        Registry registry;
        auto records = loadPlugins(registry, {fs::path("relative/plugins")});
        QCOMPARE(records.size(), std::size_t(1));
        QVERIFY2(records[0].message.find("is relative") != std::string::npos,
                 records[0].message.c_str());

        const fs::path open = fs::path(m_tmp.path().toStdString()) / "open";
        fs::create_directories(open);
        fs::copy_file(kPluginDir / "ease.json", open / "ease.json");
        fs::copy_file(kPluginDir / "librs_ease.so", open / "librs_ease.so");
        fs::permissions(open, fs::perms::all);
        records = loadPlugins(registry, {open});
        QCOMPARE(records.size(), std::size_t(1));
        QVERIFY2(records[0].message.find("writable by other users (mode 777)") != std::string::npos,
                 records[0].message.c_str());
        QVERIFY(!registry.info("ease"));

        fs::permissions(open,
                        fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec
                            | fs::perms::others_read | fs::perms::others_exec);
        fs::create_symlink(open / "librs_ease.so", open / "librs_twin.so");
        write(open / "twin.json",
              R"({"id": "twin", "version": "1", "api": 3, "library": "librs_twin.so"})");
        records = loadPlugins(registry, {open});
        QCOMPARE(records.size(), std::size_t(2));
        QVERIFY2(records[0].state == PluginRecord::State::Loaded,
                 records[0].message.c_str()); // ease.json sorts first
        QVERIFY2(records[1].message.find("already loaded as plugin 'ease'") != std::string::npos,
                 records[1].message.c_str());
    }

    void absorbIsAllOrNothing()
    {
        Registry host;
        registerBuiltins(host);
        const auto before = host.models().size();
        Registry scratch;
        scratch.add(std::make_unique<NamedFactory>("fresh"));
        scratch.add(
            std::make_unique<NamedFactory>("bpr")); // scratch has no built-ins: accepted here
        RS_EXPECT_ERROR(host.absorb(std::move(scratch)), ConfigError, "bpr", "already registered");
        QCOMPARE(host.models().size(), before);
        QVERIFY(!host.info("fresh"));
        RS_EXPECT_ERROR(host.add(std::make_unique<NamedFactory>("bad id")),
                        ConfigError,
                        "not a valid id");
    }
};

QTEST_GUILESS_MAIN(tst_Plugins)
#include "tst_plugins.moc"
