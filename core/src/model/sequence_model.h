// SPDX-License-Identifier: MIT
#pragma once
// What next-item models over a user's last n items share (SASRec, HSTU, FairRec-SASRec): the
// users with at least two training items are the examples, a batch is their training windows
// (inputs s[0..m−2] → targets s[1..m−1], sequence_windows.h), scoring reads the last n items of
// a history, and a user's ranking comes from the hidden state at the last position. A model
// derived from it writes its network, its loss and its scores: its own equations.

#include "model/sequence_windows.h"

#include <recscope/sdk/model.h>

#include <vector>

namespace recscope::core::detail {

class SequenceModel : public sdk::Model
{
public:
    explicit SequenceModel(std::int64_t maxLen)
        : m_maxLen(maxLen)
    {}

    void setup(const sdk::TrainData &data) final;
    std::int64_t examplesPerEpoch() const final { return std::int64_t(m_trainUsers.size()); }
    double adamBeta2() const override { return 0.98; } // SASRec's official Adam β2
    torch::Tensor score(const torch::Tensor &users, const sdk::UserItems &history) override
    {
        return scoreHiddenStates(hiddenStates(users, history));
    }

protected:
    /// Builds the network on data.device; data outlives the model.
    virtual void build(const sdk::TrainData &data) = 0;

    /// The users a batch of examples stands for.
    std::vector<std::int64_t> batchUsers(const torch::Tensor &examples) const;
    /// Their training windows, [B, n] each.
    SequenceWindows trainingBatch(const std::vector<std::int64_t> &users) const;
    /// The last n items of each user's history, [B, n] each, for scoring.
    SequenceWindows historyBatch(const torch::Tensor &users, const sdk::UserItems &history) const;

    const sdk::TrainData &data() const { return *m_data; }
    std::int64_t maxLen() const { return m_maxLen; }

private:
    std::int64_t m_maxLen;
    const sdk::TrainData *m_data = nullptr;
    std::vector<std::int64_t> m_trainUsers; ///< users with ≥ 2 training items, by example index
};

} // namespace recscope::core::detail
