#include "project/label.h"

namespace chipfinder {

std::string labelValueName(LabelValue value)
{
    return value == LabelValue::Positive ? "positive" : "negative";
}

std::string labelSourceName(LabelSource source)
{
    switch (source) {
    case LabelSource::Click: return "click";
    case LabelSource::Accepted: return "accepted";
    case LabelSource::Rejected: return "rejected";
    case LabelSource::Imported: return "imported";
    }
    return "click";
}

std::optional<LabelValue> labelValueFromName(const std::string &name)
{
    if (name == "positive")
        return LabelValue::Positive;
    if (name == "negative")
        return LabelValue::Negative;
    return std::nullopt;
}

std::optional<LabelSource> labelSourceFromName(const std::string &name)
{
    for (auto s : {LabelSource::Click, LabelSource::Accepted, LabelSource::Rejected,
                   LabelSource::Imported})
        if (labelSourceName(s) == name)
            return s;
    return std::nullopt;
}

} // namespace chipfinder
