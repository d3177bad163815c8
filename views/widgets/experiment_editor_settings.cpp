// SPDX-License-Identifier: MIT
// The experiment editor's settings column: dataset, preparation, split, task (with the CTR
// sample settings), metrics, early stopping, device and seed.
#include "views/widgets/experiment_editor.h"

#include <recscope/core/error.h>
#include <recscope/core/registry.h>
#include <recscope/core/split_files.h>
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
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QVBoxLayout>

namespace recscope::views {

namespace {

/// The task chooser's entry: what each task asks of the models.
QString taskLabel(core::TaskKind task)
{
    switch (task) {
    case core::TaskKind::Ranking:
        return ExperimentEditor::tr("Ranking: top-K over all items");
    case core::TaskKind::Ctr:
        return ExperimentEditor::tr("CTR: click prediction over long behaviour sequences");
    }
    return QString::fromUtf8(core::taskKey(task));
}

} // namespace

QWidget *ExperimentEditor::buildSettings()
{
    auto *w = new QWidget;
    auto *v = new QVBoxLayout(w);
    auto emitEdited = [this] { Q_EMIT edited(); };

    auto *general = new QFormLayout;
    m_name = new QLineEdit;
    m_name->setObjectName(QStringLiteral("experimentName"));
    m_dataset = new QLabel;
    m_dataset->setWordWrap(true);
    m_device = new QComboBox;
    m_device->addItems({QStringLiteral("auto"), QStringLiteral("cpu"), QStringLiteral("cuda")});
    m_device->setEditable(true);
    m_device->setToolTip(
        tr("auto uses CUDA when LibTorch and the machine have it; cuda:N picks a GPU"));
    m_seed = new QSpinBox;
    m_seed->setRange(0, std::numeric_limits<int>::max());
    general->addRow(tr("Name"), m_name);
    general->addRow(tr("Dataset"), m_dataset);
    general->addRow(tr("Device"), m_device);
    general->addRow(tr("Seed"), m_seed);
    m_repeat = new QLineEdit;
    m_repeat->setObjectName(QStringLiteral("repeatSeeds"));
    m_repeat->setPlaceholderText(tr("e.g. 1, 2, 3 — empty: once, with Seed"));
    m_repeat->setToolTip(
        tr("Each model (each sweep trial) runs once per seed on the same data and split; the "
           "Compare tab then "
           "shows mean ± std with a 95% interval per configuration (the spec's \"repeat\")"));
    general->addRow(tr("Repeat over seeds"), m_repeat);
    m_audit = new QCheckBox(tr("Audit every run (fairness, bias)"));
    m_audit->setObjectName(QStringLiteral("auditRuns"));
    m_audit->setToolTip(tr("After its test, each ranking run's top-K lists are audited and the "
                           "report stored (the Audit tab shows it); "
                           "the spec's \"audits\" section"));
    general->addRow(QString(), m_audit);
    m_attackNote = new QLabel;
    m_attackNote->setObjectName(QStringLiteral("attackNote"));
    m_attackNote->setWordWrap(true);
    m_attackNote->hide();
    general->addRow(QString(), m_attackNote);
    m_task = new QComboBox;
    m_task->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_task->setMinimumContentsLength(20);
    m_task->setObjectName(QStringLiteral("task"));
    for (core::TaskKind task : core::allTasks())
        m_task->addItem(taskLabel(task), int(task));
    general->addRow(tr("Task"), m_task);
    v->addLayout(general);
    v->addWidget(buildCtrGroup());
    connect(m_task, &QComboBox::currentIndexChanged, this, [this] {
        applyTask();
        Q_EMIT edited();
    });

    auto *prep = new QGroupBox(tr("Preparation"));
    auto *pf = new QFormLayout(prep);
    m_implicit = new QCheckBox(tr("keep rows with value ≥"));
    m_threshold = new QDoubleSpinBox;
    m_threshold->setRange(-1e6, 1e6);
    m_threshold->setDecimals(2);
    auto *thr = new QHBoxLayout;
    thr->addWidget(m_implicit);
    thr->addWidget(m_threshold, 1);
    pf->addRow(tr("Implicit"), thr);
    m_dedupe = new QCheckBox(tr("one row per user–item pair (latest)"));
    pf->addRow(tr("De-duplicate"), m_dedupe);
    m_userCore = new QSpinBox;
    m_itemCore = new QSpinBox;
    m_userCore->setRange(0, 1000000);
    m_itemCore->setRange(0, 1000000);
    pf->addRow(tr("User k-core"), m_userCore);
    pf->addRow(tr("Item k-core"), m_itemCore);
    v->addWidget(prep);

    auto *sp = new QGroupBox(tr("Split"));
    auto *sf = new QFormLayout(sp);
    m_split = new QComboBox;
    for (auto k : {core::SplitKind::LeaveOneOut,
                   core::SplitKind::UserRatio,
                   core::SplitKind::Temporal,
                   core::SplitKind::Files})
        m_split->addItem(QString::fromUtf8(core::splitKindName(k)));
    m_split->setToolTip(tr("files: the dataset comes as train/valid/test files (RecBole's "
                           "NAME.train.inter, …; NAME.train.csv for a CSV)"));
    m_split->setObjectName(QStringLiteral("splitKind"));
    sf->addRow(tr("Kind"), m_split);
    auto *ratios = new QHBoxLayout;
    for (auto *&r : m_ratios) {
        r = new QDoubleSpinBox;
        r->setRange(0, 1);
        r->setSingleStep(0.05);
        ratios->addWidget(r);
    }
    sf->addRow(tr("Train / valid / test"), ratios);
    m_order = new QComboBox;
    m_order->addItems({QStringLiteral("time"), QStringLiteral("random")});
    sf->addRow(tr("Order within user"), m_order);
    m_twoRows = new QComboBox;
    m_twoRows->setObjectName(QStringLiteral("twoRowUsers"));
    m_twoRows->addItem(tr("train: both rows"));
    m_twoRows->addItem(tr("test: the later row (RecBole)"));
    m_twoRows->setToolTip(tr("Leave-one-out: a user with two rows has no validation item; RecBole "
                             "still tests the later row"));
    sf->addRow(tr("Users with two rows"), m_twoRows);
    m_partFiles = new QLabel;
    m_partFiles->setObjectName(QStringLiteral("partFiles"));
    m_partFiles->setWordWrap(true);
    m_partFiles->setTextInteractionFlags(Qt::TextSelectableByMouse);
    sf->addRow(tr("Part files"), m_partFiles);
    m_coldUsers = new QCheckBox(tr("keep test users without training rows"));
    m_coldUsers->setObjectName(QStringLiteral("coldUsers"));
    m_coldUsers->setToolTip(tr("A temporal split has users who appear only in its later parts; "
                               "otherwise they point at files "
                               "of another preparation and are an error"));
    sf->addRow(QString(), m_coldUsers);
    connect(m_coldUsers, &QCheckBox::toggled, this, emitEdited);
    connect(m_split, &QComboBox::currentIndexChanged, this, [this] {
        applySplitKind();
        Q_EMIT edited();
    });
    connect(m_twoRows, &QComboBox::currentIndexChanged, this, emitEdited);
    v->addWidget(sp);

    auto *ev = new QGroupBox(tr("Evaluation"));
    m_evalGroup = ev;
    auto *ef = new QFormLayout(ev);
    m_metrics = new QListWidget;
    m_metrics->setObjectName(QStringLiteral("metrics"));
    for (const auto &m : metricNames()) {
        auto *item = new QListWidgetItem(QString::fromStdString(m), m_metrics);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    m_metrics->setMaximumHeight(150);
    ef->addRow(tr("Metrics"), m_metrics);
    m_ks = new QLineEdit;
    m_ks->setObjectName(QStringLiteral("ks"));
    m_ks->setPlaceholderText(QStringLiteral("10, 20"));
    ef->addRow(tr("Cut-offs K"), m_ks);
    m_validMetric = new QComboBox;
    ef->addRow(tr("Early-stopping metric"), m_validMetric);
    m_mask = new QCheckBox(tr("mask the user's known items"));
    ef->addRow(tr("History"), m_mask);
    m_sampled = new QSpinBox;
    m_sampled->setRange(0, 100000);
    m_sampled->setSpecialValueText(tr("full ranking"));
    ef->addRow(tr("Sampled negatives"), m_sampled);
    connect(m_metrics, &QListWidget::itemChanged, this, &ExperimentEditor::updateValidMetrics);
    connect(m_ks, &QLineEdit::textEdited, this, &ExperimentEditor::updateValidMetrics);
    v->addWidget(ev);
    v->addStretch(1);

    for (auto *e : {m_name, m_ks, m_repeat})
        connect(e, &QLineEdit::textEdited, this, emitEdited);
    for (auto *c : {m_implicit, m_dedupe, m_mask, m_audit})
        connect(c, &QCheckBox::toggled, this, emitEdited);
    for (auto *s : {m_userCore, m_itemCore, m_sampled, m_seed})
        connect(s, &QSpinBox::valueChanged, this, emitEdited);
    return w;
}

QWidget *ExperimentEditor::buildCtrGroup()
{
    auto *box = new QGroupBox(tr("CTR samples"));
    m_ctrGroup = box;
    auto *f = new QFormLayout(box);
    auto spin = [&](const QString &label, int lo, int hi, const QString &help) {
        auto *s = new QSpinBox;
        s->setRange(lo, hi);
        s->setToolTip(help);
        f->addRow(label, s);
        connect(s, &QSpinBox::valueChanged, this, [this] { Q_EMIT edited(); });
        return s;
    };
    const core::CtrConfig defaults;
    m_ctrHistory = spin(tr("Behaviours per sample"),
                        1,
                        100000,
                        tr("The most recent behaviours each sample carries (1,000+ fit)"));
    m_ctrNegatives = spin(tr("Negatives per click"),
                          1,
                          100,
                          tr("Sampled non-clicked targets sharing the click's history"));
    m_ctrTargets = spin(tr("Train targets per user"),
                        0,
                        1000000,
                        tr("Latest train positions used as targets; 0 = all"));
    m_ctrTargets->setSpecialValueText(tr("all"));
    m_ctrWindow = spin(
        tr("Relevance window"),
        1,
        100000,
        tr("Planted relevance: behaviours of the target's category among this many most recent"));
    m_ctrSearchK
        = spin(tr("Search check K"), 1, 10000, tr("K of the search precision/recall check"));
    m_ctrHistory->setValue(int(defaults.maxHistory));
    m_ctrNegatives->setValue(defaults.negatives);
    m_ctrWindow->setValue(int(defaults.relevanceWindow));
    m_ctrSearchK->setValue(defaults.searchK);
    box->setVisible(false);
    return box;
}

void ExperimentEditor::applySplitKind()
{
    const auto kind = core::SplitKind(m_split->currentIndex());
    for (auto *r : m_ratios)
        r->setEnabled(kind == core::SplitKind::UserRatio || kind == core::SplitKind::Temporal);
    m_order->setEnabled(kind == core::SplitKind::UserRatio);
    m_twoRows->setEnabled(kind == core::SplitKind::LeaveOneOut);
    m_partFiles->setEnabled(kind == core::SplitKind::Files);
    m_coldUsers->setEnabled(kind == core::SplitKind::Files);
    if (kind != core::SplitKind::Files) {
        m_partFiles->setText(tr("(the files split reads them)"));
        return;
    }
    try {
        core::SplitConfig split;
        split.kind = kind;
        split.files = m_splitFiles;
        QStringList names;
        for (const auto &f : core::splitFiles(m_source, split))
            names.append(QString::fromStdString(f.string()));
        m_partFiles->setText(names.join(QLatin1Char('\n')));
    } catch (const std::exception &e) {
        m_partFiles->setText(QString::fromUtf8(e.what()));
    }
}

std::vector<std::uint64_t> ExperimentEditor::repeatSeeds() const
{
    std::vector<std::uint64_t> seeds;
    for (const auto &part : m_repeat->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const qulonglong v = part.trimmed().toULongLong(&ok);
        if (!ok)
            throw recscope::ConfigError("repeat.seeds",
                                        "'" + part.trimmed().toStdString()
                                            + "' is not a whole number ≥ 0");
        seeds.push_back(v);
    }
    return seeds;
}

core::TaskKind ExperimentEditor::currentTask() const
{
    return core::TaskKind(m_task->currentData().toInt());
}

void ExperimentEditor::applyTask()
{
    const core::TaskKind task = currentTask();
    const bool ranks = m_registry.task(task).ranksCatalogue();
    m_ctrGroup->setVisible(task == core::TaskKind::Ctr); // the CTR task's own section
    m_evalGroup->setEnabled(ranks);
    m_audit->setEnabled(ranks); // audits measure top-K lists
    const QString keep = m_addModel->currentData().toString();
    m_addModel->clear();
    for (const auto &info : m_registry.models())
        if (info.task == task)
            m_addModel
                ->addItem(QStringLiteral("%1 — %2").arg(QString::fromStdString(info.displayName),
                                                        QString::fromStdString(info.description)),
                          QString::fromStdString(info.id));
    m_addModel->setCurrentIndex(std::max(0, m_addModel->findData(keep)));
    updateValidMetrics();
}

void ExperimentEditor::updateValidMetrics()
{
    const QString keep = m_validMetric->currentText();
    QSignalBlocker block(m_validMetric);
    m_validMetric->clear();
    core::ExperimentSpec
        form; // what the task lists its selection metrics from: the checked metrics and Ks
    form.task = currentTask();
    for (int r = 0; r < m_metrics->count(); ++r)
        if (m_metrics->item(r)->checkState() == Qt::Checked)
            form.eval.metrics.push_back(m_metrics->item(r)->text().toStdString());
    form.eval.ks.clear();
    for (const auto &k : m_ks->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (bool ok = false; k.trimmed().toInt(&ok) > 0 && ok)
            form.eval.ks.push_back(k.trimmed().toInt());
    for (const auto &metric : m_registry.task(form.task).selectionMetrics(form))
        m_validMetric->addItem(QString::fromStdString(metric));
    if (int at = m_validMetric->findText(keep); at >= 0)
        m_validMetric->setCurrentIndex(at);
    Q_EMIT edited();
}

std::vector<std::string> ExperimentEditor::metricNames() const
{
    std::vector<std::string> names = core::rankingMetricNames();
    for (const auto &m : m_registry.metrics())
        names.push_back(m.name);
    return names;
}

} // namespace recscope::views
