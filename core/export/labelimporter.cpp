#include "export/labelimporter.h"

#include "common/errors.h"
#include "common/feedback.h"
#include "common/text.h"
#include "dataset/groundtruth.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <map>

namespace chipfinder {
namespace {

int64_t nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Reads the label of one feature: the fixed label, or the label field's value.
LabelValue featureLabel(const std::string &path, const LabelImportOptions &options,
                        OGRFeature &feature, int labelField, int64_t row)
{
    if (options.fixedLabel)
        return *options.fixedLabel;
    if (!feature.IsFieldSetAndNotNull(labelField))
        throw DataError(path, "the label is empty", row, options.labelField,
                        "positive or negative");
    const std::string text = feature.GetFieldAsString(labelField);
    const auto value = LabelImporter::parseLabelValue(text);
    if (!value)
        throw DataError(path, "unknown label '" + text + "'", row, options.labelField,
                        "positive or negative (or 1/0, true/false, yes/no)");
    return *value;
}

// Unique /vsimem/ name for this call's temporary polygon layers.
std::string temporaryName()
{
    static std::atomic<uint64_t> counter{0};
    return "/vsimem/chipfinder-label-import-" + std::to_string(counter++) + ".gpkg";
}

// Removes the in-memory file at the end of the import (also on error).
struct MemoryFile
{
    std::string path;
    ~MemoryFile()
    {
        if (!path.empty())
            VSIUnlink(path.c_str());
    }
};

} // namespace

LabelImporter::LabelImporter(const Dataset &dataset) : m_dataset(dataset) {}

// Polygons: every row is checked (polygonal geometry, label) before anything is computed; the
// positive and negative polygons go to two in-memory layers whose coverage of each chip comes
// from coverageFractions (dataset/groundtruth.h: union of the polygons, areas in a projected
// CRS, R-tree candidates).
std::map<int64_t, LabelValue> LabelImporter::fromPolygons(const std::string &path, OGRLayer &layer,
                                                          const LabelImportOptions &options,
                                                          int labelField, Feedback *feedback) const
{
    const GIntBig total = layer.GetFeatureCount(TRUE);
    MemoryFile memory{temporaryName()};
    GDALDriver *gpkg = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!gpkg)
        throw DataError(path, "this GDAL has no GPKG driver");
    GDALDatasetUniquePtr split(gpkg->Create(memory.path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!split)
        throw DataError(path,
                        "could not prepare the polygons: " + std::string(CPLGetLastErrorMsg()));
    std::optional<OGRSpatialReference> srs;
    if (const OGRSpatialReference *layerSrs = layer.GetSpatialRef())
        srs.emplace(*layerSrs);
    OGRSpatialReference *srsPointer = srs ? &*srs : nullptr;
    OGRLayer *positives = split->CreateLayer("positive", srsPointer, wkbMultiPolygon, nullptr);
    OGRLayer *negatives = split->CreateLayer("negative", srsPointer, wkbMultiPolygon, nullptr);
    if (!positives || !negatives)
        throw DataError(path,
                        "could not prepare the polygons: " + std::string(CPLGetLastErrorMsg()));
    size_t counts[2] = {0, 0};
    split->StartTransaction();
    layer.ResetReading();
    int64_t row = 0;
    for (OGRFeatureUniquePtr feature(layer.GetNextFeature()); feature;
         feature.reset(layer.GetNextFeature()), ++row) {
        if (feedback) {
            feedback->throwIfCanceled();
            if (total > 0)
                feedback->setProgress(0.3 * double(row) / double(total));
        }
        const OGRGeometry *geometry = feature->GetGeometryRef();
        if (!geometry || geometry->IsEmpty())
            throw DataError(path, "the row has no geometry", row, "geometry", "a polygon");
        const OGRwkbGeometryType type = wkbFlatten(geometry->getGeometryType());
        if (type != wkbPolygon && type != wkbMultiPolygon && type != wkbCurvePolygon &&
            type != wkbMultiSurface)
            throw DataError(path, std::string("the geometry is a ") + OGRGeometryTypeToName(type),
                            row, "geometry", "a polygon or multipolygon");
        const LabelValue value = featureLabel(path, options, *feature, labelField, row);
        OGRLayer *target = value == LabelValue::Positive ? positives : negatives;
        OGRFeature copy(target->GetLayerDefn());
        copy.SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(geometry->clone()));
        if (target->CreateFeature(&copy) != OGRERR_NONE)
            throw DataError(
                path, "could not prepare the polygons: " + std::string(CPLGetLastErrorMsg()), row);
        ++counts[value == LabelValue::Positive ? 0 : 1];
    }
    split->CommitTransaction();
    split.reset();

    std::vector<double> positive(m_dataset.size(), 0.0), negative(m_dataset.size(), 0.0);
    if (counts[0] > 0) {
        Feedback part(feedback, 0.3, counts[1] > 0 ? 0.65 : 1.0);
        positive = coverageFractions(m_dataset, memory.path, "positive", &part);
    }
    if (feedback)
        feedback->throwIfCanceled();
    if (counts[1] > 0) {
        Feedback part(feedback, counts[0] > 0 ? 0.65 : 0.3, 1.0);
        negative = coverageFractions(m_dataset, memory.path, "negative", &part);
    }
    // Same tolerance as truthFromPolygons: a chip exactly at the threshold counts.
    const double threshold = options.minCoverage - 1e-9;
    std::map<int64_t, LabelValue> chosen;
    for (size_t chip = 0; chip < m_dataset.size(); ++chip) {
        const bool isPositive = positive[chip] >= threshold;
        const bool isNegative = negative[chip] >= threshold;
        if (isPositive && (!isNegative || positive[chip] >= negative[chip]))
            chosen.emplace(int64_t(chip), LabelValue::Positive);
        else if (isNegative)
            chosen.emplace(int64_t(chip), LabelValue::Negative);
    }
    return chosen;
}

std::optional<LabelValue> LabelImporter::parseLabelValue(const std::string &text)
{
    const std::string value = lower(trimmed(text));
    if (value == "positive" || value == "pos" || value == "1" || value == "true" || value == "yes")
        return LabelValue::Positive;
    if (value == "negative" || value == "neg" || value == "0" || value == "false" || value == "no")
        return LabelValue::Negative;
    return std::nullopt;
}

std::vector<LabelChange> LabelImporter::read(const std::string &path,
                                             const LabelImportOptions &options,
                                             Feedback *feedback) const
{
    GDALAllRegister();
    GDALDatasetUniquePtr source(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!source)
        throw DataError(path, "cannot be opened as a vector file", std::nullopt, {},
                        "a GeoJSON, GeoPackage or other OGR vector file");
    OGRLayer *layer = nullptr;
    if (options.layer.empty()) {
        if (source->GetLayerCount() > 0)
            layer = source->GetLayer(0);
    } else {
        layer = source->GetLayerByName(options.layer.c_str());
    }
    if (!layer)
        throw DataError(path,
                        options.layer.empty() ? std::string("the file has no layer")
                                              : "the file has no layer '" + options.layer + "'",
                        std::nullopt, {}, "a layer of labels");
    const OGRFeatureDefn *definition = layer->GetLayerDefn();
    const int chipIdField = definition->GetFieldIndex(options.chipIdField.c_str());
    const int labelField = definition->GetFieldIndex(options.labelField.c_str());
    if (!options.fixedLabel && labelField < 0)
        throw DataError(path, "there is no label column", std::nullopt, options.labelField,
                        "a '" + options.labelField + "' column, or a fixed label");

    LabelImportOptions::Mode mode = options.mode;
    if (mode == LabelImportOptions::Mode::Auto)
        mode = chipIdField >= 0 ? LabelImportOptions::Mode::ChipIds
                                : LabelImportOptions::Mode::Polygons;
    if (mode == LabelImportOptions::Mode::ChipIds && chipIdField < 0)
        throw DataError(path, "there is no chip id column", std::nullopt, options.chipIdField,
                        "a '" + options.chipIdField + "' column");

    if (mode == LabelImportOptions::Mode::Polygons &&
        !(options.minCoverage > 0.0 && options.minCoverage <= 1.0))
        throw UsageError("LabelImporter: minCoverage must be in (0, 1], not " +
                         std::to_string(options.minCoverage));
    const int64_t labeledAt = options.labeledAtMs > 0 ? options.labeledAtMs : nowMs();
    const GIntBig total = layer->GetFeatureCount(TRUE);
    std::map<int64_t, LabelValue> chosen; // chip row → label

    if (mode == LabelImportOptions::Mode::ChipIds) {
        std::map<int64_t, int64_t> firstRow; // chip row → feature row that labeled it
        layer->ResetReading();
        int64_t row = 0;
        for (OGRFeatureUniquePtr feature(layer->GetNextFeature()); feature;
             feature.reset(layer->GetNextFeature()), ++row) {
            if (feedback) {
                feedback->throwIfCanceled();
                if (total > 0)
                    feedback->setProgress(double(row) / double(total));
            }
            if (!feature->IsFieldSetAndNotNull(chipIdField))
                throw DataError(path, "the chip id is empty", row, options.chipIdField,
                                "a chip id of the dataset");
            const std::string id = feature->GetFieldAsString(chipIdField);
            const int64_t chip = m_dataset.indexOf(id);
            if (chip < 0) {
                if (options.skipUnknownChips)
                    continue;
                throw DataError(path, "no chip '" + id + "' in the dataset", row,
                                options.chipIdField, "a chip id of the dataset");
            }
            const LabelValue value = featureLabel(path, options, *feature, labelField, row);
            const auto [it, inserted] = chosen.emplace(chip, value);
            if (!inserted && it->second != value)
                throw DataError(path,
                                "chip '" + id + "' is labeled " + labelValueName(it->second) +
                                    " in row " + std::to_string(firstRow[chip]) + " and " +
                                    labelValueName(value) + " here",
                                row, options.labelField, "one label per chip");
            firstRow.emplace(chip, row);
        }
    } else {
        chosen = fromPolygons(path, *layer, options, labelField, feedback);
    }

    std::vector<LabelChange> changes;
    changes.reserve(chosen.size());
    for (const auto &[chip, value] : chosen) {
        Label label;
        label.chip = chip;
        label.chipId = m_dataset.ids[size_t(chip)];
        label.value = value;
        label.source = LabelSource::Imported;
        label.round = options.round;
        label.labeledAtMs = labeledAt;
        changes.push_back(LabelChange{label.chipId, label});
    }
    if (feedback)
        feedback->setProgress(1.0);
    return changes;
}

} // namespace chipfinder
