// SPDX-License-Identifier: MIT
// The built-in tasks and models: one line each (docs/ARCHITECTURE.md, recipes).
#include "recscope/core/builtins.h"

#include "ctr/ctr_factories.h"
#include "model/builtin_models.h"
#include "recscope/core/registry.h"
#include "run/ctr_task.h"
#include "run/ranking_task.h"

namespace recscope::core {

void registerBuiltins(Registry &registry)
{
    registry.add(std::make_unique<detail::RankingTask>());
    registry.add(std::make_unique<detail::CtrTask>());

    registry.add(detail::makePopFactory());
    registry.add(detail::makeItemKnnFactory());
    registry.add(detail::makeBprFactory());
    registry.add(detail::makeFairRecBprFactory());
    registry.add(detail::makeFairRecSasRecFactory());
    registry.add(detail::makeAprFactory());
    registry.add(detail::makeVatFactory());
    registry.add(detail::makeLightGcnFactory());
    registry.add(detail::makeSasRecFactory());
    registry.add(detail::makeHstuFactory());
    registry.add(detail::makeDinFactory());
    registry.add(detail::makeTinFactory());
    registry.add(detail::makeTwoStageFactory("dare"));
    registry.add(detail::makeTwoStageFactory("twin"));
    registry.add(detail::makeTwoStageFactory("twin_proj"));
}

} // namespace recscope::core
