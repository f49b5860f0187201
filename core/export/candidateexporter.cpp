#include "export/candidateexporter.h"

#include "common/atomicfile.h"
#include "common/errors.h"
#include "common/feedback.h"
#include "common/text.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <unistd.h>

namespace chipfinder {
namespace {

std::string gdalMessage()
{
    const std::string message = CPLGetLastErrorMsg();
    return message.empty() ? std::string("GDAL reported no detail") : message;
}

std::string csvField(const std::string &text)
{
    if (text.find_first_of(",\"\r\n") == std::string::npos)
        return text;
    std::string quoted = "\"";
    for (const char c : text) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    return quoted + '"';
}

std::string number(double value, const char *format)
{
    if (!std::isfinite(value))
        return {};
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, format, value);
    return buffer;
}

// Mean of the ring's vertices without the closing one (lon, lat).
std::pair<double, double> ringCentre(const Dataset &dataset, size_t chip)
{
    const uint32_t begin = dataset.ringOffsets.at(chip), end = dataset.ringOffsets.at(chip + 1);
    uint32_t last = end;
    if (end - begin > 1 && dataset.ringCoords[begin].lon == dataset.ringCoords[end - 1].lon &&
        dataset.ringCoords[begin].lat == dataset.ringCoords[end - 1].lat)
        last = end - 1;
    double lon = 0.0, lat = 0.0;
    for (uint32_t k = begin; k < last; ++k) {
        lon += dataset.ringCoords[k].lon;
        lat += dataset.ringCoords[k].lat;
    }
    const double count = std::max<double>(1.0, last - begin);
    return {lon / count, lat / count};
}

std::unique_ptr<OGRGeometry> ringPolygon(const Dataset &dataset, size_t chip)
{
    const uint32_t begin = dataset.ringOffsets.at(chip), end = dataset.ringOffsets.at(chip + 1);
    if (end - begin < 4)
        return nullptr;
    auto ring = std::make_unique<OGRLinearRing>();
    ring->setNumPoints(int(end - begin));
    for (uint32_t k = begin; k < end; ++k)
        ring->setPoint(int(k - begin), dataset.ringCoords[k].lon, dataset.ringCoords[k].lat);
    ring->closeRings();
    auto polygon = std::make_unique<OGRPolygon>();
    polygon->addRingDirectly(ring.release());
    return polygon;
}

const char *selectionName(const ExportedCandidate &candidate)
{
    return candidate.threshold ? "threshold" : "candidate";
}

void writeCsv(const Dataset &dataset, const std::string &path,
              std::span<const ExportedCandidate> candidates, int round, Feedback *feedback)
{
    std::string text = "chip_id,rank,score,proposed_by,selection,round,lon,lat\n";
    for (size_t i = 0; i < candidates.size(); ++i) {
        if (feedback && i % 4096 == 0) {
            feedback->throwIfCanceled();
            feedback->setProgress(double(i) / double(candidates.size()));
        }
        const ExportedCandidate &c = candidates[i];
        const auto [lon, lat] = ringCentre(dataset, size_t(c.chip));
        text += csvField(dataset.ids[size_t(c.chip)]) + ',' + std::to_string(i + 1) + ',' +
                number(c.score, "%.9g") + ',' + csvField(c.proposedBy) + ',' + selectionName(c) +
                ',' + std::to_string(round) + ',' + number(lon, "%.7f") + ',' +
                number(lat, "%.7f") + '\n';
    }
    if (feedback)
        feedback->throwIfCanceled();
    writeFileAtomically(path, text);
}

void writeGeoJson(const Dataset &dataset, const std::string &path,
                  std::span<const ExportedCandidate> candidates, int round, Feedback *feedback)
{
    std::vector<std::unique_ptr<OGRGeometry>> geometries(candidates.size());
    for (size_t i = 0; i < candidates.size(); ++i) {
        geometries[i] = ringPolygon(dataset, size_t(candidates[i].chip));
        if (!geometries[i])
            throw DataError(
                dataset.sourcePath.empty() ? std::string("dataset") : dataset.sourcePath,
                "chip '" + dataset.ids[size_t(candidates[i].chip)] + "' has no valid footprint",
                candidates[i].chip, "geometry", "a polygon");
    }
    GDALAllRegister();
    GDALDriver *driver = GetGDALDriverManager()->GetDriverByName("GeoJSON");
    if (!driver)
        throw DataError(path, "this GDAL has no GeoJSON driver");
    static std::atomic<int> counter{0};
    const std::string memory = "/vsimem/chipfinder-candidates-" + std::to_string(::getpid()) + "-" +
                               std::to_string(counter++) + ".geojson";
    {
        CPLErrorReset();
        GDALDatasetUniquePtr target(driver->Create(memory.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!target)
            throw DataError(path, "could not create the file: " + gdalMessage());
        OGRSpatialReference srs;
        srs.importFromEPSG(4326);
        srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        CPLStringList options;
        options.SetNameValue("RFC7946", "YES");
        OGRLayer *layer = target->CreateLayer("candidates", &srs, wkbPolygon, options.List());
        if (!layer)
            throw DataError(path, "could not create the layer: " + gdalMessage());
        const std::pair<const char *, OGRFieldType> fields[] = {
            {"chip_id", OFTString},     {"rank", OFTInteger},     {"score", OFTReal},
            {"proposed_by", OFTString}, {"selection", OFTString}, {"round", OFTInteger}};
        for (const auto &[name, type] : fields) {
            OGRFieldDefn field(name, type);
            if (layer->CreateField(&field) != OGRERR_NONE)
                throw DataError(path, "could not create the field", std::nullopt, name,
                                gdalMessage());
        }
        for (size_t i = 0; i < candidates.size(); ++i) {
            if (feedback && i % 1024 == 0) {
                feedback->throwIfCanceled();
                feedback->setProgress(double(i) / double(candidates.size()));
            }
            const ExportedCandidate &c = candidates[i];
            OGRFeature feature(layer->GetLayerDefn());
            feature.SetField("chip_id", dataset.ids[size_t(c.chip)].c_str());
            feature.SetField("rank", int(i + 1));
            if (std::isfinite(c.score))
                feature.SetField("score", double(c.score));
            else
                feature.SetFieldNull(feature.GetFieldIndex("score"));
            feature.SetField("proposed_by", c.proposedBy.c_str());
            feature.SetField("selection", selectionName(c));
            feature.SetField("round", round);
            feature.SetGeometryDirectly(geometries[i].release());
            if (layer->CreateFeature(&feature) != OGRERR_NONE)
                throw DataError(path, "could not write a feature: " + gdalMessage(), int64_t(i));
        }
    }
    if (CPLGetLastErrorType() >= CE_Failure) {
        VSIUnlink(memory.c_str());
        throw DataError(path, "could not write the file: " + gdalMessage());
    }
    if (feedback && feedback->isCanceled()) {
        VSIUnlink(memory.c_str());
        feedback->throwIfCanceled();
    }
    commitMemoryFile(memory, path);
}

} // namespace

std::optional<CandidateFormat> CandidateExporter::formatForPath(const std::string &path)
{
    const std::string extension = lower(std::filesystem::path(path).extension().string());
    if (extension == ".geojson" || extension == ".json")
        return CandidateFormat::GeoJson;
    if (extension == ".csv")
        return CandidateFormat::Csv;
    return std::nullopt;
}

CandidateExporter::CandidateExporter(const Dataset &dataset) : m_dataset(dataset) {}

size_t CandidateExporter::write(const std::string &path,
                                std::span<const ExportedCandidate> candidates, int round,
                                Feedback *feedback) const
{
    const auto format = formatForPath(path);
    if (!format)
        throw DataError(path, "unknown export format", std::nullopt, {},
                        "a .geojson, .json or .csv file name");
    if (isSameFile(path, m_dataset.sourcePath))
        throw DataError(path,
                        "is the dataset the candidates belong to; an export never "
                        "overwrites it",
                        std::nullopt, {}, "another output file name");
    for (size_t i = 0; i < candidates.size(); ++i)
        if (candidates[i].chip < 0 || size_t(candidates[i].chip) >= m_dataset.size())
            throw DataError(path,
                            "candidate " + std::to_string(candidates[i].chip) +
                                " is not a chip of the dataset",
                            int64_t(i), "chip", "a row of the dataset");
    if (*format == CandidateFormat::Csv)
        writeCsv(m_dataset, path, candidates, round, feedback);
    else
        writeGeoJson(m_dataset, path, candidates, round, feedback);
    if (feedback)
        feedback->setProgress(1.0);
    return candidates.size();
}

} // namespace chipfinder
