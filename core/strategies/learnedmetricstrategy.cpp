#include "strategies/learnedmetricstrategy.h"
#include "common/translatable.h"

#include "common/errors.h"
#include "learn/linearmetric.h"
#include "search/flatindex.h"
#include "strategies/strategysupport.h"

#include <algorithm>
#include <numeric>
#include <thread>

namespace chipfinder {

StrategyInfo LearnedMetricStrategy::info()
{
    return {
        .name = "learned-metric",
        .title = QT_TRANSLATE_NOOP("strategy", "Learned metric"),
        .description = QT_TRANSLATE_NOOP(
            "strategy", "Learns from your labels what makes chips alike for this search, then "
                        "finds the chips most like your positives in that sense."),
        .usesNegatives = true,
        .parameters =
            {
                {.key = "margin",
                 .label = QT_TRANSLATE_NOOP("strategy", "Margin"),
                 .description = QT_TRANSLATE_NOOP(
                     "strategy", "Triplet margin, as a fraction of the mean squared distance "
                                 "between labeled chips."),
                 .kind = ParameterSpec::Kind::Real,
                 .defaultValue = 0.5,
                 .minimum = 0.01,
                 .maximum = 10.0},
                {.key = "rank",
                 .label = QT_TRANSLATE_NOOP("strategy", "Output dimensions"),
                 .description = QT_TRANSLATE_NOOP("strategy", "Dimensions of the mapped space."),
                 .kind = ParameterSpec::Kind::Integer,
                 .defaultValue = 64,
                 .minimum = 1,
                 .maximum = 4096},
                {.key = "epochs",
                 .label = QT_TRANSLATE_NOOP("strategy", "Epochs"),
                 .description =
                     QT_TRANSLATE_NOOP("strategy", "Training passes over the mined triplets."),
                 .kind = ParameterSpec::Kind::Integer,
                 .defaultValue = 30,
                 .minimum = 0,
                 .maximum = 1000},
            },
        .create =
            [](const StrategyParameters &p) { return std::make_unique<LearnedMetricStrategy>(p); },
    };
}

LearnedMetricStrategy::LearnedMetricStrategy(const StrategyParameters &parameters)
{
    const StrategyParameters p = resolveParameters(info(), parameters);
    m_margin = p.real("margin");
    m_rank = size_t(p.integer("rank"));
    m_epochs = int(p.integer("epochs"));
}

std::vector<ScoredChip> LearnedMetricStrategy::propose(const StrategyInput &input)
{
    checkStrategyInput(input);
    ChipMask storage;
    const ChipMask &labeled = labeledMask(input, storage);
    const FlatIndex &index = *input.index;
    const size_t d = index.dim();

    if (m_cachedIndex != &index || m_cachedSize != index.size() ||
        m_initial.rows() != Eigen::Index(d)) {
        const size_t sampleSize = std::min<size_t>(index.size(), 2000);
        std::vector<int64_t> sample(index.size());
        std::iota(sample.begin(), sample.end(), 0);
        std::mt19937_64 fixed(0);
        std::shuffle(sample.begin(), sample.end(), fixed);
        sample.resize(sampleSize);
        m_initial = LinearMetric::pcaMap(gatherRows(index, sample), sampleSize, d, m_rank);
        m_cachedIndex = &index;
        m_cachedSize = index.size();
    }

    const TrainingSet set = trainingSet(input, labeled);
    LinearMetricOptions options;
    options.margin = m_margin;
    options.epochs = m_epochs;
    options.seed = input.rng ? (*input.rng)() : 0;
    LinearMetric metric(options);
    if (input.positives.size() >= 2 && set.negatives > 0) {
        metric.fit(gatherRows(index, set.chips), set.chips.size(), d, set.labels, m_initial);
        m_lastMap = metric.map();
    } else {
        m_lastMap = m_initial;
    }
    // Every chip through the map: row blocks on the index's threads (Eigen itself runs
    // single-threaded in core: one threading layer).
    EmbeddingMatrix mapped(index.size(), size_t(m_lastMap.cols()));
    {
        using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
        const size_t n = index.size(), m = size_t(m_lastMap.cols());
        const size_t parts = std::max<size_t>(1, std::min<size_t>(index.threads(), n / 4096));
        const size_t step = (n + parts - 1) / parts;
        auto block = [&](size_t begin, size_t end) {
            if (end <= begin)
                return;
            Eigen::Map<const RowMatrix> in(index.vectors().data() + begin * d,
                                           Eigen::Index(end - begin), Eigen::Index(d));
            Eigen::Map<RowMatrix>(mapped.data() + begin * m, Eigen::Index(end - begin),
                                  Eigen::Index(m))
                .noalias() = in * m_lastMap;
        };
        std::vector<std::thread> pool;
        for (size_t t = 1; t < parts; ++t)
            pool.emplace_back(block, std::min(n, t * step), std::min(n, (t + 1) * step));
        block(0, std::min(n, step));
        for (auto &thread : pool)
            thread.join();
    }
    const FlatIndex space(std::move(mapped), index.metric(), index.threads());
    const auto query = meanOfRows(space, input.positives);
    return space.search(query, input.k, &labeled);
}

} // namespace chipfinder
