// SPDX-License-Identifier: MIT
// Every JSON configuration RecScope reads: the experiment spec (with its sweep section), and the
// SAE, audit, feedback-loop and extraction configs. The first byte picks the reader. The spec is
// read against a registry with stand-in models whose parameters cover every parameter type (the
// real model factories need LibTorch, which this build leaves out; their schemas are read by the
// same ParamSchema::resolve), and stand-in tasks for the same reason (their selection rules are
// tested in tst_experiment_spec).
#include "fuzz_input.h"
#include "recscope/core/audit.h"
#include "recscope/core/experiment.h"
#include "recscope/core/extraction.h"
#include "recscope/core/feedback_loop.h"
#include "recscope/core/registry.h"
#include "recscope/core/sae.h"
#include "recscope/core/task.h"

#include <recscope/sdk/model.h>

using namespace recscope::core;

namespace {

class StandInFactory final : public recscope::sdk::ModelFactory
{
public:
    explicit StandInFactory(ModelInfo info)
        : m_info(std::move(info))
    {}
    ModelInfo info() const override { return m_info; }
    std::unique_ptr<recscope::sdk::Model> create(const ParamSet &) const override
    {
        return nullptr;
    }

private:
    ModelInfo m_info;
};

class StandInTask final : public Task
{
public:
    explicit StandInTask(TaskKind kind)
        : m_kind(kind)
    {}
    TaskKind kind() const override { return m_kind; }
    bool ranksCatalogue() const override { return m_kind == TaskKind::Ranking; }
    std::string defaultValidMetric(const ExperimentSpec &) const override { return "AUC"; }
    std::vector<std::string> selectionMetrics(const ExperimentSpec &) const override { return {}; }
    void checkSelectionMetric(const ExperimentSpec &,
                              const std::string &,
                              const std::string &) const override
    {}
    std::vector<std::string> resultColumns(const ExperimentSpec &,
                                           const std::vector<MetricValues> &) const override
    {
        return {};
    }
    std::string protocol(const ExperimentSpec &, const MetricValues &) const override { return {}; }
    void prepare(recscope::core::detail::PreparedData &,
                 const ExperimentSpec &,
                 RunObserver &) const override
    {}
    void trainAndTest(recscope::core::detail::TaskRun &) const override {}
    void loadData(recscope::core::detail::LoadedRun &) const override {}
    void loadModel(recscope::core::detail::LoadedRun &, const std::string &) const override {}
    MetricValues retest(const recscope::core::detail::LoadedRun &, std::stop_token) const override
    {
        return {};
    }

private:
    TaskKind m_kind;
};

ParamSchema schema()
{
    ParamSchema s;
    s.add({"embedding_size", ParamType::Int, std::int64_t(64), 1, 4096, {}, "factors"});
    s.add({"dropout", ParamType::Float, 0.2, 0, 1, {}, "dropout"});
    s.add({"causal", ParamType::Bool, true, 0, 0, {}, "mask"});
    s.add({"loss", ParamType::Choice, std::string("bce"), 0, 0, {"bce", "ce"}, "loss"});
    s.add({"epochs", ParamType::Int, std::int64_t(10), 1, 100000, {}, "epochs", "training"});
    s.add({"learning_rate", ParamType::Float, 1e-3, 1e-6, 1, {}, "lr", "training", true});
    return s;
}

const Registry &registry()
{
    static Registry *r = [] {
        auto *reg = new Registry;
        for (TaskKind kind : allTasks())
            reg->add(std::make_unique<StandInTask>(kind));
        reg->add(
            std::make_unique<StandInFactory>(ModelInfo{"bpr", "BPR", "", false, true, schema()}));
        reg->add(std::make_unique<StandInFactory>(
            ModelInfo{"sasrec", "SASRec", "", true, true, schema()}));
        reg->add(std::make_unique<StandInFactory>(ModelInfo{"pop", "Pop", "", false, false, {}}));
        return reg;
    }();
    return *r;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::string json(reinterpret_cast<const char *>(data) + 1, size - 1);
    fuzz::expectCleanRefusal([&] {
        switch (data[0] % 5) {
        case 0: {
            const auto spec = ExperimentSpec::fromJson(json, registry(), fuzz::scratch());
            // What is stored with each run must read back as the same spec.
            const auto again = ExperimentSpec::fromJson(spec.toJson(fuzz::scratch()),
                                                        registry(),
                                                        fuzz::scratch());
            if (again.toJson(fuzz::scratch()) != spec.toJson(fuzz::scratch()))
                fuzz::finding("a spec does not survive toJson -> fromJson", nullptr);
            break;
        }
        case 1:
            (void)SaeConfig::fromJson(json);
            break;
        case 2:
            (void)AuditConfig::fromJson(json);
            break;
        case 3:
            (void)FeedbackLoopConfig::fromJson(json);
            break;
        case 4:
            (void)ExtractionConfig::fromJson(json);
            break;
        }
    });
    return 0;
}
