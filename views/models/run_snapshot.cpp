// SPDX-License-Identifier: MIT
#include "views/models/run_snapshot.h"

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

bool lowerIsBetter(const QString &metric)
{
    return metric.startsWith(QLatin1String("AveragePopularity")) || metric.startsWith(QLatin1String("GiniIndex"))
           || metric.endsWith(QLatin1String("loss"), Qt::CaseInsensitive) || metric.startsWith(QLatin1String("SearchMs"));
}

} // namespace recscope::views
