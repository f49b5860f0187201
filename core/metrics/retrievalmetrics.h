#pragma once
// Retrieval quality against ground truth (DESIGN §5): precision@k, recall@k, MAP@R.
// `ranked` is a result list best first; `truth` one flag per chip (1 = relevant).
// Chips of `ranked` outside the truth throw UsageError, as does k = 0. With `excluded` (e.g. the
// labeled query chips), excluded chips neither count as relevant nor take a position in `ranked`.
// When there is no relevant chip, recall@k and MAP@R are 0. Pure functions, thread-safe.

#include "search/searchtypes.h"

#include <cstdint>
#include <span>
#include <vector>

namespace chipfinder {

// Fraction of the first k ranked chips that are relevant (k > ranked.size() counts the missing
// as not relevant).
double precisionAtK(std::span<const ScoredChip> ranked, std::span<const uint8_t> truth, size_t k);
// Fraction of all relevant chips (optionally not counting `excluded` ones) found in the first k.
double recallAtK(std::span<const ScoredChip> ranked, std::span<const uint8_t> truth, size_t k,
                 const ChipMask *excluded = nullptr);
// Mean average precision at R (Musgrave et al. 2020): R = number of relevant chips (not counting
// excluded ones); AP@R = (1/R) Σ_{i ≤ R} P@i · rel(i).
double mapAtR(std::span<const ScoredChip> ranked, std::span<const uint8_t> truth,
              const ChipMask *excluded = nullptr);

} // namespace chipfinder
