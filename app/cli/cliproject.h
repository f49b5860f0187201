#pragma once
// A project as the chipfinder-cli project commands and `search PROJECT` use it: the store, its
// dataset (checked against the fingerprint the project recorded) and the review state read the
// way the app's ProjectSession reads it (labels of the dataset's chips, the current round's
// candidates with the strategy that proposed each, the shares and the skipped chips). The
// changes follow the app's review rules and go through LabelHistory with the app's step texts,
// so the app shows them and can undo them.
// Errors: DataError / UsageError naming the project, the dataset or the chip id.

#include "dataset/dataset.h"
#include "project/label.h"
#include "project/projectstore.h"
#include "search/searchtypes.h"
#include "strategies/strategy.h"

#include <QString>
#include <QStringList>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace chipfinder {
class Feedback;
class LabelHistory;
} // namespace chipfinder

namespace chipfinder::cli {

// The project setting holding the round's attribution by `auto` (the app's format: JSON
// {"proposed_by": {chip id: strategy}, "shares": [[strategy, share], ...]}).
inline constexpr const char *kRoundReportKey = "round.report";

class CliProject
{
public:
    // Opens the project (read-only when `readOnly`), loads its dataset and checks its identity.
    CliProject(const QString &path, bool readOnly, Feedback *feedback);
    ~CliProject();

    ProjectStore &store() { return *m_store; }
    const Dataset &dataset() const { return m_dataset; }
    QString datasetPath() const { return QString::fromStdString(m_datasetPath); }

    std::optional<LabelValue> labelOf(int64_t chip) const;
    const std::map<int64_t, Label> &labels() const { return m_labels; } // by chip
    const std::vector<ScoredChip> &candidates() const { return m_candidates; }
    bool isCandidate(int64_t chip) const;
    float candidateScore(int64_t chip) const;
    // The strategy that proposed a candidate (auto's arm), else the round's strategy.
    std::string proposerOf(int64_t chip) const;
    const std::vector<std::pair<std::string, double>> &shares() const { return m_shares; }
    const std::set<int64_t> &skipped() const { return m_skipped; }
    int round() const { return m_round; }
    const std::string &candidateStrategy() const { return m_strategy; }

    // Chip ids (as givenIds() collects them) to rows; UsageError naming the option and the
    // first unknown id.
    std::vector<int64_t> chips(const std::vector<std::string> &ids, const QString &option) const;

    // The review rules of the app (ProjectSession). Each returns how many chips changed.
    // Labels the chips (as a box select does): one undoable step.
    int labelChips(const std::vector<int64_t> &chips, LabelValue value);
    // Clears the labels of the chips: one undoable step per labeled chip (as clicks do).
    int clearLabels(const std::vector<int64_t> &chips);
    // Accepts / rejects candidates of the current round: one step each, the label recording the
    // candidate's score and proposer. A chip that is not a candidate is a DataError.
    int review(const std::vector<int64_t> &chips, LabelValue value);
    // Skips candidates: later rounds do not propose them. Labeled or skipped chips are left.
    int skip(const std::vector<int64_t> &chips);
    // Applies imported label changes as one undoable step.
    int importLabels(const std::vector<LabelChange> &changes);

    // One round of a strategy on the current labels (skipped chips excluded), written into the
    // project as the app writes it: the candidates, the next round number and the attribution.
    // `seed` empty: the app's seed for that round.
    StrategyReport search(const std::string &strategy, const StrategyParameters &parameters,
                          size_t k, std::optional<uint64_t> seed, Feedback *feedback);

private:
    LabelChange makeChange(int64_t chip, std::optional<LabelValue> value, LabelSource source) const;
    int apply(const std::vector<LabelChange> &changes, const std::string &description);
    void loadState();

    std::unique_ptr<ProjectStore> m_store;
    std::unique_ptr<LabelHistory> m_history;
    std::string m_datasetPath;
    Dataset m_dataset;
    std::map<int64_t, Label> m_labels;
    std::vector<ScoredChip> m_candidates;
    std::map<int64_t, float> m_candidateScore;
    std::map<int64_t, std::string> m_proposers;
    std::vector<std::pair<std::string, double>> m_shares;
    std::set<int64_t> m_skipped;
    int m_round = 0;
    std::string m_strategy;
};

} // namespace chipfinder::cli
