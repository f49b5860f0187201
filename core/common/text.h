#pragma once
// Small ASCII text helpers shared by the readers and writers (field names, driver names, flags).

#include <string>

namespace chipfinder {

// ASCII lower case (field and driver names are compared case-insensitively).
std::string lower(std::string text);
// Without leading and trailing spaces, tabs, CR and LF.
std::string trimmed(const std::string &text);

} // namespace chipfinder
