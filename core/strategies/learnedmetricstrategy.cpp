#include "strategies/learnedmetricstrategy.h"

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
    StrategyInfo info;
    info.name = "learned-metric";
    info.title = "Learned metric";
    info.description = "Learns a linear map from the labels (triplet loss, semi-hard negatives) "
                       "and searches near the positives in the mapped space.";
    info.usesNegatives = true;
    info.parameters = {
        {"margin",
         "Margin",
         "Triplet margin, as a fraction of the mean squared distance "
         "between labeled chips.",
         ParameterSpec::Kind::Real,
         0.5,
         0.01,
         10.0,
         {},
         {}},
        {"rank",
         "Output dimensions",
         "Dimensions of the mapped space.",
         ParameterSpec::Kind::Integer,
         64,
         1,
         4096,
         {},
         {}},
        {"epochs",
         "Epochs",
         "Training passes over the mined triplets.",
         ParameterSpec::Kind::Integer,
         30,
         0,
         1000,
         {},
         {}},
    };
    info.create = [](const StrategyParameters &p) {
        return std::make_unique<LearnedMetricStrategy>(p);
    };
    return info;
}

LearnedMetricStrategy::LearnedMetricStrategy(const StrategyParameters &parameters)
    : m_margin(parameters.real("margin", 0.5)),
      m_rank(size_t(std::max<long long>(1, parameters.integer("rank", 64)))),
      m_epochs(int(parameters.integer("epochs", 30)))
{
    if (!(m_margin > 0) || m_epochs < 0 || parameters.integer("rank", 64) < 1)
        throw UsageError("learned-metric: margin > 0, rank ≥ 1 and epochs ≥ 0 are required");
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
