// SPDX-License-Identifier: MIT
#include "recscope/core/feedback_loop.h"
#include "util/config_json.h"

namespace recscope::core {

void FeedbackLoopConfig::validate(const std::string &path) const
{
    auto check = [&](bool ok, const char *field, const std::string &what) {
        if (!ok)
            throw ConfigError(path + "." + field, what);
    };
    check(rounds >= 1 && rounds <= 100, "rounds", "must be 1 to 100");
    check(epochs >= 1 && epochs <= 1000, "epochs", "must be 1 to 1000");
    check(batchSize >= 1 && batchSize <= 65536, "batch_size", "must be 1 to 65536");
    check(learningRate > 0 && learningRate < 10, "learning_rate", "must be in (0, 10)");
    check(weightDecay >= 0 && weightDecay < 1, "weight_decay", "must be in [0, 1)");
    check(historyLength >= 1 && historyLength <= 1000, "history_length", "must be 1 to 1000");
    check(hidden >= 1 && hidden <= 4096, "hidden", "must be 1 to 4096");
    check(impressionSize >= 2 && impressionSize <= 1000, "impression_size", "must be 2 to 1000");
    check(testCandidates >= 2 && testCandidates <= 10000, "test_candidates", "must be 2 to 10000");
    check(impressionsPerRound >= 0, "impressions_per_round", "must be ≥ 0 (0 = all)");
    check(eta == -1 || (eta >= 0 && eta <= 10),
          "eta",
          "must be -1 (click the higher-scored twin) or in [0, 10]");
    check(startAigcShare == -1 || (startAigcShare >= 0 && startAigcShare <= 1),
          "start_aigc_share",
          "must be -1 (the catalogue's share) or in [0, 1]");
    check(newsLoss >= 0, "news_loss", "must be ≥ 0");
    check(userLoss >= 0, "user_loss", "must be ≥ 0");
    check(disturbRatio >= 0 && disturbRatio <= 1, "disturb_ratio", "must be in [0, 1]");
    check(k >= 1 && k <= 1000, "k", "must be 1 to 1000");
}

const ConfigFields<FeedbackLoopConfig> &FeedbackLoopConfig::fields()
{
    using C = FeedbackLoopConfig;
    static const ConfigFields<C> list{
        {"rounds", &C::rounds, "rounds of the loop (loop_epochs); round 0 is human-only"},
        {"epochs", &C::epochs, "training epochs per round"},
        {"batch_size", &C::batchSize, "impressions per training step"},
        {"learning_rate", &C::learningRate, "Adam's learning rate", "lr"},
        {"weight_decay", &C::weightDecay, "Adam's weight decay"},
        {"history_length", &C::historyLength, "clicks the user encoder reads (user_log_length)"},
        {"hidden", &C::hidden, "user and item vector size"},
        {"impression_size",
         &C::impressionSize,
         "items per training impression, the clicked one included"},
        {"test_candidates",
         &C::testCandidates,
         "candidates per test impression, the test item included"},
        {"impressions_per_round",
         &C::impressionsPerRound,
         "training impressions sampled per round, 0 = all of the half",
         "impressions"},
        {"eta",
         &C::eta,
         "-1: click the higher-scored twin; >= 0: position-biased clicks, P ~ (1/(rank+1))^eta"},
        {"start_aigc_share",
         &C::startAigcShare,
         "AI share of simulated histories in round 1, -1 = the catalogue's",
         "start-share"},
        {"debias", &C::debias, "also run the arm with black-box debiasing"},
        {"news_loss", &C::newsLoss, "weight of the item-side debiasing term (news_loss)"},
        {"user_loss", &C::userLoss, "weight of the user-invariance term (user_loss)"},
        {"disturb_ratio", &C::disturbRatio, "history items rewritten for the user-invariance term"},
        {"k", &C::k, "cut-off of the source-bias NDCG"},
        {"seed", &C::seed, "random seed"},
    };
    return list;
}

std::string FeedbackLoopConfig::toJson() const
{
    return detail::configToJson(*this, fields());
}

FeedbackLoopConfig FeedbackLoopConfig::fromJson(const std::string &json, const std::string &path)
{
    return detail::configFromJson<FeedbackLoopConfig>(json, path);
}

namespace {

nlohmann::json roundsJson(const std::vector<LoopRound> &rounds)
{
    nlohmann::json out = nlohmann::json::array();
    for (const auto &r : rounds)
        out.push_back({{"round", r.round},
                       {"phase", r.phase},
                       {"history_aigc_share", r.historyAigcShare},
                       {"click_aigc_share", r.clickAigcShare},
                       {"ndcg_human", r.ndcgHuman},
                       {"ndcg_ai", r.ndcgAi},
                       {"relative_bias", r.relativeBias},
                       {"ai_preferred", r.aiPreferred},
                       {"ndcg", r.ndcg},
                       {"train_loss", r.trainLoss}});
    return out;
}

std::vector<LoopRound> roundsOf(const nlohmann::json &j)
{
    std::vector<LoopRound> out;
    for (const auto &r : j)
        out.push_back({r.at("round").get<int>(),
                       r.at("phase").get<std::string>(),
                       r.at("history_aigc_share").get<double>(),
                       r.at("click_aigc_share").get<double>(),
                       r.at("ndcg_human").get<double>(),
                       r.at("ndcg_ai").get<double>(),
                       r.at("relative_bias").get<double>(),
                       r.at("ai_preferred").get<double>(),
                       r.at("ndcg").get<double>(),
                       r.at("train_loss").get<double>()});
    return out;
}

} // namespace

std::string FeedbackLoopReport::toJson() const
{
    return nlohmann::json{{"run", runId},
                          {"label", label},
                          {"config", nlohmann::json::parse(config.toJson())},
                          {"catalog_aigc_share", catalogAigcShare},
                          {"train_impressions", trainImpressions},
                          {"test_impressions", testImpressions},
                          {"plain", roundsJson(plain)},
                          {"debiased", roundsJson(debiased)}}
        .dump();
}

FeedbackLoopReport FeedbackLoopReport::fromJson(const std::string &json)
{
    const auto j = nlohmann::json::parse(json);
    FeedbackLoopReport r;
    r.runId = j.at("run").get<std::int64_t>();
    r.label = j.at("label").get<std::string>();
    r.config = FeedbackLoopConfig::fromJson(j.at("config").dump(), "loop");
    r.catalogAigcShare = j.at("catalog_aigc_share").get<double>();
    r.trainImpressions = j.at("train_impressions").get<std::int64_t>();
    r.testImpressions = j.at("test_impressions").get<std::int64_t>();
    r.plain = roundsOf(j.at("plain"));
    r.debiased = roundsOf(j.at("debiased"));
    return r;
}

} // namespace recscope::core
