#pragma once
// Two real strategies for the analytics widget tests, made through a StrategyFactory so the tests
// do not depend on which registry strategies exist: "test-centroid" (exact nearest chips to the
// sum of the positives with FlatIndex) and "test-random" (uniform random unlabeled chips).

#include "search/flatindex.h"
#include "simulation/simulation.h"
#include "strategies/strategy.h"

#include <memory>
#include <random>

namespace chipfinder::testing {

class CentroidStrategy : public Strategy
{
public:
    std::string name() const override { return "test-centroid"; }
    std::vector<ScoredChip> propose(const StrategyInput &input) override
    {
        const FlatIndex &index = *input.index;
        std::vector<float> query(index.dim(), 0.0f);
        for (int64_t p : input.positives)
            for (size_t c = 0; c < index.dim(); ++c)
                query[c] += index.vectors().row(size_t(p))[c];
        return index.search(query, input.k, input.labeled);
    }
};

class RandomStrategy : public Strategy
{
public:
    std::string name() const override { return "test-random"; }
    std::vector<ScoredChip> propose(const StrategyInput &input) override
    {
        std::vector<ScoredChip> out;
        const int64_t n = int64_t(input.index->size());
        std::uniform_int_distribution<int64_t> pick(0, n - 1);
        std::vector<uint8_t> taken(size_t(n), 0);
        size_t guard = 0;
        while (out.size() < input.k && guard++ < 100 * input.k) {
            const int64_t chip = pick(*input.rng);
            if (input.labeled->test(chip) || taken[size_t(chip)])
                continue;
            taken[size_t(chip)] = 1;
            out.push_back({chip, 0.0f});
        }
        return out;
    }
};

inline StrategyFactory testFactory()
{
    return [](const std::string &name, const StrategyParameters &) -> std::unique_ptr<Strategy> {
        if (name == "test-centroid")
            return std::make_unique<CentroidStrategy>();
        return std::make_unique<RandomStrategy>();
    };
}

} // namespace chipfinder::testing
