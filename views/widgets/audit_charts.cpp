// SPDX-License-Identifier: MIT
// The AuditView's charts and exports.
#include "views/charts/chart_builders.h"
#include "views/charts/chart_view.h"
#include "views/widgets/audit_view.h"
#include "views/widgets/view_helpers.h"

#include <QtWidgets/QComboBox>
#include <QtWidgets/QGridLayout>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QTableWidget>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace recscope::views {

namespace {

constexpr int kComparedRuns = 6; ///< audited runs drawn side by side, the newest

QString runName(const core::AuditReport &r)
{
    return QStringLiteral("#%1 %2").arg(r.runId).arg(QString::fromStdString(r.label));
}

const core::ConsumerMetric *metricOf(const core::AuditReport &r, const QString &name)
{
    for (const auto &m : r.consumer)
        if (QString::fromStdString(m.metric) == name)
            return &m;
    return nullptr;
}

/// The metric over all audited users: the user-weighted mean of the group means.
double overall(const core::ConsumerMetric &m)
{
    double sum = 0, users = 0;
    for (const auto &g : m.groups) {
        sum += g.mean * double(g.users);
        users += double(g.users);
    }
    return users > 0 ? sum / users : 0.0;
}

} // namespace

void AuditView::showFairness(const core::AuditReport &shown)
{
    const QString metric = m_metric->currentText();
    const auto *base = metricOf(shown, metric);
    if (!base)
        return;
    QStringList groups;
    for (const auto &g : base->groups)
        groups << QString::fromStdString(g.group);
    // The newest audited runs that group users the same way, the shown one included.
    std::vector<const core::AuditReport *> runs;
    for (auto it = m_reports.rbegin(); it != m_reports.rend() && int(runs.size()) < kComparedRuns;
         ++it)
        if (it->second.attribute == shown.attribute)
            runs.push_back(&it->second);
    std::reverse(runs.begin(), runs.end());
    QList<NamedIntervals> perGroup;
    QList<Interval> gaps;
    QStringList runNames;
    QList<NamedPoints> tradeoff;
    for (const auto *r : runs) {
        const auto *m = metricOf(*r, metric);
        if (!m)
            continue;
        NamedIntervals s{runName(*r), {}, runColor(r->runId)};
        for (const auto &name : groups) {
            const auto g
                = std::find_if(m->groups.begin(), m->groups.end(), [&](const core::GroupValue &v) {
                      return QString::fromStdString(v.group) == name;
                  });
            s.rows.append(g == m->groups.end() ? Interval{} : Interval{g->mean, g->low, g->high});
        }
        perGroup.append(s);
        runNames << runName(*r);
        gaps.append({m->gap, m->gapLow, m->gapHigh});
        tradeoff.append(
            {runName(*r), {QPointF(overall(*m), r->attacker.accuracy)}, runColor(r->runId)});
    }
    const QString attribute = QString::fromStdString(shown.attribute);
    place(m_groups,
          makeIntervalChart(tr("%1 by %2, with bootstrap 95% intervals").arg(metric, attribute),
                            groups,
                            perGroup,
                            {metric}),
          m_fairGrid,
          0,
          0);
    place(m_gaps,
          makeIntervalChart(tr("Gap between the best and the worst group"),
                            runNames,
                            {{tr("best − worst"), gaps}},
                            {metric}),
          m_fairGrid,
          0,
          1);
    place(m_tradeoff,
          makeScatterChart(tr("Accuracy vs the attacker's accuracy (lower = fairer)"),
                           tradeoff,
                           {tr("%1, all users").arg(metric)},
                           {tr("attacker accuracy")}),
          m_fairGrid,
          1,
          0);
    m_fairTable->setRowCount(0);
    for (const auto &m : shown.consumer) {
        const int row = m_fairTable->rowCount();
        m_fairTable->insertRow(row);
        QStringList means;
        for (const auto &g : m.groups)
            means << QStringLiteral("%1 %2")
                         .arg(QString::fromStdString(g.group))
                         .arg(g.mean, 0, 'f', 4);
        const QStringList cells{QString::fromStdString(m.metric),
                                means.join(QStringLiteral(", ")),
                                QStringLiteral("%1 [%2, %3]")
                                    .arg(m.gap, 0, 'f', 4)
                                    .arg(m.gapLow, 0, 'f', 4)
                                    .arg(m.gapHigh, 0, 'f', 4),
                                QString::number(m.ratio, 'f', 3)};
        for (int c = 0; c < cells.size(); ++c)
            m_fairTable->setItem(row, c, new QTableWidgetItem(cells[c]));
    }
    m_groups->setObjectName(QStringLiteral("auditGroups"));
    m_gaps->setObjectName(QStringLiteral("auditGaps"));
    m_tradeoff->setObjectName(QStringLiteral("auditTradeoff"));
}

void AuditView::showBias(const core::AuditReport &r)
{
    NamedPoints lorenz{tr("recommendations"), {}},
        equality{tr("equal exposure"), {QPointF(0, 0), QPointF(1, 1)}};
    for (std::size_t k = 0; k < r.lorenzX.size(); ++k)
        lorenz.points.append(QPointF(r.lorenzX[k], r.lorenzY[k]));
    const double gini = r.bias.count("GiniRecBole") ? r.bias.at("GiniRecBole") : 0.0;
    place(
        m_lorenz,
        makeLineChart(tr("Lorenz curve of exposure · Gini %1 (RecBole: higher = more concentrated)")
                          .arg(gini, 0, 'f', 3),
                      {lorenz, equality},
                      {tr("share of items, least recommended first")},
                      {tr("share of recommendations")}),
        m_biasGrid,
        0,
        0);
    // The long tail: items ranked by training popularity, their share of training interactions
    // and of recommendations.
    std::vector<std::size_t> order(r.popularity.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return r.popularity[a] > r.popularity[b];
    });
    const double popTotal
        = std::max(1.0, std::accumulate(r.popularity.begin(), r.popularity.end(), 0.0));
    const double expTotal
        = std::max(1.0, std::accumulate(r.exposure.begin(), r.exposure.end(), 0.0));
    NamedPoints train{tr("training interactions"), {}}, recs{tr("recommendations"), {}};
    double trainSum = 0, recSum = 0;
    for (std::size_t k = 0; k < order.size(); ++k) {
        trainSum += r.popularity[order[k]] / popTotal;
        recSum += r.exposure[order[k]] / expTotal;
        train.points.append(QPointF(double(k + 1), trainSum));
        recs.points.append(QPointF(double(k + 1), recSum));
    }
    place(m_tail,
          makeLineChart(tr("Long tail: cumulative share of the N most popular items"),
                        {train, recs},
                        {tr("N most popular items (by training interactions)"), true},
                        {tr("cumulative share")}),
          m_biasGrid,
          0,
          1);
    QStringList groups;
    QList<qreal> catalog, exposure, hits;
    for (const auto &g : r.itemGroups)
        if (g.family != "genre") {
            groups << QString::fromStdString(g.group);
            catalog << g.catalogShare;
            exposure << g.exposureShare;
            hits << g.hitShare;
        }
    place(m_shares,
          makeBarChart(tr("Head / tail and source: share of catalogue, recommendations and hits"),
                       groups,
                       {{tr("catalogue"), catalog},
                        {tr("recommendations"), exposure},
                        {tr("hits"), hits}},
                       {tr("share")}),
          m_biasGrid,
          1,
          0);
    m_biasTable->setRowCount(0);
    for (const auto &[name, v] : r.bias) {
        const int row = m_biasTable->rowCount();
        m_biasTable->insertRow(row);
        m_biasTable
            ->setItem(row,
                      0,
                      new QTableWidgetItem(
                          QStringLiteral("%1@%2").arg(QString::fromStdString(name)).arg(r.k)));
        m_biasTable->setItem(row,
                             1,
                             new QTableWidgetItem(std::isfinite(v) ? QString::number(v, 'g', 5)
                                                                   : tr("undefined")));
    }
    QStringList genres;
    QList<qreal> gc, ge, gh;
    for (const auto &g : r.itemGroups)
        if (g.family == "genre") {
            genres << QString::fromStdString(g.group);
            gc << g.catalogShare;
            ge << g.exposureShare;
            gh << g.hitShare;
        }
    place(m_genres,
          makeBarChart(tr("Genres: share of catalogue, recommendations and hits"),
                       genres,
                       {{tr("catalogue"), gc}, {tr("recommendations"), ge}, {tr("hits"), gh}},
                       {tr("share")},
                       /*horizontal=*/true),
          m_genreGrid,
          0,
          0);
    m_lorenz->setObjectName(QStringLiteral("auditLorenz"));
    m_tail->setObjectName(QStringLiteral("auditTail"));
}

void AuditView::setRobustness(const QList<RobustnessPoint> &points)
{
    // Lines of T-HR@50 against the fake-user share, one per (model, attack); a model's clean run
    // (attack none) is every line's point at 0.
    std::map<QString, std::map<QString, QList<QPointF>>> lines; // model → attack → points
    std::map<QString, double> clean, cleanAccuracy;
    for (const auto &p : points) {
        if (p.attack == QLatin1String("none") || p.fakeShare == 0) {
            clean[p.model] = p.targetHitRate;
            cleanAccuracy[p.model] = p.accuracy;
        } else {
            lines[p.model][p.attack].append(QPointF(100 * p.fakeShare, p.targetHitRate));
        }
    }
    QList<NamedPoints> series;
    for (auto &[model, byAttack] : lines)
        for (auto &[attack, pts] : byAttack) {
            if (clean.count(model))
                pts.append(QPointF(0, clean[model]));
            std::sort(pts.begin(), pts.end(), [](const QPointF &a, const QPointF &b) {
                return a.x() < b.x();
            });
            series.append({QStringLiteral("%1 · %2").arg(model, attack), pts});
        }
    place(m_attacks,
          makeLineChart(tr("Target items' hit rate against the attack size"),
                        series,
                        {tr("fake users, % of real users")},
                        {tr("T-HR@50")}),
          m_robustGrid,
          0,
          0);
    QStringList models;
    QList<qreal> accuracy;
    for (const auto &[model, v] : cleanAccuracy) {
        models << model;
        accuracy << v;
    }
    place(m_defences,
          makeBarChart(tr("Accuracy on clean data: the cost of each defence"),
                       models,
                       {{tr("NDCG@10"), accuracy}},
                       {tr("NDCG@10")}),
          m_robustGrid,
          0,
          1);
    m_attacks->setObjectName(QStringLiteral("auditAttacks"));
    m_defences->setObjectName(QStringLiteral("auditDefences"));
}

QString AuditView::numbersCsv() const
{
    if (!m_reports.count(m_shown))
        return {};
    const auto &r = m_reports.at(m_shown);
    // Fields joined, not substituted into a pattern: a group named "%2" stays "%2".
    QString out = QStringLiteral("section,name,group,users,value,low,high\n");
    auto line = [&out](const QString &section,
                       const std::string &name,
                       const std::string &group,
                       const QString &users,
                       double value,
                       const QString &low = {},
                       const QString &high = {}) {
        out += QStringList{section,
                           csvField(QString::fromStdString(name)),
                           csvField(QString::fromStdString(group)),
                           users,
                           csvNumber(value),
                           low,
                           high}
                   .join(QLatin1Char(','))
               + QLatin1Char('\n');
    };
    for (const auto &m : r.consumer) {
        for (const auto &g : m.groups)
            line(QStringLiteral("consumer"),
                 m.metric,
                 g.group,
                 csvNumber(g.users),
                 g.mean,
                 csvNumber(g.low),
                 csvNumber(g.high));
        line(QStringLiteral("gap"),
             m.metric,
             m.best + " - " + m.worst,
             {},
             m.gap,
             csvNumber(m.gapLow),
             csvNumber(m.gapHigh));
    }
    line(QStringLiteral("attacker"),
         "accuracy",
         "",
         csvNumber(r.attacker.testUsers),
         r.attacker.accuracy);
    line(QStringLiteral("attacker"), "macro_f1", "", {}, r.attacker.macroF1);
    line(QStringLiteral("attacker"), "majority", "", {}, r.attacker.majority);
    for (const auto &[name, v] : r.bias)
        line(QStringLiteral("bias"), name, "", {}, v);
    for (const auto &g :
         r.itemGroups) // users: the group's items; low, high: its catalogue and hit shares
        line(QStringLiteral("exposure"),
             g.family,
             g.group,
             csvNumber(g.items),
             g.exposureShare,
             csvNumber(g.catalogShare),
             csvNumber(g.hitShare));
    return out;
}

bool AuditView::exportPicture(const QString &file, QString *error) const
{
    return exportPage(m_tabs->currentWidget(), numbersCsv(), tr("RecScope audit"), file, error);
}

} // namespace recscope::views
