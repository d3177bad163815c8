// SPDX-License-Identifier: MIT
#include "views/widgets/concept_browser.h"

#include "views/dialogs/sae_dialog.h"
#include "views/models/concept_table_model.h"
#include "views/widgets/concept_details.h"
#include "views/widgets/view_helpers.h"

#include <QtCore/QFile>
#include <QtCore/QSaveFile>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTableView>
#include <QtWidgets/QVBoxLayout>

namespace recscope::views {

ConceptBrowser::ConceptBrowser(QWidget *parent)
    : QWidget(parent)
    , m_probe(new QComboBox)
    , m_filter(new QLineEdit)
    , m_confident(new QCheckBox(tr("Confident only")))
    , m_unnamed(new QCheckBox(tr("Unnamed too")))
    , m_info(new QLabel)
    , m_table(new QTableView)
    , m_model(new ConceptTableModel(this))
    , m_proxy(new ConceptFilter(this))
    , m_details(new ConceptDetails)
{
    m_probe->setObjectName(QStringLiteral("conceptProbe"));
    m_probe->setMinimumContentsLength(18);
    m_filter->setObjectName(QStringLiteral("conceptFilter"));
    m_filter->setPlaceholderText(tr("filter labels, e.g. Drama"));
    m_filter->setClearButtonEnabled(true);
    m_confident->setToolTip(tr("Only latents whose label predicts held-out activations at the "
                               "probe's confidence threshold"));
    m_unnamed->setToolTip(
        tr("Also list dead latents and latents whose top sequences share no pattern"));
    m_info->setObjectName(QStringLiteral("conceptInfo"));
    m_info->setWordWrap(true);
    auto *newProbe = new QPushButton(tr("New probe…"));
    newProbe->setToolTip(tr("Train a sparse autoencoder on a trained SASRec or HSTU run"));
    auto *exportButton = new QPushButton(tr("Export…"));
    exportButton->setToolTip(tr("The concept dictionary as JSON (with examples) or CSV"));

    m_proxy->setSourceModel(m_model);
    m_table->setObjectName(QStringLiteral("conceptTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ConceptTableModel::Confidence, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ConceptTableModel::Label,
                                                      QHeaderView::Stretch);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->setMinimumWidth(360);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Probe")));
    bar->addWidget(m_probe);
    bar->addWidget(newProbe);
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_confident);
    bar->addWidget(m_unnamed);
    bar->addWidget(exportButton);
    auto *split = new QSplitter;
    split->addWidget(m_table);
    split->addWidget(m_details);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({1100, 900});
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_info);
    layout->addWidget(split, 1);

    connect(m_probe, &QComboBox::activated, this, [this](int k) {
        Q_EMIT probeRequested(m_probe->itemData(k).toLongLong());
    });
    connect(newProbe, &QPushButton::clicked, this, &ConceptBrowser::askForProbe);
    connect(m_filter,
            &QLineEdit::textChanged,
            m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(m_confident, &QCheckBox::toggled, this, [this](bool on) {
        m_proxy->setMinimumConfidence(on ? m_confidentAt : 0.0);
    });
    connect(m_unnamed, &QCheckBox::toggled, m_proxy, &ConceptFilter::setShowUnnamed);
    connect(m_table->selectionModel(),
            &QItemSelectionModel::currentRowChanged,
            this,
            [this](const QModelIndex &current) {
                m_details->showConcept(m_model->concept_(m_proxy->mapToSource(current).row()));
            });
    connect(exportButton, &QPushButton::clicked, this, [this] {
        askAndExport(this,
                     tr("Export concept dictionary"),
                     QStringLiteral("concepts.json"),
                     tr("JSON (*.json);;CSV (*.csv)"),
                     [this](const QString &f, QString *err) { return exportDictionary(f, err); });
    });
    setMessage(tr("Train a SASRec or HSTU model, then start a probe with “New probe…”."));
}

ConceptBrowser::~ConceptBrowser() = default;

void ConceptBrowser::setRuns(const QList<QPair<qint64, QString>> &probes,
                             const QList<QPair<qint64, QString>> &probeable)
{
    m_probeable = probeable;
    fillRunPicker(m_probe, probes);
}

void ConceptBrowser::setMessage(const QString &text)
{
    m_info->setText(text);
}

void ConceptBrowser::setLab(std::shared_ptr<const core::SaeLab> lab, qint64 runId)
{
    m_lab = std::move(lab);
    {
        QSignalBlocker block(m_probe);
        m_probe->setCurrentIndex(std::max(0, m_probe->findData(runId)));
    }
    m_details->setLab(m_lab);
    m_model->setConcepts(m_lab ? m_lab->concepts() : std::vector<core::Concept>{});
    if (!m_lab)
        return;
    int named = 0, confident = 0;
    for (const auto &c : m_lab->concepts()) {
        named += c.kind != "none";
        confident += c.kind != "none" && c.confidence >= m_confidentAt;
    }
    setMessage(tr("Probe #%1 of run #%2: %3 latents, %4 named, %5 with confidence ≥ %6. Pick one "
                  "to see its sequences and steer it.")
                   .arg(runId)
                   .arg(m_lab->probedRun())
                   .arg(m_lab->concepts().size())
                   .arg(named)
                   .arg(confident)
                   .arg(m_confidentAt));
    if (m_proxy->rowCount() > 0)
        m_table->selectRow(0);
}

bool ConceptBrowser::selectLatent(int latent)
{
    for (int pass = 0; pass < 2; ++pass) {
        for (int r = 0; r < m_proxy->rowCount(); ++r)
            if (m_proxy->index(r, ConceptTableModel::Latent).data(Qt::UserRole).toInt() == latent) {
                m_table->selectRow(r);
                return true;
            }
        m_filter->clear(); // the filter may hide it
        m_confident->setChecked(false);
        m_unnamed->setChecked(true);
    }
    return false;
}

bool ConceptBrowser::exportDictionary(const QString &file, QString *error) const
{
    if (!m_lab) {
        if (error)
            *error = tr("No probe is open.");
        return false;
    }
    std::vector<std::string> genres;
    for (std::int64_t g = 0;; ++g) {
        auto name = m_lab->genreName(g);
        if (name.empty())
            break;
        genres.push_back(std::move(name));
    }
    const bool csv = file.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive);
    const std::string text = csv ? core::conceptsToCsv(m_lab->concepts(), genres)
                                 : core::conceptsToJson(m_lab->concepts());
    QSaveFile out(file); // all or nothing
    if (!out.open(QIODevice::WriteOnly)
        || out.write(text.data(), qint64(text.size())) != qint64(text.size()) || !out.commit()) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(file, out.errorString());
        return false;
    }
    return true;
}

void ConceptBrowser::askForProbe()
{
    SaeDialog dialog(m_probeable, this);
    if (m_probeable.isEmpty())
        setMessage(tr("No run to probe yet: train SASRec or HSTU (runs keep their weights when "
                      "trained from the workbench)."));
    if (dialog.exec() == QDialog::Accepted && dialog.runId() > 0)
        Q_EMIT newProbeRequested(dialog.runId(), dialog.config());
}

} // namespace recscope::views
