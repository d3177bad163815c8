// SPDX-License-Identifier: MIT
#pragma once

#include "views/models/run_snapshot.h"

#include <recscope/core/experiment.h>

#include <QtWidgets/QTreeWidget>

namespace recscope::app {

/// The project at a glance: its dataset, the experiment's models and every stored run with its
/// status and validation metric. Activating an entry opens it.
class ProjectTree final : public QTreeWidget
{
    Q_OBJECT

public:
    enum Kind {
        DatasetItem = 1,
        ExperimentItem,
        ModelItem,
        RunItem
    };
    static constexpr int kRunIdRole = Qt::UserRole + 1;
    static constexpr int kStatusRole = Qt::UserRole + 2;

    explicit ProjectTree(QWidget *parent = nullptr);

    void setDataset(const QString &name, const QString &detail);
    void setSpec(const core::ExperimentSpec &spec, const QString &file);
    void setRuns(const std::vector<views::RunSnapshot> &runs, const std::string &metric);
    /// Makes a run the current item (selection shared with the other views), without
    /// runSelected; 0 clears it.
    void selectRun(qint64 runId);

Q_SIGNALS:
    void datasetActivated();
    void experimentActivated();
    void runActivated(qint64 runId);
    /// The user made a run the current item.
    void runSelected(qint64 runId);
    void curvesRequested(qint64 runId);
    void inspectRequested(qint64 runId);
    void resumeRequested(qint64 runId);
    void deleteRequested(qint64 runId);

private:
    QTreeWidgetItem *m_dataset, *m_experiment, *m_runs;
};

} // namespace recscope::app
