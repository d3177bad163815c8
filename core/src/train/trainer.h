// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/evaluation.h>
#include <recscope/core/export.h>
#include <recscope/core/run_observer.h>
#include <recscope/sdk/model.h>

#include <filesystem>
#include <functional>
#include <stop_token>

namespace recscope::core::detail {

struct RS_CORE_TEST_EXPORT TrainOptions
{
    int epochs = 10;
    int batchSize = 256;
    double learningRate = 1e-3;
    double weightDecay = 0;
    std::string optimizer = "adam";
    int patience = 10; ///< validations without improvement before stopping; 0 = never
    int evalEvery = 1;
    std::string validMetric = "NDCG@10";
    std::filesystem::path checkpoint; ///< empty = no checkpoints
    bool resume = false;              ///< continue from checkpoint when it exists
    std::string checkpointOwner; ///< "<project id>:<run id>": written into the checkpoint, checked
                                 ///< on resume
    std::uint64_t seed = 0;

    static TrainOptions fromParams(const ParamSet &params);
};

struct TrainOutcome
{
    RunStatus status = RunStatus::Finished;
    int epochs = 0;
    int bestEpoch = 0;
    MetricValues bestValid;
    double trainSeconds = 0, evalSeconds = 0;
    std::string message;
};

/// The number of epochs a checkpoint file holds; ModelError when it cannot be read or belongs to
/// another run than `owner` (TrainOptions::checkpointOwner; files from before owners are accepted).
RS_CORE_TEST_EXPORT int checkpointEpoch(const std::filesystem::path &file,
                                        const std::string &owner);

/// The epoch loop: shuffled mini-batches, Adam/AdamW, validation every evalEvery epochs with
/// early stopping on validMetric (the best epoch's weights are restored at the end),
/// checkpoints after each epoch, cancellation once per batch, a ModelError on a NaN loss.
RS_CORE_TEST_EXPORT TrainOutcome trainModel(sdk::Model &model,
                                            const sdk::TrainData &data,
                                            const TrainOptions &options,
                                            const std::function<MetricValues()> &validate,
                                            std::stop_token stop,
                                            RunObserver &observer);

} // namespace recscope::core::detail
