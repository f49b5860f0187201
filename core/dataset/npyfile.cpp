#include "dataset/npyfile.h"

#include "common/atomicfile.h"
#include "common/errors.h"
#include "common/feedback.h"

#include <Eigen/Core>
#include <cpl_vsi.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

namespace chipfinder {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

struct VsiCloser
{
    void operator()(VSILFILE *file) const
    {
        if (file)
            VSIFCloseL(file);
    }
};
using VsiFile = std::unique_ptr<VSILFILE, VsiCloser>;

// The text after 'key': in the header dict, with surrounding blanks removed, up to the next
// top-level ',' or '}' (a tuple value is kept whole).
std::optional<std::string> dictValue(const std::string &header, const std::string &key)
{
    size_t pos = header.find("'" + key + "'");
    if (pos == std::string::npos)
        pos = header.find("\"" + key + "\"");
    if (pos == std::string::npos)
        return std::nullopt;
    pos = header.find(':', pos + key.size() + 2);
    if (pos == std::string::npos)
        return std::nullopt;
    ++pos;
    int depth = 0;
    size_t end = pos;
    for (; end < header.size(); ++end) {
        const char c = header[end];
        if (c == '(')
            ++depth;
        else if (c == ')')
            --depth;
        else if ((c == ',' || c == '}') && depth == 0)
            break;
    }
    std::string value = header.substr(pos, end - pos);
    const auto first = value.find_first_not_of(" \t");
    const auto last = value.find_last_not_of(" \t");
    if (first == std::string::npos)
        return std::string();
    value = value.substr(first, last - first + 1);
    if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"'))
        value = value.substr(1, value.size() - 2);
    return value;
}

std::vector<int64_t> parseShape(const std::string &text)
{
    std::vector<int64_t> dims;
    const char *p = text.c_str();
    const char *end = p + text.size();
    while (p < end) {
        if (*p >= '0' && *p <= '9') {
            int64_t value = 0;
            const auto result = std::from_chars(p, end, value);
            dims.push_back(result.ec == std::errc() ? value : INT64_MAX); // too large: refused
            p = result.ptr;
        } else {
            ++p;
        }
    }
    return dims;
}

} // namespace

EmbeddingMatrix readNpy(const std::string &path, Feedback *feedback)
{
    VsiFile file(VSIFOpenL(path.c_str(), "rb"));
    if (!file)
        throw DataError(path, "the file does not exist or cannot be read", std::nullopt, {},
                        "a readable .npy file");
    unsigned char preamble[12] = {};
    const size_t got = VSIFReadL(preamble, 1, 10, file.get());
    if (got < 10 || std::memcmp(preamble, kMagic, kMagicSize) != 0)
        throw DataError(path, "this is not a NumPy .npy file (bad magic)", std::nullopt, {},
                        "a file starting with \\x93NUMPY");
    const int major = preamble[6];
    size_t headerSize = 0;
    size_t dataOffset = 0;
    if (major == 1) {
        headerSize = size_t(preamble[8]) | size_t(preamble[9]) << 8;
        dataOffset = 10 + headerSize;
    } else if (major == 2 || major == 3) {
        if (VSIFReadL(preamble + 10, 1, 2, file.get()) != 2)
            throw DataError(path, "the header is truncated", std::nullopt, {},
                            "a complete .npy header");
        headerSize = size_t(preamble[8]) | size_t(preamble[9]) << 8 | size_t(preamble[10]) << 16 |
                     size_t(preamble[11]) << 24;
        dataOffset = 12 + headerSize;
    } else {
        throw DataError(path, "unsupported .npy format version " + std::to_string(major),
                        std::nullopt, {}, "version 1, 2 or 3");
    }
    if (headerSize > (1u << 20))
        throw DataError(path, "the header is implausibly long", std::nullopt, {},
                        "a .npy header of a few hundred bytes");
    std::string header(headerSize, '\0');
    if (VSIFReadL(header.data(), 1, headerSize, file.get()) != headerSize)
        throw DataError(path, "the header is truncated", std::nullopt, {},
                        "a complete .npy header");

    const auto descr = dictValue(header, "descr");
    const auto fortran = dictValue(header, "fortran_order");
    const auto shapeText = dictValue(header, "shape");
    if (!descr || !fortran || !shapeText)
        throw DataError(path, "the header lacks 'descr', 'fortran_order' or 'shape'", std::nullopt,
                        "header", "a NumPy header dictionary");
    size_t itemSize = 0;
    if (*descr == "<f2")
        itemSize = 2;
    else if (*descr == "<f4")
        itemSize = 4;
    else if (*descr == "<f8")
        itemSize = 8;
    else
        throw DataError(path, "unsupported dtype '" + *descr + "'", std::nullopt, "descr",
                        "little-endian float16, float32 or float64 ('<f2', '<f4', '<f8')");
    if (*fortran != "False")
        throw DataError(path, "the matrix is stored in Fortran (column-major) order", std::nullopt,
                        "fortran_order", "C order (fortran_order False)");
    const auto shape = parseShape(*shapeText);
    if (shape.size() != 2)
        throw DataError(path,
                        "the shape " + *shapeText + " has " + std::to_string(shape.size()) +
                            " dimensions",
                        std::nullopt, "shape", "a 2-D matrix (N chips, D dimensions)");
    // Every size is checked before it is multiplied: a header may claim any shape.
    const int64_t rows = shape[0];
    const int64_t dim = shape[1];
    if (rows <= 0 || dim <= 0)
        throw DataError(path, "the matrix is empty, shape " + *shapeText, std::nullopt, "shape",
                        "at least one row and one column");
    VSIFSeekL(file.get(), 0, SEEK_END);
    const uint64_t fileSize = uint64_t(VSIFTellL(file.get()));
    const uint64_t available = fileSize > dataOffset ? fileSize - dataOffset : 0;
    uint64_t count = 0;
    uint64_t dataSize = 0;
    if (__builtin_mul_overflow(uint64_t(rows), uint64_t(dim), &count) ||
        __builtin_mul_overflow(count, uint64_t(itemSize), &dataSize) ||
        count > uint64_t(INT64_MAX) / sizeof(float))
        throw DataError(
            path, "the shape " + *shapeText + " is too large to be a matrix", std::nullopt, "shape",
            "a shape whose data fits the file (" + std::to_string(available) + " bytes)");
    if (available < dataSize)
        throw DataError(path,
                        "the data is truncated: " + std::to_string(available) +
                            " bytes for shape " + *shapeText,
                        std::nullopt, "shape", std::to_string(dataSize) + " bytes of data");
    VSIFSeekL(file.get(), dataOffset, SEEK_SET);

    EmbeddingMatrix matrix{size_t(rows), size_t(dim)};
    float *out = matrix.data();
    if (itemSize == 4) {
        constexpr size_t step = size_t(1) << 22; // values per read (progress, cancel)
        for (size_t done = 0; done < count;) {
            const size_t n = std::min<size_t>(step, count - done);
            if (VSIFReadL(out + done, 4, n, file.get()) != n)
                throw DataError(path, "reading the data failed", std::nullopt, {}, "readable data");
            done += n;
            if (feedback) {
                feedback->throwIfCanceled();
                feedback->setProgress(double(done) / double(count));
            }
        }
        return matrix;
    }
    // float16 / float64: convert in chunks.
    constexpr size_t chunk = 1 << 16;
    std::vector<unsigned char> buffer(chunk * itemSize);
    for (size_t done = 0; done < count;) {
        const size_t n = std::min(chunk, count - done);
        if (VSIFReadL(buffer.data(), itemSize, n, file.get()) != n)
            throw DataError(path, "reading the data failed", std::nullopt, {}, "readable data");
        if (itemSize == 2) {
            for (size_t i = 0; i < n; ++i) {
                uint16_t bits;
                std::memcpy(&bits, buffer.data() + 2 * i, 2);
                out[done + i] = float(Eigen::numext::bit_cast<Eigen::half>(bits));
            }
        } else {
            for (size_t i = 0; i < n; ++i) {
                double value;
                std::memcpy(&value, buffer.data() + 8 * i, 8);
                out[done + i] = float(value);
            }
        }
        done += n;
        if (feedback && done % (chunk * 64) == 0) {
            feedback->throwIfCanceled();
            feedback->setProgress(double(done) / double(count));
        }
    }
    return matrix;
}

void writeNpy(const std::string &path, const EmbeddingMatrix &matrix)
{
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" +
                         std::to_string(matrix.rows()) + ", " + std::to_string(matrix.dim()) +
                         "), }";
    // Pad so that the data starts on a 64-byte boundary; the header ends with '\n'.
    const size_t total = kMagicSize + 4 + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header.push_back('\n');
    const unsigned char preamble[10] = {0x93,
                                        'N',
                                        'U',
                                        'M',
                                        'P',
                                        'Y',
                                        1,
                                        0,
                                        static_cast<unsigned char>(header.size() & 0xff),
                                        static_cast<unsigned char>(header.size() >> 8)};
    const size_t count = matrix.rows() * matrix.dim();
    if (path.rfind("/vsi", 0) != 0) {
        AtomicFile file(path);
        file.write(preamble, 10);
        file.write(header);
        file.write(matrix.data(), count * sizeof(float));
        file.commit();
        return;
    }
    VsiFile file(VSIFOpenL(path.c_str(), "wb"));
    if (!file)
        throw DataError(path, "the file cannot be created", std::nullopt, {},
                        "a writable location");
    if (VSIFWriteL(preamble, 1, 10, file.get()) != 10 ||
        VSIFWriteL(header.data(), 1, header.size(), file.get()) != header.size() ||
        VSIFWriteL(matrix.data(), 4, count, file.get()) != count || VSIFCloseL(file.release()) != 0)
        throw DataError(path, "writing the file failed", std::nullopt, {},
                        "a writable location with free space");
}

} // namespace chipfinder
