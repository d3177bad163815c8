// SPDX-License-Identifier: MIT
#include "views/widgets/extraction_view.h"

#include "views/charts/chart_builders.h"
#include "views/charts/chart_view.h"
#include "views/widgets/view_helpers.h"

#include <QtWidgets/QDoubleSpinBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QSpinBox>

#include <algorithm>

namespace recscope::views {

namespace {

double agreementAt(const core::ExtractionPoint &p, int k)
{
    const auto it = p.agreement.find(k);
    return it == p.agreement.end() ? 0.0 : it->second;
}

} // namespace

ExtractionView::ExtractionView(QWidget *parent)
    : ReportPage({QStringLiteral("extraction"),
                  tr("Victim run"),
                  tr("Extract"),
                  tr("Query the run as a black box returning top-100 lists and distil surrogates "
                     "per budget and variant"),
                  tr("Run #%1 has not been extracted yet: press Extract."),
                  QStringLiteral("extraction.svg"),
                  tr("RecScope model extraction"),
                  {tr("variant"),
                   tr("budget"),
                   tr("queries"),
                   tr("sequences"),
                   tr("gate"),
                   tr("Agr@1"),
                   tr("Agr@5"),
                   tr("Agr@10"),
                   tr("Agr@20"),
                   tr("NDCG@10")}},
                 parent)
    , m_share(new QDoubleSpinBox)
    , m_budgets(new QLineEdit(QStringLiteral("2000, 5000, 10000, 20000")))
    , m_epochs(new QSpinBox)
{
    m_share->setRange(0.01, 0.5);
    m_share->setSingleStep(0.01);
    m_share->setValue(0.1);
    m_share->setPrefix(tr("attacker holds "));
    m_share->setToolTip(
        tr("Share of users whose real sequences the attacker holds (the paper: 10% or less)"));
    m_budgets->setToolTip(
        tr("Query budgets, comma-separated: every prefix the attacker asks about is one query"));
    m_budgets->setMaximumWidth(220);
    m_epochs->setRange(1, 10000);
    m_epochs->setValue(100);
    m_epochs->setSuffix(tr(" epochs"));
    auto *budgetsLabel = new QLabel(tr("budgets"));
    for (QWidget *w : std::initializer_list<QWidget *>{m_share, budgetsLabel, m_budgets, m_epochs})
        addSetting(w);
    setMessage(tr("Pick a trained sequential run and press Extract. The attacker sees only top-100 "
                  "lists for the sequences it sends; "
                  "agreement is measured on users it never saw."));
}

void ExtractionView::start(qint64 runId)
{
    core::ExtractionConfig c;
    c.fewShotShare = m_share->value();
    c.epochs = m_epochs->value();
    c.budgets.clear();
    for (const auto &part : m_budgets->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const qint64 b = part.trimmed().toLongLong(&ok);
        if (!ok || b < 2) {
            setMessage(
                tr("Budgets: '%1' is not a number of queries (2 or more).").arg(part.trimmed()));
            return;
        }
        c.budgets.push_back(b);
    }
    Q_EMIT extractionRequested(runId, c);
}

void ExtractionView::rebuild(const core::ExtractionReport &r)
{
    std::vector<std::string> variants;
    std::int64_t largest = 0;
    for (const auto &p : r.points) {
        if (std::find(variants.begin(), variants.end(), p.variant) == variants.end())
            variants.push_back(p.variant);
        largest = std::max(largest, p.budget);
    }
    const core::ExtractionPoint *best = nullptr;
    for (const auto &p : r.points)
        if (p.budget == largest && (!best || agreementAt(p, 10) > agreementAt(*best, 10)))
            best = &p;
    setMessage(tr("Run #%1 %2 as a black box: the attacker holds %3 users' sequences; agreement on "
                  "%4 held-out users. "
                  "At %5 queries the best surrogate (%6) shares %7% of the victim's top-10; random "
                  "lists would share %8%.")
                   .arg(r.runId)
                   .arg(QString::fromStdString(r.label))
                   .arg(r.fewShotUsers)
                   .arg(r.evalUsers)
                   .arg(largest)
                   .arg(best ? QString::fromStdString(best->variant) : QString())
                   .arg(best ? 100 * agreementAt(*best, 10) : 0.0, 0, 'f', 1)
                   .arg(100 * 10.0 / double(std::max<std::int64_t>(10, r.items)), 0, 'f', 1));
    QList<NamedPoints> byBudget, ndcg, byK;
    for (const auto &v : variants) {
        NamedPoints line{QString::fromStdString(v), {}}, accuracy{QString::fromStdString(v), {}},
            cut{QString::fromStdString(v), {}};
        for (const auto &p : r.points)
            if (p.variant == v) {
                line.points.append({qreal(p.budget), agreementAt(p, 10)});
                accuracy.points.append({qreal(p.budget), p.ndcg});
                if (p.budget == largest)
                    for (const auto &[k, a] : p.agreement)
                        cut.points.append({qreal(k), a});
            }
        byBudget.append(line);
        ndcg.append(accuracy);
        byK.append(cut);
    }
    if (!r.points.empty()) {
        const auto [lo, hi]
            = std::minmax_element(r.points.begin(),
                                  r.points.end(),
                                  [](const auto &a, const auto &b) { return a.budget < b.budget; });
        ndcg.append(
            {tr("victim"), {{qreal(lo->budget), r.victimNdcg}, {qreal(hi->budget), r.victimNdcg}}});
    }
    const Axis queries{tr("victim queries")};
    place(m_budget,
          makeLineChart(tr("Agreement@10 with the victim against the query budget"),
                        byBudget,
                        queries,
                        {tr("Agreement@10")}),
          0,
          0);
    place(m_cutoffs,
          makeLineChart(tr("Agreement@K at %1 queries").arg(largest),
                        byK,
                        {tr("K")},
                        {tr("Agreement@K")}),
          0,
          1);
    place(m_accuracy,
          makeLineChart(tr("The surrogate's own NDCG@10 on held-out users"),
                        ndcg,
                        queries,
                        {tr("NDCG@10")}),
          1,
          0);
    QList<QStringList> rows;
    for (const auto &p : r.points)
        rows.append({QString::fromStdString(p.variant),
                     QString::number(p.budget),
                     QString::number(p.queries),
                     QString::number(p.sequences),
                     QString::number(p.gate, 'f', 2),
                     QString::number(agreementAt(p, 1), 'f', 4),
                     QString::number(agreementAt(p, 5), 'f', 4),
                     QString::number(agreementAt(p, 10), 'f', 4),
                     QString::number(agreementAt(p, 20), 'f', 4),
                     QString::number(p.ndcg, 'f', 4)});
    fillTable(rows);
}

QString ExtractionView::numbersCsv() const
{
    const auto *shownReport = shown();
    if (!shownReport)
        return {};
    const auto &r = *shownReport;
    QString out = QStringLiteral("variant,budget,queries,sequences,gate,agreement@1,agreement@5,"
                                 "agreement@10,agreement@20,ndcg@10,victim_ndcg@10\n");
    for (const auto &p : r.points) // joined, not substituted: a variant named "%2" stays itself
        out += QStringList{csvField(QString::fromStdString(p.variant)),
                           csvNumber(double(p.budget)),
                           csvNumber(double(p.queries)),
                           csvNumber(double(p.sequences)),
                           csvNumber(p.gate),
                           csvNumber(agreementAt(p, 1)),
                           csvNumber(agreementAt(p, 5)),
                           csvNumber(agreementAt(p, 10)),
                           csvNumber(agreementAt(p, 20)),
                           csvNumber(p.ndcg),
                           csvNumber(r.victimNdcg)}
                   .join(QLatin1Char(','))
               + QLatin1Char('\n');
    return out;
}

} // namespace recscope::views
