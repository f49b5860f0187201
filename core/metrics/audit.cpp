#include "metrics/audit.h"

#include "common/errors.h"
#include "search/flatindex.h"
#include "strategies/strategysupport.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <random>

namespace chipfinder {

namespace {

constexpr char magic[8] = {'C', 'F', 'A', 'U', 'D', 'I', 'T', '1'};

void putU64(std::vector<uint8_t> &out, uint64_t value)
{
    for (int i = 0; i < 8; ++i)
        out.push_back(uint8_t(value >> (8 * i)));
}

class ByteReader
{
public:
    ByteReader(std::span<const uint8_t> bytes, const std::string &source)
        : m_bytes(bytes), m_source(source)
    {
    }
    uint64_t u64(const char *field)
    {
        need(8, field);
        uint64_t value = 0;
        for (int i = 0; i < 8; ++i)
            value |= uint64_t(m_bytes[m_at + size_t(i)]) << (8 * i);
        m_at += 8;
        return value;
    }
    std::span<const uint8_t> take(size_t count, const char *field)
    {
        need(count, field);
        const auto out = m_bytes.subspan(m_at, count);
        m_at += count;
        return out;
    }
    [[noreturn]] void fail(const std::string &problem, const char *field) const
    {
        throw DataError(m_source, problem, std::nullopt, field, "an audit round");
    }
    bool atEnd() const { return m_at == m_bytes.size(); }

private:
    void need(size_t count, const char *field) const
    {
        if (m_bytes.size() - m_at < count)
            fail("the audit round ends early", field);
    }
    std::span<const uint8_t> m_bytes;
    const std::string &m_source;
    size_t m_at = 0;
};

// Draws from the Beta-binomial posterior predictive of the positives K among `others` chips,
// given x positives of n judged, prior Beta(a, b), restricted to low ≤ K ≤ high.
class TruncatedBetaBinomial
{
public:
    TruncatedBetaBinomial(uint64_t others, uint64_t n, uint64_t x, double a, double b, uint64_t low,
                          uint64_t high)
        : m_low(low)
    {
        const double alpha = a + double(x), beta = b + double(n - x);
        const double m = double(others);
        high = std::min(high, others);
        if (low > high) { // inconsistent bookkeeping; the known count is all there is
            m_cdf.assign(1, 1.0);
            return;
        }
        // A rate of 0 (alpha = 0) or 1 (beta = 0) with certainty: K is 0 or `others`, as far
        // as the bounds allow.
        if (alpha <= 0.0 || beta <= 0.0) {
            m_low = alpha <= 0.0 ? low : high;
            m_cdf.assign(1, 1.0);
            return;
        }
        std::vector<double> logPmf(size_t(high - low + 1));
        double best = -std::numeric_limits<double>::infinity();
        for (uint64_t k = low; k <= high; ++k) {
            const double kk = double(k);
            const double value = std::lgamma(m + 1) - std::lgamma(kk + 1) -
                                 std::lgamma(m - kk + 1) + std::lgamma(kk + alpha) +
                                 std::lgamma(m - kk + beta) - std::lgamma(m + alpha + beta);
            logPmf[size_t(k - low)] = value;
            best = std::max(best, value);
        }
        m_cdf.resize(logPmf.size());
        double sum = 0.0;
        for (size_t i = 0; i < logPmf.size(); ++i) {
            sum += std::exp(logPmf[i] - best);
            m_cdf[i] = sum;
        }
        for (double &value : m_cdf)
            value /= sum;
    }
    uint64_t draw(std::mt19937_64 &rng) const
    {
        const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
        const auto it = std::lower_bound(m_cdf.begin(), m_cdf.end(), u);
        return m_low +
               uint64_t(std::min<ptrdiff_t>(it - m_cdf.begin(), ptrdiff_t(m_cdf.size()) - 1));
    }

private:
    uint64_t m_low;
    std::vector<double> m_cdf;
};

double quantile(const std::vector<double> &sorted, double p)
{
    const double position = p * double(sorted.size() - 1);
    const size_t below = size_t(position);
    const size_t above = std::min(below + 1, sorted.size() - 1);
    return sorted[below] + (sorted[above] - sorted[below]) * (position - double(below));
}

AuditInterval summarise(std::vector<double> draws, double level, double low, double high)
{
    AuditInterval out;
    out.estimate = std::accumulate(draws.begin(), draws.end(), 0.0) / double(draws.size());
    std::sort(draws.begin(), draws.end());
    out.low = quantile(draws, (1.0 - level) / 2.0);
    out.high = quantile(draws, (1.0 + level) / 2.0);
    out.estimate = std::clamp(out.estimate, low, high);
    out.low = std::clamp(out.low, low, high);
    out.high = std::clamp(out.high, low, high);
    return out;
}

std::mt19937_64 streamFor(uint64_t seed, uint64_t stream)
{
    std::seed_seq sequence{uint32_t(seed), uint32_t(seed >> 32), uint32_t(stream),
                           uint32_t(stream >> 32), 0xA0D17u};
    return std::mt19937_64(sequence);
}

// Partial Fisher-Yates: the first k of `pool` become a uniform sample without replacement.
void shuffleFirst(std::vector<int64_t> &pool, size_t k, std::mt19937_64 &rng)
{
    for (size_t i = 0; i < k && i + 1 < pool.size(); ++i) {
        std::uniform_int_distribution<size_t> pick(i, pool.size() - 1);
        std::swap(pool[i], pool[pick(rng)]);
    }
}

} // namespace

size_t AuditRound::sampledIn(size_t h) const
{
    return size_t(std::count_if(sample.begin(), sample.end(), [&](int64_t chip) {
        return chip >= 0 && size_t(chip) < stratum.size() && stratum[size_t(chip)] == h;
    }));
}

double AuditRound::inclusionProbability(int64_t chip) const
{
    if (chip < 0 || size_t(chip) >= stratum.size() || stratum[size_t(chip)] == outside)
        return 0.0;
    const size_t h = stratum[size_t(chip)];
    return stratumSize[h] == 0 ? 0.0 : double(sampledIn(h)) / double(stratumSize[h]);
}

std::vector<uint8_t> AuditRound::toBytes() const
{
    std::vector<uint8_t> out(magic, magic + sizeof magic);
    putU64(out, stratum.size());
    putU64(out, seed);
    putU64(out, stratumSize.size());
    for (const uint64_t size : stratumSize)
        putU64(out, size);
    putU64(out, acceptedSize);
    putU64(out, sample.size());
    for (const int64_t chip : sample)
        putU64(out, uint64_t(chip));
    putU64(out, recheck.size());
    for (const int64_t chip : recheck)
        putU64(out, uint64_t(chip));
    out.insert(out.end(), stratum.begin(), stratum.end());
    return out;
}

AuditRound AuditRound::fromBytes(std::span<const uint8_t> bytes, size_t chips,
                                 const std::string &source)
{
    ByteReader in(bytes, source);
    if (std::memcmp(in.take(sizeof magic, "magic").data(), magic, sizeof magic) != 0)
        in.fail("not an audit round (bad magic)", "magic");
    AuditRound round;
    if (in.u64("chips") != chips)
        in.fail("the audit round is of another number of chips than the dataset's " +
                    std::to_string(chips),
                "chips");
    round.seed = in.u64("seed");
    const uint64_t strata = in.u64("strata");
    if (strata == 0 || strata >= outside)
        in.fail("bad number of strata " + std::to_string(strata), "strata");
    for (uint64_t h = 0; h < strata; ++h)
        round.stratumSize.push_back(in.u64("stratum size"));
    round.acceptedSize = in.u64("accepted");
    const auto readChips = [&](std::vector<int64_t> &list, const char *field) {
        const uint64_t count = in.u64(field);
        if (count > chips)
            in.fail("more chips than the dataset has", field);
        for (uint64_t i = 0; i < count; ++i) {
            const uint64_t chip = in.u64(field);
            if (chip >= chips)
                in.fail("chip " + std::to_string(chip) + " is out of range", field);
            list.push_back(int64_t(chip));
        }
    };
    readChips(round.sample, "sample");
    readChips(round.recheck, "recheck");
    const auto strataBytes = in.take(chips, "stratum");
    round.stratum.assign(strataBytes.begin(), strataBytes.end());
    if (!in.atEnd())
        in.fail("unexpected bytes after the audit round", "stratum");
    std::vector<uint64_t> counted(strata, 0);
    for (const uint8_t h : round.stratum) {
        if (h == outside)
            continue;
        if (h >= strata)
            in.fail("stratum " + std::to_string(h) + " out of range", "stratum");
        ++counted[h];
    }
    if (counted != round.stratumSize)
        in.fail("the stratum sizes do not match the chips' strata", "stratum size");
    for (const int64_t chip : round.sample)
        if (round.stratum[size_t(chip)] == outside)
            in.fail("sampled chip " + std::to_string(chip) + " is outside the frame", "sample");
    return round;
}

std::vector<float> auditScores(const FlatIndex &index, std::span<const int64_t> positives,
                               std::span<const int64_t> negatives)
{
    if (positives.empty())
        return std::vector<float>(index.size(), 0.0f);
    std::vector<float> direction = meanOfRows(index, positives);
    if (!negatives.empty()) {
        const std::vector<float> away = meanOfRows(index, negatives);
        for (size_t j = 0; j < direction.size(); ++j)
            direction[j] -= away[j];
    }
    return index.innerProductAll(direction);
}

AuditRound drawAudit(std::span<const float> scores, std::span<const AuditChipState> state,
                     std::span<const int64_t> accepted, const AuditDrawOptions &options)
{
    const size_t n = state.size();
    if (scores.size() != n)
        throw UsageError("audit: " + std::to_string(scores.size()) + " scores for " +
                         std::to_string(n) + " chips");
    const size_t strata = options.strataShares.size();
    if (strata == 0 || strata >= AuditRound::outside)
        throw UsageError("audit: between 1 and 254 strata are needed");
    double shareSum = 0.0;
    for (const double share : options.strataShares) {
        if (!std::isfinite(share) || share <= 0.0)
            throw UsageError("audit: every stratum share must be positive and finite");
        shareSum += share;
    }

    std::vector<int64_t> frame;
    for (size_t chip = 0; chip < n; ++chip)
        if (state[chip] == AuditChipState::Unlabeled)
            frame.push_back(int64_t(chip));
    const auto key = [&](int64_t chip) {
        const float s = scores[size_t(chip)];
        return std::isnan(s) ? -std::numeric_limits<float>::infinity() : s;
    };
    std::stable_sort(frame.begin(), frame.end(),
                     [&](int64_t a, int64_t b) { return key(a) < key(b); });

    AuditRound round;
    round.seed = options.seed;
    round.stratum.assign(n, AuditRound::outside);
    round.stratumSize.assign(strata, 0);
    std::vector<std::vector<int64_t>> members(strata);
    double cumulative = 0.0;
    size_t begin = 0;
    for (size_t h = 0; h < strata; ++h) {
        cumulative += options.strataShares[h];
        const size_t end = h + 1 == strata
                               ? frame.size()
                               : size_t(std::llround(cumulative / shareSum * double(frame.size())));
        for (size_t r = begin; r < end; ++r) {
            round.stratum[size_t(frame[r])] = uint8_t(h);
            members[h].push_back(frame[r]);
        }
        round.stratumSize[h] = end - begin;
        begin = end;
    }

    // Equal allocation, capped at the stratum size; what is left goes to the highest strata.
    std::vector<size_t> take(strata, 0);
    size_t left = std::min(options.sampleSize, frame.size());
    while (left > 0) {
        size_t open = 0;
        for (size_t h = 0; h < strata; ++h)
            open += take[h] < members[h].size() ? 1 : 0;
        const size_t each = std::max<size_t>(1, left / std::max<size_t>(open, 1));
        for (size_t h = strata; h-- > 0 && left > 0;) {
            const size_t add = std::min({each, members[h].size() - take[h], left});
            take[h] += add;
            left -= add;
        }
    }

    std::mt19937_64 rng = streamFor(options.seed, 0);
    for (size_t h = strata; h-- > 0;) {
        std::sort(members[h].begin(), members[h].end());
        shuffleFirst(members[h], take[h], rng);
        round.sample.insert(round.sample.end(), members[h].begin(),
                            members[h].begin() + ptrdiff_t(take[h]));
    }
    std::vector<int64_t> pool(accepted.begin(), accepted.end());
    std::sort(pool.begin(), pool.end());
    pool.erase(std::unique(pool.begin(), pool.end()), pool.end());
    round.acceptedSize = pool.size();
    const size_t recheck = std::min(options.recheckSize, pool.size());
    shuffleFirst(pool, recheck, rng);
    round.recheck.assign(pool.begin(), pool.begin() + ptrdiff_t(recheck));
    return round;
}

std::optional<AuditEstimate> estimateAudit(std::span<const AuditRound> rounds,
                                           std::span<const AuditChipState> state,
                                           const AuditEstimateOptions &options)
{
    if (!(options.level > 0.0 && options.level < 1.0))
        throw UsageError("audit: the interval level must lie in (0, 1)");
    const size_t n = state.size();
    const size_t draws = std::max<size_t>(options.draws, 100);

    AuditEstimate out;
    out.recallTarget = options.recallTarget;
    for (const AuditChipState s : state) {
        out.labeledPositives += s == AuditChipState::Positive ? 1 : 0;
        out.unlabeled += s == AuditChipState::Unlabeled ? 1 : 0;
    }

    // Per round and stratum: judged sampled chips, their positives, positives found since among
    // the others, and the others still unlabeled.
    struct Stratum
    {
        uint64_t others = 0, judged = 0, hits = 0, found = 0, open = 0;
    };
    std::optional<size_t> newest;
    std::vector<Stratum> strata;
    for (size_t t = 0; t < rounds.size(); ++t) {
        const AuditRound &round = rounds[t];
        if (round.stratum.size() != n)
            throw UsageError("audit: round " + std::to_string(t + 1) + " has " +
                             std::to_string(round.stratum.size()) + " chips, the state " +
                             std::to_string(n));
        std::vector<uint8_t> sampled(n, 0);
        for (const int64_t chip : round.sample)
            if (chip >= 0 && size_t(chip) < n)
                sampled[size_t(chip)] = 1;
        std::vector<Stratum> counts(round.strata());
        uint64_t judged = 0;
        for (size_t chip = 0; chip < n; ++chip) {
            const uint8_t h = round.stratum[chip];
            if (h == AuditRound::outside || h >= counts.size())
                continue;
            const AuditChipState s = state[chip];
            if (sampled[chip] && s != AuditChipState::Unlabeled) {
                ++counts[h].judged;
                ++judged;
                counts[h].hits += s == AuditChipState::Positive ? 1 : 0;
            } else if (s == AuditChipState::Positive) {
                ++counts[h].found;
            } else if (s == AuditChipState::Unlabeled) {
                ++counts[h].open;
            }
        }
        if (judged == 0)
            continue;
        for (size_t h = 0; h < counts.size(); ++h)
            counts[h].others =
                round.stratumSize[h] - std::min(round.stratumSize[h], counts[h].judged);
        ++out.rounds;
        out.auditedChips += judged;
        newest = t;
        strata = std::move(counts);
    }
    if (!newest)
        return std::nullopt;

    // The positives left, drawn under the prior Beta(a, b): the sum over the strata.
    const auto drawLeft = [&](double a, double b, uint64_t stream) {
        std::vector<double> values(draws, 0.0);
        std::mt19937_64 rng = streamFor(options.seed, stream);
        for (const Stratum &s : strata) {
            if (s.open == 0)
                continue; // nothing of this stratum is left unlabeled
            const TruncatedBetaBinomial posterior(s.others, s.judged, s.hits, a, b, s.found,
                                                  s.found + s.open);
            for (double &value : values)
                value += double(posterior.draw(rng) - s.found);
        }
        return values;
    };
    const double unlabeled = double(out.unlabeled);
    const AuditInterval lower = summarise(drawLeft(0.0, 1.0, 1), options.level, 0.0, unlabeled);
    const AuditInterval jeffreys = summarise(drawLeft(0.5, 0.5, 2), options.level, 0.0, unlabeled);
    out.remaining.low = lower.low;
    out.remaining.high = std::max(jeffreys.high, lower.low);
    out.remaining.estimate = std::clamp(jeffreys.estimate, out.remaining.low, out.remaining.high);

    const double positives = double(out.labeledPositives);
    out.total = {positives + out.remaining.estimate, positives + out.remaining.low,
                 positives + out.remaining.high};
    const auto recall = [&](double left) {
        return positives + left > 0.0 ? positives / (positives + left) : 1.0;
    };
    out.recall = {recall(out.remaining.estimate), recall(out.remaining.high),
                  recall(out.remaining.low)};
    out.recallReached = out.recall.estimate >= options.recallTarget;

    for (size_t t = rounds.size(); t-- > 0;) {
        const AuditRound &round = rounds[t];
        uint64_t checked = 0, confirmed = 0;
        for (const int64_t chip : round.recheck) {
            if (chip < 0 || size_t(chip) >= n || state[size_t(chip)] == AuditChipState::Unlabeled)
                continue;
            ++checked;
            confirmed += state[size_t(chip)] == AuditChipState::Positive ? 1 : 0;
        }
        if (checked == 0 || round.acceptedSize < checked)
            continue;
        const uint64_t rest = round.acceptedSize - checked;
        const auto drawPrecision = [&](double a, double b, uint64_t stream) {
            const TruncatedBetaBinomial posterior(rest, checked, confirmed, a, b, 0, rest);
            std::mt19937_64 rng = streamFor(options.seed, stream);
            std::vector<double> values(draws);
            for (double &value : values)
                value = double(confirmed + posterior.draw(rng)) / double(round.acceptedSize);
            return summarise(std::move(values), options.level, 0.0, 1.0);
        };
        const AuditInterval jeffreysPrecision = drawPrecision(0.5, 0.5, 4);
        AuditInterval precision;
        precision.low = std::min(drawPrecision(0.0, 1.0, 5).low, jeffreysPrecision.low);
        precision.high = jeffreysPrecision.high;
        precision.estimate = std::clamp(jeffreysPrecision.estimate, precision.low, precision.high);
        out.acceptedPrecision = precision;
        break;
    }
    return out;
}

} // namespace chipfinder
