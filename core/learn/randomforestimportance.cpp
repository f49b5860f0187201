#include "learn/randomforestimportance.h"

#include "common/errors.h"

#include <xgboost/c_api.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace chipfinder {

namespace {

void check(int status, const char *what)
{
    if (status != 0)
        throw std::runtime_error(std::string("XGBoost ") + what + ": " + XGBGetLastError());
}

struct MatrixHandle
{
    DMatrixHandle handle = nullptr;
    ~MatrixHandle()
    {
        if (handle)
            XGDMatrixFree(handle);
    }
};

struct BoosterGuard
{
    BoosterHandle handle = nullptr;
    ~BoosterGuard()
    {
        if (handle)
            XGBoosterFree(handle);
    }
};

} // namespace

RandomForestImportance::RandomForestImportance(RandomForestOptions options) : m_options(options)
{
    if (m_options.trees < 1 || !(m_options.subsample > 0 && m_options.subsample <= 1) ||
        m_options.featuresPerSplit < 0 || m_options.featuresPerSplit > 1 || m_options.maxDepth < 1)
        throw UsageError("RandomForestImportance: invalid options");
}

std::vector<double> RandomForestImportance::compute(std::span<const float> x, size_t n, size_t d,
                                                    std::span<const uint8_t> labels) const
{
    if (x.size() != n * d || labels.size() != n || n == 0 || d == 0)
        throw UsageError("RandomForestImportance: x must be n × d and labels n values");
    size_t positives = 0;
    for (const uint8_t y : labels)
        positives += y ? 1 : 0;
    if (positives == 0 || positives == n)
        throw UsageError("RandomForestImportance: both classes are needed");

    static const bool quiet = [] {
        XGBSetGlobalConfig(R"({"verbosity": 0})");
        return true;
    }();
    (void)quiet;

    MatrixHandle matrix;
    check(XGDMatrixCreateFromMat(x.data(), n, d, NAN, &matrix.handle), "DMatrix");
    std::vector<float> y(n), w(n);
    for (size_t i = 0; i < n; ++i) {
        y[i] = labels[i] ? 1.0f : 0.0f;
        const double classSize = labels[i] ? double(positives) : double(n - positives);
        w[i] = m_options.balanceClasses ? float(double(n) / (2.0 * classSize)) : 1.0f;
    }
    check(XGDMatrixSetFloatInfo(matrix.handle, "label", y.data(), n), "labels");
    check(XGDMatrixSetFloatInfo(matrix.handle, "weight", w.data(), n), "weights");

    BoosterGuard booster;
    check(XGBoosterCreate(&matrix.handle, 1, &booster.handle), "booster");
    const double colsample = m_options.featuresPerSplit > 0
                                 ? m_options.featuresPerSplit
                                 : std::min(1.0, std::sqrt(double(d)) / double(d));
    const std::pair<const char *, std::string> params[] = {
        {"booster", "gbtree"},
        {"objective", "binary:logistic"},
        {"tree_method", "exact"},
        {"num_parallel_tree", std::to_string(m_options.trees)},
        {"subsample", std::to_string(m_options.subsample)},
        {"colsample_bynode", std::to_string(colsample)},
        {"eta", "1"},
        {"max_depth", std::to_string(m_options.maxDepth)},
        {"min_child_weight", "0.1"},
        {"lambda", "1e-3"},
        {"base_score", "0.5"},
        {"seed", std::to_string(m_options.seed & 0x7fffffff)},
        {"nthread", std::to_string(std::max(1, m_options.threads))},
    };
    for (const auto &[key, value] : params)
        check(XGBoosterSetParam(booster.handle, key, value.c_str()), key);
    check(XGBoosterUpdateOneIter(booster.handle, 0, matrix.handle), "training");

    const std::string config = R"({"importance_type": ")" + m_options.importanceType + R"("})";
    bst_ulong featureCount = 0, dimCount = 0;
    const char **names = nullptr;
    const bst_ulong *shape = nullptr;
    const float *scores = nullptr;
    check(XGBoosterFeatureScore(booster.handle, config.c_str(), &featureCount, &names, &dimCount,
                                &shape, &scores),
          "feature score");
    std::vector<double> importance(d, 0.0);
    for (bst_ulong i = 0; i < featureCount; ++i) {
        // Default feature names are "f<index>".
        const std::string name = names[i];
        if (name.size() < 2 || name[0] != 'f')
            continue;
        const size_t j = std::stoul(name.substr(1));
        if (j < d)
            importance[j] = std::max(0.0, double(scores[i]));
    }
    return importance;
}

std::vector<int> RandomForestImportance::ranking(std::span<const double> importance)
{
    std::vector<int> order(importance.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return importance[size_t(a)] > importance[size_t(b)]; });
    return order;
}

} // namespace chipfinder
