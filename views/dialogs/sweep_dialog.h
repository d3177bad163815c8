// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/experiment.h>
#include <recscope/core/registry.h>

#include <QtWidgets/QDialog>

class QComboBox;
class QLabel;
class QSpinBox;
class QTableWidget;

namespace recscope::views {

/// Edits the sweep of one model entry: which parameters vary (a list of values, or a range whose
/// bounds and log spacing default to the schema's) and how trials are drawn and selected (grid or
/// random, the trial budget, the validation metric). Shows the plan's size as it is edited,
/// checked by core exactly as the runner will.
class SweepDialog final : public QDialog
{
    Q_OBJECT

public:
    /// validMetrics: what the selection can use (the editor's early-stopping choices).
    SweepDialog(const core::ModelInfo &info,
                const core::ModelEntry &entry,
                const core::SweepConfig &config,
                int seeds,
                const QStringList &validMetrics,
                QWidget *parent = nullptr);

    /// The ranges as edited; ConfigError naming the parameter when one does not parse.
    std::vector<core::ParamRange> ranges() const;
    core::SweepConfig config() const;
    QTableWidget *table() const { return m_table; }
    QLabel *planLabel() const { return m_plan; }

private:
    enum Column {
        Use,
        Name,
        Values,
        Min,
        Max,
        Log,
        Steps,
        Columns
    };
    void fillRow(int row, const core::ParamSpec &spec, const core::ParamRange *range);
    void updatePlan();

    const core::ModelInfo &m_info;
    core::ModelEntry m_entry;
    int m_seeds;
    QTableWidget *m_table;
    QComboBox *m_method, *m_metric;
    QSpinBox *m_trials, *m_seed;
    QLabel *m_plan;
};

} // namespace recscope::views
