// SPDX-License-Identifier: MIT
#include "views/widgets/concept_details.h"

#include "views/charts/chart_builders.h"
#include "views/charts/chart_view.h"

#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDoubleSpinBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableWidget>
#include <QtWidgets/QTreeWidget>
#include <QtWidgets/QVBoxLayout>

namespace recscope::views {

ConceptDetails::ConceptDetails(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel)
    , m_steerSummary(new QLabel)
    , m_examples(new QTreeWidget)
    , m_users(new QLineEdit)
    , m_factor(new QDoubleSpinBox)
    , m_sameConcept(new QCheckBox(tr("every latent of this concept")))
    , m_steerUser(new QComboBox)
    , m_steerTable(new QTableWidget(0, 2))
{
    m_title->setObjectName(QStringLiteral("conceptTitle"));
    m_title->setWordWrap(true);
    m_title->setTextFormat(Qt::RichText);
    m_examples->setObjectName(QStringLiteral("conceptExamples"));
    m_examples->setHeaderLabels(
        {tr("User"), tr("Activation"), tr("Last items (newest last)"), tr("Model's top-1")});
    m_examples->setRootIsDecorated(false);
    m_examples->setAlternatingRowColors(true);
    m_examples->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_charts = new QHBoxLayout;

    m_users->setPlaceholderText(tr("user IDs, comma-separated"));
    m_users->setToolTip(
        tr("Empty: the 10 users it fires on most (Ablate) or 10 users it is off for (Steer)"));
    m_sameConcept->setChecked(true);
    m_factor->setRange(0.5, 20);
    m_factor->setValue(2);
    m_factor->setSuffix(tr(" × max"));
    m_factor->setToolTip(tr("Steer sets the latent to this multiple of its largest activation"));
    m_sameConcept->setToolTip(tr("A dictionary often splits one concept over several latents; "
                                 "switching one off leaves the others"));
    auto *ablate = new QPushButton(tr("Ablate"));
    ablate->setObjectName(QStringLiteral("ablateButton"));
    ablate->setToolTip(tr("Switch the latent off in the users' states and re-rank"));
    auto *amplify = new QPushButton(tr("Steer"));
    amplify->setObjectName(QStringLiteral("steerButton"));
    amplify->setToolTip(tr("Switch the latent on (factor × its largest activation) and re-rank"));
    m_steerTable->setObjectName(QStringLiteral("steerTable"));
    m_steerTable->setHorizontalHeaderLabels({tr("Before"), tr("After")});
    m_steerTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_steerTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_steerSummary->setWordWrap(true);

    auto *steerBar = new QHBoxLayout;
    steerBar->addWidget(m_users, 1);
    steerBar->addWidget(ablate);
    steerBar->addWidget(m_factor);
    steerBar->addWidget(amplify);
    auto *userBar = new QHBoxLayout;
    userBar->addWidget(new QLabel(tr("User")));
    userBar->addWidget(m_steerUser, 1);
    userBar->addWidget(m_sameConcept);
    auto *steerPage = new QWidget;
    auto *steerLayout = new QVBoxLayout(steerPage);
    steerLayout->addLayout(steerBar);
    steerLayout->addWidget(m_steerSummary);
    steerLayout->addLayout(userBar);
    steerLayout->addWidget(m_steerTable, 1);
    auto *chartPage = new QWidget;
    chartPage->setLayout(m_charts);
    // Pages keep each view readable on a 1366×768 screen.
    m_pages = new QTabWidget;
    m_pages->setObjectName(QStringLiteral("conceptPages"));
    m_pages->addTab(m_examples, tr("Top sequences"));
    m_pages->addTab(chartPage, tr("Activations"));
    m_pages->addTab(steerPage, tr("Ablate / steer"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_pages, 1);

    connect(ablate, &QPushButton::clicked, this, [this] { steer(0.0); });
    connect(amplify, &QPushButton::clicked, this, [this] { steer(m_factor->value()); });
    connect(m_steerUser, &QComboBox::currentIndexChanged, this, &ConceptDetails::showSteerUser);
    showConcept(nullptr);
}

void ConceptDetails::setLab(std::shared_ptr<const core::SaeLab> lab)
{
    m_lab = std::move(lab);
    showConcept(nullptr);
}

void ConceptDetails::showConcept(const core::Concept *shown)
{
    m_concept = shown;
    m_steered = {};
    m_steerUser->clear();
    m_steerTable->setRowCount(0);
    m_steerSummary->clear();
    m_examples->clear();
    if (!shown || !m_lab) {
        m_title->setText(tr("Pick a latent in the list to see its sequences, activations and what "
                            "switching it does."));
        return;
    }
    const auto &c = *shown;
    m_title->setText(tr("<b>Latent %1: %2</b><br>confidence %3 (recall %4 on held-out top "
                        "sequences, precision %5 on random inactive "
                        "ones); fires on %6 % of sequences, mean activation %7, max %8")
                         .arg(c.latent)
                         .arg(QString::fromStdString(c.label).toHtmlEscaped())
                         .arg(c.confidence, 0, 'f', 2)
                         .arg(c.recall, 0, 'f', 2)
                         .arg(c.precision, 0, 'f', 2)
                         .arg(100 * c.frequency, 0, 'f', 2)
                         .arg(c.meanActivation, 0, 'f', 3)
                         .arg(c.maxActivation, 0, 'f', 3));
    showExamples(c);
    showCharts(c);
}

void ConceptDetails::showExamples(const core::Concept &c)
{
    for (const auto &e : c.top) {
        const auto items = m_lab->sequence(e.user, e.end);
        QStringList recent;
        for (std::size_t i = items.size() > 5 ? items.size() - 5 : 0; i < items.size(); ++i)
            recent << QString::fromStdString(m_lab->itemName(items[i]));
        auto *row = new QTreeWidgetItem({QString::fromStdString(m_lab->userId(e.user)),
                                         QString::number(e.activation, 'f', 3),
                                         (items.size() > 5 ? QStringLiteral("… ") : QString())
                                             + recent.join(QStringLiteral(" → ")),
                                         QString::fromStdString(m_lab->itemName(e.topItem))});
        row->setToolTip(2, tr("%1 items in this prefix of the user's history").arg(items.size()));
        m_examples->addTopLevelItem(row);
    }
    for (int col : {0, 1, 3})
        m_examples->resizeColumnToContents(col);
}

void ConceptDetails::showCharts(const core::Concept &c)
{
    for (auto *old : {m_histogram, m_enrichment})
        if (old) {
            m_charts->removeWidget(old);
            old->deleteLater();
        }
    NamedPoints bins{tr("sequences"), {}};
    for (std::size_t b = 0; b + 1 < c.histogramEdges.size(); ++b)
        bins.points.append(
            QPointF(0.5 * (c.histogramEdges[b] + c.histogramEdges[b + 1]), c.histogramCounts[b]));
    m_histogram = makeLineChart(tr("Activation where it fires (20 bins)"),
                                {bins},
                                {tr("activation")},
                                {tr("sequences")});
    QStringList genres;
    QList<qreal> top, all;
    for (std::size_t g = 0; g < c.genreShareTop.size(); ++g) {
        genres << QString::fromStdString(m_lab->genreName(std::int64_t(g)));
        top << c.genreShareTop[g];
        all << (g < c.genreShareAll.size() ? c.genreShareAll[g] : 0.0);
    }
    m_enrichment = makeBarChart(tr("Genre of the last item"),
                                genres,
                                {{tr("its top sequences"), top}, {tr("all sequences"), all}},
                                {tr("share")},
                                /*horizontal=*/true);
    m_histogram->setObjectName(QStringLiteral("conceptHistogram"));
    m_enrichment->setObjectName(QStringLiteral("conceptEnrichment"));
    m_charts->addWidget(m_histogram, 1);
    m_charts->addWidget(m_enrichment, 1);
}

core::SteerResult ConceptDetails::steer(double factor)
{
    if (!m_lab || !m_concept)
        return {};
    std::vector<std::int64_t> users;
    QStringList unknown;
    for (const auto &id : m_users->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const auto u = m_lab->findUser(id.trimmed().toStdString());
        if (u < 0)
            unknown << id.trimmed();
        else
            users.push_back(u);
    }
    if (!unknown.isEmpty()) {
        m_steerSummary->setText(
            tr("No user %1 with a history in this run.").arg(unknown.join(QStringLiteral(", "))));
        return {};
    }
    if (users.empty())
        users = factor == 0.0 ? m_lab->mostActiveUsers(m_concept->latent, 10)
                              : m_lab->inactiveUsers(m_concept->latent, 10);
    const auto latents = m_sameConcept->isChecked() ? m_lab->sameConcept(m_concept->latent)
                                                    : std::vector<int>{m_concept->latent};
    m_steered = m_lab->steer(latents, factor, users, 10);
    m_pages->setCurrentIndex(2);
    m_steerSummary->setText(tr("%1 %2 latent(s) for %3 users: the concept's items fill %4 % of the "
                               "top-10 before, %5 % after.")
                                .arg(factor == 0.0 ? tr("Ablated") : tr("Steered"))
                                .arg(latents.size())
                                .arg(m_steered.rows.size())
                                .arg(100 * m_steered.conceptShareBefore, 0, 'f', 1)
                                .arg(100 * m_steered.conceptShareAfter, 0, 'f', 1));
    QSignalBlocker block(m_steerUser);
    m_steerUser->clear();
    for (const auto &r : m_steered.rows)
        m_steerUser->addItem(tr("%1 (activation %2)")
                                 .arg(QString::fromStdString(m_lab->userId(r.user)))
                                 .arg(r.activation, 0, 'f', 3));
    showSteerUser(0);
    return m_steered;
}

void ConceptDetails::showSteerUser(int row)
{
    m_steerTable->setRowCount(0);
    if (row < 0 || row >= int(m_steered.rows.size()))
        return;
    const auto &r = m_steered.rows[std::size_t(row)];
    m_steerTable->setRowCount(int(r.before.size()));
    for (int k = 0; k < int(r.before.size()); ++k) {
        m_steerTable->setItem(k,
                              0,
                              new QTableWidgetItem(QString::fromStdString(
                                  m_lab->itemName(r.before[std::size_t(k)]))));
        auto *after = new QTableWidgetItem(
            QString::fromStdString(m_lab->itemName(r.after[std::size_t(k)])));
        if (r.after[std::size_t(k)] != r.before[std::size_t(k)])
            after->setFont([&] {
                QFont f = after->font();
                f.setBold(true);
                return f;
            }());
        m_steerTable->setItem(k, 1, after);
    }
}

} // namespace recscope::views
