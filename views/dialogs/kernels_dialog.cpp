// SPDX-License-Identifier: MIT
#include "views/dialogs/kernels_dialog.h"

#include "views/tasks/background_task.h"

#include <recscope/core/compute.h>

#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QProgressBar>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QVBoxLayout>

namespace recscope::views {

namespace {

QString seconds(double s)
{
    return s > 0 ? QString::number(s * 1000.0, 'f', 1) + QStringLiteral(" ms")
                 : QStringLiteral("—");
}

QString speedUp(double from, double to)
{
    return from > 0 && to > 0 ? QString::number(from / to, 'f', 2) + QStringLiteral("×")
                              : QStringLiteral("—");
}

} // namespace

KernelsDialog::KernelsDialog(QWidget *parent)
    : QDialog(parent)
    , m_task(new BackgroundTask(this))
{
    setWindowTitle(tr("Devices and kernels"));
    auto *layout = new QVBoxLayout(this);
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("kernelSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_summary);

    m_table = new QTableWidget(0, 8);
    m_table->setObjectName(QStringLiteral("tunedKernels"));
    m_table->setHorizontalHeaderLabels({tr("Kernel"),
                                        tr("Shape bucket"),
                                        tr("Variant"),
                                        tr("Time"),
                                        tr("Default"),
                                        tr("Reference"),
                                        tr("vs reference"),
                                        tr("Device")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setToolTip(tr("Variant: query × key tile (attention) or items per tile (top-K). "
                           "Times are for the bucket's benchmark problem on this device."));
    layout->addWidget(m_table, 1);

    auto *row = new QHBoxLayout;
    m_tune = new QPushButton(tr("Tune"));
    m_tune->setToolTip(tr("Measure every kernel's variants again on this CPU (20 s per bucket), "
                          "timing the LibTorch reference too"));
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setEnabled(false);
    m_clear = new QPushButton(tr("Clear cache"));
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setVisible(false);
    row->addWidget(m_tune);
    row->addWidget(m_cancel);
    row->addWidget(m_progress, 1);
    row->addStretch();
    row->addWidget(m_clear);
    layout->addLayout(row);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_tune, &QPushButton::clicked, this, &KernelsDialog::tune);
    connect(m_cancel, &QPushButton::clicked, m_task, &BackgroundTask::cancel);
    connect(m_clear, &QPushButton::clicked, this, [this] {
        core::clearTunedKernels();
        refresh();
    });
    connect(m_task, &BackgroundTask::progress, this, [this](double f, const QString &) {
        m_progress->setValue(int(f * 1000));
    });
    connect(m_task, &BackgroundTask::finished, this, [this](const TaskOutcome &o) {
        m_tune->setEnabled(true), m_clear->setEnabled(true), m_cancel->setEnabled(false);
        m_progress->setVisible(false);
        refresh();
        if (o.status == core::RunStatus::Failed)
            m_summary->setText(m_summary->text()
                               + QStringLiteral("<p><b>%1</b> %2</p>")
                                     .arg(tr("Tuning failed:"), o.message.toHtmlEscaped()));
    });
    resize(980, 420);
    refresh();
}

void KernelsDialog::refresh()
{
    QStringList lines{QString::fromStdString(core::deviceSummary()).toHtmlEscaped()};
    for (const auto &l : core::kernelSummary())
        lines.append(QString::fromStdString(l).toHtmlEscaped());
    lines.append(
        tr("Cache: %1").arg(QString::fromStdString(core::kernelCachePath()).toHtmlEscaped()));
    m_summary->setText(lines.join(QStringLiteral("<br>")));
    fill(core::listTunedKernels());
}

void KernelsDialog::fill(const std::vector<core::TunedKernel> &kernels)
{
    m_table->setRowCount(int(kernels.size()));
    for (int r = 0; r < int(kernels.size()); ++r) {
        const auto &k = kernels[std::size_t(r)];
        const QString cells[8] = {QString::fromStdString(k.kernel),
                                  QString::fromStdString(k.bucket),
                                  QString::fromStdString(k.variant),
                                  seconds(k.seconds),
                                  seconds(k.defaultSeconds),
                                  seconds(k.referenceSeconds),
                                  speedUp(k.referenceSeconds, k.seconds),
                                  QString::fromStdString(k.device)};
        for (int c = 0; c < 8; ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            if (c >= 3 && c <= 6)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(r, c, item);
        }
    }
    m_table->resizeColumnsToContents();
}

void KernelsDialog::tune()
{
    const bool started
        = m_task->start([](std::stop_token stop, const core::AnalysisProgress &progress) {
              core::KernelTuneOptions o;
              core::tuneKernels(
                  o, [&](double f) { progress(f, "tuning"); }, stop);
          });
    if (!started)
        return;
    m_tune->setEnabled(false), m_clear->setEnabled(false), m_cancel->setEnabled(true);
    m_progress->setValue(0);
    m_progress->setVisible(true);
}

} // namespace recscope::views
