// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/synthetic.h>

#include <QtWidgets/QDialog>

#include <functional>
#include <vector>

namespace recscope::views {

/// The synthetic generator's knobs (README, "Synthetic data"), each with what it plants.
class SyntheticDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit SyntheticDialog(const core::SyntheticConfig &config, QWidget *parent = nullptr);
    core::SyntheticConfig config() const;

private:
    core::SyntheticConfig m_base; ///< knobs without a field keep their values
    std::vector<std::function<void(core::SyntheticConfig &)>> m_readers;
};

} // namespace recscope::views
