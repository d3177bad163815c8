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

/// The smallest of 1, 2, 5 × 10^k (at least 1) that is not below raw.
double niceStep(double raw)
{
    double step = 1;
    for (int k = 0; step < raw; ++k)
        step = std::pow(10.0, k / 3) * (k % 3 == 0 ? 1 : k % 3 == 1 ? 2 : 5);
    return step;
}

/// Rescales both value axes of a chart to its visible series' points (with 5% headroom).
void fitAxes(QChart *chart)
{
    double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
    for (auto *s : chart->series()) {
        if (!s->isVisible())
            continue;
        for (const auto &p : static_cast<QXYSeries *>(s)->points()) {
            x0 = std::min(x0, p.x());
            x1 = std::max(x1, p.x());
            y0 = std::min(y0, p.y());
            y1 = std::max(y1, p.y());
        }
    }
    if (x0 > x1)
        return;
    const double pad = (y1 - y0) * 0.05 + 1e-9;
    // Epochs are whole numbers: integer ticks at a round step (1, 2, 5, 10, 20, 50, …), at most
    // about ten of them.
    auto *x = static_cast<QValueAxis *>(chart->axes(Qt::Horizontal).front());
    x->setRange(std::min(x0, 1.0), std::max(x1, x0 + 1));
    x->setTickType(QValueAxis::TicksDynamic);
    x->setTickAnchor(0);
    x->setTickInterval(niceStep((x->max() - x->min()) / 10));
    x->setLabelFormat(QStringLiteral("%.0f"));
    auto *y = static_cast<QValueAxis *>(chart->axes(Qt::Vertical).front());
    y->setRange(y0 >= 0 ? std::max(0.0, y0 - pad) : y0 - pad,
                y1 + pad); // losses and metrics never go below 0
    applyNiceTicks(y);     // round labels such as 0.2, 0.4 rather than 0.1548
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

void RunDashboard::addSamples(qint64 runId, const std::vector<core::MetricSample> &samples)
{
    auto it = m_data.find(runId);
    if (it == m_data.end())
        return;
    QHash<QString, QList<QPointF>> fresh;
    bool rewound = false;
    for (const auto &s : samples) {
        const QString name = QString::fromStdString(s.name);
        if (name == QLatin1String("train/seconds"))
            continue;
        auto &points = it->curves[name];
        while (!points.isEmpty()
               && points.last().x()
                      >= s.step) { // a resume may repeat epochs already read from the database
            points.removeLast();
            rewound = true;
        }
        points.append(QPointF(s.step, s.value));
        fresh[name].append(QPointF(s.step, s.value));
        it->epoch = std::max(it->epoch, s.step);
    }
    if (runId != m_shown)
        return;
    if (rewound) {
        rebuildSeries();
        updateStatus();
        return;
    }
    if (updateValidChoices()) { // a metric appeared: the choice may now show it
        rebuildSeries();
        updateStatus();
        return;
    }
    for (auto f = fresh.cbegin(); f != fresh.cend(); ++f)
        if (plotted(f.key()))
            seriesFor(f.key())->append(f.value()); // one batch per series (STYLE §6.3)
    fitAxes(m_loss->chart());
    fitAxes(m_valid->chart());
    updateStatus();
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

QLineSeries *RunDashboard::seriesFor(const QString &name)
{
    if (auto *s = m_series.value(name))
        return s;
    ChartView *view = name.startsWith(QLatin1String("train/")) ? m_loss : m_valid;
    auto *s = new QLineSeries;
    s->setName(name.section(QLatin1Char('/'), 1));
    s->setPointsVisible(true);
    view->chart()->addSeries(s);
    for (auto *axis : view->chart()->axes())
        s->attachAxis(axis);
    attachTooltips(s);
    view->chart()->legend()->setVisible(true);
    view->connectLegend();
    m_series.insert(name, s);
    return s;
}

void RunDashboard::rebuildSeries()
{
    for (auto *view : {m_loss, m_valid})
        for (auto *s : view->chart()->series()) {
            view->chart()->removeSeries(s);
            delete s;
        }
    m_series.clear();
    updateValidChoices();
    for (const auto &[name, points] : m_data[m_shown].curves)
        if (plotted(name))
            seriesFor(name)->replace(decimate(points));
    fitAxes(m_loss->chart());
    fitAxes(m_valid->chart());
}

bool RunDashboard::plotted(const QString &name) const
{
    if (name.startsWith(QLatin1String("train/")))
        return name != QLatin1String("train/seconds");
    const QString metric = name.section(QLatin1Char('/'), 1);
    const QString choice = m_validChoice->currentData().toString();
    if (choice.startsWith(QLatin1Char('@'))) // accuracy metrics at one cut-off
        return metric.endsWith(choice) && !lowerIsBetter(metric)
               && !metric.startsWith(QLatin1String("ItemCoverage"));
    return metric == choice;
}

bool RunDashboard::updateValidChoices()
{
    std::set<QString> cutoffs, others;
    for (const auto &[name, _] : m_data[m_shown].curves) {
        if (!name.startsWith(QLatin1String("valid/")))
            continue;
        const QString metric = name.section(QLatin1Char('/'), 1);
        const int at = metric.indexOf(QLatin1Char('@'));
        if (at > 0 && !lowerIsBetter(metric) && !metric.startsWith(QLatin1String("ItemCoverage")))
            cutoffs.insert(metric.mid(at));
        else
            others.insert(metric);
    }
    QStringList keys;
    for (const auto &c : cutoffs)
        keys.append(c);
    for (const auto &o : others)
        keys.append(o);
    QStringList current;
    for (int k = 0; k < m_validChoice->count(); ++k)
        current.append(m_validChoice->itemData(k).toString());
    if (keys == current)
        return false;
    const QString keep = m_validChoice->currentData().toString();
    QSignalBlocker block(m_validChoice);
    m_validChoice->clear();
    for (const auto &k : keys)
        m_validChoice->addItem(k.startsWith(QLatin1Char('@')) ? tr("accuracy %1").arg(k) : k, k);
    m_validChoice->setCurrentIndex(std::max(0, int(keys.indexOf(keep))));
    return true;
}

int RunDashboard::plottedPoints() const
{
    int n = 0;
    for (auto *s : m_series)
        n += int(s->count());
    return n;
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
