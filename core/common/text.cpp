#include "common/text.h"

#include "common/errors.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace chipfinder {

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

std::string trimmed(const std::string &text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

namespace {
// Length of the valid UTF-8 sequence starting at text[i], 0 if none starts there.
size_t sequenceAt(std::string_view text, size_t i)
{
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char b = byte(i);
    if (b < 0x80)
        return 1;
    size_t length = 0;
    unsigned char low = 0x80, high = 0xbf; // allowed range of the second byte
    if (b >= 0xc2 && b <= 0xdf) {
        length = 2;
    } else if (b >= 0xe0 && b <= 0xef) {
        length = 3;
        if (b == 0xe0)
            low = 0xa0; // no overlong forms
        else if (b == 0xed)
            high = 0x9f; // no surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
        length = 4;
        if (b == 0xf0)
            low = 0x90;
        else if (b == 0xf4)
            high = 0x8f; // nothing above U+10FFFF
    } else {
        return 0;
    }
    if (i + length > text.size() || byte(i + 1) < low || byte(i + 1) > high)
        return 0;
    for (size_t k = 2; k < length; ++k)
        if ((byte(i + k) & 0xc0) != 0x80)
            return 0;
    return length;
}
} // namespace

size_t validUtf8Prefix(std::string_view text)
{
    size_t i = 0;
    while (i < text.size()) {
        const size_t length = sequenceAt(text, i);
        if (length == 0)
            return i;
        i += length;
    }
    return i;
}

std::string escapedUtf8(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        if (const size_t length = sequenceAt(text, i); length > 0) {
            out.append(text.substr(i, length));
            i += length;
        } else {
            char hex[5];
            std::snprintf(hex, sizeof(hex), "\\x%02x", static_cast<unsigned char>(text[i]));
            out += hex;
            ++i;
        }
    }
    return out;
}

void requireUtf8Id(std::string_view id, const std::string &file, int64_t row,
                   const std::string &field)
{
    if (!isUtf8(id))
        throw DataError(file,
                        "the chip id '" + escapedUtf8(id) +
                            "' is not UTF-8 text, which JSON and GeoJSON require (write .gpkg or "
                            ".fgb, which keep ids byte for byte)",
                        row, field, "UTF-8 chip ids");
}

} // namespace chipfinder
