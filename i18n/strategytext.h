#pragma once
// Strategy titles, descriptions and parameter labels come from core (StrategyInfo,
// ParameterSpec) in English, without Qt. strategytext.cpp lists every one of them with
// QT_TRANSLATE_NOOP so that lupdate puts them into i18n/*.ts (context "strategy"); the UIs show
// them through strategyText(). A new strategy needs its texts added there (tests/app/tst_i18n
// fails otherwise).

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

// Every English text listed for translation (for tests).
const std::vector<const char *> &strategyTextSources();

// The texts of one strategy that are shown to users: title, description, and every parameter's
// label and description (empty ones left out).
std::vector<std::string> userTexts(const StrategyInfo &info);

} // namespace chipfinder::i18n
