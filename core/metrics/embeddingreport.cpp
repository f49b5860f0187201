#include "metrics/embeddingreport.h"

#include "common/errors.h"
#include "common/feedback.h"
#include "metrics/retrievalmetrics.h"
#include "search/flatindex.h"
#include "simulation/jsonwriter.h"
#include "strategies/strategyregistry.h"

#include <algorithm>
#include <charconv>
#include <numeric>
#include <random>
#include <sstream>

namespace chipfinder {

namespace {

constexpr size_t kMaxDistancesInJson = 100000;

std::vector<int64_t> distinct(std::vector<int64_t> chips)
{
    std::sort(chips.begin(), chips.end());
    chips.erase(std::unique(chips.begin(), chips.end()), chips.end());
    return chips;
}

// `count` members of the ascending `pool` by a partial Fisher-Yates draw, in ascending order.
std::vector<int64_t> draw(std::vector<int64_t> pool, size_t count, uint64_t seed)
{
    std::mt19937_64 rng(seed);
    for (size_t i = 0; i < count; ++i) {
        std::uniform_int_distribution<size_t> pick(i, pool.size() - 1);
        std::swap(pool[i], pool[pick(rng)]);
    }
    pool.resize(count);
    std::sort(pool.begin(), pool.end());
    return pool;
}

// Runs step(child): the child's progress is mapped onto [begin, end] of `parent`, and the child
// is canceled once the parent is (seen at the child's next progress report).
template <typename Step> auto nested(Feedback &parent, double begin, double end, Step step)
{
    Feedback child;
    child.setCallback([&](double fraction) {
        if (parent.isCanceled())
            child.cancel();
        parent.setProgress(begin + (end - begin) * fraction);
    });
    auto result = step(child);
    parent.throwIfCanceled();
    parent.setProgress(end);
    return result;
}

// Histograms of every set with a summary over [0, the section's largest distance].
void shareHistogramRange(std::vector<SetDistances> &sets, size_t bins)
{
    double upper = 0.0;
    for (const SetDistances &s : sets)
        if (s.summary)
            upper = std::max(upper, s.summary->max);
    upper = upper > 0.0 ? upper : 1.0;
    for (SetDistances &s : sets)
        if (s.summary)
            s.histogram = s.summary->histogram(bins, 0.0, upper);
}

RetrievalReport retrievalQuality(const EmbeddingReportInput &input, Feedback &feedback)
{
    RetrievalReport report;
    report.truthName = input.truthName;
    report.k = input.k;
    report.queries = input.queries;
    report.startPositives = input.startPositives;
    report.startNegatives = input.startNegatives;
    if (!input.index || input.truth.empty())
        return report;
    const std::span<const uint8_t> truth = input.truth;
    std::vector<int64_t> truePositives, trueNegatives;
    for (size_t i = 0; i < truth.size(); ++i)
        (truth[i] ? truePositives : trueNegatives).push_back(int64_t(i));
    report.truePositives = truePositives.size();
    if (input.strategies.empty()) {
        report.status = RetrievalStatus::NoStrategies;
        return report;
    }
    if (truePositives.size() <= input.startPositives ||
        trueNegatives.size() < input.startNegatives) {
        report.status = RetrievalStatus::TooFewExamples;
        return report;
    }
    report.status = RetrievalStatus::Computed;
    const auto &registry = StrategyRegistry::instance();
    const size_t steps = input.strategies.size() * input.queries;
    for (size_t s = 0; s < input.strategies.size(); ++s) {
        const std::string &name = input.strategies[s];
        std::unique_ptr<Strategy> strategy =
            input.factory ? input.factory(name, {}) : registry.create(name);
        RetrievalQuality quality;
        quality.strategy = name;
        for (size_t q = 0; q < input.queries; ++q) {
            std::mt19937_64 rng(input.seed * 1000003ull + q);
            std::vector<int64_t> p = truePositives, ng = trueNegatives;
            std::shuffle(p.begin(), p.end(), rng);
            std::shuffle(ng.begin(), ng.end(), rng);
            p.resize(input.startPositives);
            ng.resize(input.startNegatives);
            std::vector<int64_t> query = p;
            query.insert(query.end(), ng.begin(), ng.end());
            const ChipMask mask = ChipMask::fromIndices(truth.size(), query);
            const size_t relevant = truePositives.size() - p.size();
            StrategyInput in;
            in.index = input.index;
            in.positives = p;
            in.negatives = ng;
            in.labeled = &mask;
            in.k = std::max(input.k, relevant);
            in.rng = &rng;
            in.feedback = &feedback;
            const std::vector<ScoredChip> ranked = strategy->propose(in);
            quality.precisionAtK += precisionAtK(ranked, truth, input.k);
            quality.recallAtK += recallAtK(ranked, truth, input.k, &mask);
            quality.mapAtR += mapAtR(ranked, truth, &mask);
            ++quality.queries;
            feedback.throwIfCanceled();
            feedback.setProgress(0.6 + 0.4 * double(s * input.queries + q + 1) / double(steps));
        }
        if (quality.queries > 0) {
            quality.precisionAtK /= double(quality.queries);
            quality.recallAtK /= double(quality.queries);
            quality.mapAtR /= double(quality.queries);
        }
        report.strategies.push_back(quality);
    }
    return report;
}

// The distances as the doubles nearest to their shortest float decimals, so that the JSON holds
// "0.11015262" (which reads back to the same float) rather than 17 digits of its binary value.
std::vector<double> shortDecimals(const std::vector<float> &values)
{
    std::vector<double> out(values.size());
    char buffer[32];
    for (size_t i = 0; i < values.size(); ++i) {
        const auto written = std::to_chars(buffer, buffer + sizeof buffer, values[i]);
        out[i] = values[i];
        if (written.ec == std::errc())
            std::from_chars(buffer, written.ptr, out[i]);
    }
    return out;
}

template <typename T> void field(JsonWriter &json, std::string_view key, const T &value)
{
    json.key(key);
    json.value(value);
}

void writeSet(JsonWriter &json, const SetDistances &set)
{
    json.beginObject();
    field(json, "set", set.key);
    field(json, "members", uint64_t(set.members));
    field(json, "sampled", set.sampled);
    json.key("summary");
    if (const auto &s = set.summary) {
        json.beginObject();
        field(json, "count", uint64_t(s->count));
        field(json, "mean", s->mean);
        field(json, "min", s->min);
        field(json, "max", s->max);
        json.key("distances");
        if (s->distances.size() <= kMaxDistancesInJson)
            json.array(shortDecimals(s->distances));
        else
            json.null();
        json.endObject();
    } else {
        json.null();
    }
    json.key("histogram");
    if (set.summary) {
        json.beginObject();
        field(json, "lower", set.histogram.lower);
        field(json, "upper", set.histogram.upper);
        json.key("counts");
        json.array(set.histogram.counts);
        json.endObject();
    } else {
        json.null();
    }
    json.endObject();
}

void writeSets(JsonWriter &json, const char *key, const std::vector<SetDistances> &sets)
{
    json.key(key);
    json.beginArray();
    for (const SetDistances &set : sets)
        writeSet(json, set);
    json.endArray();
}

void writeOptionalText(JsonWriter &json, const char *key, const std::string &text)
{
    json.key(key);
    if (text.empty())
        json.null();
    else
        json.value(text);
}

const SetDistances *find(const std::vector<SetDistances> &sets, std::string_view key)
{
    const auto it = std::find_if(sets.begin(), sets.end(),
                                 [key](const SetDistances &s) { return s.key == key; });
    return it == sets.end() ? nullptr : &*it;
}

} // namespace

std::string retrievalStatusName(RetrievalStatus status)
{
    switch (status) {
    case RetrievalStatus::Computed:
        return "computed";
    case RetrievalStatus::NoTruth:
        return "no_truth";
    case RetrievalStatus::NoStrategies:
        return "no_strategies";
    case RetrievalStatus::TooFewExamples:
        return "too_few_examples";
    }
    return "no_truth";
}

EmbeddingReport computeEmbeddingReport(const EmbeddingReportInput &input, Feedback &feedback)
{
    if (!input.embeddings || input.embeddings->rows() < 2)
        throw UsageError("embedding report: needs at least 2 chips");
    if (input.sampleLimit < 2)
        throw UsageError("embedding report: the sample limit must be at least 2");
    if (input.bins == 0)
        throw UsageError("embedding report: bins must be at least 1");
    const EmbeddingMatrix &embeddings = *input.embeddings;
    const size_t n = embeddings.rows();
    if (!input.truth.empty() && input.truth.size() != n)
        throw UsageError("embedding report: the truth has " + std::to_string(input.truth.size()) +
                         " flags for " + std::to_string(n) + " chips");

    EmbeddingReport report;
    report.dataset = input.dataset;
    report.chips = n;
    report.dim = embeddings.dim();
    report.metric = input.metric;
    report.seed = input.seed;
    report.sampleLimit = input.sampleLimit;
    report.bins = input.bins;

    std::vector<ChipSet> sets;
    std::vector<int64_t> all(n);
    std::iota(all.begin(), all.end(), 0);
    sets.push_back({"all", all});
    for (const ChipSet &set : input.sets) {
        const bool taken = std::any_of(sets.begin(), sets.end(),
                                       [&set](const ChipSet &s) { return s.key == set.key; });
        if (taken || set.key == "random" || set.key.empty())
            throw UsageError("embedding report: set key '" + set.key +
                             "' is empty, reserved or used twice");
        std::vector<int64_t> chips = distinct(set.chips);
        if (!chips.empty() && (chips.front() < 0 || size_t(chips.back()) >= n))
            throw UsageError("embedding report: set '" + set.key + "' holds chip " +
                             std::to_string(chips.front() < 0 ? chips.front() : chips.back()) +
                             ", outside 0.." + std::to_string(n - 1));
        sets.push_back({set.key, std::move(chips)});
    }
    if (!input.sets.empty()) {
        report.selected = input.sets.front().key;
        sets.push_back({"random", draw(all, sets[1].chips.size(), input.seed)});
    }

    for (size_t i = 0; i < sets.size(); ++i) {
        SetDistances d;
        d.key = sets[i].key;
        d.members = sets[i].chips.size();
        d.sampled = d.members > input.sampleLimit;
        d.measured =
            d.sampled ? draw(sets[i].chips, input.sampleLimit, input.seed + 1 + i) : sets[i].chips;
        const double begin = 0.5 * double(i) / double(sets.size());
        const double end = 0.5 * double(i + 1) / double(sets.size());
        if (d.members >= 2)
            d.summary = nested(feedback, begin, end, [&](Feedback &child) {
                return diversity(embeddings, d.measured, input.metric, &child);
            });
        feedback.throwIfCanceled();
        feedback.setProgress(end);
        report.diversity.push_back(std::move(d));
    }
    shareHistogramRange(report.diversity, input.bins);

    if (!input.sets.empty()) {
        const std::vector<const ChipSet *> covering{&sets[1], &sets.back()};
        for (size_t i = 0; i < covering.size(); ++i) {
            SetDistances c;
            c.key = covering[i]->key;
            c.members = covering[i]->chips.size();
            c.measured = covering[i]->chips;
            const double begin = 0.5 + 0.05 * double(i);
            if (!c.measured.empty())
                c.summary = nested(feedback, begin, begin + 0.05, [&](Feedback &child) {
                    return coverage(embeddings, c.measured, input.metric, &child);
                });
            report.coverage.push_back(std::move(c));
        }
        shareHistogramRange(report.coverage, input.bins);
    }
    feedback.throwIfCanceled();
    feedback.setProgress(0.6);

    report.retrieval = retrievalQuality(input, feedback);
    feedback.setProgress(1.0);
    return report;
}

const SetDistances *EmbeddingReport::diversityOf(std::string_view key) const
{
    return find(diversity, key);
}

const SetDistances *EmbeddingReport::coverageOf(std::string_view key) const
{
    return find(coverage, key);
}

void EmbeddingReport::writeJson(std::ostream &out) const
{
    JsonWriter json(out);
    json.beginObject();
    field(json, "schema", schema);
    writeOptionalText(json, "dataset", dataset);
    field(json, "chips", uint64_t(chips));
    field(json, "dimensions", uint64_t(dim));
    field(json, "metric", metricName(metric));
    field(json, "seed", seed);
    field(json, "sample_limit", uint64_t(sampleLimit));
    field(json, "bins", uint64_t(bins));
    writeOptionalText(json, "selected", selected);
    writeSets(json, "diversity", diversity);
    writeSets(json, "coverage", coverage);

    json.key("retrieval");
    json.beginObject();
    field(json, "status", retrievalStatusName(retrieval.status));
    writeOptionalText(json, "truth", retrieval.truthName);
    field(json, "true_positives", retrieval.truePositives);
    field(json, "k", uint64_t(retrieval.k));
    field(json, "queries", uint64_t(retrieval.queries));
    field(json, "start_positives", uint64_t(retrieval.startPositives));
    field(json, "start_negatives", uint64_t(retrieval.startNegatives));
    json.key("strategies");
    json.beginArray();
    for (const RetrievalQuality &r : retrieval.strategies) {
        json.beginObject();
        field(json, "strategy", r.strategy);
        field(json, "precision_at_k", r.precisionAtK);
        field(json, "recall_at_k", r.recallAtK);
        field(json, "map_at_r", r.mapAtR);
        field(json, "queries", uint64_t(r.queries));
        json.endObject();
    }
    json.endArray();
    json.endObject();
    json.endObject();
}

std::string EmbeddingReport::toJson() const
{
    std::ostringstream out;
    writeJson(out);
    return out.str();
}

} // namespace chipfinder
