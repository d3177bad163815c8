// SPDX-License-Identifier: MIT
// A project database full of runs for the responsiveness test and benchmark.
#pragma once

#include <recscope/core/store.h>

#include <cmath>
#include <filesystem>
#include <random>
#include <string>

/// Finished runs with plausible curves and test metrics, written straight into the store.
inline void addFakeRuns(const std::filesystem::path &db, int runs, int epochs)
{
    recscope::core::ProjectStore store(db);
    const auto experiment = store.addExperiment("bench", "{}");
    const auto dataset = store.addDataset("bench", "synthetic", "{}");
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> noise(-0.002, 0.002);
    const char *models[] = {"bpr", "lightgcn", "sasrec", "itemknn"};
    for (int r = 0; r < runs; ++r) {
        const auto id = store.beginRun(experiment,
                                       dataset,
                                       models[r % 4],
                                       "run " + std::to_string(r),
                                       "{}",
                                       "cpu",
                                       1);
        std::vector<recscope::core::MetricSample> curve;
        for (int e = 1; e <= epochs; ++e) {
            curve.push_back({"train/loss", e, 0.7 / (1 + 0.1 * e) + noise(rng)});
            for (const char *m : {"valid/NDCG@10", "valid/Hit@10", "valid/Recall@10"})
                curve.push_back({m, e, 0.05 * (1 - std::exp(-0.05 * e)) + noise(rng)});
        }
        store.addEpochMetrics(id, curve);
        recscope::core::RunSummary s;
        s.epochs = epochs;
        s.bestEpoch = epochs;
        s.device = "cpu";
        for (const char *m : {"NDCG@10", "Hit@10", "Recall@10", "MRR@10", "NDCG@20", "Hit@20"})
            s.test[m] = 0.05 + noise(rng) * 10;
        store.finishRun(id, s);
    }
}
