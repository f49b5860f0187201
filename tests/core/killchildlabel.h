#pragma once
// The label the kill-test child (projectkillchild.cpp) writes for chip i, so that the test can
// check every surviving label field by field (a torn write would not match).

#include "project/label.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace chipfinder::killtest {

constexpr int kBatch = 3; // labels per applyChanges() call: all or none must survive a kill

inline std::string chipId(int64_t i)
{
    char text[32];
    std::snprintf(text, sizeof text, "naip-%07lld", static_cast<long long>(i));
    return text;
}

inline Label labelFor(int64_t i)
{
    Label label;
    label.chip = i;
    label.chipId = chipId(i);
    label.value = i % 3 == 0 ? LabelValue::Negative : LabelValue::Positive;
    label.source = static_cast<LabelSource>(i % 4);
    label.score = i % 5 == 0 ? std::nan("") : 0.5 + 0.001 * double(i % 400);
    label.strategy = i % 2 ? "common-similar" : "";
    label.round = int(i / 30);
    label.labeledAtMs = 1'763'900'000'000LL + i * 1'003;
    return label;
}

} // namespace chipfinder::killtest
