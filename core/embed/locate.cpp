#include "embed/locate.h"

#include "common/errors.h"
#include "common/feedback.h"
#include "embed/chipreader.h"

#include <Eigen/Core>
#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <functional>
#include <limits>
#include <numeric>
#include <optional>

namespace chipfinder {

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

double dot(std::span<const float> a, std::span<const float> b)
{
    double sum = 0.0;
    for (size_t j = 0; j < a.size(); ++j)
        sum += double(a[j]) * b[j];
    return sum;
}

// Cosine of row against a unit query (0 for a zero row).
float cosine(std::span<const float> row, std::span<const float> query)
{
    const double norm = std::sqrt(dot(row, row));
    return norm > 0.0 ? float(dot(row, query) / norm) : 0.0f;
}

void checkChips(const Dataset &dataset, std::span<const int64_t> chips, const LocateQuery &query)
{
    for (int64_t chip : chips)
        if (chip < 0 || size_t(chip) >= dataset.size())
            throw UsageError("chip index " + std::to_string(chip) + " is not in the dataset (" +
                             std::to_string(dataset.size()) + " chips)");
    for (const auto *list : {&query.positives, &query.negatives})
        for (int64_t chip : *list)
            if (chip < 0 || size_t(chip) >= dataset.size())
                throw UsageError("chip index " + std::to_string(chip) + " is not in the dataset (" +
                                 std::to_string(dataset.size()) + " chips)");
    if (query.positives.empty())
        throw UsageError("locating needs at least one positive chip");
}

// Minimum, maximum and peak cell over the finite cells.
void finish(ChipHeatmap &map)
{
    bool any = false;
    for (int r = 0; r < map.height; ++r)
        for (int c = 0; c < map.width; ++c) {
            const float h = map.heat[size_t(r) * size_t(map.width) + size_t(c)];
            if (!std::isfinite(h))
                continue;
            if (!any || h > map.maximum) {
                map.maximum = h;
                map.peakColumn = c;
                map.peakRow = r;
            }
            if (!any || h < map.minimum)
                map.minimum = h;
            any = true;
        }
}

// Window origins along one side: 0, stride, … and the last one flush with the far edge.
std::vector<int> windowOrigins(int side, int window, int stride)
{
    std::vector<int> origins;
    for (int o = 0; o + window <= side; o += stride)
        origins.push_back(o);
    if (origins.empty() || origins.back() + window < side)
        origins.push_back(side - window);
    return origins;
}

// ---------------------------------------------------------------------------------------------
// Built-in embedder: sub-windows of the chip.

class SubWindowLocator : public ChipLocator
{
public:
    SubWindowLocator(std::shared_ptr<const Dataset> dataset, ChipGrid grid,
                     MosaiksEmbedder embedder,
                     std::optional<FeatureStandardization> standardization,
                     const LocateOptions &options)
        : m_dataset(std::move(dataset)), m_grid(std::move(grid)), m_embedder(std::move(embedder)),
          m_standardization(std::move(standardization)), m_options(options)
    {
        const int s = m_grid.chipSize;
        for (double fraction : options.windowFractions) {
            const int w =
                std::clamp(int(std::lround(fraction * s)), m_embedder.options().kernelSize + 1, s);
            if (std::find(m_windows.begin(), m_windows.end(), w) == m_windows.end())
                m_windows.push_back(w);
        }
        if (m_windows.empty())
            m_windows.push_back(s);
    }

    LocateMode mode() const override { return LocateMode::SubWindows; }

    std::vector<ChipHeatmap> heatmaps(std::span<const int64_t> chips, const LocateQuery &query,
                                      Feedback *feedback) const override
    {
        checkChips(*m_dataset, chips, query);
        const int s = m_grid.chipSize;
        const size_t plane = size_t(s) * size_t(s);
        // Reference chips: the positives, and the negatives or else background chips spread
        // over the dataset (at most maxReferenceChips each, spread over the list).
        const std::vector<int64_t> positives = spread(query.positives);
        std::vector<int64_t> negatives = spread(query.negatives);
        if (negatives.empty()) {
            // Implicit negatives: the chips least like the positives (lowest cosine with their
            // mean direction), most likely without the object.
            const std::vector<float> direction =
                locateQuery(m_dataset->embeddings, query.positives, {});
            std::vector<std::pair<float, int64_t>> scored(m_dataset->size());
            for (size_t i = 0; i < m_dataset->size(); ++i)
                scored[i] = {cosine(m_dataset->embeddings.row(i), direction), int64_t(i)};
            const size_t want =
                std::min(scored.size(), size_t(std::max(1, m_options.maxReferenceChips)));
            std::partial_sort(scored.begin(), scored.begin() + long(want), scored.end());
            for (size_t k = 0; k < want; ++k)
                negatives.push_back(scored[k].second);
        }
        std::vector<std::vector<double>> sum(chips.size(), std::vector<double>(plane, 0.0));
        std::vector<std::vector<double>> weight(chips.size(), std::vector<double>(plane, 0.0));
        for (size_t scale = 0; scale < m_windows.size(); ++scale) {
            const int w = m_windows[scale];
            const int stride = std::max(1, int(std::lround(m_options.strideFraction * w)));
            const std::vector<int> origins = windowOrigins(s, w, stride);
            const size_t per = origins.size() * origins.size();
            Feedback step(feedback, double(scale) / double(m_windows.size()),
                          double(scale + 1) / double(m_windows.size()));
            // One embed call for targets, positives and negatives: rows in that order.
            std::vector<int64_t> all(chips.begin(), chips.end());
            all.insert(all.end(), positives.begin(), positives.end());
            all.insert(all.end(), negatives.begin(), negatives.end());
            const EmbeddingMatrix rows = windowRows(all, w, origins, &step);
            const auto d = Eigen::Index(rows.dim());
            const Eigen::Map<const RowMatrix> targetRows(rows.data(),
                                                         Eigen::Index(chips.size() * per), d);
            const Eigen::Map<const RowMatrix> positiveRows(rows.row(chips.size() * per).data(),
                                                           Eigen::Index(positives.size() * per), d);
            const Eigen::Map<const RowMatrix> negativeRows(
                rows.row((chips.size() + positives.size()) * per).data(),
                Eigen::Index(negatives.size() * per), d);
            // Score of a window: mean of its topK cosines to the positives' windows minus that
            // to the negatives' (or background) windows.
            const RowMatrix toPositive = targetRows * positiveRows.transpose();
            const RowMatrix toNegative = negativeRows.rows() > 0
                                             ? RowMatrix(targetRows * negativeRows.transpose())
                                             : RowMatrix::Zero(targetRows.rows(), 1);
            std::vector<double> tent(static_cast<size_t>(w));
            for (int i = 0; i < w; ++i)
                tent[size_t(i)] = 1.0 - std::abs((i + 0.5) - w / 2.0) / (w / 2.0);
            size_t row = 0;
            for (size_t k = 0; k < chips.size(); ++k)
                for (int oy : origins)
                    for (int ox : origins) {
                        const double score = topMean(toPositive.row(Eigen::Index(row))) -
                                             topMean(toNegative.row(Eigen::Index(row)));
                        ++row;
                        for (int dy = 0; dy < w; ++dy)
                            for (int dx = 0; dx < w; ++dx) {
                                const size_t p = size_t(oy + dy) * size_t(s) + size_t(ox + dx);
                                const double t = tent[size_t(dy)] * tent[size_t(dx)];
                                sum[k][p] += t * score;
                                weight[k][p] += t;
                            }
                    }
        }
        std::vector<ChipHeatmap> maps(chips.size());
        const auto &gt = m_grid.geoTransform;
        for (size_t k = 0; k < chips.size(); ++k) {
            ChipHeatmap &map = maps[k];
            const ChipWindow &c = m_grid.chips[size_t(chips[k])];
            map.chip = chips[k];
            map.width = map.height = s;
            map.geoTransform = {gt[0] + c.x * gt[1] + c.y * gt[2], gt[1], gt[2],
                                gt[3] + c.x * gt[4] + c.y * gt[5], gt[4], gt[5]};
            map.heat.resize(plane);
            for (size_t p = 0; p < plane; ++p)
                map.heat[p] = weight[k][p] > 0.0 ? float(sum[k][p] / weight[k][p]) : kNaN;
            finish(map);
        }
        if (feedback)
            feedback->setProgress(1.0);
        return maps;
    }

private:
    using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

    // At most maxReferenceChips of the list, evenly spread over it.
    std::vector<int64_t> spread(const std::vector<int64_t> &chips) const
    {
        const size_t want = size_t(std::max(1, m_options.maxReferenceChips));
        if (chips.size() <= want)
            return chips;
        std::vector<int64_t> out;
        for (size_t k = 0; k < want; ++k)
            out.push_back(chips[k * chips.size() / want]);
        return out;
    }

    // Unit rows of the standardised features of every window (origins × origins per chip).
    EmbeddingMatrix windowRows(const std::vector<int64_t> &chips, int w,
                               const std::vector<int> &origins, Feedback *feedback) const
    {
        ChipGrid windows = m_grid;
        windows.chipSize = w;
        windows.stride = 1;
        windows.chips.clear();
        for (int64_t chip : chips) {
            const ChipWindow &c = m_grid.chips[size_t(chip)];
            for (int oy : origins)
                for (int ox : origins)
                    windows.chips.push_back({c.row, c.col, c.x + ox, c.y + oy, 0.0});
        }
        EmbeddingMatrix rows = m_embedder.embedFeatures(m_grid.rasterPath, windows, feedback);
        if (m_standardization)
            m_standardization->apply(rows);
        rows.normalizeRows();
        return rows;
    }

    // Mean of the topK largest values of a row (all of them when shorter).
    double topMean(const Eigen::Ref<const Eigen::RowVectorXf> &values) const
    {
        const size_t k =
            std::min<size_t>(size_t(std::max(1, m_options.topK)), size_t(values.size()));
        std::vector<float> v(values.data(), values.data() + values.size());
        std::partial_sort(v.begin(), v.begin() + long(k), v.end(), std::greater<float>());
        double total = 0.0;
        for (size_t i = 0; i < k; ++i)
            total += v[i];
        return total / double(k);
    }

    std::shared_ptr<const Dataset> m_dataset;
    ChipGrid m_grid;
    MosaiksEmbedder m_embedder;
    std::optional<FeatureStandardization> m_standardization;
    LocateOptions m_options;
    std::vector<int> m_windows;
};

// The chips' grid rebuilt from the footprints' pixel_x, pixel_y, chip_size columns (row i = chip
// i, as the chipper wrote them). std::nullopt with a reason when the columns are missing.
std::optional<ChipGrid> gridOf(const Dataset &dataset, const std::string &raster,
                               std::string &reason)
{
    const AttributeColumn *px = dataset.attribute("pixel_x");
    const AttributeColumn *py = dataset.attribute("pixel_y");
    const AttributeColumn *cs = dataset.attribute("chip_size");
    if (!px || !py || !cs) {
        reason = "the chips have no pixel_x, pixel_y and chip_size columns (not made by the "
                 "built-in embedder)";
        return std::nullopt;
    }
    ChipReader reader(raster);
    ChipGrid grid;
    grid.rasterPath = raster;
    grid.rasterWidth = reader.width();
    grid.rasterHeight = reader.height();
    grid.bandCount = reader.bandCount();
    grid.geoTransform = reader.geoTransform();
    grid.crsWkt = dataset.sourceCrsWkt;
    const auto integer = [&](const AttributeColumn &column, size_t i) -> std::optional<int> {
        if (!column.values[i])
            return std::nullopt;
        try {
            size_t used = 0;
            const long long value = std::stoll(*column.values[i], &used);
            if (used != column.values[i]->size() || value < 0 || value > (1 << 30))
                return std::nullopt;
            return int(value);
        } catch (const std::exception &) {
            return std::nullopt;
        }
    };
    for (size_t i = 0; i < dataset.size(); ++i) {
        const auto x = integer(*px, i), y = integer(*py, i), size = integer(*cs, i);
        if (!x || !y || !size || *size < 1) {
            reason = "chip " + dataset.ids[i] + " has no whole-number pixel_x, pixel_y, chip_size";
            return std::nullopt;
        }
        if (grid.chipSize == 0)
            grid.chipSize = grid.stride = *size;
        if (*size != grid.chipSize) {
            reason = "the chips have different sizes";
            return std::nullopt;
        }
        if (*x + *size > grid.rasterWidth || *y + *size > grid.rasterHeight) {
            reason = "chip " + dataset.ids[i] + " lies outside " + raster;
            return std::nullopt;
        }
        grid.chips.push_back({0, 0, *x, *y, 0.0});
    }
    if (grid.chips.empty()) {
        reason = "the dataset has no chips";
        return std::nullopt;
    }
    return grid;
}

// ---------------------------------------------------------------------------------------------
// External embeddings: overlapping chips.

// Chips sorted by the west edge of their lon/lat bounds, for "which chips meet this box".
class BoundsIndex
{
public:
    explicit BoundsIndex(const Dataset &dataset) : m_dataset(dataset)
    {
        m_order.resize(dataset.size());
        std::iota(m_order.begin(), m_order.end(), int64_t(0));
        std::sort(m_order.begin(), m_order.end(), [&](int64_t a, int64_t b) {
            return dataset.bounds[size_t(a)].minLon < dataset.bounds[size_t(b)].minLon;
        });
        m_west.reserve(m_order.size());
        for (int64_t chip : m_order) {
            const BoundingBox &b = dataset.bounds[size_t(chip)];
            m_west.push_back(b.minLon);
            m_maxWidth = std::max(m_maxWidth, b.maxLon - b.minLon);
        }
    }

    // Chips other than `chip` whose bounds overlap its bounds by more than `share` of the
    // smaller box's area.
    std::vector<int64_t> overlapping(int64_t chip, double share) const
    {
        const BoundingBox &a = m_dataset.bounds[size_t(chip)];
        const auto first =
            std::lower_bound(m_west.begin(), m_west.end(), a.minLon - m_maxWidth) - m_west.begin();
        std::vector<int64_t> result;
        const double areaA = (a.maxLon - a.minLon) * (a.maxLat - a.minLat);
        for (size_t i = size_t(first); i < m_order.size() && m_west[i] <= a.maxLon; ++i) {
            const int64_t other = m_order[i];
            if (other == chip)
                continue;
            const BoundingBox &b = m_dataset.bounds[size_t(other)];
            const double w = std::min(a.maxLon, b.maxLon) - std::max(a.minLon, b.minLon);
            const double h = std::min(a.maxLat, b.maxLat) - std::max(a.minLat, b.minLat);
            if (w <= 0 || h <= 0)
                continue;
            const double areaB = (b.maxLon - b.minLon) * (b.maxLat - b.minLat);
            if (w * h > share * std::min(areaA, areaB))
                result.push_back(other);
        }
        return result;
    }

private:
    const Dataset &m_dataset;
    std::vector<int64_t> m_order;
    std::vector<double> m_west;
    double m_maxWidth = 0.0;
};

// Bounding-box overlap (share of the smaller box) above which two chips overlap; adjacent tiles
// of a projected grid overlap in lon/lat only by a thin sliver.
constexpr double kOverlapShare = 0.1;

struct Ring
{
    std::vector<std::array<double, 2>> points;
    double minX = 0, minY = 0, maxX = 0, maxY = 0;

    bool contains(double x, double y) const
    {
        if (x < minX || x > maxX || y < minY || y > maxY)
            return false;
        bool inside = false;
        for (size_t i = 0, j = points.size() - 1; i < points.size(); j = i++) {
            const auto &a = points[i], &b = points[j];
            if ((a[1] > y) != (b[1] > y) && x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0])
                inside = !inside;
        }
        return inside;
    }
};

// Outer ring of the (first) polygon of a source-CRS footprint.
Ring ringOf(const Dataset &dataset, int64_t chip)
{
    const auto &wkb = dataset.sourceWkb[size_t(chip)];
    OGRGeometry *raw = nullptr;
    if (wkb.empty() ||
        OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &raw, wkb.size()) != OGRERR_NONE)
        throw DataError(dataset.sourcePath, "has a footprint that cannot be read", chip,
                        "geometry");
    std::unique_ptr<OGRGeometry> geometry(raw);
    const OGRPolygon *polygon = nullptr;
    const OGRwkbGeometryType type = wkbFlatten(geometry->getGeometryType());
    if (type == wkbPolygon)
        polygon = geometry->toPolygon();
    else if (type == wkbMultiPolygon && geometry->toMultiPolygon()->getNumGeometries() > 0)
        polygon = geometry->toMultiPolygon()->getGeometryRef(0);
    if (!polygon || !polygon->getExteriorRing() || polygon->getExteriorRing()->getNumPoints() < 4)
        throw DataError(dataset.sourcePath, "has a footprint that is not a polygon", chip,
                        "geometry");
    const OGRLinearRing *exterior = polygon->getExteriorRing();
    Ring ring;
    for (int i = 0; i < exterior->getNumPoints(); ++i)
        ring.points.push_back({exterior->getX(i), exterior->getY(i)});
    ring.minX = ring.maxX = ring.points[0][0];
    ring.minY = ring.maxY = ring.points[0][1];
    for (const auto &p : ring.points) {
        ring.minX = std::min(ring.minX, p[0]);
        ring.maxX = std::max(ring.maxX, p[0]);
        ring.minY = std::min(ring.minY, p[1]);
        ring.maxY = std::max(ring.maxY, p[1]);
    }
    return ring;
}

class OverlapLocator : public ChipLocator
{
public:
    explicit OverlapLocator(std::shared_ptr<const Dataset> dataset)
        : m_dataset(std::move(dataset)), m_index(*m_dataset)
    {
    }

    LocateMode mode() const override { return LocateMode::OverlappingChips; }

    std::vector<ChipHeatmap> heatmaps(std::span<const int64_t> chips, const LocateQuery &locate,
                                      Feedback *feedback) const override
    {
        checkChips(*m_dataset, chips, locate);
        const std::vector<float> query =
            locateQuery(m_dataset->embeddings, locate.positives, locate.negatives);
        constexpr int kCells = 32; // along the longer side of the chip's box
        std::vector<ChipHeatmap> maps(chips.size());
        for (size_t k = 0; k < chips.size(); ++k) {
            if (feedback) {
                feedback->throwIfCanceled();
                feedback->setProgress(double(k) / double(chips.size()));
            }
            const int64_t chip = chips[k];
            const Ring own = ringOf(*m_dataset, chip);
            std::vector<int64_t> members = m_index.overlapping(chip, 0.0);
            members.push_back(chip);
            std::vector<Ring> rings;
            std::vector<float> scores;
            for (int64_t member : members) {
                rings.push_back(member == chip ? own : ringOf(*m_dataset, member));
                scores.push_back(cosine(m_dataset->embeddings.row(size_t(member)), query));
            }
            const double spanX = own.maxX - own.minX, spanY = own.maxY - own.minY;
            const double cell = std::max(spanX, spanY) / kCells;
            ChipHeatmap &map = maps[k];
            map.chip = chip;
            map.width = std::max(1, int(std::ceil(spanX / cell - 1e-9)));
            map.height = std::max(1, int(std::ceil(spanY / cell - 1e-9)));
            map.geoTransform = {own.minX, cell, 0.0, own.maxY, 0.0, -cell};
            map.heat.assign(size_t(map.width) * size_t(map.height), kNaN);
            for (int r = 0; r < map.height; ++r)
                for (int c = 0; c < map.width; ++c) {
                    const double x = own.minX + (c + 0.5) * cell;
                    const double y = own.maxY - (r + 0.5) * cell;
                    if (!own.contains(x, y))
                        continue;
                    double sum = 0.0;
                    int count = 0;
                    for (size_t m = 0; m < rings.size(); ++m)
                        if (rings[m].contains(x, y)) {
                            sum += scores[m];
                            ++count;
                        }
                    map.heat[size_t(r) * size_t(map.width) + size_t(c)] =
                        count ? float(sum / count) : scores.back();
                }
            finish(map);
        }
        if (feedback)
            feedback->setProgress(1.0);
        return maps;
    }

    const BoundsIndex &index() const { return m_index; }

private:
    std::shared_ptr<const Dataset> m_dataset;
    BoundsIndex m_index;
};

} // namespace

const char *locateModeName(LocateMode mode)
{
    switch (mode) {
    case LocateMode::SubWindows:
        return "sub-windows";
    case LocateMode::OverlappingChips:
        return "overlapping-chips";
    case LocateMode::Unavailable:
        break;
    }
    return "unavailable";
}

std::vector<float> locateQuery(const EmbeddingMatrix &embeddings,
                               std::span<const int64_t> positives,
                               std::span<const int64_t> negatives)
{
    if (positives.empty())
        throw UsageError("locating needs at least one positive chip");
    const size_t dim = embeddings.dim();
    const auto unitMean = [&](std::span<const int64_t> chips) {
        std::vector<double> mean(dim, 0.0);
        for (int64_t chip : chips) {
            if (chip < 0 || size_t(chip) >= embeddings.rows())
                throw UsageError("chip index " + std::to_string(chip) + " is not in the dataset");
            const auto row = embeddings.row(size_t(chip));
            const double norm = std::sqrt(dot(row, row));
            if (norm > 0.0)
                for (size_t j = 0; j < dim; ++j)
                    mean[j] += row[j] / norm;
        }
        double norm = 0.0;
        for (double v : mean)
            norm += v * v;
        norm = std::sqrt(norm);
        if (norm > 0.0)
            for (double &v : mean)
                v /= norm;
        return mean;
    };
    std::vector<double> query = unitMean(positives);
    if (!negatives.empty()) {
        const std::vector<double> negative = unitMean(negatives);
        for (size_t j = 0; j < dim; ++j)
            query[j] -= negative[j];
    }
    double norm = 0.0;
    for (double v : query)
        norm += v * v;
    norm = std::sqrt(norm);
    if (!(norm > 0.0))
        throw UsageError("the positives and negatives have the same mean direction");
    std::vector<float> result(dim);
    for (size_t j = 0; j < dim; ++j)
        result[j] = float(query[j] / norm);
    return result;
}

LocatorChoice makeChipLocator(std::shared_ptr<const Dataset> dataset, const LocateOptions &options,
                              Feedback *feedback)
{
    if (!dataset)
        throw UsageError("locating needs a dataset");
    LocatorChoice choice;
    const std::string raster =
        !options.rasterPath.empty() ? options.rasterPath : dataset->imageryPath;
    std::string subWindowReason;
    std::error_code ec;
    if (raster.empty()) {
        subWindowReason = "no imagery raster is known for the chips";
    } else if (!std::filesystem::exists(raster, ec)) {
        subWindowReason = "the imagery raster " + raster + " does not exist";
    } else if (std::optional<ChipGrid> grid = gridOf(*dataset, raster, subWindowReason)) {
        MosaiksEmbedder embedder(options.embedder);
        {
            Feedback step(feedback, 0.0, 0.2);
            embedder.fit(*grid, &step);
        }
        if (embedder.dim() != dataset->dim()) {
            subWindowReason = "the built-in embedder gives " + std::to_string(embedder.dim()) +
                              " dimensions, the dataset has " + std::to_string(dataset->dim());
        } else {
            Feedback step(feedback, 0.2, 0.95);
            EmbeddingMatrix raw = embedder.embedFeatures(grid->rasterPath, *grid, &step);
            std::optional<FeatureStandardization> standardization;
            if (options.embedder.standardize) {
                standardization = FeatureStandardization::fit(raw, embedder.pooledDim());
                standardization->apply(raw);
            }
            double worst = 1.0;
            for (size_t i = 0; i < raw.rows(); ++i) {
                const std::span<const float> a = raw.row(i), b = dataset->embeddings.row(i);
                const double na = std::sqrt(dot(a, a)), nb = std::sqrt(dot(b, b));
                worst = std::min(worst, na > 0 && nb > 0 ? dot(a, b) / (na * nb) : 0.0);
            }
            if (worst >= options.minReproduction) {
                choice.locator = std::make_unique<SubWindowLocator>(
                    dataset, std::move(*grid), std::move(embedder), std::move(standardization),
                    options);
                choice.mode = LocateMode::SubWindows;
                choice.reason = "sub-windows of each chip are embedded from " + raster;
                if (feedback)
                    feedback->setProgress(1.0);
                return choice;
            }
            subWindowReason = "the stored embeddings are not the built-in embedder's on " + raster +
                              " (worst cosine " + std::to_string(worst) + ")";
        }
    }
    if (feedback)
        feedback->throwIfCanceled();
    auto overlap = std::make_unique<OverlapLocator>(dataset);
    // Any chip that overlaps another (a sample suffices for large datasets).
    const size_t n = dataset->size();
    const size_t step = std::max<size_t>(1, n / 5000);
    bool overlapping = false;
    for (size_t i = 0; i < n && !overlapping; i += step)
        overlapping = !overlap->index().overlapping(int64_t(i), kOverlapShare).empty();
    if (feedback)
        feedback->setProgress(1.0);
    if (overlapping) {
        choice.locator = std::move(overlap);
        choice.mode = LocateMode::OverlappingChips;
        choice.reason = "the scores of overlapping chips are accumulated (" + subWindowReason + ")";
        return choice;
    }
    choice.mode = LocateMode::Unavailable;
    choice.reason = subWindowReason + ", and no two chips overlap";
    return choice;
}

std::vector<LocatedChip> locateChips(const ChipLocator &locator, const Dataset &dataset,
                                     std::span<const int64_t> chips, const LocateQuery &locate,
                                     double threshold, Feedback *feedback)
{
    const std::vector<float> query =
        locateQuery(dataset.embeddings, locate.positives, locate.negatives);
    if (!(threshold >= 0.0 && threshold <= 1.0))
        throw UsageError("the tight-footprint threshold must be from 0 to 1");
    std::vector<ChipHeatmap> maps;
    {
        Feedback step(feedback, 0.0, 0.9);
        maps = locator.heatmaps(chips, locate, &step);
    }
    std::vector<LocatedChip> located(maps.size());
    for (size_t k = 0; k < maps.size(); ++k) {
        if (feedback)
            feedback->throwIfCanceled();
        located[k].chip = maps[k].chip;
        located[k].score = cosine(dataset.embeddings.row(size_t(maps[k].chip)), query);
        located[k].tight = tightFootprint(maps[k], threshold);
        located[k].heatmap = std::move(maps[k]);
    }
    if (feedback)
        feedback->setProgress(1.0);
    return located;
}

std::array<LonLat, 3> heatmapCorners(const ChipHeatmap &heatmap, const std::string &crsWkt)
{
    OGRSpatialReference source;
    if (crsWkt.empty() || source.importFromWkt(crsWkt.c_str()) != OGRERR_NONE)
        throw DataError("heatmap", "has no readable CRS", std::nullopt, "crs");
    source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> transform(
        OGRCreateCoordinateTransformation(&source, &wgs84));
    if (!transform)
        throw DataError("heatmap", "has a CRS that cannot be transformed to WGS 84");
    const auto &gt = heatmap.geoTransform;
    const double cells[3][2] = {{0, 0}, {double(heatmap.width), 0}, {0, double(heatmap.height)}};
    std::array<LonLat, 3> corners;
    for (size_t i = 0; i < 3; ++i) {
        double x = gt[0] + cells[i][0] * gt[1] + cells[i][1] * gt[2];
        double y = gt[3] + cells[i][0] * gt[4] + cells[i][1] * gt[5];
        if (!transform->Transform(1, &x, &y))
            throw DataError("heatmap", "has a corner that cannot be transformed to WGS 84");
        corners[i] = {x, y};
    }
    return corners;
}

namespace {
constexpr char kHeatmapMagic[4] = {'C', 'F', 'H', 'M'};
constexpr uint32_t kHeatmapVersion = 1;
} // namespace

std::vector<uint8_t> encodeHeatmap(const ChipHeatmap &heatmap)
{
    constexpr size_t header = 4 + 4 + 8 + 4 + 4 + 6 * sizeof(double);
    std::vector<uint8_t> bytes(header + heatmap.heat.size() * sizeof(float));
    const int32_t width = heatmap.width, height = heatmap.height;
    uint8_t *p = bytes.data();
    std::memcpy(p, kHeatmapMagic, 4);
    std::memcpy(p + 4, &kHeatmapVersion, 4);
    std::memcpy(p + 8, &heatmap.chip, 8);
    std::memcpy(p + 16, &width, 4);
    std::memcpy(p + 20, &height, 4);
    std::memcpy(p + 24, heatmap.geoTransform.data(), 6 * sizeof(double));
    if (!heatmap.heat.empty())
        std::memcpy(p + header, heatmap.heat.data(), heatmap.heat.size() * sizeof(float));
    return bytes;
}

std::optional<ChipHeatmap> decodeHeatmap(std::span<const uint8_t> bytes)
{
    constexpr size_t header = 4 + 4 + 8 + 4 + 4 + 6 * sizeof(double);
    if (bytes.size() < header || std::memcmp(bytes.data(), kHeatmapMagic, 4) != 0)
        return std::nullopt;
    uint32_t version = 0;
    int32_t width = 0, height = 0;
    ChipHeatmap map;
    std::memcpy(&version, bytes.data() + 4, 4);
    std::memcpy(&map.chip, bytes.data() + 8, 8);
    std::memcpy(&width, bytes.data() + 16, 4);
    std::memcpy(&height, bytes.data() + 20, 4);
    std::memcpy(map.geoTransform.data(), bytes.data() + 24, 6 * sizeof(double));
    if (version != kHeatmapVersion || width < 1 || height < 1 || width > 1 << 16 ||
        height > 1 << 16 || bytes.size() != header + size_t(width) * size_t(height) * sizeof(float))
        return std::nullopt;
    for (double v : map.geoTransform)
        if (!std::isfinite(v))
            return std::nullopt;
    map.width = width;
    map.height = height;
    map.heat.resize(size_t(width) * size_t(height));
    std::memcpy(map.heat.data(), bytes.data() + header, map.heat.size() * sizeof(float));
    finish(map);
    return map;
}

std::vector<uint8_t> tightMask(const ChipHeatmap &heatmap, double threshold)
{
    if (!(threshold >= 0.0 && threshold <= 1.0))
        throw UsageError("the tight-footprint threshold must be from 0 to 1");
    const float level = heatmap.minimum + float(threshold) * (heatmap.maximum - heatmap.minimum);
    std::vector<uint8_t> mask(heatmap.heat.size(), 0);
    for (size_t i = 0; i < mask.size(); ++i)
        mask[i] = std::isfinite(heatmap.heat[i]) && heatmap.heat[i] >= level;
    return mask;
}

std::vector<uint8_t> tightFootprint(const ChipHeatmap &heatmap, double threshold)
{
    std::vector<uint8_t> mask = tightMask(heatmap, threshold);
    if (mask.empty())
        return {};
    GDALAllRegister();
    GDALDriver *memRaster = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDriver *memVector = GetGDALDriverManager()->GetDriverByName("Memory");
    if (!memRaster || !memVector)
        throw DataError("GDAL", "has no in-memory raster or vector driver");
    GDALDatasetUniquePtr raster(
        memRaster->Create("", heatmap.width, heatmap.height, 1, GDT_Byte, nullptr));
    GDALDatasetUniquePtr vector(memVector->Create("", 0, 0, 0, GDT_Unknown, nullptr));
    if (!raster || !vector)
        throw DataError("GDAL", "cannot create an in-memory dataset");
    std::array<double, 6> gt = heatmap.geoTransform;
    raster->SetGeoTransform(gt.data());
    GDALRasterBand *band = raster->GetRasterBand(1);
    if (band->RasterIO(GF_Write, 0, 0, heatmap.width, heatmap.height, mask.data(), heatmap.width,
                       heatmap.height, GDT_Byte, 0, 0, nullptr) != CE_None)
        throw DataError("GDAL", "cannot write the tight-footprint mask");
    OGRLayer *layer = vector->CreateLayer("tight", nullptr, wkbPolygon, nullptr);
    if (!layer)
        throw DataError("GDAL", "cannot create an in-memory layer");
    char **polygonizeOptions = CSLSetNameValue(nullptr, "8CONNECTED", "8");
    const CPLErr err = GDALPolygonize(band, band, layer, -1, polygonizeOptions, nullptr, nullptr);
    CSLDestroy(polygonizeOptions);
    if (err != CE_None)
        throw DataError("GDAL", std::string("cannot polygonise the heat: ") + CPLGetLastErrorMsg());
    OGRMultiPolygon multi;
    layer->ResetReading();
    for (auto &feature : *layer)
        if (const OGRGeometry *g = feature->GetGeometryRef())
            if (wkbFlatten(g->getGeometryType()) == wkbPolygon)
                multi.addGeometry(g);
    std::vector<uint8_t> wkb(size_t(multi.WkbSize()));
    multi.exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
    return wkb;
}

} // namespace chipfinder
