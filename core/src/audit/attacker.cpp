// SPDX-License-Identifier: MIT
#include "audit/attacker.h"

#include <torch/nn/functional/loss.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/optim/adam.h>

#include <algorithm>
#include <numeric>

namespace recscope::core::detail {

namespace {

struct AttackerNet : torch::nn::Module
{
    torch::nn::EmbeddingBag items{nullptr};
    torch::nn::Linear out{nullptr};
    AttackerNet(std::int64_t numItems, int classes)
    {
        items
            = register_module("items",
                              torch::nn::EmbeddingBag(
                                  torch::nn::EmbeddingBagOptions(numItems, 32).mode(torch::kMean)));
        out = register_module("out", torch::nn::Linear(32, classes));
    }
    /// Logits of a batch of lists given flat item ids and their list offsets.
    torch::Tensor forward(const torch::Tensor &flat, const torch::Tensor &offsets)
    {
        return out(items(flat, offsets));
    }
};

/// Flat ids and offsets of the lists at the given positions, for EmbeddingBag.
std::pair<torch::Tensor, torch::Tensor> bags(const Lists &lists,
                                             const std::vector<std::size_t> &which)
{
    std::vector<std::int64_t> flat, offsets;
    for (auto u : which) {
        offsets.push_back(std::int64_t(flat.size()));
        flat.insert(flat.end(), lists[u].begin(), lists[u].end());
    }
    return {torch::tensor(flat, torch::kInt64), torch::tensor(offsets, torch::kInt64)};
}

} // namespace

AttackerScore attributeAttacker(const Lists &lists,
                                const std::vector<std::int32_t> &labels,
                                int classes,
                                std::size_t items,
                                double trainShare,
                                int epochs,
                                std::uint64_t seed)
{
    AttackerScore score;
    std::vector<std::size_t> users;
    for (std::size_t u = 0; u < lists.size(); ++u)
        if (labels[u] >= 0 && !lists[u].empty())
            users.push_back(u);
    std::mt19937_64 rng(seed);
    std::shuffle(users.begin(), users.end(), rng);
    const auto cut = std::size_t(double(users.size()) * trainShare);
    const std::vector<std::size_t> train(users.begin(), users.begin() + std::ptrdiff_t(cut)),
        test(users.begin() + std::ptrdiff_t(cut), users.end());
    score.trainUsers = std::int64_t(train.size());
    score.testUsers = std::int64_t(test.size());
    if (train.empty() || test.empty() || classes < 2)
        return score;
    torch::manual_seed(seed);
    AttackerNet net(std::int64_t(items), classes);
    torch::optim::Adam opt(net.parameters(), torch::optim::AdamOptions(0.01).weight_decay(1e-5));
    auto labelsOf = [&](const std::vector<std::size_t> &which, std::size_t from, std::size_t to) {
        std::vector<std::int64_t> y;
        for (auto k = from; k < to; ++k)
            y.push_back(labels[which[k]]);
        return torch::tensor(y, torch::kInt64);
    };
    constexpr std::size_t kBatch = 512;
    std::vector<std::size_t> order = train;
    for (int epoch = 0; epoch < epochs; ++epoch) {
        std::shuffle(order.begin(), order.end(), rng);
        for (std::size_t from = 0; from < order.size(); from += kBatch) {
            const auto to = std::min(order.size(), from + kBatch);
            const std::vector<std::size_t> part(order.begin() + std::ptrdiff_t(from),
                                                order.begin() + std::ptrdiff_t(to));
            auto [flat, offsets] = bags(lists, part);
            auto loss = torch::nn::functional::cross_entropy(net.forward(flat, offsets),
                                                             labelsOf(order, from, to));
            opt.zero_grad();
            loss.backward();
            opt.step();
        }
    }
    torch::NoGradGuard ng;
    auto [flat, offsets] = bags(lists, test);
    auto predicted = net.forward(flat, offsets).argmax(1).contiguous();
    const auto *p = predicted.data_ptr<std::int64_t>();
    std::vector<double> tp(std::size_t(classes), 0), fp(std::size_t(classes), 0),
        fn(std::size_t(classes), 0), count(std::size_t(classes), 0);
    double correct = 0;
    for (std::size_t k = 0; k < test.size(); ++k) {
        const auto truth = std::size_t(labels[test[k]]), guess = std::size_t(p[k]);
        count[truth] += 1;
        if (truth == guess) {
            correct += 1;
            tp[truth] += 1;
        } else {
            fp[guess] += 1;
            fn[truth] += 1;
        }
    }
    score.accuracy = correct / double(test.size());
    score.majority = *std::max_element(count.begin(), count.end()) / double(test.size());
    double f1 = 0;
    int present = 0;
    for (int c = 0; c < classes; ++c) {
        if (count[std::size_t(c)] == 0 && fp[std::size_t(c)] == 0)
            continue; // a class absent from the test users and never guessed
        const double denom = 2 * tp[std::size_t(c)] + fp[std::size_t(c)] + fn[std::size_t(c)];
        f1 += denom > 0 ? 2 * tp[std::size_t(c)] / denom : 0.0;
        ++present;
    }
    score.macroF1 = present ? f1 / present : 0.0;
    return score;
}

} // namespace recscope::core::detail
