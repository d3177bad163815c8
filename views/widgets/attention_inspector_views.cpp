// SPDX-License-Identifier: MIT
// AttentionInspector's pictures: the heatmap, the per-sample charts and the aggregate.
#include "views/charts/chart_builders.h"
#include "views/charts/chart_view.h"
#include "views/widgets/attention_inspector.h"
#include "views/widgets/heatmap_view.h"

#include <recscope/core/inspector.h>

#include <QtCharts/QChart>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>
#include <QtCore/QFile>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QVBoxLayout>

#include <cmath>
#include <map>

namespace recscope::views {

void AttentionInspector::showSelfAttention()
{
    const auto maps = m_inspector->selfAttention(m_user);
    if (maps.length() == 0) {
        m_info->setText(tr("This model has no self-attention to show."));
        return;
    }
    {
        QSignalBlocker a(m_layer), b(m_head);
        m_layer->setRange(1, maps.layers);
        m_head->setRange(1, maps.heads);
    }
    const int layer = m_layer->value() - 1, head = m_head->value() - 1, n = maps.length();
    std::vector<float> values(std::size_t(n) * std::size_t(n));
    for (int q = 0; q < n; ++q)
        for (int k = 0; k < n; ++k)
            values[std::size_t(q * n + k)] = maps.at(layer, head, q, k);
    QStringList labels;
    for (int k = 0; k < n; ++k)
        labels.append(
            QStringLiteral("%1. %2").arg(k + 1).arg(itemLabel(maps.items[std::size_t(k)])));
    const QString user
        = QString::fromStdString(m_inspector->dataset().userIds[std::size_t(m_user)]);
    m_heatmap->setMatrix(
        std::move(values),
        labels,
        labels,
        tr("%1 · user %2 · layer %3, head %4 · query (row) × key (column), oldest first")
            .arg(QString::fromStdString(m_inspector->label()), user)
            .arg(layer + 1)
            .arg(head + 1));
    m_info->setText(tr("%1 items in the window; the last row is what the model's prediction reads. "
                       "Wheel or +/− zooms; hover for values.")
                        .arg(n));
}

namespace {

/// The search check's learned correlation of each behaviour, on its own axis at the right: its
/// scale (a PMI) has nothing to do with the model's score logits.
void addCorrelationAxis(ChartView *chart, const core::BehaviourAttention &s, int n)
{
    auto *line = new QLineSeries;
    line->setName(QObject::tr("learned correlation (right axis)"));
    float top = 0;
    for (int i = 0; i < n; ++i) {
        line->append(i - n, s.correlation[std::size_t(i)]);
        top = std::max(top, s.correlation[std::size_t(i)]);
    }
    QPen pen = line->pen();
    pen.setStyle(Qt::DashLine);
    line->setPen(pen);
    chart->chart()->addSeries(line);
    auto *right = new QValueAxis;
    right->setTitleText(QObject::tr("correlation (PMI ≥ 0)"));
    right->setRange(0, std::max(0.1, double(top) * 1.1));
    applyNiceTicks(right);
    chart->chart()->addAxis(right, Qt::AlignRight);
    line->attachAxis(right);
    for (auto *axis : chart->chart()->axes(Qt::Horizontal))
        line->attachAxis(axis);
    attachTooltips(line);
}

} // namespace

void AttentionInspector::showTargetAttention()
{
    const auto samples = m_inspector->targetAttention(m_user);
    if (samples.empty())
        return;
    int pick = m_sample->currentIndex();
    {
        QSignalBlocker block(m_sample);
        m_sample->clear();
        for (const auto &s : samples)
            m_sample->addItem(
                tr("%1 %2 · p = %3")
                    .arg(s.label > 0.5f ? tr("click") : tr("non-click"), itemLabel(s.targetItem))
                    .arg(double(s.probability), 0, 'f', 3));
        pick = std::clamp(pick, 0, int(samples.size()) - 1);
        m_sample->setCurrentIndex(pick);
    }
    const auto &s = samples[std::size_t(pick)];
    const auto &d = m_inspector->dataset();
    // Weight bars, one stacked set per category so each bar takes its category's colour.
    std::map<QString, QList<qreal>> byCategory;
    QStringList positions;
    const int n = int(s.rows.size());
    for (int i = 0; i < n; ++i) {
        positions.append(QString::number(i - n)); // −1 = the most recent behaviour
        const auto item = d.item[std::size_t(s.rows[std::size_t(i)])];
        QString cat = QString::fromStdString(m_inspector->categoryOf(item));
        if (cat.isEmpty())
            cat = tr("(none)");
        auto &v = byCategory[cat];
        v.resize(n, 0);
        v[i] = s.weights[std::size_t(i)];
    }
    QList<NamedValues> sets;
    for (auto &[cat, values] : byCategory) {
        values.resize(n, 0);
        sets.append({cat, values});
    }
    const QString target = itemLabel(s.targetItem);
    auto *weights = makeBarChart(
        tr("Attention weight per behaviour (position before the target) · target %1, %2")
            .arg(target, s.label > 0.5f ? tr("clicked") : tr("not clicked")),
        positions,
        sets,
        {tr("weight")},
        false,
        true);
    weights->setObjectName(QStringLiteral("inspectorWeights"));
    replace(m_weights, m_ctrLayout, weights);

    QList<NamedPoints> lines{{tr("attention-space score"), {}}};
    if (!s.repScores.empty())
        lines.append({tr("representation-space score"), {}});
    for (int i = 0; i < n; ++i) {
        if (std::isfinite(s.scores[std::size_t(i)]))
            lines[0].points.append(QPointF(i - n, s.scores[std::size_t(i)]));
        if (!s.repScores.empty() && std::isfinite(s.repScores[std::size_t(i)]))
            lines[1].points.append(QPointF(i - n, s.repScores[std::size_t(i)]));
    }
    auto *scores = makeLineChart(tr("Search scores against the learned correlation; ● retrieved "
                                    "top-K, ◆ same category, recent"),
                                 lines,
                                 {tr("position before the target")},
                                 {tr("score")});
    scores->setObjectName(QStringLiteral("inspectorScores"));
    auto mark = [&](const QString &name,
                    const std::vector<bool> &flags,
                    QScatterSeries::MarkerShape shape) {
        auto *m = new QScatterSeries;
        m->setName(name);
        m->setMarkerShape(shape);
        m->setMarkerSize(9);
        for (int i = 0; i < n; ++i)
            if (flags[std::size_t(i)] && std::isfinite(s.scores[std::size_t(i)]))
                m->append(i - n, s.scores[std::size_t(i)]);
        scores->chart()->addSeries(m);
        for (auto *axis : scores->chart()->series().front()->attachedAxes()) // the score axes, not
                                                                             // the correlation's
            m->attachAxis(axis);
        attachTooltips(m);
    };
    addCorrelationAxis(scores, s, n);
    if (std::find(s.retrieved.begin(), s.retrieved.end(), true) != s.retrieved.end())
        mark(tr("retrieved"), s.retrieved, QScatterSeries::MarkerShapeCircle);
    mark(tr("relevant"), s.relevant, QScatterSeries::MarkerShapeRectangle);
    scores->chart()->legend()->setVisible(true);
    scores->connectLegend();
    replace(m_scores, m_ctrLayout, scores);
    m_info->setText(
        tr("%1 behaviours; the model puts %2 of its weight on the target's category.")
            .arg(n)
            .arg([&] {
                double w = 0;
                const auto want = m_inspector->categoryOf(s.targetItem);
                for (int i = 0; i < n; ++i)
                    if (m_inspector->categoryOf(d.item[std::size_t(s.rows[std::size_t(i)])])
                        == want)
                        w += s.weights[std::size_t(i)];
                return QStringLiteral("%1%").arg(100 * w, 0, 'f', 1);
            }()));
}

void AttentionInspector::showAggregate()
{
    const auto agg = m_inspector->aggregate(2000);
    QStringList gaps;
    for (const auto &g : agg.gapLabels)
        gaps.append(QString::fromStdString(g));
    auto list = [](const std::vector<double> &v) { return QList<qreal>(v.begin(), v.end()); };
    auto *chart = makeBarChart(
        tr("Attention mass by time gap to the target and category match (%1 clicked test samples)")
            .arg(agg.samples),
        gaps,
        {{tr("attention · same category"), list(agg.massSame)},
         {tr("attention · other category"), list(agg.massOther)},
         {tr("uniform · same category"), list(agg.shareSame)},
         {tr("uniform · other category"), list(agg.shareOther)}},
        {tr("mean share per sample")});
    chart->setObjectName(QStringLiteral("inspectorAggregate"));
    replace(m_aggregate, m_aggLayout, chart);
}

QString AttentionInspector::numbersCsv() const
{
    if (m_stack->currentIndex() == 0 || !m_inspector)
        return m_heatmap->toCsv();
    QString out = QStringLiteral("position,item,category,weight,score,representation_score,"
                                 "retrieved,relevant,correlation\n");
    const auto samples = m_inspector->targetAttention(m_user);
    if (samples.empty())
        return out;
    const auto &s
        = samples[std::size_t(std::clamp(m_sample->currentIndex(), 0, int(samples.size()) - 1))];
    const int n = int(s.rows.size());
    const auto &d = m_inspector->dataset();
    for (int i = 0; i < n; ++i) {
        const auto item = d.item[std::size_t(s.rows[std::size_t(i)])];
        out += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8,%9\n")
                   .arg(i - n)
                   .arg(QString::fromStdString(d.itemIds[std::size_t(item)]),
                        QString::fromStdString(m_inspector->categoryOf(item)))
                   .arg(double(s.weights[std::size_t(i)]), 0, 'g', 7)
                   .arg(double(s.scores[std::size_t(i)]), 0, 'g', 7)
                   .arg(s.repScores.empty()
                            ? QString()
                            : QString::number(double(s.repScores[std::size_t(i)]), 'g', 7))
                   .arg(int(s.retrieved[std::size_t(i)]))
                   .arg(int(s.relevant[std::size_t(i)]))
                   .arg(double(s.correlation[std::size_t(i)]), 0, 'g', 5);
    }
    return out;
}

bool AttentionInspector::exportPicture(const QString &file, QString *error)
{
    if (file.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive)) {
        QFile f(file);
        if (f.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)
            && f.write(numbersCsv().toUtf8()) >= 0)
            return true;
        if (error)
            *error = tr("cannot write %1").arg(file);
        return false;
    }
    if (m_tabs->currentIndex() == 1 && m_aggregate)
        return m_aggregate->exportTo(file, error);
    if (m_stack->currentIndex() == 0)
        return m_heatmap->exportTo(file, error);
    return m_weights ? m_weights->exportTo(file, error) : false;
}

} // namespace recscope::views
