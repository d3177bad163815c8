// SPDX-License-Identifier: MIT
#include "views/widgets/experiment_editor.h"

#include "views/dialogs/sweep_dialog.h"
#include "views/widgets/param_form.h"

#include <recscope/core/error.h>
#include <recscope/core/registry.h>
#include <recscope/core/task.h>

#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDoubleSpinBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QGroupBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QListWidget>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QScrollArea>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QVBoxLayout>

namespace recscope::views {

namespace {

QString describe(const core::DatasetSource &s)
{
    if (s.format == core::DatasetFormat::Synthetic)
        return QObject::tr("synthetic: %1 users, %2 items, mean length %3, seed %4")
            .arg(s.synthetic.users)
            .arg(s.synthetic.items)
            .arg(s.synthetic.meanLength)
            .arg(s.synthetic.seed);
    return QStringLiteral("%1 (%2)").arg(QString::fromStdString(s.path.string()),
                                         QString::fromStdString(core::formatName(s)));
}

} // namespace

ExperimentEditor::ExperimentEditor(const core::Registry &registry, QWidget *parent)
    : QWidget(parent)
    , m_registry(registry)
{
    auto *split = new QSplitter(Qt::Horizontal, this);
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setWidget(buildSettings());
    split->addWidget(scroll);
    split->addWidget(buildModels());
    scroll->setMinimumWidth(440);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({520, 560});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);
    setSpec(core::ExperimentSpec{});
}

QWidget *ExperimentEditor::buildModels()
{
    auto *w = new QWidget;
    auto *v = new QVBoxLayout(w);
    auto *bar = new QHBoxLayout;
    m_addModel = new QComboBox;
    // Long model descriptions must not widen the window past a 1366-pixel screen.
    m_addModel->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_addModel->setMinimumContentsLength(24);
    for (const auto &info : m_registry.models())
        if (info.task == core::TaskKind::Ranking) // applyTask() refills it when the task changes
            m_addModel
                ->addItem(QStringLiteral("%1 — %2").arg(QString::fromStdString(info.displayName),
                                                        QString::fromStdString(info.description)),
                          QString::fromStdString(info.id));
    auto *add = new QPushButton(tr("Add"));
    auto *remove = new QPushButton(tr("Remove"));
    m_sweepButton = new QPushButton(tr("Sweep…"));
    m_sweepButton->setToolTip(tr("Search this model's hyper-parameters: trials judged on "
                                 "validation, the best one tested on every seed"));
    add->setObjectName(QStringLiteral("addModel"));
    m_sweepButton->setObjectName(QStringLiteral("sweepModel"));
    bar->addWidget(m_addModel, 1);
    bar->addWidget(add);
    bar->addWidget(remove);
    bar->addWidget(m_sweepButton);
    v->addLayout(bar);
    m_models = new QListWidget;
    m_models->setObjectName(QStringLiteral("models"));
    m_models->setMaximumHeight(130);
    v->addWidget(m_models);
    auto *labelRow = new QFormLayout;
    m_label = new QLineEdit;
    m_label->setObjectName(QStringLiteral("modelLabel"));
    labelRow->addRow(tr("Label"), m_label);
    v->addLayout(labelRow);
    m_about = new QLabel;
    m_about->setWordWrap(true);
    m_about->setObjectName(QStringLiteral("modelAbout"));
    v->addWidget(m_about);
    m_form = new ParamForm;
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setWidget(m_form);
    v->addWidget(scroll, 1);

    connect(add, &QPushButton::clicked, this, [this] {
        addModel(m_addModel->currentData().toString());
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = m_models->currentRow();
        if (row < 0)
            return;
        m_current = -1;
        m_entries.erase(m_entries.begin() + row);
        delete m_models->takeItem(row);
        selectModel(m_models->currentRow());
        Q_EMIT edited();
    });
    connect(m_models, &QListWidget::currentRowChanged, this, &ExperimentEditor::selectModel);
    connect(m_sweepButton, &QPushButton::clicked, this, &ExperimentEditor::editSweep);
    connect(m_form, &ParamForm::edited, this, [this] {
        storeCurrentParams();
        Q_EMIT edited();
    });
    connect(m_label, &QLineEdit::textEdited, this, [this](const QString &t) {
        if (m_current < 0)
            return;
        m_entries[std::size_t(m_current)].label = t.toStdString();
        m_models->item(m_current)->setText(modelItemText(m_entries[std::size_t(m_current)]));
        Q_EMIT edited();
    });
    return w;
}

void ExperimentEditor::addModel(const QString &id)
{
    const core::ModelInfo *info = m_registry.info(id.toStdString());
    if (!info)
        return;
    storeCurrentParams();
    m_entries.push_back({info->id, info->displayName, info->params.defaults(), {}});
    m_models->addItem(QString::fromStdString(info->displayName));
    m_models->setCurrentRow(m_models->count() - 1);
    Q_EMIT edited();
}

QString ExperimentEditor::modelItemText(const core::ModelEntry &entry) const
{
    QStringList swept;
    for (const auto &r : entry.sweep)
        swept.append(QString::fromStdString(r.name));
    const QString label = QString::fromStdString(entry.label);
    return swept.isEmpty() ? label
                           : tr("%1 (sweep: %2)").arg(label, swept.join(QStringLiteral(", ")));
}

void ExperimentEditor::editSweep()
{
    if (m_current < 0 || m_current >= int(m_entries.size()))
        return;
    storeCurrentParams();
    auto &entry = m_entries[std::size_t(m_current)];
    QStringList metrics;
    for (int k = 0; k < m_validMetric->count(); ++k)
        metrics.append(m_validMetric->itemText(k));
    core::SweepConfig config = m_sweepConfig.value_or(core::SweepConfig{});
    if (config.metric.empty())
        config.metric = m_validMetric->currentText().toStdString();
    int seeds = 1;
    try {
        seeds = std::max<int>(1, int(repeatSeeds().size()));
    } catch (const std::exception &) {}
    SweepDialog dlg(*m_registry.info(entry.id), entry, config, seeds, metrics, this);
    if (dlg.exec() != QDialog::Accepted)
        return;
    try {
        entry.sweep = dlg.ranges();
    } catch (const std::exception &e) {
        QMessageBox::warning(this, tr("Sweep"), QString::fromUtf8(e.what()));
        return;
    }
    m_sweepConfig = dlg.config();
    if (std::none_of(m_entries.begin(), m_entries.end(), [](const auto &e) {
            return !e.sweep.empty();
        }))
        m_sweepConfig.reset();
    m_models->item(m_current)->setText(modelItemText(entry));
    Q_EMIT edited();
}

void ExperimentEditor::storeCurrentParams()
{
    if (m_current < 0 || m_current >= int(m_entries.size()))
        return;
    auto &e = m_entries[std::size_t(m_current)];
    for (const auto &[name, value] : m_form->values())
        e.params.set(name, value);
}

void ExperimentEditor::selectModel(int row)
{
    storeCurrentParams();
    m_current = row;
    const bool valid = row >= 0 && row < int(m_entries.size());
    m_form->setEnabled(valid);
    m_label->setEnabled(valid);
    m_sweepButton->setEnabled(valid);
    if (!valid) {
        m_form->setSchema({});
        m_label->clear();
        m_about->clear();
        return;
    }
    const auto &e = m_entries[std::size_t(row)];
    const core::ModelInfo *info = m_registry.info(e.id);
    m_about->setText(
        tr("<b>%1</b> (%2) — %3%4")
            .arg(QString::fromStdString(info->displayName),
                 QString::fromStdString(info->id),
                 QString::fromStdString(info->description),
                 info->params.specs().empty() ? tr(". No hyperparameters.") : QString()));
    m_form->setSchema(info->params);
    m_form->setValues(e.params);
    m_label->setText(QString::fromStdString(e.label));
}

void ExperimentEditor::setDatasetSource(const core::DatasetSource &source)
{
    m_source = source;
    m_dataset->setText(describe(source));
    applySplitKind();
    Q_EMIT edited();
}

void ExperimentEditor::setSpec(const core::ExperimentSpec &spec)
{
    m_name->setText(QString::fromStdString(spec.name));
    setDatasetSource(spec.dataset);
    m_implicit->setChecked(spec.prepare.implicitThreshold.has_value());
    m_threshold->setValue(spec.prepare.implicitThreshold.value_or(4.0f));
    m_dedupe->setChecked(spec.prepare.dedupe);
    m_userCore->setValue(spec.prepare.userCore);
    m_itemCore->setValue(spec.prepare.itemCore);
    m_splitFiles = spec.split.files;
    {
        QSignalBlocker block(m_split);
        m_split->setCurrentIndex(int(spec.split.kind));
    }
    const double r[3] = {spec.split.trainRatio, spec.split.validRatio, spec.split.testRatio};
    for (int k = 0; k < 3; ++k)
        m_ratios[k]->setValue(r[k]);
    m_order->setCurrentIndex(spec.split.timeOrdered ? 0 : 1);
    m_twoRows->setCurrentIndex(spec.split.twoRowUsersToTest ? 1 : 0);
    m_coldUsers->setChecked(spec.split.keepColdUsers);
    applySplitKind();
    {
        // The spec's metrics first, in its order (the results table keeps it), then the rest.
        QSignalBlocker block(m_metrics);
        m_metrics->clear();
        std::vector<std::string> names = spec.eval.metrics;
        for (const auto &m : metricNames())
            if (std::find(names.begin(), names.end(), m) == names.end())
                names.push_back(m);
        for (std::size_t k = 0; k < names.size(); ++k) {
            auto *item = new QListWidgetItem(QString::fromStdString(names[k]), m_metrics);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(k < spec.eval.metrics.size() ? Qt::Checked : Qt::Unchecked);
        }
    }
    QStringList ks;
    for (int k : spec.eval.ks)
        ks.append(QString::number(k));
    m_ks->setText(ks.join(QStringLiteral(", ")));
    {
        QSignalBlocker block(m_task);
        m_task->setCurrentIndex(std::max(0, m_task->findData(int(spec.task))));
    }
    m_ctrHistory->setValue(int(spec.ctr.maxHistory));
    m_ctrNegatives->setValue(spec.ctr.negatives);
    m_ctrTargets->setValue(int(spec.ctr.trainTargetsPerUser));
    m_ctrWindow->setValue(int(spec.ctr.relevanceWindow));
    m_ctrSearchK->setValue(spec.ctr.searchK);
    applyTask();
    m_validMetric->setCurrentText(QString::fromStdString(spec.validMetric));
    m_mask->setChecked(spec.eval.maskHistory);
    m_sampled->setValue(spec.eval.sampledNegatives);
    m_device->setCurrentText(QString::fromStdString(spec.device));
    m_seed->setValue(int(spec.seed));
    QStringList seeds;
    for (auto seed : spec.repeatSeeds)
        seeds.append(QString::number(seed));
    m_repeat->setText(seeds.join(QStringLiteral(", ")));
    m_sweepConfig = spec.sweep;
    m_auditConfig = spec.audits.value_or(core::AuditConfig{});
    m_audit->setChecked(spec.audits.has_value());
    m_attack = spec.attack;
    m_attackNote->setVisible(m_attack.has_value());
    if (m_attack)
        m_attackNote->setText(
            tr("Poisoned: %1 attack, %2% fake users, %3 %4 targets (the spec's \"attack\" section)")
                .arg(QString::fromStdString(m_attack->kind))
                .arg(100 * m_attack->fakeUserShare)
                .arg(m_attack->targets)
                .arg(QString::fromStdString(m_attack->targetBand)));
    m_current = -1;
    m_entries = spec.models;
    m_models->clear();
    for (const auto &e : m_entries)
        m_models->addItem(modelItemText(e));
    m_models->setCurrentRow(m_entries.empty() ? -1 : 0);
    if (m_entries.empty())
        selectModel(-1);
}

core::ExperimentSpec ExperimentEditor::spec() const
{
    if (QString err = m_form->firstError(); !err.isEmpty() && m_current >= 0)
        throw recscope::ConfigError("models[" + std::to_string(m_current) + "].params."
                                        + err.section(QLatin1Char(':'), 0, 0).toStdString(),
                                    err.section(QLatin1Char(':'), 1).trimmed().toStdString());
    core::ExperimentSpec s;
    s.name = m_name->text().trimmed().isEmpty() ? "experiment"
                                                : m_name->text().trimmed().toStdString();
    s.dataset = m_source;
    if (m_implicit->isChecked())
        s.prepare.implicitThreshold = float(m_threshold->value());
    s.prepare.dedupe = m_dedupe->isChecked();
    s.prepare.userCore = m_userCore->value();
    s.prepare.itemCore = m_itemCore->value();
    s.split.kind = core::SplitKind(m_split->currentIndex());
    s.split.trainRatio = m_ratios[0]->value();
    s.split.validRatio = m_ratios[1]->value();
    s.split.testRatio = m_ratios[2]->value();
    s.split.timeOrdered = m_order->currentIndex() == 0;
    s.split.twoRowUsersToTest
        = s.split.kind == core::SplitKind::LeaveOneOut && m_twoRows->currentIndex() == 1;
    if (s.split.kind == core::SplitKind::Files) {
        s.split.files = m_splitFiles;
        s.split.keepColdUsers = m_coldUsers->isChecked();
    }
    s.eval.metrics.clear();
    for (int k = 0; k < m_metrics->count(); ++k)
        if (m_metrics->item(k)->checkState() == Qt::Checked)
            s.eval.metrics.push_back(m_metrics->item(k)->text().toStdString());
    s.eval.ks.clear();
    for (const auto &k : m_ks->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const int v = k.trimmed().toInt(&ok);
        if (!ok)
            throw recscope::ConfigError("eval.ks",
                                        "'" + k.trimmed().toStdString()
                                            + "' is not a whole number");
        s.eval.ks.push_back(v);
    }
    s.validMetric = m_validMetric->currentText().toStdString();
    s.task = currentTask();
    s.ctr.maxHistory = m_ctrHistory->value();
    s.ctr.negatives = m_ctrNegatives->value();
    s.ctr.trainTargetsPerUser = m_ctrTargets->value();
    s.ctr.relevanceWindow = m_ctrWindow->value();
    s.ctr.searchK = m_ctrSearchK->value();
    s.eval.maskHistory = m_mask->isChecked();
    s.eval.sampledNegatives = m_sampled->value();
    s.device = m_device->currentText().trimmed().toStdString();
    s.seed = std::uint64_t(m_seed->value());
    s.repeatSeeds = repeatSeeds();
    const bool ranks = m_registry.task(s.task).ranksCatalogue();
    if (m_audit->isChecked() && ranks) // settings the form does not show are kept
        s.audits = m_auditConfig;
    if (ranks)
        s.attack = m_attack;
    s.models = m_entries;
    if (m_current >= 0) // the form holds the selected model's latest edits
        for (const auto &[name, value] : m_form->values())
            s.models[std::size_t(m_current)].params.set(name, value);
    if (std::any_of(s.models.begin(), s.models.end(), [](const auto &e) {
            return !e.sweep.empty();
        }))
        s.sweep = m_sweepConfig.value_or(core::SweepConfig{});
    // Validate exactly as the CLI will: through the JSON the spec is saved as.
    return core::ExperimentSpec::fromJson(s.toJson(), m_registry);
}

} // namespace recscope::views
