// SPDX-License-Identifier: MIT
#pragma once

#include <QtWidgets/QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QStackedWidget;
class QTabWidget;
class QVBoxLayout;

namespace recscope::core {
class RunInspector;
}

namespace recscope::views {

class ChartView;
class HeatmapView;

/// What a trained model attends to. Self-attention models (SASRec, HSTU): a query × key heatmap
/// per layer and head over a user's window, items on both axes. CTR models (DIN, TIN, DARE, …):
/// the user's history as bars of attention weight coloured by category, with the search scores
/// (and DARE's representation-space scores) and the retrieved top-K below; across users, the
/// attention mass by time gap and category match. Export as PNG/SVG and CSV.
class AttentionInspector final : public QWidget
{
    Q_OBJECT

public:
    explicit AttentionInspector(QWidget *parent = nullptr);
    ~AttentionInspector() override;

    /// Runs that have saved weights: (run id, label).
    void setRuns(const QList<QPair<qint64, QString>> &runs);
    /// The opened run (loaded by the app off the GUI thread); null clears the view.
    void setInspector(std::shared_ptr<const core::RunInspector> inspector, qint64 runId);
    void setMessage(const QString &text);
    /// Shows a user by original id; false when the run has no such user with a test target.
    bool showUser(const QString &id);

    HeatmapView *heatmap() const { return m_heatmap; }
    ChartView *weightChart() const { return m_weights; }
    ChartView *scoreChart() const { return m_scores; }
    ChartView *aggregateChart() const { return m_aggregate; }
    bool exportPicture(const QString &file, QString *error = nullptr);
    QString numbersCsv() const;

Q_SIGNALS:
    void runRequested(qint64 runId);

private:
    void showCurrent();
    void showSelfAttention();
    void showTargetAttention();
    void showAggregate();
    QString itemLabel(std::int64_t item) const;
    void replace(ChartView *&slot, QVBoxLayout *layout, ChartView *fresh);
    void step(int delta);

    std::shared_ptr<const core::RunInspector> m_inspector;
    std::vector<std::int64_t> m_users;
    std::int64_t m_user = -1;
    QComboBox *m_run, *m_sample;
    QLineEdit *m_userEdit;
    QSpinBox *m_layer, *m_head;
    QLabel *m_info;
    QWidget *m_selfControls, *m_ctrControls;
    QTabWidget *m_tabs;
    QStackedWidget *m_stack;
    HeatmapView *m_heatmap;
    QVBoxLayout *m_ctrLayout, *m_aggLayout;
    ChartView *m_weights = nullptr, *m_scores = nullptr, *m_aggregate = nullptr;
};

} // namespace recscope::views
