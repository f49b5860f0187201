#pragma once
// Assembles a Dataset chip by chip, the way every reader (and the embedder) needs it: footprint
// in the source CRS → lon/lat ring + bounds (reprojected with OGR/PROJ) + source WKB kept; one
// embedding row per chip, validated as it arrives.
//
// Source geometries are in traditional GIS axis order (x = easting or longitude), as OGR layers
// deliver them; sourceCrsWkt empty means WGS 84 lon/lat (any definition OGR understands is
// accepted: WKT, PROJJSON, "EPSG:32614"; Dataset::sourceCrsWkt is always WKT2). Footprints must be
// polygons or multipolygons (curved ones are linearised). Every problem is a DataError naming the
// file, the row given with the chip, the field (geometryField / embeddingField / idField) and what
// was expected: null/empty/non-polygon geometry, footprint not reprojectable, ragged dimensions (D
// is taken from the first chip), NaN/Inf, all-zero vector, empty or duplicate id, no chips at all.
// Embeddings may instead be given at the end with setEmbeddings() (e.g. from a .npy matrix) after
// deferEmbeddings(); chips are then added with an empty embedding span. Not thread-safe; one
// builder per load.

#include "dataset/dataset.h"

#include <array>
#include <cstdint>
#include <memory>
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
    void reserve(size_t chips);
    // Chips will come without embeddings; setEmbeddings() gives them before finish().
    void deferEmbeddings() { m_deferred = true; }
    // Chips come without embeddings and the dataset will have none (an N × 0 matrix).
    void omitEmbeddings() { m_deferred = m_omitted = true; }

    // Adds one chip (row = index in the source, for error messages).
    void addChip(std::string id, const OGRGeometry &footprint, std::span<const float> embedding,
                 int64_t row);
    // The same with the footprint as WKB (ISO or OGC) in the source CRS.
    void addChip(std::string id, std::span<const uint8_t> wkb, std::span<const float> embedding,
                 int64_t row);
    // The same with the footprint as one outer ring of (x, y) in the source CRS (closed or not).
    void addChip(std::string id, std::span<const std::array<double, 2>> ring,
                 std::span<const float> embedding, int64_t row);

    // Attribute columns, filled by the caller: one value per added chip in each column.
    std::vector<AttributeColumn> &attributes() { return m_dataset.attributes; }

    // Validates row i of the matrix as the embedding of chip i (NaN/Inf, zero vector); rows
    // must equal the chip count. rowNumbers (optional) maps chip → source row for messages.
    void setEmbeddings(EmbeddingMatrix embeddings, const std::vector<int64_t> &rowNumbers = {});

    size_t size() const { return m_dataset.ids.size(); }
    // Checks completeness (at least one chip, embeddings for every chip) and hands the result
    // over; the builder is empty afterwards.
    Dataset finish();

    // Checks one embedding row for NaN/Inf and all-zero; throws DataError naming file/row/field.
    static void validateVector(std::span<const float> values, const std::string &file, int64_t row,
                               const std::string &field);

private:
    void addEmbedding(std::span<const float> embedding, int64_t row);
    void addId(std::string id, int64_t row);

    struct Projection;
    std::unique_ptr<Projection> m_projection;
    Dataset m_dataset;
    FloatBuffer m_values;
    size_t m_dim = 0;
    bool m_deferred = false;
    bool m_omitted = false;
    std::string m_idField;
    std::string m_geometryField = "geometry";
    std::string m_embeddingField = "embedding";
    std::unordered_map<std::string, int64_t> m_rowOfId;
};

} // namespace chipfinder
