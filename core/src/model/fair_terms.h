// SPDX-License-Identifier: MIT
#pragma once
// FairRec's decomposition terms, shared by its BPR-MF and SASRec versions (Wu et al., AAAI'21;
// research notes ../shared/research/algorithms-audit.md §1).

#include <recscope/sdk/model.h>

#include <torch/nn/modules/linear.h>

#include <string>

namespace recscope::core::detail {

/// Forward: x. Backward: −λ × the gradient (a gradient-reversal layer).
torch::Tensor reverseGradient(const torch::Tensor &x, double lambda);

/// The class of each user in a categorical user attribute (empty name: the sensitive one), -1
/// where unknown, on the training device; classes gets the number of classes. ConfigError
/// ("attribute") when there is no such attribute.
torch::Tensor
attributeLabels(const sdk::TrainData &data, const std::string &attribute, std::int64_t &classes);

/// A model's FairRec settings, read from its parameters (addFairnessParams).
struct FairnessSettings
{
    std::string attribute;
    double lambdaG = 1, lambdaA = 0.1, lambdaD = 0.1;
    explicit FairnessSettings(const ParamSet &p);
};

/// λ_G · CE(predictor(b), z) + λ_D · mean |cos(b, d)| + CE(discriminator(GRL_λA(d)), z) over users
/// with a known class: the predictor learns the attribute from the bias-aware part b, the
/// discriminator learns it from the bias-free part d while d learns to defeat it.
torch::Tensor fairnessTerms(const torch::Tensor &b,
                            const torch::Tensor &d,
                            const torch::Tensor &z,
                            torch::nn::Linear &predictor,
                            torch::nn::Linear &discriminator,
                            const FairnessSettings &settings);

/// attribute, lambda_attribute, lambda_adversary, lambda_orthogonal with FairRec's defaults here.
void addFairnessParams(ParamSchema &schema);

} // namespace recscope::core::detail
