// SPDX-License-Identifier: MIT
#include "ctr/ctr_runner.h"

#include "recscope/core/error.h"

#include <algorithm>
#include <cmath>

namespace recscope::core::detail {

torch::Tensor CtrTrainAdapter::loss(const torch::Tensor &examples, std::mt19937_64 &)
{
    auto ex = examples.accessor<std::int64_t, 1>();
    m_batch.clear();
    for (std::int64_t k = 0; k < examples.size(0); ++k)
        m_batch.push_back(m_data.train[std::size_t(ex[k])]);
    return m_model.loss(m_data.batch(m_batch));
}

torch::Tensor CtrTrainAdapter::score(const torch::Tensor &, const sdk::UserItems &)
{
    throw ModelError(
        "a CTR model predicts clicks of given targets; it does not rank the whole catalogue");
}

namespace {

/// Switches a module to eval mode for the scope, restoring training mode after.
struct EvalMode
{
    torch::nn::Module &m;
    bool wasTraining;
    explicit EvalMode(torch::nn::Module &module)
        : m(module)
        , wasTraining(module.is_training())
    {
        m.eval();
    }
    ~EvalMode() { m.train(wasTraining); }
};

/// NDCG of the behaviours a model retrieved (`top`, best first) against graded gains [T]; -1
/// when no behaviour has a positive gain (the sample does not count).
double searchNdcg(const torch::Tensor &gains, const torch::Tensor &top)
{
    const auto k = top.size(0);
    auto ideal = std::get<0>(gains.topk(k));
    auto ia = ideal.accessor<float, 1>();
    auto ga = gains.accessor<float, 1>();
    auto ta = top.accessor<std::int64_t, 1>();
    double dcg = 0, idcg = 0;
    for (std::int64_t j = 0; j < k; ++j) {
        const double discount = 1.0 / std::log2(double(j) + 2.0);
        dcg += ga[ta[j]] * discount;
        idcg += ia[j] * discount;
    }
    return idcg > 0 ? dcg / idcg : -1.0;
}

} // namespace

MetricValues evaluateCtr(sdk::CtrModel &model,
                         const CtrData &data,
                         const std::vector<CtrSample> &samples,
                         std::int64_t batchSize,
                         bool search,
                         std::stop_token stop)
{
    EvalMode evalMode(model.module());
    torch::NoGradGuard noGrad;
    model.resetSearchTimer();
    std::vector<float> probs, labels;
    std::vector<std::int64_t> users;
    probs.reserve(samples.size());
    const int k = data.config().searchK;
    double precision = 0, recall = 0, rPrecision = 0, ndcg = 0;
    std::int64_t searched = 0, ranked = 0;
    for (std::size_t from = 0; from < samples.size(); from += std::size_t(batchSize)) {
        if (stop.stop_requested())
            break;
        const std::span<const CtrSample> part(samples.data() + from,
                                              std::min(samples.size() - from,
                                                       std::size_t(batchSize)));
        auto batch = data.batch(part);
        auto p = torch::sigmoid(model.forward(batch)).to(torch::kCPU).contiguous();
        probs.insert(probs.end(), p.data_ptr<float>(), p.data_ptr<float>() + p.numel());
        for (const auto &s : part) {
            labels.push_back(s.label);
            users.push_back(s.user);
        }
        if (!search)
            continue;
        auto relevant = data.relevance(part);                       // [B,T] CPU
        auto gains = data.correlation(part);                        // [B,T] CPU
        auto scores = model.lastAttention().scores.to(torch::kCPU); // [B,T]
        auto rel = relevant.accessor<bool, 2>();
        for (std::int64_t b = 0; b < std::int64_t(part.size()); ++b) {
            const auto &s = part[std::size_t(b)];
            if (s.label < 0.5f)
                continue;
            const auto kk = std::min<std::int64_t>(k, data.historyLength(s));
            auto top = std::get<1>(scores[b].topk(kk));
            if (const double g = searchNdcg(gains[b], top); g >= 0) {
                ndcg += g;
                ++ranked;
            }
            const auto nRel = relevant[b].sum().item<std::int64_t>();
            if (nRel == 0)
                continue;
            auto ta = top.accessor<std::int64_t, 1>();
            std::int64_t hits = 0;
            for (std::int64_t j = 0; j < kk; ++j)
                hits += rel[b][ta[j]];
            precision += double(hits) / double(kk);
            recall += double(hits) / double(nRel);
            // R-precision: of the |R| best-scored behaviours, the share that is relevant. It does
            // not saturate when K exceeds |R| as precision@K does.
            auto topR = std::get<1>(scores[b].topk(nRel));
            auto ra = topR.accessor<std::int64_t, 1>();
            std::int64_t rHits = 0;
            for (std::int64_t j = 0; j < nRel; ++j)
                rHits += rel[b][ra[j]];
            rPrecision += double(rHits) / double(nRel);
            ++searched;
        }
    }
    MetricValues out;
    out["AUC"] = auc(probs, labels);
    out["GAUC"] = gauc(probs, labels, users);
    out["LogLoss"] = logLoss(probs, labels);
    out["samples"] = double(probs.size());
    if (search && searched > 0) {
        out["SearchPrecision@" + std::to_string(k)] = precision / double(searched);
        out["SearchRecall@" + std::to_string(k)] = recall / double(searched);
        out["SearchRPrecision"] = rPrecision / double(searched);
    }
    if (search && ranked > 0)
        out["SearchNDCG@" + std::to_string(k)] = ndcg / double(ranked);
    if (search && model.searchMacsPerBehaviour() > 0 && !probs.empty()) {
        out["SearchMFLOPs/sample"]
            = 2e-6 * double(model.searchMacsPerBehaviour()) * double(data.config().maxHistory);
        out["SearchMs/1kSamples"] = 1e6 * model.searchSeconds() / double(probs.size());
    }
    return out;
}

} // namespace recscope::core::detail
