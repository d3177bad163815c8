// SPDX-License-Identifier: MIT
#include "views/widgets/feedback_loop_view.h"

#include "views/charts/chart_builders.h"
#include "views/charts/chart_view.h"
#include "views/widgets/view_helpers.h"

#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QGridLayout>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QProgressBar>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QVBoxLayout>

#include <functional>

namespace recscope::views {

namespace {

/// One line per arm of a per-round quantity.
QList<NamedPoints> perRound(const core::FeedbackLoopReport &r, const std::function<double(const core::LoopRound &)> &value, double scale = 1)
{
    QList<NamedPoints> out;
    for (const auto &[name, rounds] : {std::pair{QObject::tr("without debiasing"), &r.plain}, std::pair{QObject::tr("with debiasing"), &r.debiased}}) {
        if (rounds->empty())
            continue;
        NamedPoints line{name, {}};
        for (const auto &round : *rounds)
            line.points.append({qreal(round.round), scale * value(round)});
        out.append(line);
    }
    return out;
}

NamedPoints flat(const QString &name, const core::FeedbackLoopReport &r, double y)
{
    return {name, {{0.0, y}, {qreal(std::max<std::size_t>(1, r.plain.size()) - 1), y}}};
}

} // namespace

FeedbackLoopView::FeedbackLoopView(QWidget *parent)
    : QWidget(parent)
    , m_run(new QComboBox)
    , m_rounds(new QSpinBox)
    , m_epochs(new QSpinBox)
    , m_debias(new QCheckBox(tr("with debiasing")))
    , m_start(new QPushButton(tr("Simulate")))
    , m_cancel(new QPushButton(tr("Cancel")))
    , m_progress(new QProgressBar)
    , m_info(new QLabel)
    , m_grid(new QGridLayout)
    , m_page(new QWidget)
    , m_table(new QTableWidget(0, 9))
{
    m_run->setObjectName(QStringLiteral("loopRun"));
    m_run->setMinimumContentsLength(16);
    m_rounds->setRange(1, 100);
    m_rounds->setValue(10);
    m_rounds->setSuffix(tr(" rounds"));
    m_epochs->setRange(1, 1000);
    m_epochs->setValue(3);
    m_epochs->setSuffix(tr(" epochs/round"));
    m_debias->setChecked(true);
    m_debias->setToolTip(tr("Also run the paper's black-box debiasing: scores invariant to rewriting items and histories"));
    m_start->setObjectName(QStringLiteral("loopStart"));
    m_start->setToolTip(tr("Retrain a content-based recommender over rounds on clicks it caused, with human and AI twins of every item"));
    m_cancel->setObjectName(QStringLiteral("loopCancel"));
    m_cancel->hide();
    m_progress->hide();
    m_progress->setRange(0, 1000);
    m_info->setObjectName(QStringLiteral("loopInfo"));
    m_info->setWordWrap(true);
    auto *exportButton = new QPushButton(tr("Export…"));
    exportButton->setToolTip(tr("The charts as PNG or SVG, or the per-round numbers as CSV"));
    m_table->setObjectName(QStringLiteral("loopTable"));
    m_table->setHorizontalHeaderLabels({tr("arm"), tr("round"), tr("phase"), tr("history AI"), tr("clicks AI"), tr("NDCG human"),
                                        tr("NDCG AI"), tr("Rel%"), tr("NDCG mixed")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Data of run")));
    bar->addWidget(m_run);
    bar->addWidget(m_rounds);
    bar->addWidget(m_epochs);
    bar->addWidget(m_debias);
    bar->addWidget(m_start);
    bar->addWidget(m_cancel);
    bar->addWidget(m_progress, 1);
    bar->addStretch();
    bar->addWidget(exportButton);
    m_grid->addWidget(m_table, 1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_info);
    m_page->setLayout(m_grid);
    layout->addWidget(m_page, 1);

    connect(m_start, &QPushButton::clicked, this, [this] {
        core::FeedbackLoopConfig c;
        c.rounds = m_rounds->value();
        c.epochs = m_epochs->value();
        c.debias = m_debias->isChecked();
        if (m_run->currentIndex() >= 0)
            Q_EMIT loopRequested(m_run->currentData().toLongLong(), c);
    });
    connect(m_cancel, &QPushButton::clicked, this, &FeedbackLoopView::cancelRequested);
    connect(m_run, &QComboBox::activated, this, [this](int k) {
        if (!showRun(m_run->itemData(k).toLongLong()))
            setMessage(tr("Run #%1's data has no simulated loop yet: press Simulate.").arg(m_run->itemData(k).toLongLong()));
    });
    connect(exportButton, &QPushButton::clicked, this, [this] {
        askAndExport(this, tr("Export feedback loop"), QStringLiteral("feedback-loop.svg"), tr("SVG (*.svg);;PNG (*.png);;CSV numbers (*.csv)"),
                     [this](const QString &f, QString *err) { return exportPicture(f, err); });
    });
    setMessage(tr("Pick a run whose dataset has item content and sources (the synthetic generator's) and press Simulate. "
                  "Round 0 trains on human-written items only; every later round retrains on the clicks the previous model caused."));
}

void FeedbackLoopView::setRuns(const QList<QPair<qint64, QString>> &runs)
{
    fillRunPicker(m_run, runs);
}

void FeedbackLoopView::setReports(std::map<qint64, core::FeedbackLoopReport> reports)
{
    m_reports = std::move(reports);
    if (!showRun(m_shown) && !m_reports.empty())
        showRun(m_reports.rbegin()->first);
}

bool FeedbackLoopView::showRun(qint64 runId)
{
    if (!m_reports.count(runId))
        return false;
    m_shown = runId;
    {
        QSignalBlocker block(m_run);
        m_run->setCurrentIndex(std::max(0, m_run->findData(runId)));
    }
    rebuild(m_reports.at(runId));
    return true;
}

void FeedbackLoopView::setRunning(bool running)
{
    m_start->setVisible(!running);
    m_cancel->setVisible(running);
    m_progress->setVisible(running);
    m_progress->setValue(0);
}

void FeedbackLoopView::setProgress(double fraction, const QString &what)
{
    m_progress->setValue(int(1000 * fraction));
    m_progress->setFormat(what);
}

void FeedbackLoopView::setMessage(const QString &text)
{
    m_info->setText(text);
}

void FeedbackLoopView::rebuild(const core::FeedbackLoopReport &r)
{
    const auto &last = r.plain.back();
    setMessage(tr("Run #%1's data: %2 training impressions, %3 test users, %4% of items AI-generated. Without debiasing the last round "
                  "sends %5% of clicks to AI twins (%6) with source bias %7% (negative: AI ranked above the same item written by a human).")
                   .arg(r.runId)
                   .arg(r.trainImpressions)
                   .arg(r.testImpressions)
                   .arg(100 * r.catalogAigcShare, 0, 'f', 1)
                   .arg(100 * last.clickAigcShare, 0, 'f', 1)
                   .arg(QString::fromStdString(last.phase))
                   .arg(last.relativeBias, 0, 'f', 1));
    const Axis round{tr("round")};
    auto bias = perRound(r, [](const auto &x) { return x.relativeBias; });
    bias.append(flat(tr("no source bias"), r, 0));
    auto place = [this](ChartView *&slot, ChartView *fresh, int row, int column) {
        if (slot) {
            m_grid->removeWidget(slot);
            slot->deleteLater();
        }
        slot = fresh;
        m_grid->addWidget(fresh, row, column);
    };
    place(m_bias, makeLineChart(tr("Source bias per round: Rel% of NDCG@%1, human vs AI twin").arg(r.config.k), bias, round, {tr("Rel%")}), 0, 0);
    auto clicks = perRound(r, [](const auto &x) { return x.clickAigcShare; }, 100);
    clicks.append(flat(tr("AIGC-dominance above"), r, 50));
    place(m_clicks, makeLineChart(tr("Share of simulated clicks on AI-generated twins"), clicks, round, {tr("% of clicks")}), 0, 1);
    place(m_accuracy, makeLineChart(tr("Accuracy on a mixed catalogue: NDCG@%1").arg(r.config.k), perRound(r, [](const auto &x) { return x.ndcg; }),
                                    round, {tr("NDCG@%1").arg(r.config.k)}),
          1, 0);
    m_table->setRowCount(0);
    for (const auto &[arm, rounds] : {std::pair{tr("plain"), &r.plain}, std::pair{tr("debiased"), &r.debiased}})
        for (const auto &x : *rounds) {
            const int row = m_table->rowCount();
            m_table->insertRow(row);
            const QStringList cells{arm,
                                    QString::number(x.round),
                                    QString::fromStdString(x.phase),
                                    QStringLiteral("%1%").arg(100 * x.historyAigcShare, 0, 'f', 1),
                                    QStringLiteral("%1%").arg(100 * x.clickAigcShare, 0, 'f', 1),
                                    QString::number(x.ndcgHuman, 'f', 4),
                                    QString::number(x.ndcgAi, 'f', 4),
                                    QString::number(x.relativeBias, 'f', 1),
                                    QString::number(x.ndcg, 'f', 4)};
            for (int c = 0; c < cells.size(); ++c)
                m_table->setItem(row, c, new QTableWidgetItem(cells[c]));
        }
}

QString FeedbackLoopView::numbersCsv() const
{
    if (!m_reports.count(m_shown))
        return {};
    const auto &r = m_reports.at(m_shown);
    QString out = QStringLiteral("arm,round,phase,history_aigc_share,click_aigc_share,ndcg_human,ndcg_ai,relative_bias,ai_preferred,ndcg\n");
    for (const auto &[arm, rounds] : {std::pair{QStringLiteral("plain"), &r.plain}, std::pair{QStringLiteral("debiased"), &r.debiased}})
        for (const auto &x : *rounds)
            out += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8,%9,%10\n")
                       .arg(arm)
                       .arg(x.round)
                       .arg(QString::fromStdString(x.phase))
                       .arg(x.historyAigcShare)
                       .arg(x.clickAigcShare)
                       .arg(x.ndcgHuman)
                       .arg(x.ndcgAi)
                       .arg(x.relativeBias)
                       .arg(x.aiPreferred)
                       .arg(x.ndcg);
    return out;
}

bool FeedbackLoopView::exportPicture(const QString &file, QString *error) const
{
    return exportPage(m_page, numbersCsv(), tr("RecScope feedback loop"), file, error);
}

} // namespace recscope::views
