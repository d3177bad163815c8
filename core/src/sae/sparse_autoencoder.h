// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/export.h>

#include <torch/nn/module.h>
#include <torch/types.h>

namespace recscope::core::detail {

/// The TopK sparse autoencoder of RecSAE (src/models/sae/sae.py; after Gao et al.'s TopK SAE):
///   z_pre = ReLU((h − b_dec)·W_enc + b_enc),  z = TopK_k(z_pre),  ĥ = z·W_dec + b_dec.
/// W_enc starts as nn.Linear's default, b_enc and b_dec at 0, W_dec as a copy of W_encᵀ with
/// unit-norm rows; normaliseDecoder() restores unit rows (called at every epoch's start).
class RS_CORE_TEST_EXPORT TopKSaeImpl : public torch::nn::Module
{
public:
    TopKSaeImpl(std::int64_t inputSize, std::int64_t latents, std::int64_t k);

    torch::Tensor preActivations(const torch::Tensor &h) const; ///< [B, m], ReLU applied
    torch::Tensor encode(const torch::Tensor &h) const;         ///< [B, m], k non-zero at most
    torch::Tensor decode(const torch::Tensor &z) const;         ///< [B, d]
    void normaliseDecoder();

    std::int64_t inputSize() const { return wEnc.size(0); }
    std::int64_t latents() const { return wEnc.size(1); }
    std::int64_t k() const { return m_k; }

    torch::Tensor wEnc, bEnc, wDec, bDec;

private:
    std::int64_t m_k;
};
TORCH_MODULE(TopKSae);

/// The terms of one training step.
struct SaeLoss
{
    torch::Tensor total, fvu, aux; ///< scalars
    torch::Tensor z;               ///< [B, m] the codes (detached), for dead-latent bookkeeping
};

/// RecSAE's objective: FVU = ‖ĥ − h‖² / ‖h − mean_batch(h)‖², plus auxCoefficient × AuxK when
/// some latents were dead over the previous epoch: the residual e = h − ĥ is reconstructed (no
/// bias) from the top-auxK pre-activations among the dead latents, normalised by the same total
/// variance and scaled by min(#dead / auxK, 1). dead [m] bool, or undefined for no AuxK.
RS_CORE_TEST_EXPORT SaeLoss saeLoss(const TopKSae &sae,
                                    const torch::Tensor &h,
                                    const torch::Tensor &dead,
                                    std::int64_t auxK,
                                    double auxCoefficient);

} // namespace recscope::core::detail
