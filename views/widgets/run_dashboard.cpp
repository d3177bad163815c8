// SPDX-License-Identifier: MIT
#include "views/widgets/run_dashboard.h"

#include "views/charts/chart_builders.h"
#include "views/charts/chart_view.h"
#include "views/models/run_snapshot.h"
#include "views/widgets/view_helpers.h"

#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QProgressBar>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QVBoxLayout>

#include <cmath>
#include <set>

namespace recscope::views {

namespace {

QString duration(double s)
{
    const int t = int(std::lround(s));
    return t >= 3600 ? QStringLiteral("%1:%2:%3")
                           .arg(t / 3600)
                           .arg(t / 60 % 60, 2, 10, QLatin1Char('0'))
                           .arg(t % 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1:%2").arg(t / 60).arg(t % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

RunDashboard::RunDashboard(QWidget *parent)
    : QWidget(parent)
    , m_runs(new QComboBox)
    , m_status(new QLabel)
    , m_progress(new QProgressBar)
    , m_validChoice(new QComboBox)
    , m_cancel(new QPushButton(tr("Cancel")))
    , m_resume(new QPushButton(tr("Resume from checkpoint")))
    , m_loss(makeLineChart(tr("Training loss"), {}, {tr("epoch")}, {tr("loss")}))
    , m_valid(makeLineChart(tr("Validation metrics"), {}, {tr("epoch")}, {tr("value")}))
    , m_log(new QPlainTextEdit)
{
    m_runs->setObjectName(QStringLiteral("dashboardRuns"));
    m_runs->setMinimumContentsLength(28);
    m_status->setObjectName(QStringLiteral("dashboardStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress->setRange(0, 1000);
    m_progress->setFormat(QStringLiteral("%p%"));
    m_loss->setObjectName(QStringLiteral("lossChart"));
    m_valid->setObjectName(QStringLiteral("validChart"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    m_log->setObjectName(QStringLiteral("runLog"));
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Run")));
    top->addWidget(m_runs);
    top->addWidget(m_status, 1);
    top->addWidget(new QLabel(tr("Validation")));
    top->addWidget(m_validChoice);
    top->addWidget(m_cancel);
    top->addWidget(m_resume);
    m_cancel->setObjectName(QStringLiteral("dashboardCancel"));
    m_resume->setObjectName(QStringLiteral("dashboardResume"));
    m_resume->setToolTip(
        tr("Continue this stopped run from its last checkpoint, into the same run"));
    connect(m_cancel, &QPushButton::clicked, this, [this] { Q_EMIT cancelRequested(m_shown); });
    connect(m_resume, &QPushButton::clicked, this, [this] { Q_EMIT resumeRequested(m_shown); });
    updateButtons();
    m_validChoice->setObjectName(QStringLiteral("dashboardValidChoice"));
    m_validChoice->setToolTip(tr("Accuracy metrics share a 0–1 scale; popularity, coverage and "
                                 "Gini are shown one at a time"));
    m_validChoice->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_validChoice, &QComboBox::currentIndexChanged, this, [this] {
        if (m_data.contains(m_shown))
            rebuildSeries();
    });
    auto *charts = new QSplitter(Qt::Horizontal);
    charts->addWidget(m_loss);
    charts->addWidget(m_valid);
    charts->setSizes({1000, 1000});
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(charts);
    split->addWidget(m_log);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    charts->setMinimumHeight(240); // axis labels need the room; the log can shrink instead
    split->setSizes({3000, 1000}); // 3:1 however tall the window
    m_log->setMinimumHeight(48);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_progress);
    layout->addWidget(split, 1);
    m_status->setText(tr("No run yet. Queue the experiment (Run ▸ Train, Ctrl+R)."));
    connect(m_runs, &QComboBox::currentIndexChanged, this, [this](int k) {
        if (k >= 0)
            showRun(m_runs->itemData(k).toLongLong());
    });
}

RunDashboard::RunCurves &RunDashboard::entry(qint64 runId, const QString &label)
{
    const bool fresh = !m_data.contains(runId);
    auto &r = m_data[runId];
    r.label = label;
    if (fresh) // after the entry exists: the first item becomes current and is shown at once
        m_runs->addItem(QStringLiteral("#%1 %2").arg(runId).arg(label), runId);
    return r;
}

QString RunDashboard::RunCurves::statusText() const
{
    return where.isEmpty() ? runStatusText(status)
                           : runStatusText(status) + QLatin1Char(' ') + where;
}

void RunDashboard::beginRun(qint64 runId, const QString &label, const QString &device)
{
    auto &r = entry(runId, label); // a resumed run keeps its stored curves
    r.device = device;
    r.status = core::RunStatus::Running;
    r.where.clear();
    r.resumable = false;
    r.startFraction = -1;
    r.startEpoch = r.epoch;
    r.clock.start();
    m_runs->setCurrentIndex(m_runs->findData(runId)); // follow the newest run
    if (runId == m_shown)
        updateStatus();
    updateButtons();
}

void RunDashboard::loadRun(qint64 runId,
                           const QString &label,
                           const QString &device,
                           core::RunStatus status,
                           const std::vector<core::MetricSample> &samples,
                           bool announce,
                           const QString &where)
{
    auto &r = entry(runId, label);
    r.device = device;
    r.status = status;
    r.where = where;
    r.curves.clear();
    r.epoch = 0;
    for (const auto &s : samples) {
        const QString name = QString::fromStdString(s.name);
        if (name != QLatin1String("train/seconds"))
            r.curves[name].append(QPointF(s.step, s.value));
        r.epoch = std::max(r.epoch, s.step);
    }
    r.fraction = status == core::RunStatus::Finished ? 1 : 0;
    if (announce)
        appendLog(tr("run #%1 %2 (%3): curves of %4 epochs read from the project database")
                      .arg(runId)
                      .arg(label, r.statusText())
                      .arg(r.epoch));
    if (runId == m_shown)
        showRun(runId);
    else
        m_runs->setCurrentIndex(m_runs->findData(runId));
}

QString RunDashboard::statusText() const
{
    return m_status->text();
}

void RunDashboard::setResumable(qint64 runId, bool resumable)
{
    if (m_data.contains(runId))
        m_data[runId].resumable = resumable;
    updateButtons();
}

void RunDashboard::removeRun(qint64 runId)
{
    if (!m_data.remove(runId))
        return;
    if (runId == m_shown) {
        m_shown = -1;
        for (auto *view : {m_loss, m_valid})
            view->chart()->removeAllSeries();
        m_series.clear();
        m_progress->setValue(0);
        m_status->setText(tr("Run #%1 was deleted.").arg(runId));
    }
    m_runs->removeItem(m_runs->findData(runId)); // may show the next run
    updateButtons();
}

void RunDashboard::updateButtons()
{
    const auto it = m_data.constFind(m_shown);
    m_cancel->setEnabled(it != m_data.cend() && it->status == core::RunStatus::Running
                         && it->where.isEmpty());
    m_resume->setVisible(it != m_data.cend() && it->resumable);
}

void RunDashboard::setProgress(qint64 runId, double fraction, const QString &)
{
    auto it = m_data.find(runId);
    if (it == m_data.end())
        return;
    it->fraction = fraction;
    if (it->startFraction < 0)
        it->startFraction = fraction;
    if (runId == m_shown) {
        m_progress->setValue(int(std::lround(1000 * fraction)));
        updateStatus();
    }
}

void RunDashboard::appendLog(const QString &line)
{
    m_log->appendPlainText(line);
}

void RunDashboard::endRun(qint64 runId, const core::RunSummary &summary)
{
    auto it = m_data.find(runId);
    if (it == m_data.end())
        return;
    it->status = summary.status;
    it->where.clear();
    if (summary.status == core::RunStatus::Finished)
        it->fraction = 1;
    if (runId == m_shown) {
        m_progress->setValue(int(std::lround(1000 * it->fraction)));
        updateStatus();
    }
    updateButtons();
}

void RunDashboard::showRun(qint64 runId)
{
    if (!m_data.contains(runId))
        return;
    m_shown = runId;
    rebuildSeries();
    m_progress->setValue(int(std::lround(1000 * m_data[runId].fraction)));
    updateStatus();
    updateButtons();
}

void RunDashboard::updateStatus()
{
    const auto &r = m_data[m_shown];
    QString text = tr("%1 on %2 · %3").arg(r.label, r.device, r.statusText());
    if (r.epoch > 0)
        text += tr(" · epoch %1").arg(r.epoch);
    const double elapsed = r.clock.isValid() ? r.clock.elapsed() / 1000.0 : 0;
    // Speed counts only this session's share: a resumed run started at startFraction.
    const double done = r.fraction - std::max(0.0, r.startFraction);
    if (r.status == core::RunStatus::Running && r.where.isEmpty() && done > 0.01
        && r.fraction < 1) {
        text += tr(" · %1 elapsed · ETA %2")
                    .arg(duration(elapsed), duration(elapsed / done * (1 - r.fraction)));
        if (r.epoch > r.startEpoch && elapsed > 0)
            text += tr(" · %1 epochs/min")
                        .arg(60.0 * double(r.epoch - r.startEpoch) / elapsed, 0, 'f', 1);
    }
    m_status->setText(text);
}

} // namespace recscope::views
