#include "dataset/embeddingcolumns.h"

#include "common/errors.h"
#include "common/text.h"

#include <Eigen/Core>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>

namespace chipfinder {

std::optional<ElementType> parseElementType(const std::string &text)
{
    const std::string t = lower(text);
    if (t.empty() || t == "auto")
        return ElementType::Auto;
    if (t == "f16" || t == "float16" || t == "half")
        return ElementType::Float16;
    if (t == "f32" || t == "float32" || t == "float")
        return ElementType::Float32;
    if (t == "f64" || t == "float64" || t == "double")
        return ElementType::Float64;
    return std::nullopt;
}

const char *elementTypeName(ElementType type)
{
    switch (type) {
    case ElementType::Float16:
        return "float16";
    case ElementType::Float32:
        return "float32";
    case ElementType::Float64:
        return "float64";
    case ElementType::Auto:
        break;
    }
    return "auto";
}

size_t elementBytes(ElementType type)
{
    switch (type) {
    case ElementType::Float16:
        return 2;
    case ElementType::Float32:
        return 4;
    case ElementType::Float64:
        return 8;
    case ElementType::Auto:
        break;
    }
    return 0;
}

void decodeElements(std::span<const uint8_t> bytes, ElementType type, std::vector<float> &out)
{
    const size_t size = elementBytes(type);
    const size_t n = size ? bytes.size() / size : 0;
    out.resize(n);
    switch (type) {
    case ElementType::Float16:
        for (size_t i = 0; i < n; ++i) {
            uint16_t bits;
            std::memcpy(&bits, bytes.data() + 2 * i, 2);
            out[i] = float(Eigen::numext::bit_cast<Eigen::half>(bits));
        }
        break;
    case ElementType::Float32:
        std::memcpy(out.data(), bytes.data(), n * 4);
        break;
    case ElementType::Float64:
        for (size_t i = 0; i < n; ++i) {
            double v;
            std::memcpy(&v, bytes.data() + 8 * i, 8);
            out[i] = float(v);
        }
        break;
    case ElementType::Auto:
        break;
    }
}

ElementType detectElementType(const std::vector<std::vector<uint8_t>> &samples,
                              const std::string &file, const std::string &field)
{
    constexpr size_t kEvidence = 64; // sampled values needed to prefer the narrowest type
    std::vector<ElementType> fitting;
    std::string sizes;
    size_t length = samples.empty() ? 0 : samples.front().size();
    for (const auto &blob : samples)
        if (blob.size() != length)
            length = 0; // ragged: no type is checked against a common length
    size_t narrowestValues = 0;
    for (const ElementType type :
         {ElementType::Float16, ElementType::Float32, ElementType::Float64}) {
        const size_t size = elementBytes(type);
        if (length == 0 || length % size != 0)
            continue;
        sizes += (sizes.empty() ? "" : ", ") + std::to_string(length / size) + " " +
                 elementTypeName(type);
        bool evenAllZero = true, oddAnyNonZero = false;
        size_t values = 0, nonZero = 0, failed = 0;
        double logSum = 0.0, logSquares = 0.0;
        std::vector<float> decoded;
        for (const auto &blob : samples) {
            decodeElements(blob, type, decoded);
            // A row fits when every value is finite and of an embedding's magnitude, and the
            // row spans at most 9 decades (the halves of a wider type read as a narrower one
            // span the type's whole exponent range). A few rows may not (NaN rows are skipped
            // later); they are left out of the statistics.
            float smallest = std::numeric_limits<float>::infinity(), largest = 0.0f;
            bool rowFits = true;
            for (size_t j = 0; j < decoded.size() && rowFits; ++j) {
                const float a = std::fabs(decoded[j]);
                rowFits = std::isfinite(a) && (a == 0.0f || (a >= 1e-10f && a <= 1e6f));
                if (a > 0.0f) {
                    smallest = std::min(smallest, a);
                    largest = std::max(largest, a);
                }
            }
            rowFits = rowFits && (largest == 0.0f || largest / smallest <= 1e9f);
            if (!rowFits) {
                ++failed;
                continue;
            }
            for (size_t j = 0; j < decoded.size(); ++j) {
                const float v = decoded[j];
                if (v != 0.0f) {
                    const double l = std::log2(double(std::fabs(v)));
                    logSum += l;
                    logSquares += l * l;
                    ++nonZero;
                }
                if (j % 2 == 0)
                    evenAllZero = evenAllZero && v == 0.0f;
                else
                    oddAnyNonZero = oddAnyNonZero || v != 0.0f;
            }
            values += decoded.size();
        }
        bool fits = failed < samples.size() && failed <= std::max<size_t>(1, samples.size() / 10);
        // Zero in every even position: the zero low halves of a wider type's round values.
        if (fits && evenAllZero && oddAnyNonZero && type != ElementType::Float64)
            fits = false;
        // Embedding values spread over a few octaves (|N(0, s)| has a log2 spread of 1.6); the
        // halves of a wider type spread over the narrower type's exponents (uniform: about 9),
        // a narrower type's pairs read as a wider one multiply its octaves by 8.
        if (fits && nonZero > 1) {
            const double mean = logSum / double(nonZero);
            const double spread =
                std::sqrt(std::max(0.0, logSquares / double(nonZero) - mean * mean));
            fits = spread <= 4.0;
        }
        if (fits) {
            if (fitting.empty())
                narrowestValues = values;
            fitting.push_back(type);
        }
    }
    // Wider views of narrower data fit only when the values sit in a narrow range; a narrower
    // view of wider data hardly ever fits. With enough values, the narrowest fitting type is it.
    if (fitting.size() == 1 || (fitting.size() > 1 && narrowestValues >= kEvidence))
        return fitting.front();
    const std::string lengthText =
        length ? std::to_string(length) + " bytes" : std::string("blobs of different lengths");
    if (fitting.empty())
        throw DataError(file,
                        "the blobs (" + lengthText +
                            ") decode to no plausible vector as float16, float32 or float64",
                        std::nullopt, field,
                        "little-endian float16/float32/float64 values; name the type with "
                        "--blob-type if it is one of those");
    std::string names;
    for (const ElementType type : fitting)
        names += (names.empty() ? "" : " or ") + std::string(elementTypeName(type));
    throw DataError(file,
                    "the blobs' element type is ambiguous: " + lengthText + " read as " + names +
                        " (" + sizes + " values), too few values to tell",
                    std::nullopt, field, "the element type given with --blob-type f16|f32|f64");
}

std::string ColumnRun::describe(const std::vector<ColumnName> &names) const
{
    if (columns.empty())
        return prefix;
    if (columns.size() == 1)
        return names[size_t(columns.front())].name;
    return names[size_t(columns.front())].name + "…" + names[size_t(columns.back())].name;
}

std::optional<ColumnRun> findColumnRun(const std::vector<ColumnName> &columns,
                                       const std::string &requiredPrefix)
{
    // prefix → index → column
    std::map<std::string, std::map<long, int>> runs;
    std::map<std::string, bool> broken; // an index used twice
    for (size_t i = 0; i < columns.size(); ++i) {
        if (!columns[i].numeric)
            continue;
        const std::string &name = columns[i].name;
        size_t digits = name.size();
        while (digits > 0 && std::isdigit(static_cast<unsigned char>(name[digits - 1])))
            --digits;
        if (digits == name.size() || name.size() - digits > 6)
            continue;
        const std::string prefix = name.substr(0, digits);
        if (!requiredPrefix.empty() && lower(prefix) != lower(requiredPrefix))
            continue;
        const long index = std::stol(name.substr(digits));
        if (!runs[prefix].emplace(index, int(i)).second)
            broken[prefix] = true;
    }
    std::optional<ColumnRun> best;
    const size_t minimum = requiredPrefix.empty() ? 3 : 1;
    for (const auto &[prefix, indices] : runs) {
        if (broken[prefix] || indices.size() < minimum)
            continue;
        const long start = indices.begin()->first;
        if ((start != 0 && start != 1) ||
            indices.rbegin()->first - start + 1 != long(indices.size()))
            continue;
        if (best && best->columns.size() >= indices.size())
            continue;
        ColumnRun run{prefix, {}};
        for (const auto &[index, column] : indices)
            run.columns.push_back(column);
        best = std::move(run);
    }
    return best;
}

} // namespace chipfinder
