// SPDX-License-Identifier: MIT
#include "model/sequence_model.h"

namespace recscope::core::detail {

void SequenceModel::setup(const sdk::TrainData &data)
{
    m_data = &data;
    m_trainUsers.clear();
    for (std::int64_t u = 0; u < data.numUsers; ++u)
        if (data.sequences.count(u) >= 2) // one item predicts nothing
            m_trainUsers.push_back(u);
    build(data);
}

std::vector<std::int64_t> SequenceModel::batchUsers(const torch::Tensor &examples) const
{
    auto ex = examples.accessor<std::int64_t, 1>();
    std::vector<std::int64_t> users(static_cast<std::size_t>(examples.size(0)));
    for (std::size_t k = 0; k < users.size(); ++k)
        users[k] = m_trainUsers[std::size_t(ex[std::int64_t(k)])];
    return users;
}

SequenceWindows SequenceModel::trainingBatch(const std::vector<std::int64_t> &users) const
{
    return trainingWindows(m_data->sequences, users, m_maxLen, m_data->device);
}

SequenceWindows SequenceModel::historyBatch(const torch::Tensor &users,
                                            const sdk::UserItems &history) const
{
    auto cpu = users.to(torch::kCPU).contiguous();
    return historyWindows(history,
                          {cpu.data_ptr<std::int64_t>(), std::size_t(cpu.numel())},
                          m_maxLen,
                          m_data->device);
}

} // namespace recscope::core::detail
