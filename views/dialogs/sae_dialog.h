// SPDX-License-Identifier: MIT
#pragma once

#include <recscope/core/sae.h>

#include <QtWidgets/QDialog>

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace recscope::views {

/// Settings of a new RecSAE probe: which trained run, dictionary scale, k, epochs, learning
/// rate, probed prefixes per user and examples per latent (defaults from the RecSAE code).
class SaeDialog final : public QDialog
{
    Q_OBJECT

public:
    SaeDialog(const QList<QPair<qint64, QString>> &runs, QWidget *parent = nullptr);
    qint64 runId() const;
    core::SaeConfig config() const;

private:
    QComboBox *m_run;
    QSpinBox *m_scale, *m_k, *m_epochs, *m_prefixes, *m_examples, *m_patience;
    QDoubleSpinBox *m_lr;
};

} // namespace recscope::views
