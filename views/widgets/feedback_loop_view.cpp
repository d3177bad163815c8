// SPDX-License-Identifier: MIT
#include "views/widgets/feedback_loop_view.h"

#include "views/charts/chart_builders.h"
#include "views/charts/chart_view.h"
#include "views/widgets/view_helpers.h"

#include <QtWidgets/QCheckBox>
#include <QtWidgets/QSpinBox>

#include <functional>

namespace recscope::views {

namespace {

/// One line per arm of a per-round quantity.
QList<NamedPoints> perRound(const core::FeedbackLoopReport &r,
                            const std::function<double(const core::LoopRound &)> &value,
                            double scale = 1)
{
    QList<NamedPoints> out;
    for (const auto &[name, rounds] : {std::pair{QObject::tr("without debiasing"), &r.plain},
                                       std::pair{QObject::tr("with debiasing"), &r.debiased}}) {
        if (rounds->empty())
            continue;
        NamedPoints line{name, {}};
        for (const auto &round : *rounds)
            line.points.append({qreal(round.round), scale * value(round)});
        out.append(line);
    }
    return out;
}

NamedPoints flat(const QString &name, const core::FeedbackLoopReport &r, double y)
{
    return {name, {{0.0, y}, {qreal(std::max<std::size_t>(1, r.plain.size()) - 1), y}}};
}

} // namespace

FeedbackLoopView::FeedbackLoopView(QWidget *parent)
    : ReportPage({QStringLiteral("loop"),
                  tr("Data of run"),
                  tr("Simulate"),
                  tr("Retrain a content-based recommender over rounds on clicks it caused, with "
                     "human and AI twins of every item"),
                  tr("Run #%1's data has no simulated loop yet: press Simulate."),
                  QStringLiteral("feedback-loop.svg"),
                  tr("RecScope feedback loop"),
                  {tr("arm"),
                   tr("round"),
                   tr("phase"),
                   tr("history AI"),
                   tr("clicks AI"),
                   tr("NDCG human"),
                   tr("NDCG AI"),
                   tr("Rel%"),
                   tr("NDCG mixed")}},
                 parent)
    , m_rounds(new QSpinBox)
    , m_epochs(new QSpinBox)
    , m_debias(new QCheckBox(tr("with debiasing")))
{
    m_rounds->setRange(1, 100);
    m_rounds->setValue(10);
    m_rounds->setSuffix(tr(" rounds"));
    m_epochs->setRange(1, 1000);
    m_epochs->setValue(3);
    m_epochs->setSuffix(tr(" epochs/round"));
    m_debias->setChecked(true);
    m_debias->setToolTip(tr("Also run the paper's black-box debiasing: scores invariant to "
                            "rewriting items and histories"));
    for (QWidget *w : std::initializer_list<QWidget *>{m_rounds, m_epochs, m_debias})
        addSetting(w);
    setMessage(tr("Pick a run whose dataset has item content and sources (the synthetic "
                  "generator's) and press Simulate. "
                  "Round 0 trains on human-written items only; every later round retrains on the "
                  "clicks the previous model caused."));
}

void FeedbackLoopView::start(qint64 runId)
{
    core::FeedbackLoopConfig c;
    c.rounds = m_rounds->value();
    c.epochs = m_epochs->value();
    c.debias = m_debias->isChecked();
    Q_EMIT loopRequested(runId, c);
}

void FeedbackLoopView::rebuild(const core::FeedbackLoopReport &r)
{
    const auto &last = r.plain.back();
    setMessage(tr("Run #%1's data: %2 training impressions, %3 test users, %4% of items "
                  "AI-generated. Without debiasing the last round "
                  "sends %5% of clicks to AI twins (%6) with source bias %7% (negative: AI ranked "
                  "above the same item written by a human).")
                   .arg(r.runId)
                   .arg(r.trainImpressions)
                   .arg(r.testImpressions)
                   .arg(100 * r.catalogAigcShare, 0, 'f', 1)
                   .arg(100 * last.clickAigcShare, 0, 'f', 1)
                   .arg(QString::fromStdString(last.phase))
                   .arg(last.relativeBias, 0, 'f', 1));
    const Axis round{tr("round")};
    auto bias = perRound(r, [](const auto &x) { return x.relativeBias; });
    bias.append(flat(tr("no source bias"), r, 0));
    place(m_bias,
          makeLineChart(tr("Source bias per round: Rel% of NDCG@%1, human vs AI twin")
                            .arg(r.config.k),
                        bias,
                        round,
                        {tr("Rel%")}),
          0,
          0);
    auto clicks = perRound(
        r, [](const auto &x) { return x.clickAigcShare; }, 100);
    clicks.append(flat(tr("AIGC-dominance above"), r, 50));
    place(m_clicks,
          makeLineChart(tr("Share of simulated clicks on AI-generated twins"),
                        clicks,
                        round,
                        {tr("% of clicks")}),
          0,
          1);
    place(m_accuracy,
          makeLineChart(tr("Accuracy on a mixed catalogue: NDCG@%1").arg(r.config.k),
                        perRound(r, [](const auto &x) { return x.ndcg; }),
                        round,
                        {tr("NDCG@%1").arg(r.config.k)}),
          1,
          0);
    QList<QStringList> rows;
    for (const auto &[arm, rounds] :
         {std::pair{tr("plain"), &r.plain}, std::pair{tr("debiased"), &r.debiased}})
        for (const auto &x : *rounds)
            rows.append({arm,
                         QString::number(x.round),
                         QString::fromStdString(x.phase),
                         QStringLiteral("%1%").arg(100 * x.historyAigcShare, 0, 'f', 1),
                         QStringLiteral("%1%").arg(100 * x.clickAigcShare, 0, 'f', 1),
                         QString::number(x.ndcgHuman, 'f', 4),
                         QString::number(x.ndcgAi, 'f', 4),
                         QString::number(x.relativeBias, 'f', 1),
                         QString::number(x.ndcg, 'f', 4)});
    fillTable(rows);
}

QString FeedbackLoopView::numbersCsv() const
{
    const auto *shownReport = shown();
    if (!shownReport)
        return {};
    const auto &r = *shownReport;
    QString out = QStringLiteral("arm,round,phase,history_aigc_share,click_aigc_share,ndcg_human,"
                                 "ndcg_ai,relative_bias,ai_preferred,ndcg\n");
    for (const auto &[arm, rounds] : {std::pair{QStringLiteral("plain"), &r.plain},
                                      std::pair{QStringLiteral("debiased"), &r.debiased}})
        for (const auto &x : *rounds) // joined, not substituted: a phase named "%2" stays itself
            out += QStringList{arm,
                               csvNumber(x.round),
                               csvField(QString::fromStdString(x.phase)),
                               csvNumber(x.historyAigcShare),
                               csvNumber(x.clickAigcShare),
                               csvNumber(x.ndcgHuman),
                               csvNumber(x.ndcgAi),
                               csvNumber(x.relativeBias),
                               csvNumber(x.aiPreferred),
                               csvNumber(x.ndcg)}
                       .join(QLatin1Char(','))
                   + QLatin1Char('\n');
    return out;
}

} // namespace recscope::views
