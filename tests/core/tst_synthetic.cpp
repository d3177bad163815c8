// SPDX-License-Identifier: MIT
// The generator's planted structure must be measurable in its output (README, "Synthetic data").
#include "test_support.h"

#include <recscope/core/error.h>
#include <recscope/core/synthetic.h>

#include <QtTest/QtTest>

#include <cmath>

using namespace recscope;
using namespace recscope::core;

class tst_Synthetic : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void seededAndDeterministic()
    {
        SyntheticConfig c;
        c.users = 300;
        const auto a = generateSynthetic(c), b = generateSynthetic(c);
        QCOMPARE(a.data.item, b.data.item);
        QCOMPARE(a.data.time, b.data.time);
        c.seed = 7;
        QVERIFY(generateSynthetic(c).data.item != a.data.item);
        QVERIFY(a.data.numInteractions() > 300 * 5);
    }

    void groupCorrelatesWithGenreTaste()
    {
        // Share of first-half-genre interactions: group 1 is tilted toward them, group 0 away.
        SyntheticConfig c;
        c.users = 1000;
        const auto r = generateSynthetic(c);
        double firstHalf[2] = {0, 0}, total[2] = {0, 0};
        for (std::size_t k = 0; k < r.data.numInteractions(); ++k) {
            const int g = r.truth.userGroup[r.data.user[k]];
            firstHalf[g] += r.truth.itemGenre[r.data.item[k]] < c.genres / 2;
            total[g] += 1;
        }
        const double share1 = firstHalf[1] / total[1], share0 = firstHalf[0] / total[0];
        QVERIFY2(share1 - share0 > 0.25,
                 qPrintable(QStringLiteral("%1 vs %2").arg(share1).arg(share0)));
        c.attributeGenreCorrelation = 0;
        const auto flat = generateSynthetic(c);
        double f1 = 0, t1 = 0, f0 = 0, t0 = 0;
        for (std::size_t k = 0; k < flat.data.numInteractions(); ++k) {
            const bool g1 = flat.truth.userGroup[flat.data.user[k]] == 1;
            const bool first = flat.truth.itemGenre[flat.data.item[k]] < c.genres / 2;
            (g1 ? f1 : f0) += first;
            (g1 ? t1 : t0) += 1;
        }
        QVERIFY(std::abs(f1 / t1 - f0 / t0) < 0.05);
    }

    void nextGenreFollowsTheCycle()
    {
        // P(next genre = successor of current) ≈ transition probability + chance.
        SyntheticConfig c;
        c.users = 800;
        const auto r = generateSynthetic(c);
        double follow = 0, pairs = 0;
        for (std::size_t k = 1; k < r.data.numInteractions(); ++k) {
            if (r.data.user[k] != r.data.user[k - 1])
                continue;
            follow += r.truth.itemGenre[r.data.item[k]]
                      == r.truth.nextGenre[r.truth.itemGenre[r.data.item[k - 1]]];
            pairs += 1;
        }
        QVERIFY2(follow / pairs > c.transitionProbability * 0.8,
                 qPrintable(QString::number(follow / pairs)));
    }

    void aiContentIsSeparable()
    {
        // Projection on the mean-difference direction separates the sources better than chance.
        SyntheticConfig c;
        c.users = 50;
        c.items = 2000;
        const auto r = generateSynthetic(c);
        const int dim = r.data.contentDim;
        std::vector<double> mean[2] = {std::vector<double>(dim), std::vector<double>(dim)};
        double n[2] = {0, 0};
        for (std::size_t i = 0; i < r.data.numItems(); ++i) {
            const int s = r.data.itemSource[i];
            n[s] += 1;
            for (int k = 0; k < dim; ++k)
                mean[s][k] += r.data.itemContent[i * dim + k];
        }
        for (int s = 0; s < 2; ++s)
            for (auto &x : mean[s])
                x /= n[s];
        double correct = 0;
        for (std::size_t i = 0; i < r.data.numItems(); ++i) {
            double proj = 0, mid = 0;
            for (int k = 0; k < dim; ++k) {
                const double dir = mean[1][k] - mean[0][k];
                proj += dir * r.data.itemContent[i * dim + k];
                mid += dir * 0.5 * (mean[1][k] + mean[0][k]);
            }
            correct += (proj > mid) == (r.data.itemSource[i] == 1);
        }
        QVERIFY2(correct / double(r.data.numItems()) > 0.75,
                 qPrintable(QString::number(correct / r.data.numItems())));
        QVERIFY(std::abs(n[1] / (n[0] + n[1]) - c.aiShare) < 0.05);
    }

    void feedbackLevelsAreOrdered()
    {
        const auto r = generateSynthetic({});
        std::size_t counts[3] = {0, 0, 0};
        for (auto f : r.data.feedback)
            ++counts[f];
        QVERIFY(counts[0] > counts[1] && counts[1] > counts[2] && counts[2] > 0);
        QCOMPARE(r.data.feedbackLevels.front(), std::string("click"));
    }

    void rejectsBadKnobs()
    {
        SyntheticConfig c;
        c.transitionProbability = 0.9;
        c.stayProbability = 0.3;
        RS_EXPECT_ERROR(generateSynthetic(c),
                        ConfigError,
                        "dataset.synthetic.transitionProbability");
    }
};

QTEST_GUILESS_MAIN(tst_Synthetic)
#include "tst_synthetic.moc"
