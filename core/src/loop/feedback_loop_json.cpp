// SPDX-License-Identifier: MIT
#include "recscope/core/feedback_loop.h"
#include "util/json_reader.h"

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

std::string FeedbackLoopConfig::toJson() const
{
    return nlohmann::json{{"rounds", rounds},
                          {"epochs", epochs},
                          {"batch_size", batchSize},
                          {"learning_rate", learningRate},
                          {"weight_decay", weightDecay},
                          {"history_length", historyLength},
                          {"hidden", hidden},
                          {"impression_size", impressionSize},
                          {"test_candidates", testCandidates},
                          {"impressions_per_round", impressionsPerRound},
                          {"eta", eta},
                          {"start_aigc_share", startAigcShare},
                          {"debias", debias},
                          {"news_loss", newsLoss},
                          {"user_loss", userLoss},
                          {"disturb_ratio", disturbRatio},
                          {"k", k},
                          {"seed", seed}}
        .dump();
}

FeedbackLoopConfig FeedbackLoopConfig::fromJson(const std::string &json, const std::string &path)
{
    const nlohmann::json j = detail::parseObject(json, path);
    detail::JsonReader r(j, path);
    FeedbackLoopConfig c;
    c.rounds = r.integerAs<int>("rounds", c.rounds);
    c.epochs = r.integerAs<int>("epochs", c.epochs);
    c.batchSize = r.integerAs<int>("batch_size", c.batchSize);
    c.learningRate = r.num("learning_rate", c.learningRate);
    c.weightDecay = r.num("weight_decay", c.weightDecay);
    c.historyLength = r.integerAs<int>("history_length", c.historyLength);
    c.hidden = r.integerAs<int>("hidden", c.hidden);
    c.impressionSize = r.integerAs<int>("impression_size", c.impressionSize);
    c.testCandidates = r.integerAs<int>("test_candidates", c.testCandidates);
    c.impressionsPerRound = r.integerAs<int>("impressions_per_round", c.impressionsPerRound);
    c.eta = r.num("eta", c.eta);
    c.startAigcShare = r.num("start_aigc_share", c.startAigcShare);
    c.debias = r.boolean("debias", c.debias);
    c.newsLoss = r.num("news_loss", c.newsLoss);
    c.userLoss = r.num("user_loss", c.userLoss);
    c.disturbRatio = r.num("disturb_ratio", c.disturbRatio);
    c.k = r.integerAs<int>("k", c.k);
    c.seed = r.seed("seed", c.seed);
    r.rejectUnknown();
    c.validate(path);
    return c;
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
