#include "simulation/simulation.h"

#include "common/errors.h"
#include "common/feedback.h"
#include "metrics/audit.h"
#include "search/flatindex.h"
#include "simulation/jsonwriter.h"
#include "strategies/strategyregistry.h"

#include <algorithm>
#include <fstream>
#include <numeric>
#include <random>
#include <stdexcept>
#include <unordered_map>

namespace chipfinder {

namespace {

constexpr double recallTolerance = 1e-12;

uint64_t splitmix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

// The noisy oracle of one run: a fixed function of (run seed, chip).
bool oracleFlips(uint64_t runSeed, int64_t chip, double noise)
{
    if (noise <= 0.0)
        return false;
    const uint64_t bits = splitmix64(runSeed ^ splitmix64(uint64_t(chip)));
    const double u = double(bits >> 11) * 0x1.0p-53; // [0, 1)
    return u < noise;
}

// k distinct members of `pool`, drawn with a partial Fisher-Yates shuffle.
std::vector<int64_t> drawStart(std::vector<int64_t> pool, size_t k, std::mt19937_64 &rng)
{
    for (size_t i = 0; i < k; ++i) {
        std::uniform_int_distribution<size_t> pick(i, pool.size() - 1);
        std::swap(pool[i], pool[pick(rng)]);
    }
    pool.resize(k);
    return pool;
}

struct RunState
{
    RunTrace trace;
    std::mt19937_64 rng;
    std::vector<int64_t> positives; // as labeled by the (noisy) oracle
    std::vector<int64_t> negatives;
    ChipMask labeled;
    std::unordered_map<int64_t, std::string> proposers; // who proposed each labeled chip
    std::unordered_map<int64_t, int> proposedIn;        // ... and in which iteration
    StrategyReport report;
    size_t found = 0; // truly positive chips labeled
    bool active = true;
    std::vector<AuditChipState> chipState; // with audits: every chip's label as the run has it
    std::vector<AuditRound> audits;
};

// One audit round of a run (SimulationConfig::auditSize): drawn, labeled by the truth, added to
// the run's labels. Returns the chips audited.
size_t runAudit(const FlatIndex &index, std::span<const uint8_t> truth,
                const SimulationConfig &config, size_t iteration, RunState &state)
{
    const std::vector<float> scores = auditScores(index, state.positives, state.negatives);
    AuditDrawOptions options;
    options.sampleSize = config.auditSize;
    options.seed = splitmix64(state.trace.seed ^ splitmix64(0xA0D1000 + iteration));
    AuditRound round = drawAudit(scores, state.chipState, {}, options);
    for (const int64_t chip : round.sample) {
        const bool positive = truth[size_t(chip)] != 0;
        state.labeled.set(chip);
        state.chipState[size_t(chip)] =
            positive ? AuditChipState::Positive : AuditChipState::Negative;
        (positive ? state.positives : state.negatives).push_back(chip);
        state.found += positive ? 1 : 0;
    }
    const size_t audited = round.sample.size();
    state.audits.push_back(std::move(round));
    return audited;
}

void recordAudit(const SimulationConfig &config, size_t truePositives, size_t iteration,
                 RunState &state)
{
    if (state.audits.empty())
        return;
    AuditEstimateOptions options;
    options.level = config.auditLevel;
    options.seed = state.trace.seed;
    const auto estimate = estimateAudit(state.audits, state.chipState, options);
    if (!estimate)
        return;
    AuditPoint point;
    point.iteration = iteration;
    point.estimate = estimate->remaining.estimate;
    point.low = estimate->remaining.low;
    point.high = estimate->remaining.high;
    point.trueRemaining = truePositives - state.found;
    point.recallEstimate = estimate->recall.estimate;
    point.covered = point.low <= double(point.trueRemaining) + 1e-9 &&
                    double(point.trueRemaining) <= point.high + 1e-9;
    state.trace.audit.push_back(point);
}

double quantile(const std::vector<double> &sorted, double p)
{
    const double position = p * double(sorted.size() - 1);
    const size_t below = size_t(position);
    const size_t above = std::min(below + 1, sorted.size() - 1);
    const double fraction = position - double(below);
    return sorted[below] + (sorted[above] - sorted[below]) * fraction;
}

std::string csvField(const std::string &text)
{
    if (text.find_first_of(",\"\n\r") == std::string::npos)
        return text;
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

template <typename Write> void writeFile(const std::string &path, Write write)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
        throw DataError(path, "cannot be opened for writing");
    write(out);
    out.flush();
    if (!out)
        throw DataError(path, "could not be written completely");
}

// Reference `oracle`: proposes only true positives (in chip order) while any remain unlabeled.
class OracleReference : public Strategy
{
public:
    explicit OracleReference(std::span<const uint8_t> truth) : m_truth(truth) {}
    std::string name() const override { return "oracle"; }
    std::vector<ScoredChip> propose(const StrategyInput &input) override
    {
        std::vector<ScoredChip> out;
        for (size_t chip = 0; chip < m_truth.size() && out.size() < input.k; ++chip)
            if (m_truth[chip] && !input.labeled->test(int64_t(chip)))
                out.push_back({int64_t(chip), 1.0f});
        return out;
    }

private:
    std::span<const uint8_t> m_truth;
};

// Reference `random`: chips drawn uniformly from the unlabeled ones with input.rng.
class RandomReference : public Strategy
{
public:
    std::string name() const override { return "random"; }
    std::vector<ScoredChip> propose(const StrategyInput &input) override
    {
        const size_t n = input.labeled->size();
        std::vector<int64_t> unlabeled;
        unlabeled.reserve(n - input.labeled->count());
        for (size_t chip = 0; chip < n; ++chip)
            if (!input.labeled->test(int64_t(chip)))
                unlabeled.push_back(int64_t(chip));
        const size_t k = std::min(input.k, unlabeled.size());
        std::vector<ScoredChip> out;
        for (size_t i = 0; i < k; ++i) {
            std::uniform_int_distribution<size_t> pick(i, unlabeled.size() - 1);
            std::swap(unlabeled[i], unlabeled[pick(*input.rng)]);
            out.push_back({unlabeled[i], 0.0f});
        }
        return out;
    }
};

} // namespace

uint64_t simulationRunSeed(uint64_t seed, size_t run)
{
    std::seed_seq sequence{uint32_t(seed), uint32_t(seed >> 32), uint32_t(uint64_t(run)),
                           uint32_t(uint64_t(run) >> 32)};
    uint32_t words[2];
    sequence.generate(words, words + 2);
    return (uint64_t(words[0]) << 32) | words[1];
}

std::vector<double> StrategyResult::meanRecall() const
{
    size_t length = 0;
    for (const auto &run : runs)
        length = std::max(length, run.recall.size());
    std::vector<double> mean(length, 0.0);
    if (runs.empty())
        return mean;
    for (size_t i = 0; i < length; ++i) {
        double sum = 0.0;
        for (const auto &run : runs)
            if (!run.recall.empty())
                sum += run.recall[std::min(i, run.recall.size() - 1)];
        mean[i] = sum / double(runs.size());
    }
    return mean;
}

std::optional<std::array<double, 3>> StrategyResult::iterationsQuartiles() const
{
    std::vector<double> reached;
    for (const auto &run : runs)
        if (run.iterationsToThreshold)
            reached.push_back(double(*run.iterationsToThreshold));
    if (reached.empty())
        return std::nullopt;
    std::sort(reached.begin(), reached.end());
    return std::array<double, 3>{quantile(reached, 0.25), quantile(reached, 0.5),
                                 quantile(reached, 0.75)};
}

size_t StrategyResult::runsReachingThreshold() const
{
    return size_t(std::count_if(runs.begin(), runs.end(),
                                [](const RunTrace &run) { return run.iterationsToThreshold; }));
}

std::optional<double> StrategyResult::auditCoverage() const
{
    size_t points = 0, covered = 0;
    for (const auto &run : runs)
        for (const auto &point : run.audit) {
            ++points;
            covered += point.covered ? 1 : 0;
        }
    if (points == 0)
        return std::nullopt;
    return double(covered) / double(points);
}

size_t StrategyResult::auditPoints() const
{
    size_t points = 0;
    for (const auto &run : runs)
        points += run.audit.size();
    return points;
}

double StrategyResult::meanAuditWidth() const
{
    double sum = 0.0;
    size_t points = 0;
    for (const auto &run : runs)
        for (const auto &point : run.audit) {
            sum += point.high - point.low;
            ++points;
        }
    return points == 0 ? 0.0 : sum / double(points);
}

double StrategyResult::meanLabelsSpent() const
{
    if (runs.empty())
        return 0.0;
    double sum = 0.0;
    for (const auto &run : runs)
        sum += run.labelsSpent.empty() ? 0.0 : double(run.labelsSpent.back());
    return sum / double(runs.size());
}

const StrategyResult *SimulationResult::find(const std::string &name) const
{
    for (const auto &strategy : strategies)
        if (strategy.strategy == name)
            return &strategy;
    return nullptr;
}

LabelEfficiency SimulationResult::labelEfficiency(const StrategyResult &strategy) const
{
    const auto median = [](const StrategyResult *result) -> std::optional<double> {
        if (!result)
            return std::nullopt;
        const auto q = result->iterationsQuartiles();
        if (!q || (*q)[1] <= 0.0)
            return std::nullopt;
        return (*q)[1];
    };
    LabelEfficiency out;
    const auto own = median(&strategy);
    if (!own)
        return out;
    if (const auto oracle = median(find("oracle")); oracle && find("oracle")->reference)
        out.roundsOverOracle = *own / *oracle;
    if (const auto random = median(find("random")); random && find("random")->reference)
        out.randomOverRounds = *random / *own;
    return out;
}

void SimulationResult::writeCsv(std::ostream &out) const
{
    const bool audit = config.auditSize > 0;
    out << "strategy,run,iteration,recall,labels_spent,batch_precision";
    if (audit)
        out << ",remaining_estimate,remaining_low,remaining_high,remaining_true,remaining_covered";
    out << '\n';
    for (const auto &strategy : strategies) {
        const std::string name = csvField(strategy.strategy);
        for (const auto &run : strategy.runs) {
            size_t next = 0; // the run's next audit point
            for (size_t i = 0; i < run.recall.size(); ++i) {
                out << name << ',' << run.run << ',' << i << ','
                    << JsonWriter::number(run.recall[i]) << ',' << run.labelsSpent[i] << ',';
                if (i > 0)
                    out << JsonWriter::number(run.batchPrecision[i - 1]);
                if (audit) {
                    while (next < run.audit.size() && run.audit[next].iteration < i)
                        ++next;
                    if (next < run.audit.size() && run.audit[next].iteration == i) {
                        const AuditPoint &point = run.audit[next];
                        out << ',' << JsonWriter::number(point.estimate) << ','
                            << JsonWriter::number(point.low) << ','
                            << JsonWriter::number(point.high) << ',' << point.trueRemaining << ','
                            << (point.covered ? 1 : 0);
                    } else {
                        out << ",,,,,";
                    }
                }
                out << '\n';
            }
        }
    }
}

void SimulationResult::writeCsv(const std::string &path) const
{
    writeFile(path, [this](std::ostream &out) { writeCsv(out); });
}

void SimulationResult::writeJson(std::ostream &out) const
{
    JsonWriter json(out);
    json.beginObject();
    json.key("config");
    json.beginObject();
    json.key("strategies");
    json.array(config.strategies);
    json.key("parameters");
    json.beginObject();
    for (const auto &[name, parameters] : config.parameters) {
        json.key(name);
        json.beginObject();
        for (const auto &[key, value] : parameters.values()) {
            json.key(key);
            json.value(value);
        }
        json.endObject();
    }
    json.endObject();
    json.key("runs");
    json.value(uint64_t(config.runs));
    json.key("batch");
    json.value(uint64_t(config.batch));
    json.key("start_positives");
    json.value(uint64_t(config.startPositives));
    json.key("start_negatives");
    json.value(uint64_t(config.startNegatives));
    json.key("threshold");
    json.value(config.threshold);
    json.key("max_iterations");
    json.value(uint64_t(config.maxIterations));
    json.key("label_noise");
    json.value(config.labelNoise);
    json.key("seed");
    json.value(config.seed);
    json.key("references");
    json.value(config.references);
    if (config.auditSize > 0) {
        json.key("audit");
        json.beginObject();
        json.key("size");
        json.value(uint64_t(config.auditSize));
        json.key("every");
        json.value(uint64_t(config.auditEvery));
        json.key("level");
        json.value(config.auditLevel);
        json.endObject();
    }
    json.endObject();
    json.key("chips");
    json.value(uint64_t(chips));
    json.key("true_positives");
    json.value(uint64_t(truePositives));
    json.key("references");
    json.beginArray();
    for (const auto &strategy : strategies)
        if (strategy.reference)
            json.value(strategy.strategy);
    json.endArray();
    json.key("strategies");
    json.beginArray();
    for (const auto &strategy : strategies) {
        json.beginObject();
        json.key("strategy");
        json.value(strategy.strategy);
        json.key("reference");
        json.value(strategy.reference);
        json.key("mean_recall");
        json.array(strategy.meanRecall());
        std::vector<size_t> reached;
        for (const auto &run : strategy.runs)
            if (run.iterationsToThreshold)
                reached.push_back(*run.iterationsToThreshold);
        json.key("iterations_to_threshold");
        json.array(reached);
        json.key("iterations_quartiles");
        if (const auto q = strategy.iterationsQuartiles())
            json.array(std::vector<double>(q->begin(), q->end()));
        else
            json.null();
        json.key("runs_reaching_threshold");
        json.value(uint64_t(strategy.runsReachingThreshold()));
        json.key("mean_labels_spent");
        json.value(strategy.meanLabelsSpent());
        const LabelEfficiency efficiency = labelEfficiency(strategy);
        json.key("label_efficiency");
        json.beginObject();
        json.key("rounds_over_oracle");
        if (efficiency.roundsOverOracle)
            json.value(*efficiency.roundsOverOracle);
        else
            json.null();
        json.key("random_over_rounds");
        if (efficiency.randomOverRounds)
            json.value(*efficiency.randomOverRounds);
        else
            json.null();
        json.endObject();
        if (config.auditSize > 0) {
            json.key("audit_coverage");
            if (const auto coverage = strategy.auditCoverage())
                json.value(*coverage);
            else
                json.null();
            json.key("audit_points");
            json.value(uint64_t(strategy.auditPoints()));
            json.key("audit_mean_width");
            json.value(strategy.meanAuditWidth());
        }
        json.key("runs");
        json.beginArray();
        for (const auto &run : strategy.runs) {
            json.beginObject();
            json.key("run");
            json.value(uint64_t(run.run));
            json.key("seed");
            json.value(std::to_string(run.seed));
            json.key("recall");
            json.array(run.recall);
            json.key("labels_spent");
            json.array(run.labelsSpent);
            json.key("batch_precision");
            json.array(run.batchPrecision);
            json.key("iterations_to_threshold");
            if (run.iterationsToThreshold)
                json.value(uint64_t(*run.iterationsToThreshold));
            else
                json.null();
            if (config.auditSize > 0) {
                json.key("audit");
                json.beginArray();
                for (const AuditPoint &point : run.audit) {
                    json.beginObject();
                    json.key("iteration");
                    json.value(uint64_t(point.iteration));
                    json.key("estimate");
                    json.value(point.estimate);
                    json.key("low");
                    json.value(point.low);
                    json.key("high");
                    json.value(point.high);
                    json.key("true_remaining");
                    json.value(uint64_t(point.trueRemaining));
                    json.key("recall_estimate");
                    json.value(point.recallEstimate);
                    json.key("covered");
                    json.value(point.covered);
                    json.endObject();
                }
                json.endArray();
            }
            json.endObject();
        }
        json.endArray();
        json.endObject();
    }
    json.endArray();
    json.endObject();
}

void SimulationResult::writeJson(const std::string &path) const
{
    writeFile(path, [this](std::ostream &out) { writeJson(out); });
}

SimulationResult simulate(const FlatIndex &index, std::span<const uint8_t> truth,
                          const SimulationConfig &config, Feedback *feedback)
{
    const auto &registry = StrategyRegistry::instance();
    return simulate(
        index, truth, config,
        [&registry](const std::string &name, const StrategyParameters &parameters) {
            return registry.create(name, parameters);
        },
        feedback);
}

SimulationResult simulate(const FlatIndex &index, std::span<const uint8_t> truth,
                          const SimulationConfig &config, const StrategyFactory &factory,
                          Feedback *feedback)
{
    const size_t n = index.size();
    if (truth.size() != n)
        throw UsageError("simulation: the truth has " + std::to_string(truth.size()) +
                         " flags for " + std::to_string(n) + " chips");
    if (config.strategies.empty())
        throw UsageError("simulation: no strategy given");
    if (config.runs == 0 || config.batch == 0 || config.startPositives == 0)
        throw UsageError("simulation: runs, batch and start positives must be at least 1");
    if (config.labelNoise < 0.0 || config.labelNoise > 1.0)
        throw UsageError("simulation: label noise must lie in [0, 1]");
    if (config.auditSize > 0 && config.auditEvery == 0)
        throw UsageError("simulation: audits need an interval of at least 1 iteration");
    if (config.auditSize > 0 && !(config.auditLevel > 0.0 && config.auditLevel < 1.0))
        throw UsageError("simulation: the audit interval level must lie in (0, 1)");

    std::vector<int64_t> truePositives, trueNegatives;
    for (size_t i = 0; i < n; ++i)
        (truth[i] ? truePositives : trueNegatives).push_back(int64_t(i));
    if (truePositives.size() < config.startPositives)
        throw UsageError("simulation: the truth has " + std::to_string(truePositives.size()) +
                         " positives, fewer than the " + std::to_string(config.startPositives) +
                         " start positives");
    if (trueNegatives.size() < config.startNegatives)
        throw UsageError("simulation: the truth has " + std::to_string(trueNegatives.size()) +
                         " negatives, fewer than the " + std::to_string(config.startNegatives) +
                         " start negatives");

    // Every strategy is created up front: unknown names and bad parameters fail before any work.
    std::vector<std::unique_ptr<Strategy>> instances;
    std::vector<std::string> names = config.strategies;
    for (const auto &name : config.strategies) {
        if (config.references && (name == "oracle" || name == "random"))
            throw UsageError("simulation: '" + name +
                             "' is a reference curve, added by itself; do not name it");
        const auto it = config.parameters.find(name);
        instances.push_back(
            factory(name, it == config.parameters.end() ? StrategyParameters{} : it->second));
        if (!instances.back())
            throw UsageError("simulation: no strategy named '" + name + "'");
    }
    if (config.references) {
        instances.push_back(std::make_unique<OracleReference>(truth));
        names.push_back("oracle");
        instances.push_back(std::make_unique<RandomReference>());
        names.push_back("random");
    }

    SimulationResult result;
    result.config = config;
    result.chips = n;
    result.truePositives = truePositives.size();
    const double total = double(truePositives.size());
    const size_t strategyCount = names.size();
    const size_t maxIterations = config.maxIterations;

    for (size_t s = 0; s < strategyCount; ++s) {
        if (feedback)
            feedback->throwIfCanceled();
        Strategy &strategy = *instances[s];
        const std::string &name = names[s];

        std::vector<RunState> states(config.runs);
        for (size_t r = 0; r < config.runs; ++r) {
            RunState &state = states[r];
            state.trace.run = r;
            state.trace.seed = simulationRunSeed(config.seed, r);
            state.rng.seed(state.trace.seed);
            state.positives = drawStart(truePositives, config.startPositives, state.rng);
            state.negatives = drawStart(trueNegatives, config.startNegatives, state.rng);
            state.labeled = ChipMask(n);
            for (const int64_t chip : state.positives)
                state.labeled.set(chip);
            for (const int64_t chip : state.negatives)
                state.labeled.set(chip);
            state.found = state.positives.size();
            if (config.auditSize > 0) {
                state.chipState.assign(n, AuditChipState::Unlabeled);
                for (const int64_t chip : state.positives)
                    state.chipState[size_t(chip)] = AuditChipState::Positive;
                for (const int64_t chip : state.negatives)
                    state.chipState[size_t(chip)] = AuditChipState::Negative;
            }
            const double recall = double(state.found) / total;
            state.trace.recall.push_back(recall);
            state.trace.labelsSpent.push_back(state.positives.size() + state.negatives.size());
            if (recall >= config.threshold - recallTolerance) {
                state.trace.iterationsToThreshold = 0;
                state.active = false;
            } else if (maxIterations == 0) {
                state.active = false;
            }
        }

        std::vector<size_t> active;
        std::vector<StrategyInput> inputs;
        for (size_t iteration = 1; iteration <= maxIterations; ++iteration) {
            if (feedback)
                feedback->throwIfCanceled();
            active.clear();
            inputs.clear();
            for (size_t r = 0; r < states.size(); ++r) {
                RunState &state = states[r];
                if (!state.active)
                    continue;
                active.push_back(r);
                StrategyInput input;
                input.index = &index;
                input.positives = state.positives;
                input.negatives = state.negatives;
                input.labeled = &state.labeled;
                input.k = config.batch;
                input.rng = &state.rng;
                input.proposers = &state.proposers;
                input.proposedIn = &state.proposedIn;
                input.round = int(iteration);
                state.report = StrategyReport();
                input.report = &state.report;
                inputs.push_back(input);
            }
            if (active.empty())
                break;

            const auto batches = strategy.proposeMany(inputs);
            if (batches.size() != inputs.size())
                throw std::logic_error("strategy '" + name + "' answered " +
                                       std::to_string(batches.size()) + " of " +
                                       std::to_string(inputs.size()) + " inputs");

            for (size_t j = 0; j < active.size(); ++j) {
                RunState &state = states[active[j]];
                const auto &batch = batches[j];
                if (batch.empty()) {
                    state.active = false; // nothing left to propose
                    continue;
                }
                const bool attributed = state.report.proposedBy.size() == batch.size();
                size_t hits = 0, shown = 0;
                for (const ScoredChip &candidate : batch) {
                    if (shown == config.batch)
                        break;
                    const int64_t chip = candidate.chip;
                    if (chip < 0 || size_t(chip) >= n || state.labeled.test(chip))
                        throw std::logic_error("strategy '" + name + "' returned chip " +
                                               std::to_string(chip) +
                                               ", which is labeled or out of range");
                    state.labeled.set(chip);
                    state.proposers[chip] = attributed ? state.report.proposedBy[shown] : name;
                    state.proposedIn[chip] = int(iteration);
                    ++shown;
                    const bool positive = truth[size_t(chip)] != 0;
                    if (positive) {
                        ++hits;
                        ++state.found;
                    }
                    const bool flipped = oracleFlips(state.trace.seed, chip, config.labelNoise);
                    (positive != flipped ? state.positives : state.negatives).push_back(chip);
                    if (config.auditSize > 0)
                        state.chipState[size_t(chip)] = positive != flipped
                                                            ? AuditChipState::Positive
                                                            : AuditChipState::Negative;
                }
                size_t audited = 0;
                if (config.auditSize > 0) {
                    if (iteration % config.auditEvery == 0 && state.labeled.count() < n)
                        audited = runAudit(index, truth, config, iteration, state);
                    recordAudit(config, truePositives.size(), iteration, state);
                }
                const double recall = double(state.found) / total;
                state.trace.recall.push_back(recall);
                state.trace.labelsSpent.push_back(state.trace.labelsSpent.back() + shown + audited);
                state.trace.batchPrecision.push_back(double(hits) / double(shown));
                if (recall >= config.threshold - recallTolerance) {
                    state.trace.iterationsToThreshold = iteration;
                    state.active = false;
                } else if (iteration == maxIterations || state.labeled.count() == n) {
                    state.active = false;
                }
            }
            if (feedback)
                feedback->setProgress((double(s) + double(iteration) / double(maxIterations)) /
                                      double(strategyCount));
        }
        if (feedback)
            feedback->setProgress(double(s + 1) / double(strategyCount));

        StrategyResult strategyResult;
        strategyResult.strategy = name;
        strategyResult.reference = s >= config.strategies.size();
        for (auto &state : states)
            strategyResult.runs.push_back(std::move(state.trace));
        result.strategies.push_back(std::move(strategyResult));
    }
    return result;
}

} // namespace chipfinder
