// SPDX-License-Identifier: MIT
#include "train/trainer.h"

#include "recscope/core/error.h"
#include "train/module_files.h"

#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>
#include <torch/serialize.h>

#include <chrono>
#include <cmath>
#include <numeric>
#include <random>
#include <sstream>

namespace recscope::core::detail {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t)
{
    return std::chrono::duration<double>(Clock::now() - t).count();
}

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(sdk::Model &model, const TrainOptions &o)
{
    auto params = model.module().parameters();
    const double beta2 = model.adamBeta2();
    if (o.optimizer == "adamw")
        return std::make_unique<torch::optim::AdamW>(params,
                                                     torch::optim::AdamWOptions(o.learningRate)
                                                         .weight_decay(o.weightDecay)
                                                         .betas({0.9, beta2}));
    return std::make_unique<torch::optim::Adam>(params,
                                                torch::optim::AdamOptions(o.learningRate)
                                                    .weight_decay(o.weightDecay)
                                                    .betas({0.9, beta2}));
}

// The best epoch's parameters and buffers, kept in memory for the final restore.
std::vector<torch::Tensor> snapshot(torch::nn::Module &m)
{
    std::vector<torch::Tensor> out;
    for (auto &p : m.parameters())
        out.push_back(p.detach().clone());
    for (auto &b : m.buffers())
        out.push_back(b.detach().clone());
    return out;
}

void restore(torch::nn::Module &m, const std::vector<torch::Tensor> &saved)
{
    torch::NoGradGuard noGrad;
    std::size_t k = 0;
    for (auto &p : m.parameters())
        p.copy_(saved[k++]);
    for (auto &b : m.buffers())
        b.copy_(saved[k++]);
}

struct LoopState
{
    int epoch = 0; ///< epochs completed
    int bestEpoch = 0;
    double bestValue = -std::numeric_limits<double>::infinity();
    int badRounds = 0;
    MetricValues bestValid;
};

void saveCheckpoint(const TrainOptions &o,
                    sdk::Model &model,
                    torch::optim::Optimizer &opt,
                    const LoopState &s,
                    const std::vector<torch::Tensor> &best)
{
    torch::serialize::OutputArchive archive, modelArchive, optArchive;
    model.module().save(modelArchive);
    opt.save(optArchive);
    archive.write("model", modelArchive);
    archive.write("optimizer", optArchive);
    archive.write("epoch", torch::tensor(std::int64_t(s.epoch)));
    archive.write("best_epoch", torch::tensor(std::int64_t(s.bestEpoch)));
    archive.write("best_value", torch::tensor(s.bestValue, torch::kFloat64));
    archive.write("bad_rounds", torch::tensor(std::int64_t(s.badRounds)));
    for (std::size_t k = 0; k < best.size(); ++k)
        archive.write("best_" + std::to_string(k), best[k]);
    archive.write("owner", c10::IValue(o.checkpointOwner));
    saveArchiveAtomically(archive, o.checkpoint);
}

/// Refuses a checkpoint written for another run: two projects may share a checkpoint folder, and
/// resuming from another's file would train the wrong model and cut this run's curves.
void checkOwner(torch::serialize::InputArchive &archive,
                const std::string &owner,
                const std::filesystem::path &file)
{
    c10::IValue stored;
    if (!archive.try_read("owner", stored))
        return; // written before checkpoints named their run
    if (!stored.isString() || stored.toStringRef() != owner)
        throw ModelError("checkpoint " + file.string() + " belongs to another run ("
                         + (stored.isString() ? stored.toStringRef() : std::string("?"))
                         + ", expected " + owner + "); refusing to resume from it");
}

bool loadCheckpoint(const TrainOptions &o,
                    sdk::Model &model,
                    torch::optim::Optimizer &opt,
                    LoopState &s,
                    std::vector<torch::Tensor> &best)
{
    if (o.checkpoint.empty() || !o.resume || !std::filesystem::exists(o.checkpoint))
        return false;
    try {
        torch::serialize::InputArchive archive, modelArchive, optArchive;
        archive.load_from(o.checkpoint.string(),
                          model.module().parameters().empty()
                              ? torch::kCPU
                              : model.module().parameters()[0].device());
        checkOwner(archive, o.checkpointOwner, o.checkpoint);
        archive.read("model", modelArchive);
        archive.read("optimizer", optArchive);
        loadModuleChecked(model.module(), modelArchive, o.checkpoint.string());
        opt.load(optArchive);
        torch::Tensor t;
        archive.read("epoch", t);
        s.epoch = int(t.item<std::int64_t>());
        archive.read("best_epoch", t);
        s.bestEpoch = int(t.item<std::int64_t>());
        archive.read("best_value", t);
        s.bestValue = t.item<double>();
        archive.read("bad_rounds", t);
        s.badRounds = int(t.item<std::int64_t>());
        best = snapshot(model.module());
        for (std::size_t k = 0; k < best.size(); ++k)
            archive.read("best_" + std::to_string(k), best[k]);
    } catch (const c10::Error &e) {
        throw ModelError("cannot resume from checkpoint " + o.checkpoint.string() + ": "
                         + e.what_without_backtrace());
    }
    return true;
}

} // namespace

int checkpointEpoch(const std::filesystem::path &file, const std::string &owner)
{
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(file.string(), torch::kCPU);
        checkOwner(archive, owner, file);
        torch::Tensor t;
        archive.read("epoch", t);
        return int(t.item<std::int64_t>());
    } catch (const c10::Error &e) {
        throw ModelError("cannot read checkpoint " + file.string() + ": "
                         + e.what_without_backtrace());
    }
}

TrainOptions TrainOptions::fromParams(const ParamSet &p)
{
    TrainOptions o;
    o.epochs = int(p.getInt("epochs"));
    o.batchSize = int(p.getInt("batch_size"));
    o.learningRate = p.getFloat("learning_rate");
    o.weightDecay = p.getFloat("weight_decay");
    o.optimizer = p.getString("optimizer");
    o.patience = int(p.getInt("patience"));
    o.evalEvery = int(p.getInt("eval_every"));
    return o;
}

TrainOutcome trainModel(sdk::Model &model,
                        const sdk::TrainData &data,
                        const TrainOptions &o,
                        const std::function<MetricValues()> &validate,
                        std::stop_token stop,
                        RunObserver &observer)
{
    TrainOutcome out;
    auto opt = makeOptimizer(model, o);
    LoopState s;
    std::vector<torch::Tensor> best = snapshot(model.module());
    if (loadCheckpoint(o, model, *opt, s, best))
        observer.onLog(LogLevel::Info,
                       "resumed from " + o.checkpoint.string() + " after epoch "
                           + std::to_string(s.epoch));
    std::mt19937_64 rng;
    const std::int64_t n = model.examplesPerEpoch();
    if (n <= 0)
        throw ModelError(
            "the training part has no examples for this model (too few interactions per user?)");
    std::vector<std::int64_t> order(n);
    const std::int64_t batches = (n + o.batchSize - 1) / o.batchSize;
    model.module().train();

    while (s.epoch < o.epochs) {
        const int epoch = s.epoch + 1;
        observer.onEpochBegin(epoch, o.epochs);
        const auto t0 = Clock::now();
        // Every random draw of an epoch depends on (seed, epoch) only, so a run resumed from a
        // checkpoint continues exactly as if it had never stopped.
        const std::uint64_t epochSeed = o.seed ^ (0x9E3779B97F4A7C15ull * std::uint64_t(epoch));
        rng.seed(epochSeed);
        torch::manual_seed(epochSeed);
        std::iota(order.begin(), order.end(), 0);
        std::shuffle(order.begin(), order.end(), rng);
        torch::Tensor lossSum
            = torch::zeros({}, torch::TensorOptions().dtype(torch::kFloat64).device(data.device));
        for (std::int64_t b = 0; b < batches; ++b) {
            if (stop.stop_requested()) {
                out.status = RunStatus::Cancelled;
                out.message = "cancelled during epoch " + std::to_string(epoch);
                break;
            }
            const std::int64_t from = b * o.batchSize, to = std::min(n, from + o.batchSize);
            auto ex = torch::from_blob(order.data() + from, {to - from}, torch::kInt64);
            auto loss = model.loss(ex, rng);
            opt->zero_grad();
            loss.backward();
            opt->step();
            model.afterStep();
            lossSum += loss.detach().to(torch::kFloat64) * double(to - from);
            if ((b % 16 == 15 || b + 1 == batches) && !std::isfinite(lossSum.item<double>()))
                throw ModelError("the loss became NaN or infinite in epoch " + std::to_string(epoch)
                                 + " (batch " + std::to_string(b + 1)
                                 + "); lower learning_rate or raise regularisation");
            observer.onProgress((double(s.epoch) + double(b + 1) / double(batches))
                                    / double(o.epochs),
                                "train");
        }
        out.trainSeconds += secondsSince(t0);
        if (out.status == RunStatus::Cancelled)
            break;
        s.epoch = epoch;
        observer.onMetric({"train/loss", epoch, lossSum.item<double>() / double(n)});
        observer.onMetric({"train/seconds", epoch, secondsSince(t0)});

        if (validate && (epoch % o.evalEvery == 0 || epoch == o.epochs)) {
            const auto e0 = Clock::now();
            MetricValues valid = validate();
            out.evalSeconds += secondsSince(e0);
            if (stop.stop_requested()) { // a cancel during validation leaves its metrics partial
                out.status = RunStatus::Cancelled;
                break;
            }
            for (const auto &[name, value] : valid)
                if (name != "users" && name != "samples")
                    observer.onMetric({"valid/" + name, epoch, value});
            auto it = valid.find(o.validMetric);
            if (it == valid.end())
                throw ConfigError("eval.valid_metric",
                                  "'" + o.validMetric + "' is not among the computed metrics");
            if (it->second > s.bestValue) {
                s.bestValue = it->second;
                s.bestEpoch = epoch;
                s.bestValid = valid;
                s.badRounds = 0;
                best = snapshot(model.module());
            } else if (o.patience > 0 && ++s.badRounds >= o.patience) {
                out.message = "early stop: no " + o.validMetric + " improvement in "
                              + std::to_string(o.patience) + " validations";
                observer.onLog(LogLevel::Info, out.message);
                s.epoch = o.epochs; // leaves the loop after the checkpoint below
            }
        } else if (!validate) {
            s.bestEpoch = epoch;
            best = snapshot(model.module());
        }
        if (!o.checkpoint.empty()) {
            saveCheckpoint(o, model, *opt, s, best);
            observer.onCheckpoint(o.checkpoint);
        }
        out.epochs = epoch;
    }
    if (s.bestEpoch > 0)
        restore(model.module(), best);
    out.bestEpoch = s.bestEpoch;
    out.bestValid = s.bestValid;
    return out;
}

} // namespace recscope::core::detail
