// SPDX-License-Identifier: MIT
#include "views/widgets/extraction_view.h"

#include "views/charts/chart_builders.h"
#include "views/charts/chart_view.h"
#include "views/widgets/view_helpers.h"

#include <QtWidgets/QComboBox>
#include <QtWidgets/QDoubleSpinBox>
#include <QtWidgets/QGridLayout>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QProgressBar>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>

namespace recscope::views {

namespace {

double agreementAt(const core::ExtractionPoint &p, int k)
{
    const auto it = p.agreement.find(k);
    return it == p.agreement.end() ? 0.0 : it->second;
}

} // namespace

ExtractionView::ExtractionView(QWidget *parent)
    : QWidget(parent)
    , m_run(new QComboBox)
    , m_share(new QDoubleSpinBox)
    , m_budgets(new QLineEdit(QStringLiteral("2000, 5000, 10000, 20000")))
    , m_epochs(new QSpinBox)
    , m_start(new QPushButton(tr("Extract")))
    , m_cancel(new QPushButton(tr("Cancel")))
    , m_progress(new QProgressBar)
    , m_info(new QLabel)
    , m_grid(new QGridLayout)
    , m_page(new QWidget)
    , m_table(new QTableWidget(0, 10))
{
    m_run->setObjectName(QStringLiteral("extractionRun"));
    m_run->setMinimumContentsLength(16);
    m_share->setRange(0.01, 0.5);
    m_share->setSingleStep(0.01);
    m_share->setValue(0.1);
    m_share->setPrefix(tr("attacker holds "));
    m_share->setToolTip(tr("Share of users whose real sequences the attacker holds (the paper: 10% or less)"));
    m_budgets->setToolTip(tr("Query budgets, comma-separated: every prefix the attacker asks about is one query"));
    m_budgets->setMaximumWidth(220);
    m_epochs->setRange(1, 10000);
    m_epochs->setValue(100);
    m_epochs->setSuffix(tr(" epochs"));
    m_start->setObjectName(QStringLiteral("extractionStart"));
    m_start->setToolTip(tr("Query the run as a black box returning top-100 lists and distil surrogates per budget and variant"));
    m_cancel->setObjectName(QStringLiteral("extractionCancel"));
    m_cancel->hide();
    m_progress->hide();
    m_progress->setRange(0, 1000);
    m_info->setObjectName(QStringLiteral("extractionInfo"));
    m_info->setWordWrap(true);
    auto *exportButton = new QPushButton(tr("Export…"));
    exportButton->setToolTip(tr("The charts as PNG or SVG, or the numbers per surrogate as CSV"));
    m_table->setObjectName(QStringLiteral("extractionTable"));
    m_table->setHorizontalHeaderLabels({tr("variant"), tr("budget"), tr("queries"), tr("sequences"), tr("gate"), tr("Agr@1"), tr("Agr@5"),
                                        tr("Agr@10"), tr("Agr@20"), tr("NDCG@10")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Victim run")));
    bar->addWidget(m_run);
    bar->addWidget(m_share);
    bar->addWidget(new QLabel(tr("budgets")));
    bar->addWidget(m_budgets);
    bar->addWidget(m_epochs);
    bar->addWidget(m_start);
    bar->addWidget(m_cancel);
    bar->addWidget(m_progress, 1);
    bar->addStretch();
    bar->addWidget(exportButton);
    m_grid->addWidget(m_table, 1, 1);
    m_page->setLayout(m_grid);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_info);
    layout->addWidget(m_page, 1);

    connect(m_start, &QPushButton::clicked, this, [this] {
        core::ExtractionConfig c;
        c.fewShotShare = m_share->value();
        c.epochs = m_epochs->value();
        c.budgets.clear();
        for (const auto &part : m_budgets->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            bool ok = false;
            const qint64 b = part.trimmed().toLongLong(&ok);
            if (!ok || b < 2) {
                setMessage(tr("Budgets: '%1' is not a number of queries (2 or more).").arg(part.trimmed()));
                return;
            }
            c.budgets.push_back(b);
        }
        if (m_run->currentIndex() >= 0)
            Q_EMIT extractionRequested(m_run->currentData().toLongLong(), c);
    });
    connect(m_cancel, &QPushButton::clicked, this, &ExtractionView::cancelRequested);
    connect(m_run, &QComboBox::activated, this, [this](int k) {
        if (!showRun(m_run->itemData(k).toLongLong()))
            setMessage(tr("Run #%1 has not been extracted yet: press Extract.").arg(m_run->itemData(k).toLongLong()));
    });
    connect(exportButton, &QPushButton::clicked, this, [this] {
        askAndExport(this, tr("Export extraction"), QStringLiteral("extraction.svg"), tr("SVG (*.svg);;PNG (*.png);;CSV numbers (*.csv)"),
                     [this](const QString &f, QString *err) { return exportPicture(f, err); });
    });
    setMessage(tr("Pick a trained sequential run and press Extract. The attacker sees only top-100 lists for the sequences it sends; "
                  "agreement is measured on users it never saw."));
}

void ExtractionView::setRuns(const QList<QPair<qint64, QString>> &runs)
{
    fillRunPicker(m_run, runs);
}

void ExtractionView::setReports(std::map<qint64, core::ExtractionReport> reports)
{
    m_reports = std::move(reports);
    if (!showRun(m_shown) && !m_reports.empty())
        showRun(m_reports.rbegin()->first);
}

bool ExtractionView::showRun(qint64 runId)
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

void ExtractionView::setRunning(bool running)
{
    m_start->setVisible(!running);
    m_cancel->setVisible(running);
    m_progress->setVisible(running);
    m_progress->setValue(0);
}

void ExtractionView::setProgress(double fraction, const QString &what)
{
    m_progress->setValue(int(1000 * fraction));
    m_progress->setFormat(QString(what).replace(QLatin1Char('%'), QStringLiteral("%%")));
}

void ExtractionView::setMessage(const QString &text)
{
    m_info->setText(text);
}

void ExtractionView::rebuild(const core::ExtractionReport &r)
{
    std::vector<std::string> variants;
    std::int64_t largest = 0;
    for (const auto &p : r.points) {
        if (std::find(variants.begin(), variants.end(), p.variant) == variants.end())
            variants.push_back(p.variant);
        largest = std::max(largest, p.budget);
    }
    const core::ExtractionPoint *best = nullptr;
    for (const auto &p : r.points)
        if (p.budget == largest && (!best || agreementAt(p, 10) > agreementAt(*best, 10)))
            best = &p;
    setMessage(tr("Run #%1 %2 as a black box: the attacker holds %3 users' sequences; agreement on %4 held-out users. "
                  "At %5 queries the best surrogate (%6) shares %7% of the victim's top-10; random lists would share %8%.")
                   .arg(r.runId)
                   .arg(QString::fromStdString(r.label))
                   .arg(r.fewShotUsers)
                   .arg(r.evalUsers)
                   .arg(largest)
                   .arg(best ? QString::fromStdString(best->variant) : QString())
                   .arg(best ? 100 * agreementAt(*best, 10) : 0.0, 0, 'f', 1)
                   .arg(100 * 10.0 / double(std::max<std::int64_t>(10, r.items)), 0, 'f', 1));
    QList<NamedPoints> byBudget, ndcg, byK;
    for (const auto &v : variants) {
        NamedPoints line{QString::fromStdString(v), {}}, accuracy{QString::fromStdString(v), {}}, cut{QString::fromStdString(v), {}};
        for (const auto &p : r.points)
            if (p.variant == v) {
                line.points.append({qreal(p.budget), agreementAt(p, 10)});
                accuracy.points.append({qreal(p.budget), p.ndcg});
                if (p.budget == largest)
                    for (const auto &[k, a] : p.agreement)
                        cut.points.append({qreal(k), a});
            }
        byBudget.append(line);
        ndcg.append(accuracy);
        byK.append(cut);
    }
    if (!r.points.empty()) {
        const auto [lo, hi] = std::minmax_element(r.points.begin(), r.points.end(), [](const auto &a, const auto &b) { return a.budget < b.budget; });
        ndcg.append({tr("victim"), {{qreal(lo->budget), r.victimNdcg}, {qreal(hi->budget), r.victimNdcg}}});
    }
    auto place = [this](ChartView *&slot, ChartView *fresh, int row, int column) {
        if (slot) {
            m_grid->removeWidget(slot);
            slot->deleteLater();
        }
        slot = fresh;
        m_grid->addWidget(fresh, row, column);
    };
    const Axis queries{tr("victim queries")};
    place(m_budget, makeLineChart(tr("Agreement@10 with the victim against the query budget"), byBudget, queries, {tr("Agreement@10")}), 0, 0);
    place(m_cutoffs, makeLineChart(tr("Agreement@K at %1 queries").arg(largest), byK, {tr("K")}, {tr("Agreement@K")}), 0, 1);
    place(m_accuracy, makeLineChart(tr("The surrogate's own NDCG@10 on held-out users"), ndcg, queries, {tr("NDCG@10")}), 1, 0);
    m_table->setRowCount(0);
    for (const auto &p : r.points) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        const QStringList cells{QString::fromStdString(p.variant), QString::number(p.budget),        QString::number(p.queries),
                                QString::number(p.sequences),       QString::number(p.gate, 'f', 2), QString::number(agreementAt(p, 1), 'f', 4),
                                QString::number(agreementAt(p, 5), 'f', 4), QString::number(agreementAt(p, 10), 'f', 4),
                                QString::number(agreementAt(p, 20), 'f', 4), QString::number(p.ndcg, 'f', 4)};
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(row, c, new QTableWidgetItem(cells[c]));
    }
}

QString ExtractionView::numbersCsv() const
{
    if (!m_reports.count(m_shown))
        return {};
    const auto &r = m_reports.at(m_shown);
    QString out = QStringLiteral("variant,budget,queries,sequences,gate,agreement@1,agreement@5,agreement@10,agreement@20,ndcg@10,victim_ndcg@10\n");
    for (const auto &p : r.points)
        out += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8,%9,%10,%11\n")
                   .arg(QString::fromStdString(p.variant))
                   .arg(p.budget)
                   .arg(p.queries)
                   .arg(p.sequences)
                   .arg(p.gate)
                   .arg(agreementAt(p, 1))
                   .arg(agreementAt(p, 5))
                   .arg(agreementAt(p, 10))
                   .arg(agreementAt(p, 20))
                   .arg(p.ndcg)
                   .arg(r.victimNdcg);
    return out;
}

bool ExtractionView::exportPicture(const QString &file, QString *error) const
{
    return exportPage(m_page, numbersCsv(), tr("RecScope model extraction"), file, error);
}

} // namespace recscope::views
