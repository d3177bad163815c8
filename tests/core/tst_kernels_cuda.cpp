// SPDX-License-Identifier: MIT
// The CUDA kernels (librecscope_cuda.so) against the LibTorch references on the GPU: fp32 within
// 1e-5, bf16 and fp16 within 2e-2 relative, forward and every gradient, on jagged batches with
// empty and length-1 sequences; the top-K kernel's lists. Label "gpu": without a CUDA device every
// test says "skipped: no CUDA device".
#include "jagged_batch.h"
#include "kernels/masked_topk.h"
#include "test_support.h"

#include <QtTest/QtTest>

#include <torch/cuda.h>

using namespace recscope;
using namespace recscope::test;

class TestKernelsCuda : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        if (!torch::cuda::is_available())
            QSKIP("skipped: no CUDA device");
        QVERIFY2(core::detail::fusedAttentionAvailable(torch::zeros({1}, torch::kCUDA)),
                 "the CUDA kernels library did not load (is librecscope_cuda.so built?)");
    }

    void attentionMatchesTheReference_data()
    {
        QTest::addColumn<int>("dtypeCode"); // a torch::Dtype
        QTest::addColumn<std::int64_t>("dv");
        QTest::newRow("fp32, d_v 40") << int(torch::kFloat32) << std::int64_t(40);
        QTest::newRow("fp32, d_v 64") << int(torch::kFloat32) << std::int64_t(64);
        QTest::newRow("bf16, d_v 64") << int(torch::kBFloat16) << std::int64_t(64);
        QTest::newRow("fp16, d_v 64") << int(torch::kHalf) << std::int64_t(64);
    }

    void attentionMatchesTheReference()
    {
        QFETCH(int, dtypeCode);
        QFETCH(std::int64_t, dv);
        const auto dtype = torch::Dtype(dtypeCode);
        const bool half = dtype != torch::kFloat32;
        for (bool targets : {false, true}) {
            auto b = randomBatch({0, 1, 5, 70, 0, 131, 2, 300},
                                 2,
                                 32,
                                 dv,
                                 true,
                                 targets,
                                 11,
                                 torch::kCUDA,
                                 dtype);
            const auto fused = outputAndGradients(b, true);
            const auto reference = outputAndGradients(b, false);
            const char *names[] = {"output", "dq", "dk", "dv", "d position bias", "d time bias"};
            for (std::size_t i = 0; i < fused.size(); ++i)
                if (fused[i].defined())
                    expectClose(fused[i].to(torch::kCPU, torch::kFloat32),
                                reference[i].to(torch::kCPU, torch::kFloat32),
                                half ? 2e-2 : 1e-5,
                                names[i]);
        }
    }

    void topKMatchesTheReference()
    {
        torch::manual_seed(5);
        auto users = torch::randn({37, 16}).cuda(), items = torch::randn({5000, 16}).cuda();
        auto offsets = torch::arange(0, 37 * 3 + 1, 3, torch::kInt64).cuda();
        auto masked = (torch::arange(0, 37 * 3, torch::kInt64) * 41 % 5000).view({37, 3});
        masked = std::get<0>(masked.sort(1)).reshape(-1).cuda();
        const auto fused = core::detail::maskedTopK(users, items, offsets, masked, 10, 1024);
        const auto ref = core::detail::maskedTopKReference(users, items, offsets, masked, 10);
        QVERIFY(torch::equal(fused.items.cpu(), ref.items.cpu()));
        expectClose(fused.scores.cpu(), ref.scores.cpu(), 1e-5, "scores");
    }
};

QTEST_GUILESS_MAIN(TestKernelsCuda)
#include "tst_kernels_cuda.moc"
