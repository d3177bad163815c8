// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/kernels.h>

#include <QtWidgets/QDialog>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace recscope::views {

class BackgroundTask;

/// Help ▸ Devices and kernels: the compute devices, which of RecScope's own kernels run where,
/// and the variants tuned for this machine with their measured speed-up over the reference;
/// "Tune" measures again (progress, cancel), "Clear" forgets the cache.
class KernelsDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit KernelsDialog(QWidget *parent = nullptr);

private:
    void refresh();
    void tune();
    void fill(const std::vector<core::TunedKernel> &kernels);

    QLabel *m_summary = nullptr;
    QTableWidget *m_table = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_tune = nullptr, *m_cancel = nullptr, *m_clear = nullptr;
    BackgroundTask *m_task = nullptr;
};

} // namespace recscope::views
