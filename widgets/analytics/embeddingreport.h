#pragma once
// The figures of the embedding analysis report (DESIGN §5, the LightlyOne report): diversity of
// all chips, the labeled chips, the positives and a random set of the labeled set's size;
// coverage of the whole set by the labeled chips; retrieval quality of each strategy on a ground
// truth (precision@k, recall@k, MAP@R averaged over seeded queries). Computed off the UI thread
// by computeEmbeddingReport(); written as JSON (every figure, every histogram count).
// Retrieval protocol: query q draws `startPositives` positives and `startNegatives` negatives of
// the truth (seed + q); the strategy ranks max(k, R) chips with those as labeled (R = relevant
// chips left); precision@k, recall@k and MAP@R exclude the query chips.

#include "dataset/embeddingmatrix.h"
#include "metrics/embeddinganalysis.h"
#include "simulation/simulation.h"

#include <QJsonObject>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace chipfinder {

class Feedback;
class FlatIndex;

struct SetDiversity
{
    QString key;   // "all" | "labeled" | "positives" | "random"
    QString title; // translated display name
    size_t members = 0;   // chips in the set
    bool sampled = false; // the set was larger than sampleLimit and was sampled
    std::optional<DistanceSummary> summary; // nullopt: fewer than 2 chips
    Histogram histogram;  // common range over all sets
    QString note;         // why there is no summary
};

struct RetrievalQuality
{
    QString strategy;
    double precisionAtK = 0.0;
    double recallAtK = 0.0;
    double mapAtR = 0.0;
    size_t queries = 0;
};

struct EmbeddingReportInput
{
    std::shared_ptr<const EmbeddingMatrix> embeddings;
    Metric metric = Metric::Cosine;
    std::vector<int64_t> labeled;
    std::vector<int64_t> positives;
    // Retrieval (optional: skipped without index or truth).
    std::shared_ptr<const FlatIndex> index;
    std::shared_ptr<const std::vector<uint8_t>> truth;
    QString truthName;
    std::vector<std::string> strategies;
    StrategyFactory factory; // empty: the registry
    size_t k = 25;
    size_t queries = 5;
    size_t startPositives = 3;
    size_t startNegatives = 3;
    uint64_t seed = 7;
    size_t sampleLimit = 20000; // diversity of larger sets is computed on a seeded sample
    size_t bins = 30;
};

struct EmbeddingReport
{
    size_t chips = 0;
    size_t dim = 0;
    Metric metric = Metric::Cosine;
    std::vector<SetDiversity> diversity;
    std::optional<DistanceSummary> coverage; // of all chips by the labeled set
    Histogram coverageHistogram;
    QString truthName;
    size_t k = 0;
    size_t truePositives = 0;
    std::vector<RetrievalQuality> retrieval;
    QString retrievalNote; // why retrieval is missing, if it is

    QJsonObject toJson() const;
    // Returns false and sets *error when the file cannot be written.
    bool writeJson(const QString &path, QString *error = nullptr) const;
};

// Progress: diversity 0–50 %, coverage 50–60 %, retrieval 60–100 %. Cancel → CanceledError.
EmbeddingReport computeEmbeddingReport(const EmbeddingReportInput &input, Feedback &feedback);

} // namespace chipfinder
