// SPDX-License-Identifier: MIT
#include "views/dialogs/sae_dialog.h"

#include <QtWidgets/QComboBox>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QDoubleSpinBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QVBoxLayout>

namespace recscope::views {

namespace {

QSpinBox *spin(int lo, int hi, int value, const QString &tip)
{
    auto *s = new QSpinBox;
    s->setRange(lo, hi);
    s->setValue(value);
    s->setToolTip(tip);
    return s;
}

} // namespace

SaeDialog::SaeDialog(const QList<QPair<qint64, QString>> &runs, QWidget *parent)
    : QDialog(parent)
    , m_run(new QComboBox)
    , m_lr(new QDoubleSpinBox)
{
    setWindowTitle(tr("New RecSAE probe"));
    const core::SaeConfig d;
    for (const auto &[id, label] : runs)
        m_run->addItem(QStringLiteral("#%1 %2").arg(id).arg(label), id);
    m_run->setObjectName(QStringLiteral("saeRun"));
    m_scale = spin(1,
                   256,
                   d.scale,
                   tr("Dictionary size = scale × the model's hidden size (RecSAE: 16 or 32)"));
    m_k = spin(1, 4096, d.k, tr("Latents kept per hidden state (TopK; RecSAE: 8, 16 or 32)"));
    m_epochs = spin(1, 100000, d.epochs, tr("Passes over the captured hidden states (RecSAE: 50)"));
    m_patience
        = spin(0,
               100000,
               d.patience,
               tr("Stop after this many epochs without a better validation metric; 0 = off"));
    m_prefixes = spin(1,
                      10000,
                      d.prefixesPerUser,
                      tr("Sequences probed per user: the whole history and random prefixes"));
    m_examples = spin(
        1,
        1000,
        d.describeExamples,
        tr("Top sequences a concept is read from, and as many held out to verify it (paper: 5)"));
    m_lr->setDecimals(6);
    m_lr->setRange(1e-6, 0.5);
    m_lr->setSingleStep(1e-4);
    m_lr->setValue(d.learningRate);
    m_lr->setToolTip(tr("Adam learning rate (RecSAE: 1e-5 to 5e-4)"));
    auto *form = new QFormLayout;
    form->addRow(tr("Probe run"), m_run);
    form->addRow(tr("Dictionary scale"), m_scale);
    form->addRow(tr("Active latents k"), m_k);
    form->addRow(tr("Epochs"), m_epochs);
    form->addRow(tr("Early-stop patience"), m_patience);
    form->addRow(tr("Learning rate"), m_lr);
    form->addRow(tr("Prefixes per user"), m_prefixes);
    form->addRow(tr("Examples per latent"), m_examples);
    auto *note = new QLabel(tr("The model stays frozen. Its hidden states are captured to disk "
                               "next to its saved weights, the "
                               "autoencoder trains on them (its curves appear on the Training "
                               "tab), then every latent gets a label "
                               "and a confidence."));
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Train probe"));
    buttons->button(QDialogButtonBox::Ok)->setEnabled(!runs.isEmpty());
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
}

qint64 SaeDialog::runId() const
{
    return m_run->currentData().toLongLong();
}

core::SaeConfig SaeDialog::config() const
{
    core::SaeConfig c;
    c.scale = m_scale->value();
    c.k = m_k->value();
    c.epochs = m_epochs->value();
    c.patience = m_patience->value();
    c.learningRate = m_lr->value();
    c.prefixesPerUser = m_prefixes->value();
    c.describeExamples = c.verifyExamples = c.randomExamples = m_examples->value();
    return c;
}

} // namespace recscope::views
