#include "project/label.h"

#include <cstdio>
#include <ctime>

namespace chipfinder {

std::string labelValueName(LabelValue value)
{
    return value == LabelValue::Positive ? "positive" : "negative";
}

std::string labelSourceName(LabelSource source)
{
    switch (source) {
    case LabelSource::Click:
        return "click";
    case LabelSource::Accepted:
        return "accepted";
    case LabelSource::Rejected:
        return "rejected";
    case LabelSource::Imported:
        return "imported";
    case LabelSource::Box:
        return "box";
    case LabelSource::Lasso:
        return "lasso";
    case LabelSource::Scatter:
        return "scatter";
    case LabelSource::Threshold:
        return "threshold";
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
    for (auto s :
         {LabelSource::Click, LabelSource::Accepted, LabelSource::Rejected, LabelSource::Imported,
          LabelSource::Box, LabelSource::Lasso, LabelSource::Scatter, LabelSource::Threshold})
        if (labelSourceName(s) == name)
            return s;
    return std::nullopt;
}

std::string isoUtcFromMs(int64_t unixMs)
{
    int64_t seconds = unixMs / 1000;
    int64_t millis = unixMs % 1000;
    if (millis < 0) {
        millis += 1000;
        seconds -= 1;
    }
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, int(millis));
    return text;
}

std::optional<int64_t> msFromIsoUtc(const std::string &text)
{
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    int consumed = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2d%n", &year, &month, &day, &consumed) != 3 ||
        consumed != 10)
        return std::nullopt;
    size_t pos = 10;
    int64_t millis = 0;
    int offsetMinutes = 0;
    if (pos < text.size()) {
        if (text[pos] != 'T' && text[pos] != ' ')
            return std::nullopt;
        if (std::sscanf(text.c_str() + pos + 1, "%2d:%2d:%2d%n", &hour, &minute, &second,
                        &consumed) != 3 ||
            consumed != 8)
            return std::nullopt;
        pos += 9;
        if (pos < text.size() && text[pos] == '.') {
            ++pos;
            int digits = 0;
            int64_t fraction = 0;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
                if (digits < 3) {
                    fraction = fraction * 10 + (text[pos] - '0');
                    ++digits;
                }
                ++pos;
            }
            if (digits == 0)
                return std::nullopt;
            while (digits < 3) {
                fraction *= 10;
                ++digits;
            }
            millis = fraction;
        }
        if (pos < text.size()) {
            if (text[pos] == 'Z') {
                ++pos;
            } else if (text[pos] == '+' || text[pos] == '-') {
                int oh = 0, om = 0;
                if (std::sscanf(text.c_str() + pos + 1, "%2d:%2d%n", &oh, &om, &consumed) != 2 ||
                    consumed != 5)
                    return std::nullopt;
                offsetMinutes = (text[pos] == '+' ? 1 : -1) * (oh * 60 + om);
                pos += 6;
            }
        }
        if (pos != text.size())
            return std::nullopt;
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    const std::time_t t = timegm(&tm);
    return (int64_t(t) - int64_t(offsetMinutes) * 60) * 1000 + millis;
}

} // namespace chipfinder
