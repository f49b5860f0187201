#pragma once
// Assembles a Dataset chip by chip, the way every reader (and the embedder) needs it: footprint
// in the source CRS → lon/lat ring + bounds (reprojected with OGR/PROJ) + source WKB kept; one
// embedding row per chip, validated as it arrives.
//
// Source geometries are in traditional GIS axis order (x = easting or longitude), as OGR layers
// deliver them; sourceCrsWkt empty means WGS 84 lon/lat (any definition OGR understands is
// accepted: WKT, PROJJSON, "EPSG:32614"; Dataset::sourceCrsWkt is always WKT2). Footprints are
// polygons or multipolygons (curved ones are linearised), or points when a chip size in metres is
// set: a point becomes the square of that ground size centred on it, built in the source CRS (its
// local scale measured through the transformation to WGS 84) and kept as the chip's source
// geometry, so it is drawn and exported as that square.
//
// A row that cannot be a chip is skipped and counted in Dataset::skipped (kind, row, id, reason):
// null/empty geometry, a geometry that is not a footprint, a footprint that is not reprojectable
// or outside longitude/latitude in a geographic CRS, null/empty id, null/empty embedding, NaN/Inf,
// all-zero vector. In strict mode each of those is a DataError instead. Always errors, naming the
// file, the row, the field (geometryField / embeddingField / idField) and what was expected:
// duplicate ids (naming both rows; a skipped row's id counts), ragged dimensions (D is taken from
// the first kept chip), points without a chip size, coordinates outside longitude/latitude when
// the CRS was assumed rather than declared (setCrsAssumed) or in most rows of a geographic CRS
// (at finish()), no chips at all.
// Embeddings may instead be given at the end with setEmbeddings() (e.g. from a .npy matrix) after
// deferEmbeddings(); chips are then added with an empty embedding span. Not thread-safe; one
// builder per load.

#include "common/errors.h"
#include "dataset/dataset.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

class OGRGeometry;

namespace chipfinder {

class DatasetBuilder
{
public:
    DatasetBuilder(std::string sourcePath, std::string sourceCrsWkt);
    ~DatasetBuilder();
    DatasetBuilder(const DatasetBuilder &) = delete;
    DatasetBuilder &operator=(const DatasetBuilder &) = delete;

    // Names used in error messages.
    void setFieldNames(std::string idField, std::string geometryField, std::string embeddingField);
    void setDriver(std::string driver) { m_dataset.driver = std::move(driver); }
    void setEmbeddingSource(std::string source) { m_dataset.embeddingSource = std::move(source); }
    void setBlobElementType(std::string type) { m_dataset.blobElementType = std::move(type); }
    void reserve(size_t chips);
    // Chips will come without embeddings; setEmbeddings() gives them before finish().
    void deferEmbeddings() { m_deferred = true; }
    // Chips come without embeddings and the dataset will have none (an N × 0 matrix).
    void omitEmbeddings() { m_deferred = m_omitted = true; }
    // Rows that cannot be chips are errors instead of skipped.
    void setStrict(bool strict) { m_strict = strict; }
    // Points become squares of this ground size (metres); 0 = points are refused.
    void setPointChipSize(double metres) { m_pointChipSize = metres; }
    // The source CRS was assumed (the file declares none): coordinates outside longitude/latitude
    // are an error for the file, `hint` saying how to give the CRS.
    void setCrsAssumed(std::string hint) { m_crsAssumedHint = std::move(hint); }

    // Adds one chip (row = index in the source, for messages). Returns false when the row was
    // skipped (attributes must then not be added for it).
    bool addChip(std::string id, const OGRGeometry &footprint, std::span<const float> embedding,
                 int64_t row);
    // The same with the footprint as WKB (ISO or OGC) in the source CRS.
    bool addChip(std::string id, std::span<const uint8_t> wkb, std::span<const float> embedding,
                 int64_t row);
    // The same with the footprint as one outer ring of (x, y) in the source CRS (closed or not).
    bool addChip(std::string id, std::span<const std::array<double, 2>> ring,
                 std::span<const float> embedding, int64_t row);
    // Skips a row the reader found unusable (kind: "null geometry", "null embedding", ...):
    // throws `error` in strict mode, else counts it. Returns false (for `return skip(...)`).
    bool skip(const std::string &kind, const DataError &error, std::string id = {});

    // Attribute columns, filled by the caller: one value per added chip in each column.
    std::vector<AttributeColumn> &attributes() { return m_dataset.attributes; }

    // Validates row i of the matrix as the embedding of chip i (NaN/Inf, zero vector: skipped or,
    // strict, an error); rows must equal the chip count. rowNumbers (optional) maps chip → source
    // row for messages.
    void setEmbeddings(EmbeddingMatrix embeddings, const std::vector<int64_t> &rowNumbers = {});

    size_t size() const { return m_dataset.ids.size(); }
    // Checks completeness (at least one chip, embeddings for every chip) and hands the result
    // over; the builder is empty afterwards.
    Dataset finish();

    // Checks one embedding row for NaN/Inf and all-zero; throws DataError naming file/row/field.
    static void validateVector(std::span<const float> values, const std::string &file, int64_t row,
                               const std::string &field);

private:
    // The problem of one embedding row (kind and error), or nullopt.
    static std::optional<std::pair<std::string, DataError>>
    vectorProblem(std::span<const float> values, const std::string &file, int64_t row,
                  const std::string &field);
    // The square chip around a point, in the source CRS; null when it cannot be made.
    std::unique_ptr<OGRGeometry> squareAround(double x, double y);
    // Registers the id (false: skipped as null; a duplicate throws).
    bool acceptId(const std::string &id, int64_t row);
    bool addAccepted(std::string id, const OGRGeometry &footprint, std::span<const float> embedding,
                     int64_t row);
    void dropChips(const std::vector<size_t> &chips);

    struct Projection;
    std::unique_ptr<Projection> m_projection;
    Dataset m_dataset;
    FloatBuffer m_values;
    size_t m_dim = 0;
    bool m_deferred = false;
    bool m_omitted = false;
    bool m_strict = false;
    double m_pointChipSize = 0.0;
    std::string m_crsAssumedHint;
    size_t m_outOfRange = 0; // footprints outside longitude/latitude in a geographic CRS
    std::string m_firstOutOfRange;
    std::vector<size_t> m_dropped; // chips whose deferred embedding was skipped
    std::string m_idField;
    std::string m_geometryField = "geometry";
    std::string m_embeddingField = "embedding";
    std::unordered_map<std::string, int64_t> m_rowOfId;
};

} // namespace chipfinder
