#include "strategytext.h"

#include "strategies/strategyregistry.h"

#include <QCoreApplication>

namespace chipfinder::i18n {

namespace {

// Every user-visible English text of the strategies in core/strategies/*.cpp, verbatim (a text
// that differs by one character is not found at run time and shows in English).
const std::vector<const char *> kTexts = {
    // autostrategy.cpp
    QT_TRANSLATE_NOOP("strategy", "Automatic"),
    QT_TRANSLATE_NOOP(
        "strategy",
        "Shares each batch among several strategies by how many of their earlier proposals you "
        "accepted, so the strategies finding positives now get most of it; says which strategy "
        "proposed each candidate."),
    // centroidstrategy.cpp
    QT_TRANSLATE_NOOP("strategy", "Centroid"),
    QT_TRANSLATE_NOOP(
        "strategy",
        "Chips nearest to the mean of the positives (the seed's CreateRepresentativePoint)."),
    // classifierstrategy.cpp
    QT_TRANSLATE_NOOP("strategy", "Classifier"),
    QT_TRANSLATE_NOOP("strategy",
                      "A logistic regression trained on positives vs negatives ranks every chip; "
                      "optionally proposes the most uncertain chips instead."),
    QT_TRANSLATE_NOOP("strategy", "Regularisation (L2)"),
    QT_TRANSLATE_NOOP("strategy", "Strength of the L2 penalty on the weights."),
    QT_TRANSLATE_NOOP("strategy", "Uncertainty sampling"),
    QT_TRANSLATE_NOOP("strategy",
                      "Propose the chips closest to the decision boundary (active learning)."),
    // commoncontrastivestrategy.cpp
    QT_TRANSLATE_NOOP("strategy", "Common contrastive"),
    QT_TRANSLATE_NOOP("strategy",
                      "Common similar, minus the chips that the negatives' neighbourhoods share: "
                      "removes look-alikes the analyst rejected."),
    QT_TRANSLATE_NOOP("strategy", "Neighbours per positive (C)"),
    QT_TRANSLATE_NOOP("strategy", "How many nearest chips of each positive are considered."),
    QT_TRANSLATE_NOOP("strategy", "Neighbours per negative"),
    QT_TRANSLATE_NOOP("strategy",
                      "How many nearest chips of each negative count against a candidate."),
    QT_TRANSLATE_NOOP("strategy", "Negative weight"),
    QT_TRANSLATE_NOOP("strategy",
                      "How much one negative's vote subtracts from a candidate's positive votes."),
    // commonsimilarstrategy.cpp
    QT_TRANSLATE_NOOP("strategy", "Common similar"),
    QT_TRANSLATE_NOOP("strategy", "Chips found among the nearest neighbours of many positives at "
                                  "once: ranked by how many positives share them."),
    // diversestrategy.cpp
    QT_TRANSLATE_NOOP("strategy", "Diverse"),
    QT_TRANSLATE_NOOP("strategy", "Another strategy's best results re-ranked for diversity "
                                  "(maximal marginal relevance or k-center greedy)."),
    QT_TRANSLATE_NOOP("strategy", "Base strategy"),
    QT_TRANSLATE_NOOP("strategy", "The strategy whose results are re-ranked."),
    QT_TRANSLATE_NOOP("strategy", "Method"),
    QT_TRANSLATE_NOOP("strategy", "Maximal marginal relevance or k-center greedy."),
    QT_TRANSLATE_NOOP("strategy", "Relevance weight λ"),
    QT_TRANSLATE_NOOP("strategy", "MMR: weight of relevance against novelty."),
    QT_TRANSLATE_NOOP("strategy", "Pool size (× k)"),
    QT_TRANSLATE_NOOP("strategy", "How many base results (as a multiple of k) are re-ranked."),
    // knnunionstrategy.cpp
    QT_TRANSLATE_NOOP("strategy", "k-NN union"),
    QT_TRANSLATE_NOOP(
        "strategy",
        "The nearest chips of every positive, merged by best similarity (the seed's KNN)."),
    // learnedmetricstrategy.cpp
    QT_TRANSLATE_NOOP("strategy", "Learned metric"),
    QT_TRANSLATE_NOOP("strategy",
                      "Learns a linear map from the labels (triplet loss, semi-hard negatives) and "
                      "searches near the positives in the mapped space."),
    QT_TRANSLATE_NOOP("strategy", "Margin"),
    QT_TRANSLATE_NOOP(
        "strategy",
        "Triplet margin, as a fraction of the mean squared distance between labeled chips."),
    QT_TRANSLATE_NOOP("strategy", "Output dimensions"),
    QT_TRANSLATE_NOOP("strategy", "Dimensions of the mapped space."),
    QT_TRANSLATE_NOOP("strategy", "Epochs"),
    QT_TRANSLATE_NOOP("strategy", "Training passes over the mined triplets."),
    // prunedstrategy.cpp
    QT_TRANSLATE_NOOP("strategy", "Pruned (forest importance)"),
    QT_TRANSLATE_NOOP("strategy", "Keeps the embedding dimensions a random forest finds important "
                                  "for positives vs negatives, then searches in that subspace."),
    QT_TRANSLATE_NOOP("strategy", "Dimensions kept"),
    QT_TRANSLATE_NOOP("strategy", "Fraction of dimensions kept, most important first."),
    QT_TRANSLATE_NOOP("strategy", "Search in subspace"),
    QT_TRANSLATE_NOOP("strategy", "Strategy run in the pruned subspace."),
    QT_TRANSLATE_NOOP("strategy", "Trees"),
    QT_TRANSLATE_NOOP("strategy", "Trees in the random forest."),
    QT_TRANSLATE_NOOP("strategy", "For the common-similar base."),
    // randompositivestrategy.cpp
    QT_TRANSLATE_NOOP("strategy", "Random positive"),
    QT_TRANSLATE_NOOP("strategy", "Chips nearest to one positive picked at random (the seed's "
                                  "RandomSamplePositiveExamples)."),
    // rocchiostrategy.cpp
    QT_TRANSLATE_NOOP("strategy", "Rocchio"),
    QT_TRANSLATE_NOOP("strategy", "Chips nearest to α·mean(positives) − β·mean(negatives): the "
                                  "classic relevance-feedback query."),
    QT_TRANSLATE_NOOP("strategy", "Positive weight α"),
    QT_TRANSLATE_NOOP("strategy", "Weight of the positives' mean."),
    QT_TRANSLATE_NOOP("strategy", "Negative weight β"),
    QT_TRANSLATE_NOOP("strategy", "Weight of the negatives' mean subtracted from the query."),
};

} // namespace

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

const std::vector<const char *> &strategyTextSources()
{
    return kTexts;
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
    }
    return texts;
}

} // namespace chipfinder::i18n
