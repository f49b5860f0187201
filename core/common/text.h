#pragma once
// Small text helpers shared by the readers and writers (field names, driver names, flags, ids).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace chipfinder {

// ASCII lower case (field and driver names are compared case-insensitively).
std::string lower(std::string text);
// Without leading and trailing spaces, tabs, CR and LF.
std::string trimmed(const std::string &text);

// Length of the valid UTF-8 prefix of `text` (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF); text.size() when all of it is valid.
size_t validUtf8Prefix(std::string_view text);
inline bool isUtf8(std::string_view text)
{
    return validUtf8Prefix(text) == text.size();
}
// `text` for a message: valid UTF-8 kept, every other byte written as \xNN.
std::string escapedUtf8(std::string_view text);
// Throws DataError naming `file`, the row and `field` when the id is not UTF-8 text, which a JSON
// or GeoJSON output requires (RFC 8259); formats that keep bytes (.gpkg, .fgb) are suggested.
void requireUtf8Id(std::string_view id, const std::string &file, int64_t row,
                   const std::string &field = "chip_id");

} // namespace chipfinder
