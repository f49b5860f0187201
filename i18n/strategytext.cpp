#include "strategytext.h"

#include "strategies/strategyregistry.h"

#include <QCoreApplication>

namespace chipfinder::i18n {

QString strategyText(const std::string &english)
{
    if (english.empty())
        return {};
    return QCoreApplication::translate("strategy", english.c_str());
}

QString strategyTitle(const std::string &name)
{
    const StrategyInfo *info = StrategyRegistry::instance().find(name);
    if (!info || info->title.empty())
        return QString::fromStdString(name);
    return strategyText(info->title);
}

std::vector<std::string> userTexts(const StrategyInfo &info)
{
    std::vector<std::string> texts;
    const auto add = [&texts](const std::string &text) {
        if (!text.empty())
            texts.push_back(text);
    };
    add(info.title);
    add(info.description);
    for (const ParameterSpec &spec : info.parameters) {
        add(spec.label);
        add(spec.description);
        for (const std::string &label : spec.choiceLabels)
            add(label);
    }
    return texts;
}

} // namespace chipfinder::i18n
