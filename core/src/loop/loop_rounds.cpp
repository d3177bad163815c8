// SPDX-License-Identifier: MIT
#include "loop/loop_rounds.h"

#include "recscope/core/error.h"

#include <torch/optim/adam.h>

#include <cmath>

namespace recscope::core::detail {

namespace {

torch::Tensor ndcgOfRanks(const torch::Tensor &rank, int k)
{
    const auto gain = 1.0 / torch::log2(rank.to(torch::kFloat64) + 2.0);
    return torch::where(rank.lt(k), gain, torch::zeros_like(gain));
}

/// A fresh network holding the arm's initial weights (the code re-initialises every round).
LoopNet freshNet(const SourceTwins &twins,
                 const FeedbackLoopConfig &config,
                 const std::vector<torch::Tensor> &initial)
{
    LoopNet net(twins.table.size(1), config.hidden);
    torch::NoGradGuard ng;
    auto params = net->parameters();
    for (std::size_t p = 0; p < params.size(); ++p)
        params[p].copy_(initial[p]);
    return net;
}

torch::Tensor contentOf(const SourceTwins &twins, const torch::Tensor &rows)
{
    auto sizes = rows.sizes().vec();
    sizes.push_back(twins.table.size(1));
    return twins.table.index_select(0, rows.flatten()).view(sizes);
}

/// Scores of both twins of every shown item [N, S] for histories given as table rows.
std::pair<torch::Tensor, torch::Tensor> twinScores(LoopNet &net,
                                                   const SourceTwins &twins,
                                                   const torch::Tensor &history,
                                                   const torch::Tensor &lengths,
                                                   const torch::Tensor &shown)
{
    torch::NoGradGuard ng;
    net->eval();
    std::vector<torch::Tensor> human, ai;
    constexpr std::int64_t kBatch = 4096;
    for (std::int64_t from = 0; from < history.size(0); from += kBatch) {
        const auto to = std::min(history.size(0), from + kBatch);
        const auto user
            = net->users(contentOf(twins, history.slice(0, from, to)), lengths.slice(0, from, to));
        const auto items = shown.slice(0, from, to);
        human.push_back(net->scores(user, contentOf(twins, items)));
        ai.push_back(net->scores(user, contentOf(twins, items + twins.aiOffset())));
    }
    net->train();
    return {torch::cat(human), torch::cat(ai)};
}

/// Training pairs [N, 2] of table rows: the clicked twin and one negative drawn uniformly from
/// the rest of the doubled impression (the code's sampling: it may be the clicked item's other
/// twin). Round 0 passes no clicks: human twins only.
torch::Tensor trainingPairs(const SourceTwins &twins,
                            const torch::Tensor &shown,
                            const torch::Tensor &clickAi,
                            std::mt19937_64 &rng)
{
    const auto n = shown.size(0), s = shown.size(1);
    const bool humanOnly = !clickAi.defined();
    std::vector<std::int64_t> pairs(std::size_t(2 * n));
    const auto sh = shown.contiguous();
    const auto *item = sh.data_ptr<std::int64_t>();
    const auto ai = humanOnly ? torch::Tensor() : clickAi.contiguous();
    std::uniform_int_distribution<std::int64_t> other(1, s - 1), doubled(0, 2 * s - 2);
    for (std::int64_t r = 0; r < n; ++r) {
        const auto *row = item + r * s;
        if (humanOnly) {
            pairs[std::size_t(2 * r)] = row[0];
            pairs[std::size_t(2 * r + 1)] = row[other(rng)];
            continue;
        }
        const std::int64_t clicked
            = ai.data_ptr<bool>()[r] ? s : 0; // doubled index of the clicked twin
        auto j = doubled(rng);
        if (j >= clicked)
            ++j;
        pairs[std::size_t(2 * r)] = row[0] + (clicked ? twins.aiOffset() : 0);
        pairs[std::size_t(2 * r + 1)] = row[j % s] + (j >= s ? twins.aiOffset() : 0);
    }
    return torch::tensor(pairs, torch::kInt64).view({n, 2});
}

double trainRound(LoopNet &net,
                  const SourceTwins &twins,
                  const Impressions &set,
                  const torch::Tensor &pairs,
                  const FeedbackLoopConfig &config,
                  const LoopLossSettings &loss,
                  std::stop_token stop)
{
    torch::optim::Adam opt(net->parameters(),
                           torch::optim::AdamOptions(config.learningRate)
                               .weight_decay(config.weightDecay));
    double last = 0;
    for (int epoch = 0; epoch < config.epochs; ++epoch) {
        const auto order = torch::randperm(set.size(), torch::kInt64);
        double sum = 0;
        std::int64_t batches = 0;
        for (std::int64_t from = 0; from < set.size(); from += config.batchSize) {
            if (stop.stop_requested())
                throw Cancelled("feedback loop");
            const auto idx = order.slice(0, from, std::min(set.size(), from + config.batchSize));
            const auto value = loopLoss(net,
                                        contentOf(twins, set.history.index_select(0, idx)),
                                        set.lengths.index_select(0, idx),
                                        contentOf(twins, pairs.index_select(0, idx)),
                                        twins.style,
                                        loss);
            opt.zero_grad();
            value.backward();
            opt.step();
            sum += value.item<double>();
            ++batches;
        }
        last = sum / double(std::max<std::int64_t>(1, batches));
    }
    return last;
}

/// Which twin each impression's user clicks: the previous model ranks both twins for users whose
/// histories hold AI versions at the current share.
torch::Tensor clicksOf(LoopNet &previous,
                       const SourceTwins &twins,
                       const Impressions &set,
                       double historyAiShare,
                       double eta,
                       std::mt19937_64 &rng)
{
    const auto valid = torch::arange(set.history.size(1)).unsqueeze(0).lt(set.lengths.unsqueeze(1));
    const auto toAi = torch::rand(set.history.sizes()).lt(historyAiShare).logical_and(valid);
    const auto [h, a] = twinScores(previous,
                                   twins,
                                   set.history + toAi.to(torch::kInt64) * twins.aiOffset(),
                                   set.lengths,
                                   set.shown);
    return simulateClicks(h, a, eta, rng);
}

} // namespace

double doubledNdcg(const torch::Tensor &human, const torch::Tensor &ai, bool aiTarget, int k)
{
    const auto all = torch::cat({human, ai}, 1);
    const auto target = (aiTarget ? ai : human).select(1, 0).unsqueeze(1);
    return ndcgOfRanks(all.gt(target).sum(1), k).mean().item<double>();
}

double
mixedNdcg(const torch::Tensor &human, const torch::Tensor &ai, const torch::Tensor &aiShown, int k)
{
    const auto shown = torch::where(aiShown, ai, human);
    return ndcgOfRanks(shown.gt(shown.select(1, 0).unsqueeze(1)).sum(1), k).mean().item<double>();
}

double relativeBias(double human, double ai)
{
    return human + ai > 0 ? 200.0 * (human - ai) / (human + ai) : 0.0;
}

torch::Tensor simulateClicks(const torch::Tensor &human,
                             const torch::Tensor &ai,
                             double eta,
                             std::mt19937_64 &rng)
{
    const auto h = human.select(1, 0), a = ai.select(1, 0);
    if (eta < 0)
        return a.gt(h);
    const auto all = torch::cat({human, ai}, 1);
    const auto weight = [&](const torch::Tensor &own) {
        return torch::pow(1.0 / (all.gt(own.unsqueeze(1)).sum(1).to(torch::kFloat64) + 1.0), eta);
    };
    const auto pAi = weight(a) / (weight(a) + weight(h));
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<double> draws(std::size_t(pAi.size(0)));
    for (auto &d : draws)
        d = unit(rng);
    return torch::tensor(draws, torch::kFloat64).lt(pAi);
}

std::string loopPhase(int round, double clickAigcShare)
{
    if (round == 0)
        return "HGC-dominate";
    return clickAigcShare > 0.5 ? "AIGC-dominance" : "HGC-coexist";
}

std::vector<LoopRound> runLoopArm(const SourceTwins &twins,
                                  const Impressions (&halves)[2],
                                  const Impressions &test,
                                  const torch::Tensor &testAiShown,
                                  const std::vector<torch::Tensor> &initial,
                                  const FeedbackLoopConfig &config,
                                  bool debias,
                                  std::stop_token stop,
                                  const std::function<void(int round)> &roundDone)
{
    const LoopLossSettings loss{debias, config.newsLoss, config.userLoss, config.disturbRatio};
    const double startShare = config.startAigcShare < 0 ? twins.aiShare : config.startAigcShare;
    std::vector<LoopRound> rounds;
    LoopNet previous{nullptr};
    double lastRatio = 0;
    for (int r = 0; r < config.rounds; ++r) {
        // Both arms see the same impressions and draws in a round, so they differ by the loss.
        std::mt19937_64 rng(config.seed + 7919 * std::uint64_t(r));
        torch::manual_seed(config.seed + std::uint64_t(r));
        const Impressions &half = halves[r % 2];
        auto rows = torch::randperm(half.size(), torch::kInt64);
        if (config.impressionsPerRound > 0 && rows.size(0) > config.impressionsPerRound)
            rows = rows.slice(0, 0, config.impressionsPerRound);
        const Impressions set = half.rows(rows);
        LoopRound round;
        round.round = r;
        torch::Tensor clickAi;
        if (r > 0) {
            round.historyAigcShare = lastRatio;
            clickAi = clicksOf(previous, twins, set, lastRatio, config.eta, rng);
            round.clickAigcShare = clickAi.to(torch::kFloat64).mean().item<double>();
        }
        round.phase = loopPhase(r, round.clickAigcShare);
        const auto pairs = trainingPairs(twins, set.shown, clickAi, rng);
        LoopNet net = freshNet(twins, config, initial);
        round.trainLoss = trainRound(net, twins, set, pairs, config, loss, stop);
        const auto [h, a] = twinScores(net, twins, test.history, test.lengths, test.shown);
        round.ndcgHuman = doubledNdcg(h, a, false, config.k);
        round.ndcgAi = doubledNdcg(h, a, true, config.k);
        round.relativeBias = relativeBias(round.ndcgHuman, round.ndcgAi);
        round.aiPreferred
            = a.select(1, 0).gt(h.select(1, 0)).to(torch::kFloat64).mean().item<double>();
        round.ndcg = mixedNdcg(h, a, testAiShown, config.k);
        rounds.push_back(round);
        lastRatio = r == 0 ? startShare : round.clickAigcShare;
        previous = net;
        if (roundDone)
            roundDone(r);
    }
    return rounds;
}

} // namespace recscope::core::detail
