// SPDX-License-Identifier: MIT
#include "views/widgets/attention_inspector.h"

#include "views/charts/chart_builders.h"
#include "views/charts/chart_view.h"
#include "views/widgets/heatmap_view.h"
#include "views/widgets/view_helpers.h"

#include <recscope/core/inspector.h>

#include <QtCore/QFile>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QScrollArea>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QStackedWidget>
#include <QtWidgets/QTabWidget>

#include <algorithm>
#include <map>

namespace recscope::views {

AttentionInspector::AttentionInspector(QWidget *parent)
    : QWidget(parent)
    , m_run(new QComboBox)
    , m_sample(new QComboBox)
    , m_userEdit(new QLineEdit)
    , m_layer(new QSpinBox)
    , m_head(new QSpinBox)
    , m_info(new QLabel)
    , m_tabs(new QTabWidget)
    , m_stack(new QStackedWidget)
    , m_heatmap(new HeatmapView)
{
    m_run->setObjectName(QStringLiteral("inspectorRun"));
    m_run->setMinimumContentsLength(14);
    m_userEdit->setObjectName(QStringLiteral("inspectorUser"));
    m_userEdit->setPlaceholderText(tr("user ID, Enter"));
    m_userEdit->setMaximumWidth(120);
    m_info->setObjectName(QStringLiteral("inspectorInfo"));
    m_info->setWordWrap(true);
    auto *prev = new QPushButton(tr("◀"));
    auto *next = new QPushButton(tr("▶"));
    prev->setToolTip(tr("Previous user"));
    next->setToolTip(tr("Next user"));
    auto *exportButton = new QPushButton(tr("Export…"));
    exportButton->setToolTip(tr("The picture as PNG or SVG, its numbers as CSV"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Run")));
    bar->addWidget(m_run);
    bar->addWidget(new QLabel(tr("User")));
    bar->addWidget(m_userEdit);
    bar->addWidget(prev);
    bar->addWidget(next);
    m_selfControls = new QWidget;
    auto *self = new QHBoxLayout(m_selfControls);
    self->setContentsMargins(0, 0, 0, 0);
    self->addWidget(new QLabel(tr("Layer")));
    self->addWidget(m_layer);
    self->addWidget(new QLabel(tr("Head")));
    self->addWidget(m_head);
    m_ctrControls = new QWidget;
    auto *ctr = new QHBoxLayout(m_ctrControls);
    ctr->setContentsMargins(0, 0, 0, 0);
    ctr->addWidget(new QLabel(tr("Sample")));
    ctr->addWidget(m_sample);
    m_sample->setMinimumContentsLength(30);
    m_sample->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    for (auto *b : {prev, next})
        b->setMaximumWidth(36);
    bar->addWidget(m_selfControls);
    bar->addWidget(m_ctrControls);
    bar->addStretch(1);
    bar->addWidget(exportButton);

    auto *scroll = new QScrollArea;
    scroll->setWidget(m_heatmap);
    scroll->setWidgetResizable(false);
    auto *ctrPage = new QWidget;
    m_ctrLayout = new QVBoxLayout(ctrPage);
    m_ctrLayout->setContentsMargins(0, 0, 0, 0);
    m_stack->addWidget(scroll);
    m_stack->addWidget(ctrPage);
    auto *aggPage = new QWidget;
    m_aggLayout = new QVBoxLayout(aggPage);
    m_tabs->addTab(m_stack, tr("Per user"));
    m_tabs->addTab(aggPage, tr("Across users"));

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_info);
    layout->addWidget(m_tabs, 1);

    connect(m_run, &QComboBox::activated, this, [this](int k) {
        Q_EMIT runRequested(m_run->itemData(k).toLongLong());
    });
    connect(m_userEdit, &QLineEdit::returnPressed, this, [this] {
        if (!showUser(m_userEdit->text().trimmed()))
            m_info->setText(tr("No user '%1' with a test target in this run.")
                                .arg(m_userEdit->text().trimmed()));
    });
    connect(prev, &QPushButton::clicked, this, [this] { step(-1); });
    connect(next, &QPushButton::clicked, this, [this] { step(1); });
    for (auto *spin : {m_layer, m_head})
        connect(spin, &QSpinBox::valueChanged, this, [this] { showCurrent(); });
    connect(m_sample, &QComboBox::currentIndexChanged, this, [this] { showCurrent(); });
    connect(exportButton, &QPushButton::clicked, this, [this] {
        askAndExport(this,
                     tr("Export attention"),
                     QStringLiteral("attention.svg"),
                     tr("SVG (*.svg);;PNG (*.png);;CSV numbers (*.csv)"),
                     [this](const QString &f, QString *err) { return exportPicture(f, err); });
    });
    m_selfControls->hide();
    m_ctrControls->hide();
    setMessage(tr("Train a SASRec, HSTU or CTR model, then pick its run here."));
}

AttentionInspector::~AttentionInspector() = default;

void AttentionInspector::setRuns(const QList<QPair<qint64, QString>> &runs)
{
    fillRunPicker(m_run, runs);
}

void AttentionInspector::setMessage(const QString &text)
{
    m_info->setText(text);
}

void AttentionInspector::setInspector(std::shared_ptr<const core::RunInspector> inspector,
                                      qint64 runId)
{
    m_inspector = std::move(inspector);
    m_users = m_inspector ? m_inspector->users() : std::vector<std::int64_t>{};
    m_user = m_users.empty() ? -1 : m_users.front();
    {
        QSignalBlocker block(m_run);
        m_run->setCurrentIndex(std::max(0, m_run->findData(runId)));
    }
    const bool ctr = m_inspector && m_inspector->task() == core::TaskKind::Ctr;
    m_stack->setCurrentIndex(ctr ? 1 : 0);
    m_tabs->setTabEnabled(1, ctr);
    m_selfControls->setVisible(m_inspector && !ctr);
    m_ctrControls->setVisible(ctr);
    if (ctr)
        showAggregate();
    showCurrent();
}

bool AttentionInspector::showUser(const QString &id)
{
    if (!m_inspector)
        return false;
    const auto u = m_inspector->findUser(id.toStdString());
    if (u < 0 || !std::binary_search(m_users.begin(), m_users.end(), u))
        return false;
    m_user = u;
    showCurrent();
    return true;
}

void AttentionInspector::step(int delta)
{
    auto it = std::lower_bound(m_users.begin(), m_users.end(), m_user);
    if (it == m_users.end())
        return;
    const auto k = std::clamp<std::ptrdiff_t>(it - m_users.begin() + delta,
                                              0,
                                              std::ptrdiff_t(m_users.size()) - 1);
    m_user = m_users[std::size_t(k)];
    showCurrent();
}

QString AttentionInspector::itemLabel(std::int64_t item) const
{
    const auto &d = m_inspector->dataset();
    QString name
        = std::size_t(item) < d.itemTitles.size() && !d.itemTitles[std::size_t(item)].empty()
              ? QString::fromStdString(d.itemTitles[std::size_t(item)])
              : QString::fromStdString(d.itemIds[std::size_t(item)]);
    const auto cat = QString::fromStdString(m_inspector->categoryOf(item));
    return cat.isEmpty() || name.contains(cat) ? name : QStringLiteral("%1 · %2").arg(name, cat);
}

void AttentionInspector::showCurrent()
{
    if (!m_inspector || m_user < 0)
        return;
    m_userEdit->setText(
        QString::fromStdString(m_inspector->dataset().userIds[std::size_t(m_user)]));
    if (m_inspector->task() == core::TaskKind::Ctr)
        showTargetAttention();
    else
        showSelfAttention();
}

void AttentionInspector::replace(ChartView *&slot, QVBoxLayout *layout, ChartView *fresh)
{
    if (slot) {
        layout->removeWidget(slot);
        slot->deleteLater();
    }
    slot = fresh;
    layout->addWidget(fresh, 1);
}

} // namespace recscope::views
