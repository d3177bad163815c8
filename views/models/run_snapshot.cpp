// SPDX-License-Identifier: MIT
#include "views/models/run_snapshot.h"

#include <QtCore/QObject>

namespace recscope::views {

std::vector<RunSnapshot> loadRunSnapshots(const core::ProjectStore &store)
{
    std::vector<RunSnapshot> out;
    for (auto &r : store.runs()) {
        RunSnapshot s;
        s.test = store.finalMetrics(r.id, "test");
        s.valid = store.finalMetrics(r.id, "valid");
        s.curves = store.epochMetrics(r.id);
        s.run = std::move(r);
        out.push_back(std::move(s));
    }
    return out;
}

QString runLabel(const core::RunRecord &run)
{
    const QString label = QString::fromStdString(run.label);
    if (run.sweepRole == "trial")
        return QObject::tr("%1 · trial %2 of sweep %3")
            .arg(label)
            .arg(run.sweepTrial + 1)
            .arg(run.sweepId);
    if (run.sweepRole == "final")
        return QObject::tr("%1 · selected (sweep %2)").arg(label).arg(run.sweepId);
    return label;
}

bool lowerIsBetter(const QString &metric)
{
    return metric.startsWith(QLatin1String("AveragePopularity"))
           || metric.startsWith(QLatin1String("GiniIndex"))
           || metric.endsWith(QLatin1String("loss"), Qt::CaseInsensitive)
           || metric.startsWith(QLatin1String("SearchMs"));
}

} // namespace recscope::views
