// SPDX-License-Identifier: MIT
#include "views/widgets/analysis_page.h"

#include "views/charts/chart_view.h"
#include "views/widgets/view_helpers.h"

#include <QtWidgets/QComboBox>
#include <QtWidgets/QGridLayout>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QProgressBar>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QVBoxLayout>

namespace recscope::views {

AnalysisPage::AnalysisPage(const Texts &texts, QWidget *parent)
    : QWidget(parent)
    , m_texts(texts)
    , m_run(new QComboBox)
    , m_start(new QPushButton(texts.startText))
    , m_cancel(new QPushButton(tr("Cancel")))
    , m_progress(new QProgressBar)
    , m_info(new QLabel)
    , m_bar(new QHBoxLayout)
    , m_grid(new QGridLayout)
    , m_page(new QWidget)
    , m_table(new QTableWidget(0, int(texts.tableHeaders.size())))
{
    const QString &prefix = texts.objectPrefix;
    m_run->setObjectName(prefix + QStringLiteral("Run"));
    m_run->setMinimumContentsLength(16);
    m_start->setObjectName(prefix + QStringLiteral("Start"));
    m_start->setToolTip(texts.startTip);
    m_cancel->setObjectName(prefix + QStringLiteral("Cancel"));
    m_cancel->hide();
    m_progress->hide();
    m_progress->setRange(0, 1000);
    m_info->setObjectName(prefix + QStringLiteral("Info"));
    m_info->setWordWrap(true);
    m_table->setObjectName(prefix + QStringLiteral("Table"));
    m_table->setHorizontalHeaderLabels(texts.tableHeaders);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto *exportButton = new QPushButton(tr("Export…"));
    exportButton->setToolTip(tr("The charts as PNG or SVG, or the numbers as CSV"));

    m_bar->addWidget(new QLabel(texts.runLabel));
    m_bar->addWidget(m_run);
    m_bar->addWidget(m_start);
    m_bar->addWidget(m_cancel);
    m_bar->addWidget(m_progress, 1);
    m_bar->addStretch();
    m_bar->addWidget(exportButton);
    m_grid->addWidget(m_table, 1, 1);
    m_page->setLayout(m_grid);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_bar);
    layout->addWidget(m_info);
    layout->addWidget(m_page, 1);

    connect(m_start, &QPushButton::clicked, this, [this] {
        if (m_run->currentIndex() >= 0)
            start(pickedRun());
    });
    connect(m_cancel, &QPushButton::clicked, this, &AnalysisPage::cancelRequested);
    connect(m_run, &QComboBox::activated, this, [this](int k) {
        const qint64 id = m_run->itemData(k).toLongLong();
        if (!showRun(id))
            setMessage(m_texts.notYet.arg(id));
        Q_EMIT runPicked(id);
    });
    connect(exportButton, &QPushButton::clicked, this, [this] {
        askAndExport(this,
                     tr("Export"),
                     m_texts.exportName,
                     tr("SVG (*.svg);;PNG (*.png);;CSV numbers (*.csv)"),
                     [this](const QString &f, QString *err) { return exportPicture(f, err); });
    });
}

void AnalysisPage::setRuns(const QList<QPair<qint64, QString>> &runs)
{
    fillRunPicker(m_run, runs);
}

void AnalysisPage::setRunning(bool running)
{
    m_start->setVisible(!running);
    m_cancel->setVisible(running);
    m_progress->setVisible(running);
    m_progress->setValue(0);
}

void AnalysisPage::setProgress(double fraction, const QString &what)
{
    m_progress->setValue(int(1000 * fraction));
    m_progress->setFormat(QString(what).replace(QLatin1Char('%'), QStringLiteral("%%")));
}

void AnalysisPage::setMessage(const QString &text)
{
    m_info->setText(text);
}

bool AnalysisPage::exportPicture(const QString &file, QString *error) const
{
    return exportPage(m_page, numbersCsv(), m_texts.exportTitle, file, error);
}

void AnalysisPage::addSetting(QWidget *setting)
{
    m_bar->insertWidget(m_bar->indexOf(m_start), setting);
}

qint64 AnalysisPage::pickedRun() const
{
    return m_run->currentIndex() >= 0 ? m_run->currentData().toLongLong() : -1;
}

void AnalysisPage::selectRun(qint64 runId)
{
    QSignalBlocker block(m_run);
    m_run->setCurrentIndex(std::max(0, m_run->findData(runId)));
}

void AnalysisPage::place(ChartView *&slot, ChartView *fresh, int row, int column)
{
    if (slot) {
        m_grid->removeWidget(slot);
        slot->deleteLater();
    }
    slot = fresh;
    m_grid->addWidget(fresh, row, column);
}

void AnalysisPage::fillTable(const QList<QStringList> &rows)
{
    m_table->setRowCount(0);
    for (const auto &cells : rows) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(row, c, new QTableWidgetItem(cells[c]));
    }
}

} // namespace recscope::views
