#include "export/labelimporter.h"

#include "common/errors.h"
#include "common/feedback.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>

namespace chipfinder {
namespace {

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

std::string trimmed(const std::string &text)
{
    const auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos)
        return {};
    const auto end = text.find_last_not_of(" \t\r\n");
    return text.substr(begin, end - begin + 1);
}

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

} // namespace

LabelImporter::LabelImporter(const Dataset &dataset) : m_dataset(dataset) {}

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
        throw DataError(path, "importing labels from polygons is not available yet", std::nullopt,
                        {}, "a layer with a chip id column");
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
