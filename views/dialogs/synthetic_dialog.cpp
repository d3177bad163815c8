// SPDX-License-Identifier: MIT
#include "views/dialogs/synthetic_dialog.h"

#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QDoubleSpinBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QVBoxLayout>

namespace recscope::views {

SyntheticDialog::SyntheticDialog(const core::SyntheticConfig &c, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Synthetic dataset"));
    auto *form = new QFormLayout;
    auto addInt = [&](const QString &label,
                      int core::SyntheticConfig::*field,
                      int lo,
                      int hi,
                      const QString &help) {
        auto *s = new QSpinBox;
        s->setRange(lo, hi);
        s->setValue(c.*field);
        s->setToolTip(help);
        s->setObjectName(label);
        form->addRow(label, s);
        m_readers.push_back([s, field](core::SyntheticConfig &o) { o.*field = s->value(); });
    };
    auto addReal = [&](const QString &label,
                       double core::SyntheticConfig::*field,
                       double lo,
                       double hi,
                       const QString &help) {
        auto *s = new QDoubleSpinBox;
        s->setRange(lo, hi);
        s->setDecimals(3);
        s->setSingleStep((hi - lo) / 50);
        s->setValue(c.*field);
        s->setToolTip(help);
        s->setObjectName(label);
        form->addRow(label, s);
        m_readers.push_back([s, field](core::SyntheticConfig &o) { o.*field = s->value(); });
    };
    auto *seed = new QSpinBox;
    seed->setRange(0, std::numeric_limits<int>::max());
    seed->setValue(int(c.seed));
    form->addRow(tr("seed"), seed);
    m_readers.push_back(
        [seed](core::SyntheticConfig &o) { o.seed = std::uint64_t(seed->value()); });
    addInt(tr("users"), &core::SyntheticConfig::users, 10, 10'000'000, tr("Number of users"));
    addInt(tr("items"), &core::SyntheticConfig::items, 10, 10'000'000, tr("Number of items"));
    addReal(tr("mean length"),
            &core::SyntheticConfig::meanLength,
            5,
            10000,
            tr("Mean interactions per user (shifted geometric, at least 5)"));
    addInt(tr("genres"),
           &core::SyntheticConfig::genres,
           1,
           1000,
           tr("Item clusters; each item has one primary genre"));
    addReal(tr("popularity exponent"),
            &core::SyntheticConfig::popularityExponent,
            0,
            3,
            tr("Zipf exponent of within-genre popularity"));
    addReal(tr("genre concentration"),
            &core::SyntheticConfig::genreConcentration,
            0.01,
            10,
            tr("Dirichlet alpha of user taste (small = focused)"));
    addReal(tr("personal strength"),
            &core::SyntheticConfig::personalStrength,
            0,
            50,
            tr("How strongly latent user–item affinity drives choices"));
    addReal(tr("attribute–genre correlation"),
            &core::SyntheticConfig::attributeGenreCorrelation,
            0,
            1,
            tr("Tilt of sensitive group 1 toward the first half of the genres"));
    addReal(tr("transition probability"),
            &core::SyntheticConfig::transitionProbability,
            0,
            1,
            tr("Chance the next item's genre follows the fixed genre cycle"));
    addReal(tr("stay probability"),
            &core::SyntheticConfig::stayProbability,
            0,
            1,
            tr("Chance the next item keeps the current genre"));
    addReal(tr("drift"),
            &core::SyntheticConfig::drift,
            0,
            1,
            tr("How far taste moves over a user's timeline"));
    addReal(tr("AI share"),
            &core::SyntheticConfig::aiShare,
            0,
            1,
            tr("Share of AI-generated items"));
    addReal(tr("source style"),
            &core::SyntheticConfig::sourceStyle,
            0,
            20,
            tr("Content-vector offset separating AI from human items"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Every knob plants a structure the analyses can be checked "
                                "against; hover a field for what it does."));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(buttons);
    m_base = c;
}

core::SyntheticConfig SyntheticDialog::config() const
{
    core::SyntheticConfig c = m_base;
    for (const auto &read : m_readers)
        read(c);
    return c;
}

} // namespace recscope::views
