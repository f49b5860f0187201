#pragma once
// The embedding analysis report (DESIGN §5, the LightlyOne report): one structure that the app's
// Embedding analysis panel and `chipfinder-cli analyze` both render, and one JSON form of it.
// Plain data; sets are named by key ("all", "labeled", "positives", "selected", "random") and the
// views translate the keys into titles.
//
// Sets, in report order: "all" (every chip), then input.sets (duplicates dropped; the first one is
// the *selected* set), then "random" when input.sets is not empty: as many distinct chips as the
// selected set holds, drawn uniformly from all chips.
// Diversity of a set: for each member, the distance to its nearest other member (needs ≥ 2
// members, else no summary); a set larger than sampleLimit is measured on a uniform sample of
// sampleLimit members. Coverage: for every chip, the distance to its nearest member of the
// selected set, and of the random set (each when not empty). Distances as in
// metrics/embeddinganalysis.h (Euclidean; on L2-normalised rows for cosine).
// Histograms: `bins` equal bins over [0, U], U = the largest distance of the section (diversity
// or coverage; 1 when that is 0), so that the sets of one section compare bin by bin.
// Random draws (reproducible from `seed`): the random set from std::mt19937_64(seed), the sample
// of diversity set i (0 = "all") from std::mt19937_64(seed + 1 + i); each a partial Fisher-Yates
// draw over the ascending chip list; drawn and measured chips are kept in ascending order.
// Retrieval quality (when index, truth and strategies are given): query q draws startPositives
// positives and startNegatives negatives of the truth (std::mt19937_64(seed·1000003 + q), positives
// shuffled first); the strategy ranks max(k, R) chips with those as labeled (R = relevant chips
// left); precision@k, recall@k and MAP@R (metrics/retrievalmetrics.h) exclude the query chips and
// are averaged over the queries.
//
// JSON (writeJson; schema 1). Every key is always written, null where the figure does not exist:
//   {"schema": 1,
//    "dataset": name | null, "chips": N, "dimensions": D,
//    "metric": "cosine" | "euclidean", "seed": S, "sample_limit": L, "bins": B,
//    "selected": key of the selected set | null,
//    "diversity": [SET, ...],   // report order
//    "coverage": [SET, ...],    // by the selected set, then by "random"
//    "retrieval": {"status": "computed" | "no_truth" | "no_strategies" | "too_few_examples",
//                  "truth": name | null, "true_positives": P | null, "k": k, "queries": q,
//                  "start_positives": p, "start_negatives": n,
//                  "strategies": [{"strategy": name, "precision_at_k": x, "recall_at_k": x,
//                                  "map_at_r": x, "queries": q}, ...]}}
//   SET = {"set": key, "members": m, "sampled": bool,
//          "summary": {"count": c, "mean": x, "min": x, "max": x,
//                      "distances": [x, ...] | null} | null,
//          "histogram": {"lower": x, "upper": x, "counts": [c, ...]} | null}
// members: chips in the set (coverage: in the covering set); summary.count: distances measured
// (diversity: the members or their sample, ascending chip order; coverage: every chip, row order);
// "distances" is null above 100 000 values. Numbers are the shortest form that reads back exactly
// (distances: to the same float32).

#include "dataset/embeddingmatrix.h"
#include "metrics/embeddinganalysis.h"
#include "simulation/simulation.h"

#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chipfinder {

class Feedback;
class FlatIndex;

struct ChipSet
{
    std::string key;
    std::vector<int64_t> chips; // row indices
};

// The distances of one set (diversity: member to nearest other member; coverage: every chip to
// its nearest member of the set).
struct SetDistances
{
    std::string key;
    size_t members = 0;            // distinct chips in the set
    bool sampled = false;          // diversity was measured on a sample of sampleLimit members
    std::vector<int64_t> measured; // diversity: the chips measured; coverage: the covering set
    std::optional<DistanceSummary> summary; // nullopt: fewer than 2 members (coverage: none)
    Histogram histogram;                    // empty counts without a summary
};

enum class RetrievalStatus
{
    Computed,
    NoTruth,        // no index or no truth given
    NoStrategies,   // no strategy given
    TooFewExamples, // the truth has ≤ startPositives positives or < startNegatives negatives
};

// "computed" | "no_truth" | "no_strategies" | "too_few_examples"
std::string retrievalStatusName(RetrievalStatus status);

struct RetrievalQuality
{
    std::string strategy;
    double precisionAtK = 0.0;
    double recallAtK = 0.0;
    double mapAtR = 0.0;
    size_t queries = 0;
};

struct RetrievalReport
{
    RetrievalStatus status = RetrievalStatus::NoTruth;
    std::string truthName;
    std::optional<size_t> truePositives; // nullopt without truth
    size_t k = 0;
    size_t queries = 0;
    size_t startPositives = 0;
    size_t startNegatives = 0;
    std::vector<RetrievalQuality> strategies;
};

struct EmbeddingReportInput
{
    const EmbeddingMatrix *embeddings = nullptr; // N × D, N ≥ 2; not owned, outlives the call
    Metric metric = Metric::Cosine;
    std::string dataset;       // written into the report as is (may be empty)
    std::vector<ChipSet> sets; // front() is the selected set; keys unique, not "all"/"random"
    // Retrieval quality: index over the same embeddings, truth one flag per chip (1 = positive).
    const FlatIndex *index = nullptr;
    std::span<const uint8_t> truth;
    std::string truthName;
    std::vector<std::string> strategies;
    StrategyFactory factory; // empty: the registry
    size_t k = 25;
    size_t queries = 5;
    size_t startPositives = 3;
    size_t startNegatives = 3;
    uint64_t seed = 7;
    size_t sampleLimit = 20000; // ≥ 2
    size_t bins = 30;           // ≥ 1
};

struct EmbeddingReport
{
    static constexpr int schema = 1;

    std::string dataset;
    size_t chips = 0;
    size_t dim = 0;
    Metric metric = Metric::Cosine;
    uint64_t seed = 0;
    size_t sampleLimit = 0;
    size_t bins = 0;
    std::string selected; // key of the selected set; empty without sets
    std::vector<SetDistances> diversity;
    std::vector<SetDistances> coverage;
    RetrievalReport retrieval;

    // The set of that key, or nullptr.
    const SetDistances *diversityOf(std::string_view key) const;
    const SetDistances *coverageOf(std::string_view key) const;

    // The JSON above (indented, ends with a newline).
    void writeJson(std::ostream &out) const;
    std::string toJson() const;
};

// Progress: diversity 0–50 %, coverage 50–60 %, retrieval 60–100 %. Throws CanceledError on
// cancel; UsageError on missing embeddings, fewer than 2 chips, a chip out of range, a truth of
// the wrong size, sampleLimit < 2, bins = 0, or an unknown strategy (from the registry).
EmbeddingReport computeEmbeddingReport(const EmbeddingReportInput &input, Feedback &feedback);

} // namespace chipfinder
