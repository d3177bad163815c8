// SPDX-License-Identifier: MIT
// The configs described once (config_fields.h): their JSON is derived from the field lists, so
// these tests pin what must not drift — the keys and defaults a stored analysis was written with
// (literal JSON from before the lists existed), every field surviving a round trip with a value
// that is not its default, and the lists naming each key once.
#include "test_support.h"

#include <recscope/core/audit_config.h>
#include <recscope/core/builtins.h>
#include <recscope/core/error.h>
#include <recscope/core/experiment.h>
#include <recscope/core/extraction.h>
#include <recscope/core/feedback_loop.h>
#include <recscope/core/registry.h>
#include <recscope/core/sae.h>

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QtTest>

#include <set>
#include <type_traits>

using namespace recscope;
using namespace recscope::core;

namespace {

/// Every field of c set to a value that is not its default and still valid: integers doubled
/// (0 → 1; a seed + 12345), floats halved (0 → 0.25, negative "auto" values → 0.5), booleans
/// flipped, text and lists replaced.
template<class Config>
Config everyFieldChanged()
{
    Config c;
    for (const auto &field : Config::fields())
        std::visit(
            [&](auto member) {
                auto &v = c.*member;
                using T = std::remove_reference_t<decltype(v)>;
                if constexpr (std::is_same_v<T, bool>)
                    v = !v;
                else if constexpr (std::is_same_v<T, std::uint64_t>)
                    v += 12345;
                else if constexpr (std::is_integral_v<T>)
                    v = v == 0 ? 1 : v * 2;
                else if constexpr (std::is_same_v<T, double>)
                    v = v == 0 ? 0.25 : v < 0 ? 0.5 : v / 2;
                else if constexpr (std::is_same_v<T, std::string>)
                    v = "gender";
                else if constexpr (std::is_same_v<T, std::vector<std::int64_t>>)
                    v = {300, 700};
                else
                    v = {"augmented"};
            },
            field.member);
    return c;
}

template<class Config>
void checkRoundTrip(Config (*read)(const std::string &))
{
    const Config changed = everyFieldChanged<Config>();
    const Config back = read(changed.toJson());
    QCOMPARE(back.toJson(), changed.toJson());
    for (const auto &field : Config::fields()) // and each member, not just the text
        std::visit([&](auto member) { QVERIFY2(back.*member == changed.*member, field.key); },
                   field.member);
    std::set<std::string> keys;
    for (const auto &field : Config::fields())
        QVERIFY2(keys.insert(field.key).second, field.key);
}

} // namespace

class tst_ConfigFields : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultsKeepTheirStoredForm()
    {
        // As toJson wrote them before the field lists: stored analyses must read the same.
        QCOMPARE(QString::fromStdString(AuditConfig{}.toJson()),
                 QStringLiteral(R"({"attacker_epochs":100,"attacker_train_share":0.8,)"
                                R"("attribute":"","bootstrap":1000,"calibration_alpha":0.01,)"
                                R"("head_share":0.8,"k":10,"seed":7})"));
        QCOMPARE(QString::fromStdString(SaeConfig{}.toJson()),
                 QStringLiteral(R"({"aux_coefficient":0.03125,"aux_k":0,"batch_size":256,)"
                                R"("confident_at":0.8,"describe_examples":10,"epochs":50,"k":8,)"
                                R"("lr":0.0005,"patience":10,"prefixes_per_user":8,)"
                                R"("random_examples":10,"scale":16,"seed":7,)"
                                R"("verify_examples":10})"));
        QCOMPARE(QString::fromStdString(FeedbackLoopConfig{}.toJson()),
                 QStringLiteral(R"({"batch_size":256,"debias":true,"disturb_ratio":0.5,)"
                                R"("epochs":3,"eta":-1.0,"hidden":32,"history_length":10,)"
                                R"("impression_size":5,"impressions_per_round":20000,"k":5,)"
                                R"("learning_rate":0.001,"news_loss":1.0,"rounds":10,)"
                                R"("seed":2023,"start_aigc_share":-1.0,"test_candidates":20,)"
                                R"("user_loss":0.01,"weight_decay":1e-05})"));
        QCOMPARE(QString::fromStdString(ExtractionConfig{}.toJson()),
                 QStringLiteral(R"({"batch_size":64,"budgets":[2000,5000,10000,20000],)"
                                R"("dropout":0.1,"epochs":100,"eval_users":1000,)"
                                R"("few_shot_share":0.1,"heads":2,"hidden":64,"layers":2,)"
                                R"("learning_rate":0.001,"list_length":100,"margin":0.5,)"
                                R"("max_len":50,"repair_k":10,"repair_weight":1.0,)"
                                R"("seed":7,"sequence_length":0,)"
                                R"("variants":["few-shot","augmented","augmented+repair"]})"));
    }

    void everyFieldSurvivesARoundTrip()
    {
        checkRoundTrip<AuditConfig>([](const std::string &j) { return AuditConfig::fromJson(j); });
        checkRoundTrip<SaeConfig>([](const std::string &j) { return SaeConfig::fromJson(j); });
        checkRoundTrip<FeedbackLoopConfig>(
            [](const std::string &j) { return FeedbackLoopConfig::fromJson(j); });
        checkRoundTrip<ExtractionConfig>(
            [](const std::string &j) { return ExtractionConfig::fromJson(j); });
    }

    void theSyntheticSectionOfASpec()
    {
        Registry registry;
        registerBuiltins(registry);
        ExperimentSpec spec;
        spec.name = "synthetic";
        spec.models.push_back({"pop", "Pop", registry.info("pop")->params.defaults(), {}});
        auto synthetic = [](const std::string &json) {
            return QJsonDocument::fromJson(QByteArray::fromStdString(json))
                .object()
                .value(QStringLiteral("dataset"))
                .toObject()
                .value(QStringLiteral("synthetic"))
                .toObject();
        };
        // The defaults as the hand-written writer put them (a run's stored spec is its identity).
        const auto expected = QJsonDocument::fromJson(
            R"({"ai_share":0.3,"attribute_genre_correlation":0.6,"cart_rate":0.3,)"
            R"("content_dim":16,"drift":0.3,"genre_concentration":0.2,"genres":10,)"
            R"("group1_share":0.5,"items":1000,"latent_dim":8,"mean_length":40.0,)"
            R"("personal_strength":6.0,"popularity_exponent":0.8,"purchase_rate":0.4,)"
            R"("secondary_genre":0.3,"seed":42,"source_style":3.0,"stay_probability":0.2,)"
            R"("transition_probability":0.3,"users":2000})");
        QCOMPARE(synthetic(spec.toJson()), expected.object());
        // Every knob changed survives the spec's writer and reader.
        spec.dataset.synthetic = everyFieldChanged<SyntheticConfig>();
        const auto back = ExperimentSpec::fromJson(spec.toJson(), registry);
        QCOMPARE(synthetic(back.toJson()), synthetic(spec.toJson()));
        for (const auto &field : SyntheticConfig::fields())
            std::visit(
                [&](auto member) {
                    QVERIFY2(back.dataset.synthetic.*member == spec.dataset.synthetic.*member,
                             field.key);
                },
                field.member);
        RS_EXPECT_ERROR(ExperimentSpec::fromJson(
                            R"({"name": "x", "dataset": {"format": "synthetic", "synthetic": )"
                            R"({"userz": 3}}, "models": [{"id": "pop"}]})",
                            registry),
                        ConfigError,
                        "dataset.synthetic.userz");
    }

    void readersStillCheckTypesAndKeys()
    {
        RS_EXPECT_ERROR(AuditConfig::fromJson(R"({"attribute": 3})"),
                        ConfigError,
                        "audit.attribute");
        RS_EXPECT_ERROR(FeedbackLoopConfig::fromJson(R"({"debias": "yes"})"),
                        ConfigError,
                        "loop.debias");
        RS_EXPECT_ERROR(SaeConfig::fromJson(R"({"k": 2.5})"), ConfigError, "sae.k");
        RS_EXPECT_ERROR(ExtractionConfig::fromJson(R"({"variants": "few-shot"})"),
                        ConfigError,
                        "list of names");
        RS_EXPECT_ERROR(ExtractionConfig::fromJson(R"({"hidden": 4294967296})"),
                        ConfigError,
                        "extraction.hidden");
        // The SAE's stored params also name the probed run, which is read and dropped.
        QCOMPARE(SaeConfig::fromJson(R"({"probe_run": 4, "k": 16})").k, 16);
    }
};

QTEST_GUILESS_MAIN(tst_ConfigFields)
#include "tst_config_fields.moc"
