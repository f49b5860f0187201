#pragma once
// Embedding layouts shared by the vector and GeoParquet readers:
//   - binary blobs of little-endian float16 / float32 / float64 values. The element type is given
//     (ElementType) or detected from sample blobs of one length: each type whose element size
//     divides it is decoded and kept when every value is finite, of a magnitude embeddings have
//     (exact zero, or 1e-10 <= |v| <= 1e6), a row spans at most 9 decades, log2 |v| spreads at
//     most 4 octaves (standard deviation over the samples), and not every even
//     position is zero (the zero low halves of a wider type's round values). A float64 blob read
//     as float32 gives random exponents, a float32 blob read as float16 NaN/Inf and random
//     exponents, float16 read as float32 tiny values. One type left: that one; several: the
//     narrowest when the samples hold at least 64 of its values (a wider view of narrower data
//     fits only by the values' narrow range), else the caller is asked to name the type.
//   - a run of numeric columns sharing a prefix and numbered from 0 or 1 without gaps (A00…A63
//     as Earth Engine exports AlphaEarth, emb_0…emb_383), read in index order.
// Thread safety: pure functions.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace chipfinder {

enum class ElementType
{
    Auto,
    Float16,
    Float32,
    Float64
};

// "f16"/"float16", "f32"/"float32", "f64"/"float64", "" or "auto"; nullopt for anything else.
std::optional<ElementType> parseElementType(const std::string &text);
const char *elementTypeName(ElementType type); // "float16", "float32", "float64", "auto"
size_t elementBytes(ElementType type);         // 2, 4, 8; 0 for Auto

// Decodes a blob of little-endian elements into out (resized). The length must be a multiple of
// the element size (checked by the caller).
void decodeElements(std::span<const uint8_t> bytes, ElementType type, std::vector<float> &out);

// The element type of blobs, from samples (see above). Throws DataError naming file and field
// when no type or more than one type fits, with the candidates and the option to give.
ElementType detectElementType(const std::vector<std::vector<uint8_t>> &samples,
                              const std::string &file, const std::string &field);

// One numeric column of a table, for findColumnRun.
struct ColumnName
{
    std::string name;
    bool numeric = false;
};

// A run of numeric columns: prefix and the column indices in index order.
struct ColumnRun
{
    std::string prefix;
    std::vector<int> columns;
    // "A00…A63" for messages and Dataset::embeddingSource.
    std::string describe(const std::vector<ColumnName> &names) const;
};

// The longest run of at least 3 numeric columns (prefix = the name without its trailing digits,
// indices 0..n-1 or 1..n, each once). requiredPrefix non-empty: only runs with that prefix (a run
// of 1 or more). nullopt when there is none.
std::optional<ColumnRun> findColumnRun(const std::vector<ColumnName> &columns,
                                       const std::string &requiredPrefix = {});

} // namespace chipfinder
