#include "strategies/chipscores.h"

#include "common/errors.h"
#include "common/feedback.h"
#include "search/flatindex.h"
#include "strategies/strategyregistry.h"
#include "strategies/strategysupport.h"

#include <cmath>
#include <limits>
#include <random>

namespace chipfinder {

bool strategyScoresEveryChip(const std::string &strategy, const StrategyParameters &parameters)
{
    const StrategyParameters resolved =
        StrategyRegistry::instance().resolveParameters(strategy, parameters);
    if (strategy == "centroid" || strategy == "rocchio" || strategy == "learned-metric")
        return true;
    if (strategy == "classifier")
        return !resolved.boolean("uncertainty");
    if (strategy == "pruned")
        return resolved.text("base") == "centroid";
    return false;
}

std::vector<float> centroidCosines(const FlatIndex &index, std::span<const int64_t> positives)
{
    if (positives.empty())
        return std::vector<float>(index.size(), 0.0f);
    // The mean of the positives' unit vectors (cosine rows are stored normalised already).
    std::vector<float> centroid(index.dim(), 0.0f);
    if (index.metric() == Metric::Cosine) {
        centroid = meanOfRows(index, positives);
    } else {
        for (const int64_t chip : positives) {
            const auto row = index.vectors().row(size_t(chip));
            double rowNorm = 0.0;
            for (const float v : row)
                rowNorm += double(v) * v;
            if (!(rowNorm > 0.0))
                continue;
            const double scale = 1.0 / (std::sqrt(rowNorm) * double(positives.size()));
            for (size_t j = 0; j < row.size(); ++j)
                centroid[j] += float(row[j] * scale);
        }
    }
    double norm = 0.0;
    for (const float v : centroid)
        norm += double(v) * v;
    norm = std::sqrt(norm);
    if (!(norm > 0.0))
        return std::vector<float>(index.size(), 0.0f);
    for (float &v : centroid)
        v = float(v / norm);
    std::vector<float> scores = index.innerProductAll(centroid);
    if (index.metric() == Metric::Cosine)
        return scores; // stored rows are unit vectors
    const EmbeddingMatrix &vectors = index.vectors();
    for (size_t i = 0; i < scores.size(); ++i) {
        double rowNorm = 0.0;
        for (const float v : vectors.row(i))
            rowNorm += double(v) * v;
        scores[i] = rowNorm > 0.0 ? float(scores[i] / std::sqrt(rowNorm)) : 0.0f;
    }
    return scores;
}

ChipScores scoreEveryChip(const FlatIndex &index, const std::string &strategy,
                          const StrategyParameters &parameters, std::span<const int64_t> positives,
                          std::span<const int64_t> negatives, const ChipMask &excluded,
                          uint64_t seed, Feedback *feedback)
{
    if (positives.empty())
        throw UsageError("the score layer needs at least one positive chip");
    const size_t n = index.size();
    const float nan = std::numeric_limits<float>::quiet_NaN();
    size_t open = 0;
    for (size_t chip = 0; chip < n; ++chip)
        open += excluded.test(int64_t(chip)) ? 0 : 1;

    ChipScores result;
    if (strategyScoresEveryChip(strategy, parameters) && open > 0) {
        auto instance = StrategyRegistry::instance().create(strategy, parameters);
        std::mt19937_64 rng(seed);
        StrategyInput input;
        input.index = &index;
        input.positives = positives;
        input.negatives = negatives;
        input.labeled = &excluded;
        input.k = open;
        input.rng = &rng;
        input.feedback = feedback;
        const std::vector<ScoredChip> ranked = instance->propose(input);
        bool complete = ranked.size() == open;
        result.scores.assign(n, nan);
        for (const ScoredChip &c : ranked) {
            if (!std::isfinite(c.score) || c.chip < 0 || size_t(c.chip) >= n) {
                complete = false;
                break;
            }
            result.scores[size_t(c.chip)] = c.score;
        }
        if (complete) {
            result.source = strategy;
            return result;
        }
    }
    if (feedback)
        feedback->throwIfCanceled();
    result.scores = centroidCosines(index, positives);
    for (size_t chip = 0; chip < n; ++chip)
        if (excluded.test(int64_t(chip)))
            result.scores[chip] = nan;
    result.source = ChipScores::centroidSource;
    if (feedback)
        feedback->setProgress(1.0);
    return result;
}

} // namespace chipfinder
