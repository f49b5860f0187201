#include "analytics/embeddingreport.h"

#include "common/errors.h"
#include "common/feedback.h"
#include "metrics/retrievalmetrics.h"
#include "search/flatindex.h"
#include "strategies/strategyregistry.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <numeric>
#include <random>

namespace chipfinder {

namespace {

constexpr size_t kMaxDistancesInJson = 100000;

// The report's texts are translated in the context "chipfinder::EmbeddingReport".
struct ReportText
{
    Q_DECLARE_TR_FUNCTIONS(chipfinder::EmbeddingReport)
};

std::vector<int64_t> sampleOf(std::vector<int64_t> chips, size_t limit, uint64_t seed)
{
    if (chips.size() <= limit)
        return chips;
    std::mt19937_64 rng(seed);
    std::shuffle(chips.begin(), chips.end(), rng);
    chips.resize(limit);
    std::sort(chips.begin(), chips.end());
    return chips;
}

std::vector<int64_t> unique(std::vector<int64_t> chips)
{
    std::sort(chips.begin(), chips.end());
    chips.erase(std::unique(chips.begin(), chips.end()), chips.end());
    return chips;
}

QJsonObject histogramJson(const Histogram &h)
{
    QJsonArray counts;
    for (size_t c : h.counts)
        counts.append(qint64(c));
    return {{"lower", h.lower}, {"upper", h.upper}, {"counts", counts}};
}

QJsonObject summaryJson(const DistanceSummary &s)
{
    QJsonObject o{{"count", qint64(s.count)}, {"mean", s.mean}, {"min", s.min}, {"max", s.max}};
    if (s.distances.size() <= kMaxDistancesInJson) {
        QJsonArray distances;
        for (float d : s.distances)
            distances.append(double(d));
        o["distances"] = distances;
    }
    return o;
}

} // namespace

EmbeddingReport computeEmbeddingReport(const EmbeddingReportInput &input, Feedback &feedback)
{
    if (!input.embeddings || input.embeddings->rows() < 2)
        throw UsageError("embedding analysis needs at least 2 chips");
    const EmbeddingMatrix &embeddings = *input.embeddings;
    const size_t n = embeddings.rows();
    EmbeddingReport report;
    report.chips = n;
    report.dim = embeddings.dim();
    report.metric = input.metric;
    report.k = input.k;

    const std::vector<int64_t> labeled = unique(input.labeled);
    const std::vector<int64_t> positives = unique(input.positives);
    std::vector<int64_t> all(n);
    std::iota(all.begin(), all.end(), 0);
    std::vector<int64_t> random;
    {
        std::mt19937_64 rng(input.seed);
        std::vector<int64_t> shuffled = all;
        std::shuffle(shuffled.begin(), shuffled.end(), rng);
        shuffled.resize(std::min(labeled.size(), n));
        random = unique(shuffled);
    }
    struct Set
    {
        QString key, title;
        std::vector<int64_t> chips;
    };
    const std::vector<Set> sets{{"all", ReportText::tr("All chips"), all},
                                {"labeled", ReportText::tr("Labeled chips"), labeled},
                                {"positives", ReportText::tr("Positives"), positives},
                                {"random", ReportText::tr("Random set (labeled size)"), random}};
    for (size_t s = 0; s < sets.size(); ++s) {
        SetDiversity d;
        d.key = sets[s].key;
        d.title = sets[s].title;
        d.members = sets[s].chips.size();
        if (d.members < 2) {
            d.note = ReportText::tr("fewer than 2 chips");
        } else {
            const std::vector<int64_t> chips =
                sampleOf(sets[s].chips, input.sampleLimit, input.seed + s);
            d.sampled = chips.size() < sets[s].chips.size();
            Feedback sub;
            d.summary = diversity(embeddings, chips, input.metric, &sub);
        }
        feedback.throwIfCanceled();
        feedback.setProgress(0.5 * double(s + 1) / double(sets.size()));
        report.diversity.push_back(std::move(d));
    }
    // One histogram range for all sets, so that they compare bin by bin.
    double upper = 0.0;
    for (const SetDiversity &d : report.diversity)
        if (d.summary)
            upper = std::max(upper, d.summary->max);
    upper = upper > 0 ? upper : 1.0;
    for (SetDiversity &d : report.diversity)
        if (d.summary)
            d.histogram = d.summary->histogram(input.bins, 0.0, upper);

    if (!labeled.empty()) {
        Feedback sub;
        report.coverage = coverage(embeddings, labeled, input.metric, &sub);
        report.coverageHistogram =
            report.coverage->histogram(input.bins, 0.0, std::max(1e-9, report.coverage->max));
    }
    feedback.throwIfCanceled();
    feedback.setProgress(0.6);

    // Retrieval quality per strategy.
    report.truthName = input.truthName;
    if (!input.index || !input.truth) {
        report.retrievalNote = ReportText::tr("no ground truth");
        return report;
    }
    const std::vector<uint8_t> &truth = *input.truth;
    std::vector<int64_t> truePositives, trueNegatives;
    for (size_t i = 0; i < truth.size(); ++i)
        (truth[i] ? truePositives : trueNegatives).push_back(int64_t(i));
    report.truePositives = truePositives.size();
    if (truePositives.size() <= input.startPositives ||
        trueNegatives.size() < input.startNegatives) {
        report.retrievalNote =
            ReportText::tr("the ground truth has too few positives or negatives");
        return report;
    }
    const auto &registry = StrategyRegistry::instance();
    for (size_t s = 0; s < input.strategies.size(); ++s) {
        const std::string &name = input.strategies[s];
        std::unique_ptr<Strategy> strategy =
            input.factory ? input.factory(name, {}) : registry.create(name);
        RetrievalQuality quality;
        quality.strategy = QString::fromStdString(name);
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
            in.index = input.index.get();
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
            feedback.setProgress(0.6 + 0.4 * double(s * input.queries + q + 1) /
                                           double(input.strategies.size() * input.queries));
        }
        if (quality.queries > 0) {
            quality.precisionAtK /= double(quality.queries);
            quality.recallAtK /= double(quality.queries);
            quality.mapAtR /= double(quality.queries);
        }
        report.retrieval.push_back(quality);
    }
    feedback.setProgress(1.0);
    return report;
}

QJsonObject EmbeddingReport::toJson() const
{
    QJsonObject root{{"chips", qint64(chips)},
                     {"dimensions", qint64(dim)},
                     {"metric", QString::fromStdString(metricName(metric))},
                     {"distance", "euclidean"}};
    QJsonArray sets;
    for (const SetDiversity &d : diversity) {
        QJsonObject o{{"set", d.key}, {"title", d.title}, {"members", qint64(d.members)},
                      {"sampled", d.sampled}};
        if (d.summary) {
            o["summary"] = summaryJson(*d.summary);
            o["histogram"] = histogramJson(d.histogram);
        } else {
            o["note"] = d.note;
        }
        sets.append(o);
    }
    root["diversity"] = sets;
    if (coverage) {
        QJsonObject o{{"selected", "labeled"}, {"summary", summaryJson(*coverage)},
                      {"histogram", histogramJson(coverageHistogram)}};
        root["coverage"] = o;
    }
    QJsonObject retrievalObject{{"truth", truthName},
                                {"k", qint64(k)},
                                {"true_positives", qint64(truePositives)}};
    QJsonArray rows;
    for (const RetrievalQuality &r : retrieval)
        rows.append(QJsonObject{{"strategy", r.strategy},
                                {"precision_at_k", r.precisionAtK},
                                {"recall_at_k", r.recallAtK},
                                {"map_at_r", r.mapAtR},
                                {"queries", qint64(r.queries)}});
    retrievalObject["strategies"] = rows;
    if (!retrievalNote.isEmpty())
        retrievalObject["note"] = retrievalNote;
    root["retrieval"] = retrievalObject;
    return root;
}

bool EmbeddingReport::writeJson(const QString &path, QString *error) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(QJsonDocument(toJson()).toJson(QJsonDocument::Indented)) < 0) {
        if (error)
            *error = ReportText::tr("Could not write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace chipfinder
