// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/experiment.h>

#include <QtWidgets/QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace recscope::core {
class Registry;
}

namespace recscope::views {

class ParamForm;

/// Edits an experiment spec: dataset preparation, split, metrics, device and the models with
/// their schema-generated parameter forms. spec() validates through core exactly as the CLI
/// does, so what is saved here runs unchanged with `recscope-cli run`.
class ExperimentEditor final : public QWidget
{
    Q_OBJECT

public:
    explicit ExperimentEditor(const core::Registry &registry, QWidget *parent = nullptr);

    void setSpec(const core::ExperimentSpec &spec);
    /// The edited spec, validated; throws recscope::ConfigError naming the parameter.
    core::ExperimentSpec spec() const;
    /// Replaces the dataset source (import, synthetic dialog) and keeps everything else.
    void setDatasetSource(const core::DatasetSource &source);

    ParamForm *paramForm() const { return m_form; }
    QListWidget *modelList() const { return m_models; }
    void addModel(const QString &id);
    /// Opens the sweep dialog for the selected model.
    void editSweep();

Q_SIGNALS:
    void edited();

private:
    /// The built-in ranking metrics, then those plugins add.
    std::vector<std::string> metricNames() const;
    QWidget *buildSettings();
    QWidget *buildModels();
    void selectModel(int row);
    void storeCurrentParams();
    void updateValidMetrics();
    QWidget *buildCtrGroup();
    void applyTask(); ///< models and metrics that suit the chosen task
    core::TaskKind currentTask() const;
    void applySplitKind(); ///< which split settings apply, and the part files of a files split
    QString modelItemText(const core::ModelEntry &entry) const;
    std::vector<std::uint64_t> repeatSeeds() const; ///< ConfigError("repeat.seeds") on bad text

    const core::Registry &m_registry;
    core::DatasetSource m_source;
    std::vector<core::ModelEntry> m_entries;
    int m_current = -1;

    QLineEdit *m_name;
    QLabel *m_dataset;
    QCheckBox *m_implicit;
    QDoubleSpinBox *m_threshold;
    QCheckBox *m_dedupe;
    QSpinBox *m_userCore, *m_itemCore;
    QComboBox *m_split, *m_order;
    QDoubleSpinBox *m_ratios[3];
    QListWidget *m_metrics;
    QLineEdit *m_ks;
    QComboBox *m_validMetric;
    QCheckBox *m_mask;
    QSpinBox *m_sampled;
    QComboBox *m_device;
    QSpinBox *m_seed;
    QLineEdit *m_repeat;
    QComboBox *m_twoRows;
    QLabel *m_partFiles;
    QCheckBox *m_coldUsers;
    std::array<std::filesystem::path, 3>
        m_splitFiles; ///< a files split's explicit paths, kept as the spec has them
    std::optional<core::SweepConfig> m_sweepConfig;
    QCheckBox *m_audit;
    core::AuditConfig m_auditConfig;
    std::optional<core::AttackConfig> m_attack; ///< kept as the spec has it (edited in the JSON)
    QLabel *m_attackNote;
    QComboBox *m_task;
    QWidget *m_ctrGroup, *m_evalGroup;
    QSpinBox *m_ctrHistory, *m_ctrNegatives, *m_ctrTargets, *m_ctrWindow, *m_ctrSearchK;
    QListWidget *m_models;
    QComboBox *m_addModel;
    QPushButton *m_sweepButton;
    QLineEdit *m_label;
    QLabel *m_about;
    ParamForm *m_form;
};

} // namespace recscope::views
