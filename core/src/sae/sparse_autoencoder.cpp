// SPDX-License-Identifier: MIT
#include "sae/sparse_autoencoder.h"

#include <torch/nn/init.h>

#include <algorithm>
#include <cmath>

namespace recscope::core::detail {

TopKSaeImpl::TopKSaeImpl(std::int64_t inputSize, std::int64_t latents, std::int64_t k)
    : m_k(k)
{
    // nn.Linear(d, m)'s default: U(−1/√d, 1/√d).
    const double bound = 1.0 / std::sqrt(double(inputSize));
    wEnc = register_parameter("w_enc", torch::empty({inputSize, latents}).uniform_(-bound, bound));
    bEnc = register_parameter("b_enc", torch::zeros({latents}));
    wDec = register_parameter("w_dec", wEnc.detach().t().clone());
    bDec = register_parameter("b_dec", torch::zeros({inputSize}));
    normaliseDecoder();
}

torch::Tensor TopKSaeImpl::preActivations(const torch::Tensor &h) const
{
    return torch::relu(torch::matmul(h - bDec, wEnc) + bEnc);
}

torch::Tensor TopKSaeImpl::encode(const torch::Tensor &h) const
{
    auto pre = preActivations(h);
    auto [values, index] = pre.topk(std::min(m_k, pre.size(1)), 1);
    return torch::zeros_like(pre).scatter(1, index, values);
}

torch::Tensor TopKSaeImpl::decode(const torch::Tensor &z) const
{
    return torch::matmul(z, wDec) + bDec;
}

void TopKSaeImpl::normaliseDecoder()
{
    torch::NoGradGuard ng;
    wDec.div_(wDec.norm(2, 1, true).clamp_min(1e-8));
}

SaeLoss saeLoss(const TopKSae &sae,
                const torch::Tensor &h,
                const torch::Tensor &dead,
                std::int64_t auxK,
                double auxCoefficient)
{
    auto pre = sae->preActivations(h);
    auto [values, index] = pre.topk(std::min(sae->k(), pre.size(1)), 1);
    auto z = torch::zeros_like(pre).scatter(1, index, values);
    auto hHat = sae->decode(z);
    auto variance = (h - h.mean(0, true)).pow(2).sum().clamp_min(1e-12);
    SaeLoss out;
    out.fvu = (hHat - h).pow(2).sum() / variance;
    out.aux = torch::zeros({}, h.options());
    const std::int64_t nDead = dead.defined() ? dead.sum().item<std::int64_t>() : 0;
    if (nDead > 0 && auxK > 0) {
        const auto kAux = std::min(auxK, nDead);
        auto deadPre = pre.masked_fill(dead.logical_not().unsqueeze(0), 0.0); // alive latents off
        auto [auxValues, auxIndex] = deadPre.topk(kAux, 1);
        auto zAux = torch::zeros_like(pre).scatter(1, auxIndex, auxValues);
        auto residual = (h - hHat).detach();
        auto eHat = torch::matmul(zAux, sae->wDec);
        const double scale = std::min(double(nDead) / double(auxK), 1.0);
        out.aux = scale * (eHat - residual).pow(2).sum() / variance;
    }
    out.total = out.fvu + auxCoefficient * out.aux;
    out.z = z.detach();
    return out;
}

} // namespace recscope::core::detail
