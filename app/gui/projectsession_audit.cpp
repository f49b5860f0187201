// ProjectSession's audit rounds (declared in projectsession.h): drawing a round in the
// background, keeping it in the project, and the estimate of the positives left.

#include "projectsession.h"

#include "common/errors.h"
#include "common/feedback.h"
#include "dataset/dataset.h"
#include "errortext.h"
#include "jobrunner.h"
#include "search/flatindex.h"

#include <algorithm>
#include <limits>
#include <string>

namespace chipfinder {

namespace {
const char *const KeyAuditRounds = "audit.rounds";
const char *const KeyRecallTarget = "audit.recall_target";
const char *const KeyRoundReport = "round.report"; // projectsession.cpp's report of the round

std::string auditBlobKey(size_t round)
{
    return "audit:" + std::to_string(round);
}

// The review round audit round k was drawn as (for its re-checked chips).
std::string auditRoundKey(size_t round)
{
    return "audit.review_round:" + std::to_string(round);
}

// Accepted = a positive the analyst did not set directly: reviewed candidates and bulk labels
// (not clicks, not imports).
bool isAccepted(const Label &label)
{
    return label.value == LabelValue::Positive && label.source != LabelSource::Click &&
           label.source != LabelSource::Imported;
}

std::vector<AuditChipState> chipStates(const std::vector<int8_t> &labelState)
{
    std::vector<AuditChipState> state(labelState.size(), AuditChipState::Unlabeled);
    for (size_t chip = 0; chip < labelState.size(); ++chip)
        if (labelState[chip] >= 0)
            state[chip] =
                labelState[chip] == 0 ? AuditChipState::Positive : AuditChipState::Negative;
    return state;
}
} // namespace

quint64 ProjectSession::startAudit(size_t sampleSize)
{
    if (!m_dataset || !m_index || !m_store || isReadOnly() || sampleSize == 0)
        return 0;
    std::vector<AuditChipState> state = chipStates(m_labelState);
    std::vector<int64_t> positives, negatives;
    for (size_t chip = 0; chip < state.size(); ++chip)
        if (state[chip] != AuditChipState::Unlabeled)
            (state[chip] == AuditChipState::Positive ? positives : negatives)
                .push_back(int64_t(chip));
    if (positives.size() + negatives.size() == state.size()) {
        emit errorOccurred(tr("Every chip is labeled: there is nothing left to audit."));
        return 0;
    }
    std::vector<int64_t> accepted;
    for (const auto &[chip, label] : m_labels)
        if (isAccepted(label))
            accepted.push_back(chip);
    std::sort(accepted.begin(), accepted.end());
    const size_t recheckSize = accepted.empty() ? 0 : std::max<size_t>(1, sampleSize / 5);
    const int nextRound = round() + 1;
    const uint64_t seed = 0xA0D17000ULL + uint64_t(m_audits.size() + 1);
    std::shared_ptr<const FlatIndex> index = m_index;
    return m_searcher->run<AuditRound>(
        tr("Drawing an audit sample"),
        [index, state = std::move(state), positives = std::move(positives),
         negatives = std::move(negatives), accepted = std::move(accepted), sampleSize, recheckSize,
         seed](Feedback &feedback) {
            const std::vector<float> scores = auditScores(*index, positives, negatives);
            feedback.throwIfCanceled();
            AuditDrawOptions options;
            options.sampleSize = sampleSize;
            options.recheckSize = recheckSize;
            options.seed = seed;
            AuditRound round = drawAudit(scores, state, accepted, options);
            feedback.setProgress(1.0);
            return round;
        },
        [this, nextRound](quint64, AuditRound &round) {
            if (!m_store || !m_dataset || round.stratum.size() != m_dataset->size())
                return;
            std::vector<Candidate> list;
            std::vector<ScoredChip> candidates;
            for (const int64_t chip : round.sample) {
                // The candidate's score is its inclusion probability.
                const float p = float(round.inclusionProbability(chip));
                list.push_back({m_dataset->ids[size_t(chip)], chip, p});
                candidates.push_back({chip, p});
            }
            // Re-checked chips after the sample; their score is their share of the accepted.
            for (const int64_t chip : round.recheck) {
                const float p = float(round.recheck.size()) / float(round.acceptedSize);
                list.push_back({m_dataset->ids[size_t(chip)], chip, p});
                candidates.push_back({chip, p});
            }
            const size_t number = m_audits.size() + 1;
            try {
                // The round first, then its count: an interrupted save leaves the rounds before.
                m_store->setBlob(auditBlobKey(number), round.toBytes());
                m_store->setSetting(auditRoundKey(number), std::to_string(nextRound));
                m_store->setSetting(KeyAuditRounds, std::to_string(number));
                m_store->setCandidates(nextRound, "audit", list);
                m_store->setSetting(KeyRoundReport, "{}");
            } catch (...) {
                emit errorOccurred(ErrorText::describeCurrent());
                return;
            }
            m_audits.push_back(std::move(round));
            m_auditRounds.push_back(nextRound);
            setCandidateList(std::move(candidates));
            m_round = nextRound;
            m_candidateStrategy = QStringLiteral("audit");
            m_proposers.clear();
            m_shares.clear();
            emit candidatesChanged();
            emit searchFinished(int(m_candidates.size()));
        });
}

void ProjectSession::loadAudits()
{
    m_audits.clear();
    m_auditRounds.clear();
    try {
        const auto count = m_store->setting(KeyAuditRounds);
        if (!count)
            return;
        size_t rounds = 0;
        try {
            rounds = std::stoul(*count);
        } catch (...) {
            throw DataError(m_store->path(), "the setting is not a count", std::nullopt,
                            KeyAuditRounds, "a whole number");
        }
        for (size_t k = 1; k <= rounds; ++k) {
            const auto bytes = m_store->blob(auditBlobKey(k));
            if (!bytes)
                throw DataError(m_store->path(), "audit round " + std::to_string(k) + " is missing",
                                std::nullopt, auditBlobKey(k));
            m_audits.push_back(AuditRound::fromBytes(
                *bytes, m_dataset->size(), m_store->path() + " (" + auditBlobKey(k) + ")"));
            // Without its review round (a round drawn before re-checks were recorded) no
            // re-check of that round counts as done.
            int reviewRound = std::numeric_limits<int>::max();
            if (const auto text = m_store->setting(auditRoundKey(k))) {
                try {
                    reviewRound = std::stoi(*text);
                } catch (...) {
                    throw DataError(m_store->path(), "the setting is not a round", std::nullopt,
                                    auditRoundKey(k), "a whole number");
                }
            }
            m_auditRounds.push_back(reviewRound);
        }
    } catch (...) {
        m_audits.clear();
        m_auditRounds.clear();
        emit errorOccurred(ErrorText::describeCurrent());
    }
}

double ProjectSession::auditRecallTarget() const
{
    bool ok = false;
    const double target = setting(QString::fromLatin1(KeyRecallTarget)).toDouble(&ok);
    return ok && target > 0.0 && target <= 1.0 ? target : 0.9;
}

std::optional<AuditEstimate> ProjectSession::auditEstimate() const
{
    if (m_audits.empty() || !m_dataset)
        return std::nullopt;
    AuditEstimateOptions options;
    options.recallTarget = auditRecallTarget();
    try {
        // An accepted chip drawn for re-checking counts once the analyst judged it in (or
        // after) its audit round: its label was recorded again since.
        std::vector<AuditRound> rounds;
        const std::vector<AuditRound> *used = &m_audits;
        if (std::any_of(m_audits.begin(), m_audits.end(),
                        [](const AuditRound &r) { return !r.recheck.empty(); })) {
            rounds = m_audits;
            for (size_t k = 0; k < rounds.size(); ++k)
                std::erase_if(rounds[k].recheck, [&](int64_t chip) {
                    const auto it = m_labels.find(chip);
                    return it == m_labels.end() || it->second.round < m_auditRounds[k];
                });
            used = &rounds;
        }
        return estimateAudit(*used, chipStates(m_labelState), options);
    } catch (...) {
        return std::nullopt;
    }
}

RecheckState ProjectSession::recheckOf(int64_t chip) const
{
    if (m_audits.empty() || m_candidateStrategy != QLatin1String("audit") ||
        m_auditRounds.back() != m_round)
        return RecheckState::None;
    const std::vector<int64_t> &recheck = m_audits.back().recheck;
    if (std::find(recheck.begin(), recheck.end(), chip) == recheck.end())
        return RecheckState::None;
    const auto it = m_labels.find(chip);
    if (it == m_labels.end())
        return RecheckState::None; // the label was cleared: nothing to re-check
    return it->second.round >= m_round ? RecheckState::Done : RecheckState::Pending;
}

} // namespace chipfinder
