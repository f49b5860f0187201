#pragma once
// Strategy titles, descriptions and parameter labels come from core (StrategyInfo,
// ParameterSpec) in English, without Qt, marked where they are written with
// QT_TRANSLATE_NOOP("strategy", ...) (core/common/translatable.h) so that lupdate puts them into
// i18n/*.ts; the UIs show them through strategyText(). tests/app/tst_i18n fails for a text that
// is not marked or not translated.

#include <QString>

#include <string>
#include <vector>

namespace chipfinder {
struct StrategyInfo;
}

namespace chipfinder::i18n {

// The translation (context "strategy") of one English text from core; the text itself if there
// is none.
QString strategyText(const std::string &english);

// The title of the registered strategy `name`, translated; `name` itself if unknown.
QString strategyTitle(const std::string &name);

// The texts of one strategy that are shown to users: title, description, and every parameter's
// label and description (empty ones left out).
std::vector<std::string> userTexts(const StrategyInfo &info);

} // namespace chipfinder::i18n
