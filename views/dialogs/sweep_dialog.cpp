// SPDX-License-Identifier: MIT
#include "views/dialogs/sweep_dialog.h"

#include <recscope/core/error.h>
#include <recscope/core/sweep.h>

#include <QtWidgets/QComboBox>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QVBoxLayout>

namespace recscope::views {

namespace {

QString valueText(const core::ParamValue &v)
{
    return QString::fromStdString(core::toString(v));
}

/// A typed value from the table's text, as the parameter's type reads it.
core::ParamValue
parseValue(const core::ParamSpec &spec, const QString &text, const std::string &where)
{
    const QString t = text.trimmed();
    bool ok = true;
    core::ParamValue v;
    switch (spec.type) {
    case core::ParamType::Int:
        v = std::int64_t(t.toLongLong(&ok));
        break;
    case core::ParamType::Float:
        v = t.toDouble(&ok);
        break;
    case core::ParamType::Bool:
        ok = t == QLatin1String("true") || t == QLatin1String("false");
        v = t == QLatin1String("true");
        break;
    default:
        v = t.toStdString();
        break;
    }
    if (!ok || t.isEmpty())
        throw ConfigError(where,
                          "'" + t.toStdString() + "' is not a " + core::paramTypeName(spec.type));
    return v;
}

} // namespace

SweepDialog::SweepDialog(const core::ModelInfo &info,
                         const core::ModelEntry &entry,
                         const core::SweepConfig &config,
                         int seeds,
                         const QStringList &validMetrics,
                         QWidget *parent)
    : QDialog(parent)
    , m_info(info)
    , m_entry(entry)
    , m_seeds(std::max(1, seeds))
    , m_table(new QTableWidget(0, Columns))
    , m_method(new QComboBox)
    , m_metric(new QComboBox)
    , m_trials(new QSpinBox)
    , m_seed(new QSpinBox)
    , m_plan(new QLabel)
{
    setWindowTitle(tr("Sweep %1").arg(QString::fromStdString(entry.label)));
    m_table->setObjectName(QStringLiteral("sweepTable"));
    m_table->setHorizontalHeaderLabels({tr("Sweep"),
                                        tr("Parameter"),
                                        tr("Values (comma-separated)"),
                                        tr("Min"),
                                        tr("Max"),
                                        tr("Log"),
                                        tr("Steps")});
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(Values, QHeaderView::Stretch);
    for (const auto &spec : info.params.specs()) {
        if (spec.type == core::ParamType::String)
            continue;
        const auto range = std::find_if(entry.sweep.begin(), entry.sweep.end(), [&](const auto &r) {
            return r.name == spec.name;
        });
        m_table->insertRow(m_table->rowCount());
        fillRow(m_table->rowCount() - 1, spec, range == entry.sweep.end() ? nullptr : &*range);
    }
    m_table->resizeColumnsToContents();

    m_method->addItem(tr("grid: every combination"), QStringLiteral("grid"));
    m_method->addItem(tr("random: draws from the ranges"), QStringLiteral("random"));
    m_method->setCurrentIndex(config.method == core::SweepMethod::Grid ? 0 : 1);
    m_trials->setRange(0, core::SweepConfig::kMaxTrials);
    m_trials->setSpecialValueText(tr("all grid points / 10 draws"));
    m_trials->setValue(config.trials);
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setValue(int(config.seed));
    m_metric->addItems(validMetrics);
    if (const int at = m_metric->findText(QString::fromStdString(config.metric)); at >= 0)
        m_metric->setCurrentIndex(at);
    m_plan->setObjectName(QStringLiteral("sweepPlan"));
    m_plan->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("Search"), m_method);
    form->addRow(tr("Trial budget"), m_trials);
    form->addRow(tr("Random seed"), m_seed);
    form->addRow(tr("Select on validation"), m_metric);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    auto *layout = new QVBoxLayout(this);
    auto *intro
        = new QLabel(tr("Tick the parameters to vary. Give a list of values, or a range (a grid "
                        "takes Steps points from Min to "
                        "Max, log-spaced when Log is ticked; random search draws within it). "
                        "Trials are judged on validation "
                        "only; the selected one is trained again on every seed and tested."));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    layout->addWidget(m_table, 1);
    layout->addLayout(form);
    layout->addWidget(m_plan);
    layout->addWidget(buttons);
    resize(820, 560);

    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_table, &QTableWidget::itemChanged, this, &SweepDialog::updatePlan);
    for (auto *c : {m_method, m_metric})
        connect(c, &QComboBox::currentIndexChanged, this, &SweepDialog::updatePlan);
    for (auto *s : {m_trials, m_seed})
        connect(s, &QSpinBox::valueChanged, this, &SweepDialog::updatePlan);
    updatePlan();
}

void SweepDialog::fillRow(int row, const core::ParamSpec &spec, const core::ParamRange *range)
{
    QSignalBlocker block(m_table);
    auto *use = new QTableWidgetItem;
    use->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
    use->setCheckState(range ? Qt::Checked : Qt::Unchecked);
    m_table->setItem(row, Use, use);
    auto *name = new QTableWidgetItem(QString::fromStdString(spec.name));
    name->setFlags(Qt::ItemIsEnabled);
    name->setToolTip(QString::fromStdString(spec.help));
    m_table->setItem(row, Name, name);
    QStringList values;
    if (range)
        for (const auto &v : range->values)
            values.append(valueText(v));
    m_table->setItem(row, Values, new QTableWidgetItem(values.join(QStringLiteral(", "))));
    const bool numeric = spec.type == core::ParamType::Int || spec.type == core::ParamType::Float;
    const double lo = range && range->values.empty() ? range->min : spec.min,
                 hi = range && range->values.empty() ? range->max : spec.max;
    for (const auto &[column, text] :
         {std::pair{Min, QString::number(lo, 'g', 10)},
          std::pair{Max, QString::number(hi, 'g', 10)},
          std::pair{Steps, QString::number(range ? range->steps : 4)}}) {
        auto *item = new QTableWidgetItem(numeric ? text : QString());
        if (!numeric)
            item->setFlags(Qt::NoItemFlags);
        m_table->setItem(row, column, item);
    }
    auto *log = new QTableWidgetItem;
    log->setFlags(numeric ? Qt::ItemIsUserCheckable | Qt::ItemIsEnabled : Qt::NoItemFlags);
    log->setCheckState((range ? range->log : spec.logScale) ? Qt::Checked : Qt::Unchecked);
    m_table->setItem(row, Log, log);
}

std::vector<core::ParamRange> SweepDialog::ranges() const
{
    std::vector<core::ParamRange> out;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, Use)->checkState() != Qt::Checked)
            continue;
        core::ParamRange r;
        r.name = m_table->item(row, Name)->text().toStdString();
        const core::ParamSpec &spec = *m_info.params.find(r.name);
        const std::string where = "sweep." + r.name;
        for (const auto &part :
             m_table->item(row, Values)->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
            r.values.push_back(parseValue(spec, part, where + ".values"));
        if (r.values.empty()
            && (spec.type == core::ParamType::Int || spec.type == core::ParamType::Float)) {
            bool okMin = false, okMax = false, okSteps = false;
            r.min = m_table->item(row, Min)->text().toDouble(&okMin);
            r.max = m_table->item(row, Max)->text().toDouble(&okMax);
            r.steps = m_table->item(row, Steps)->text().toInt(&okSteps);
            if (!okMin || !okMax || !okSteps)
                throw ConfigError(where, "min, max and steps must be numbers");
            r.log = m_table->item(row, Log)->checkState() == Qt::Checked;
        }
        out.push_back(std::move(r));
    }
    return out;
}

core::SweepConfig SweepDialog::config() const
{
    core::SweepConfig c;
    c.method = m_method->currentData().toString() == QLatin1String("grid")
                   ? core::SweepMethod::Grid
                   : core::SweepMethod::Random;
    c.trials = m_trials->value();
    c.seed = std::uint64_t(m_seed->value());
    c.metric = m_metric->currentText().toStdString();
    return c;
}

void SweepDialog::updatePlan()
{
    try {
        const auto r = ranges();
        if (r.empty()) {
            m_plan->setText(
                tr("No parameter ticked: the model runs once per seed, as without a sweep."));
            return;
        }
        const auto trials = core::planTrials(m_info.params, m_entry.params, r, config(), "sweep");
        m_plan->setText(tr("%1 trials × %2 seed(s) = %3 trial runs, then the selected trial's %2 "
                           "tested run(s).")
                            .arg(trials.size())
                            .arg(m_seeds)
                            .arg(trials.size() * std::size_t(m_seeds)));
        m_plan->setStyleSheet({});
    } catch (const std::exception &e) {
        m_plan->setText(QString::fromUtf8(e.what()));
        m_plan->setStyleSheet(QStringLiteral("color: #c0392b"));
    }
}

} // namespace recscope::views
