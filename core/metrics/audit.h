#pragma once
// "How many are left": audit rounds and the estimate of the positives still unfound.
//
// An audit round is a random sample of the chips unlabeled when it is drawn (the frame), stratified
// by the current score: the frame is ranked by score and cut into strata by rank share (default,
// lowest score first: 50 %, 30 %, 15 %, 5 %), and each stratum gets an equal part of the sample
// (capped at its size; the rest goes to the other strata, highest first), drawn without
// replacement. A chip's inclusion probability is sampled/size of its stratum. The draw is
// reproducible from its seed. Optionally a few accepted chips are drawn too, to be re-checked
// (the precision of what was accepted).
//
// The estimate (estimateAudit) reads the rounds and every chip's state now, and uses the newest
// round with a judged sampled chip (earlier audit rounds count through their labels):
//   - Per stratum h: N_h chips in the frame, n_h of the sample judged now (positive or negative;
//     a sampled chip still unlabeled, e.g. skipped, counts as not sampled), x_h of them positive;
//     of the N_h − n_h others, f_h are positive now (found since, by search or later audits) and
//     M_h are still unlabeled. The positives K_h among the N_h − n_h others follow the
//     Beta-binomial posterior predictive of a Beta(a + x_h, b + n_h − x_h) stratum rate,
//     restricted to what is known: f_h ≤ K_h ≤ f_h + M_h. The positives left in the stratum are
//     K_h − f_h, and the positives left in all are their sum over the strata (Monte Carlo draws).
//     This is the stratified estimator with its finite population correction made exact: a
//     sampled chip is never drawn again, only the unsampled rest is uncertain.
//   - The interval: its low end is the (1 − level)/2 quantile of the sum under the prior
//     (a, b) = (0, 1) (Clopper-Pearson's lower end: a stratum where no positive was seen adds
//     none), its high end the (1 + level)/2 quantile under Jeffreys' prior (1/2, 1/2); the
//     estimate is the mean under Jeffreys' prior, clamped into the interval. With rare positives
//     and a dozen sampled chips per stratum, Jeffreys' prior adds ~N_h / (2 n_h + 2) phantom
//     positives per stratum, so its own low end misses small true counts (measured on the demo
//     ponds: 77 % coverage), while Clopper-Pearson's high end (prior (1, 0)) is ~40 % wider than
//     needed (both measured in tests/core/tst_audit; README, "How many are left").
//   - total = labeled positives + remaining; recall = labeled positives / total. recallReached
//     is true when the estimated recall is at least recallTarget.
//   - Precision of the accepted chips (from the newest round with re-checked chips): of the N_A
//     chips accepted when it was drawn, m were re-checked and c of them are still positive; the
//     precision is (c + K) / N_A with K Beta-binomial over the N_A − m others (low end the
//     lower of the two priors' (1 − level)/2 quantiles, high end Jeffreys').
// Chips unlabeled now that were labeled when a round was drawn (a label cleared since) are outside
// that round's frame; that round says nothing about them.
// Pure functions; deterministic for a given seed. Thread-safe.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace chipfinder {

class FlatIndex;

// A chip's review state as the audit sees it.
enum class AuditChipState : uint8_t
{
    Unlabeled = 0,
    Positive = 1,
    Negative = 2,
};

struct AuditRound
{
    static constexpr uint8_t outside = 255; // stratum of a chip outside the frame

    std::vector<uint8_t> stratum;      // per chip of the dataset: its stratum (0 = lowest score)
    std::vector<uint64_t> stratumSize; // N_h, chips of the frame per stratum
    std::vector<int64_t> sample;       // the drawn chips, highest stratum first
    std::vector<int64_t> recheck;      // accepted chips drawn for re-checking
    uint64_t acceptedSize = 0;         // accepted chips when drawn (N_A)
    uint64_t seed = 0;

    size_t strata() const { return stratumSize.size(); }
    // Sampled chips of stratum h.
    size_t sampledIn(size_t h) const;
    // The chip's probability to be drawn into `sample` (0 outside the frame).
    double inclusionProbability(int64_t chip) const;

    // A self-describing byte string (for the project) and back; fromBytes throws DataError naming
    // `source` when the bytes are not a round of `chips` chips.
    std::vector<uint8_t> toBytes() const;
    static AuditRound fromBytes(std::span<const uint8_t> bytes, size_t chips,
                                const std::string &source);
};

struct AuditDrawOptions
{
    size_t sampleSize = 50;
    // Rank shares of the strata, lowest score first (normalised; each > 0).
    std::vector<double> strataShares{0.50, 0.30, 0.15, 0.05};
    size_t recheckSize = 0; // accepted chips to re-check
    uint64_t seed = 0;
};

// Draws a round. scores: one per chip (higher = more likely positive; NaN ranks lowest); state:
// one per chip; the frame is the unlabeled chips. accepted: the chips accepted so far (re-check
// frame). Throws UsageError if the sizes differ or the shares are not all positive and finite.
AuditRound drawAudit(std::span<const float> scores, std::span<const AuditChipState> state,
                     std::span<const int64_t> accepted, const AuditDrawOptions &options);

// The score that stratifies an audit: every chip's inner product with mean(positives) −
// mean(negatives) (mean(positives) alone without negatives; 0 for all without positives) in the
// index's space. Cheap (one pass) and any strategy-independent ranking will do: the strata only
// make the estimate tighter, its validity rests on the known inclusion probabilities.
std::vector<float> auditScores(const FlatIndex &index, std::span<const int64_t> positives,
                               std::span<const int64_t> negatives);

struct AuditEstimateOptions
{
    double level = 0.95;
    double recallTarget = 0.9;
    size_t draws = 4000;
    uint64_t seed = 0;
};

struct AuditInterval
{
    double estimate = 0.0;
    double low = 0.0;
    double high = 0.0;
};

struct AuditEstimate
{
    size_t rounds = 0;                              // audit rounds with a judged sampled chip
    size_t auditedChips = 0;                        // judged sampled chips over those rounds
    size_t labeledPositives = 0;                    // positives now
    size_t unlabeled = 0;                           // unlabeled chips now
    AuditInterval remaining;                        // positives among the unlabeled chips
    AuditInterval total;                            // positives in the dataset
    AuditInterval recall;                           // labeled positives / total
    std::optional<AuditInterval> acceptedPrecision; // nullopt without re-checked chips
    double recallTarget = 0.9;
    bool recallReached = false; // recall.estimate ≥ recallTarget
};

// nullopt when no round has a judged sampled chip. Throws UsageError if a round's stratum vector
// does not have one entry per chip of `state`, or level is not in (0, 1).
std::optional<AuditEstimate> estimateAudit(std::span<const AuditRound> rounds,
                                           std::span<const AuditChipState> state,
                                           const AuditEstimateOptions &options = {});

} // namespace chipfinder
