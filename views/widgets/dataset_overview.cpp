// SPDX-License-Identifier: MIT
#include "views/widgets/dataset_overview.h"

#include "views/charts/chart_builders.h"
#include "views/charts/chart_view.h"
#include "views/models/interaction_table_model.h"

#include <recscope/core/dataset.h>
#include <recscope/core/dataset_profile.h>

#include <QtCore/QDateTime>
#include <QtCore/QLocale>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QGridLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QScrollArea>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableView>
#include <QtWidgets/QVBoxLayout>

namespace recscope::views {

namespace {

QString count(double v)
{
    return QLocale().toString(qlonglong(v));
}

QList<NamedValues> shares(const core::Breakdown &b, const QString &entity)
{
    double e = 0, r = 0;
    for (const auto &[_, n] : b.entities)
        e += n;
    for (const auto &[_, n] : b.interactions)
        r += n;
    NamedValues es{QObject::tr("%1 (%)").arg(entity), {}}, rs{QObject::tr("interactions (%)"), {}};
    for (std::size_t k = 0; k < b.entities.size(); ++k) {
        es.values.append(e > 0 ? 100.0 * b.entities[k].second / e : 0);
        rs.values.append(r > 0 ? 100.0 * b.interactions[k].second / r : 0);
    }
    return {es, rs};
}

QStringList names(const std::vector<std::pair<std::string, double>> &v)
{
    QStringList out;
    for (const auto &[n, _] : v)
        out.append(QString::fromStdString(n));
    return out;
}

} // namespace

DatasetOverview::DatasetOverview(QWidget *parent)
    : QWidget(parent)
    , m_tabs(new QTabWidget(this))
    , m_title(new QLabel(this))
    , m_stats(new QFormLayout)
    , m_grid(new QGridLayout)
    , m_table(new QTableView(this))
    , m_model(new InteractionTableModel(this))
    , m_filterKind(new QComboBox(this))
    , m_filter(new QLineEdit(this))
    , m_filterResult(new QLabel(this))
{
    auto *overview = new QWidget;
    auto *top = new QHBoxLayout;
    auto *statsBox = new QWidget;
    statsBox->setLayout(m_stats);
    statsBox->setMinimumWidth(260);
    statsBox->setMaximumWidth(340);
    m_stats->setLabelAlignment(Qt::AlignRight);
    auto *charts = new QWidget;
    charts->setLayout(m_grid);
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setWidget(charts);
    scroll->setFrameShape(QFrame::NoFrame);
    top->addWidget(statsBox, 0, Qt::AlignTop);
    top->addWidget(scroll, 1);
    overview->setLayout(top);

    m_table->setModel(m_model);
    m_table->setObjectName(QStringLiteral("interactionTable"));
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    // Uniform rows let the view skip measuring millions of rows.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);

    m_tabs->addTab(overview, tr("Overview"));
    m_tabs->addTab(makeInteractionPage(), tr("Interactions"));
    m_title->setObjectName(QStringLiteral("datasetTitle"));
    QFont f = m_title->font();
    f.setPointSizeF(f.pointSizeF() * 1.25);
    f.setBold(true);
    m_title->setFont(f);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_tabs, 1);
    m_chartTimer.setInterval(0);
    connect(&m_chartTimer, &QTimer::timeout, this, &DatasetOverview::addNextChart);
    clear(tr("No dataset loaded. Import one (File ▸ Import dataset) or generate a synthetic one."));
}

DatasetOverview::~DatasetOverview() = default;

QWidget *DatasetOverview::makeInteractionPage()
{
    auto *page = new QWidget;
    auto *bar = new QHBoxLayout;
    m_filterKind->addItems({tr("User ID"), tr("Item ID")});
    m_filterKind->setObjectName(QStringLiteral("interactionFilterKind"));
    m_filter->setObjectName(QStringLiteral("interactionFilter"));
    m_filter->setPlaceholderText(tr("show one user's or item's rows (Enter); empty shows all"));
    m_filter->setClearButtonEnabled(true);
    m_filterResult->setObjectName(QStringLiteral("interactionFilterResult"));
    bar->addWidget(new QLabel(tr("Filter by")));
    bar->addWidget(m_filterKind);
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_filterResult);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
    connect(m_filter, &QLineEdit::returnPressed, this, &DatasetOverview::applyFilter);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &t) {
        if (t.isEmpty() && m_model->filtered())
            applyFilter();
    });
    connect(m_filterKind, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_filter->text().isEmpty())
            applyFilter();
    });
    return page;
}

void DatasetOverview::applyFilter()
{
    const QString id = m_filter->text().trimmed();
    const bool user = m_filterKind->currentIndex() == 0;
    const int rows = user ? m_model->filterByUser(id) : m_model->filterByItem(id);
    if (rows < 0)
        m_filterResult->setText(tr("no %1 '%2'").arg(user ? tr("user") : tr("item"), id));
    else if (id.isEmpty())
        m_filterResult->setText(tr("%1 rows").arg(count(rows)));
    else
        m_filterResult->setText(
            tr("%1 rows of %2 %3").arg(count(rows), user ? tr("user") : tr("item"), id));
}

void DatasetOverview::clear(const QString &message)
{
    m_chartTimer.stop();
    m_pendingCharts.clear();
    m_nextChart = 0;
    for (auto *c :
         m_charts) { // out of the grid now: the next dataset's first chart takes its cell this turn
        m_grid->removeWidget(c);
        c->hide();
        c->deleteLater();
    }
    m_charts.clear();
    while (m_stats->rowCount() > 0)
        m_stats->removeRow(0);
    m_title->setText(message);
    m_model->setDataset(nullptr);
}

void DatasetOverview::addNextChart()
{
    // A chart's first layout and paint cost several milliseconds each (axes, text shaping):
    // one per turn keeps the event loop turning between them.
    if (m_nextChart < m_pendingCharts.size())
        addChart(m_pendingCharts[m_nextChart++]());
    if (m_nextChart >= m_pendingCharts.size()) {
        m_chartTimer.stop();
        m_pendingCharts.clear();
        m_nextChart = 0;
    }
}

void DatasetOverview::addChart(ChartView *chart)
{
    const int n = int(m_charts.size());
    chart->setMinimumSize(320,
                          std::max(260,
                                   chart->minimumHeight())); // long category lists ask for more
    m_grid->addWidget(chart, n / 2, n % 2);
    m_charts.append(chart);
}

void DatasetOverview::setStats(const core::Dataset &data, const core::DatasetStats &s)
{
    auto row = [this](const QString &label, const QString &value) {
        auto *v = new QLabel(value);
        v->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_stats->addRow(label, v);
    };
    row(tr("Users"), count(double(s.users)));
    row(tr("Items"), count(double(s.items)));
    row(tr("Interactions"), count(double(s.interactions)));
    row(tr("Density"), QStringLiteral("%1 %").arg(100.0 * s.density, 0, 'g', 3));
    row(tr("Per user"),
        tr("mean %1 · median %2 · %3–%4")
            .arg(s.meanPerUser, 0, 'f', 1)
            .arg(s.medianPerUser)
            .arg(s.minPerUser)
            .arg(s.maxPerUser));
    row(tr("Per item"), tr("mean %1 · max %2").arg(s.meanPerItem, 0, 'f', 1).arg(s.maxPerItem));
    row(tr("Item Gini"), QString::number(s.itemGini, 'f', 3));
    row(tr("Top 20% items"), tr("%1 % of interactions").arg(100.0 * s.top20Share, 0, 'f', 1));
    if (data.hasTime)
        row(tr("Time span"),
            tr("%1 – %2").arg(
                QDateTime::fromSecsSinceEpoch(s.firstTime, Qt::UTC).date().toString(Qt::ISODate),
                QDateTime::fromSecsSinceEpoch(s.lastTime, Qt::UTC).date().toString(Qt::ISODate)));
    if (data.hasRating)
        row(tr("Mean rating"), QString::number(s.meanRating, 'f', 2));
    for (const auto &a : data.userAttributes)
        row(tr("User attribute"),
            QString::fromStdString(a.name) + (a.sensitive ? tr(" (sensitive)") : QString()));
    if (!data.itemCategories.empty())
        row(tr("Item categories"),
            tr("%1 (%2 values)")
                .arg(QString::fromStdString(data.itemCategories.name))
                .arg(data.itemCategories.vocabulary.size()));
    row(tr("Source"), QString::fromStdString(data.source));
}

void DatasetOverview::setDataset(std::shared_ptr<const core::Dataset> data,
                                 const core::DatasetStats &stats,
                                 const core::DatasetProfile &p)
{
    clear({});
    m_title->setText(tr("Dataset: %1").arg(QString::fromStdString(data->name)));
    setStats(*data, stats);

    // The builders own copies of what they chart: the profile is the caller's.
    const auto profile = std::make_shared<const core::DatasetProfile>(p);
    const bool hasTime = data->hasTime, ratings = data->feedback.empty();
    auto &q = m_pendingCharts;
    q.push_back([profile] {
        const auto &r = profile->popularityByRank;
        return makeLineChart(tr("Item popularity (long tail)"),
                             {{tr("items"), toPoints(r.x, r.y, true, true)}},
                             {tr("popularity rank"), true},
                             {tr("interactions"), true});
    });
    q.push_back([profile] {
        QStringList bins;
        QList<qreal> users;
        for (std::size_t k = 0; k < profile->userActivity.x.size(); ++k) {
            bins.append(QString::number(
                qlonglong(profile->userActivity.x[k]))); // bin [lo, 2 lo): the title says so
            users.append(profile->userActivity.y[k]);
        }
        return makeBarChart(tr("User activity (log₂ bins: x to 2x−1 interactions)"),
                            bins,
                            {{tr("users"), users}},
                            {tr("users")});
    });
    q.push_back([profile] {
        const auto &c = profile->sequenceLengthCdf;
        return makeLineChart(tr("Sequence length (CDF)"),
                             {{tr("users"), toPoints(c.x, c.y, true)}},
                             {tr("interactions per user"), true},
                             {tr("share of users ≤ x")});
    });
    if (!p.valueCounts.empty())
        q.push_back([profile, ratings] {
            QList<qreal> v;
            for (const auto &[_, n] : profile->valueCounts)
                v.append(n);
            return makeBarChart(ratings ? tr("Rating distribution") : tr("Feedback levels"),
                                names(profile->valueCounts),
                                {{tr("interactions"), v}},
                                {tr("interactions")});
        });
    q.push_back([profile, hasTime] {
        const auto &t = profile->overTime;
        return makeLineChart(tr("Interactions over time"),
                             {{tr("interactions"), toPoints(t.x, t.y)}},
                             {hasTime ? tr("time") : tr("row order"), false, hasTime},
                             {tr("interactions per bucket")});
    });
    for (std::size_t i = 0; i < p.userBreakdowns.size(); ++i)
        q.push_back([profile, i] {
            const auto &b = profile->userBreakdowns[i];
            return makeBarChart(tr("Users by %1").arg(QString::fromStdString(b.name)),
                                names(b.entities),
                                shares(b, tr("users")),
                                {tr("%")});
        });
    for (std::size_t i = 0; i < p.itemBreakdowns.size(); ++i)
        q.push_back([profile, i] {
            const auto &b = profile->itemBreakdowns[i];
            return makeBarChart(tr("Items by %1").arg(QString::fromStdString(b.name)),
                                names(b.entities),
                                shares(b, tr("items")),
                                {tr("%")},
                                b.entities.size() > 8);
        });
    addNextChart(); // the first at once, the rest one per turn
    if (!m_pendingCharts.empty())
        m_chartTimer.start();
    m_model->setDataset(std::move(data));
    m_filter->clear();
    m_filterResult->setText(tr("%1 rows").arg(count(m_model->rowCount())));
}

} // namespace recscope::views
