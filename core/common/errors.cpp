#include "common/errors.h"

namespace chipfinder {
namespace {
std::string compose(const std::string &file, const std::string &problem, std::optional<int64_t> row,
                    const std::string &field, const std::string &expected)
{
    std::string text = file.empty() ? std::string("input") : file;
    if (row)
        text += ", row " + std::to_string(*row);
    if (!field.empty())
        text += ", field '" + field + "'";
    text += ": " + problem;
    if (!expected.empty())
        text += " (expected " + expected + ")";
    return text;
}
} // namespace

DataError::DataError(std::string file, std::string problem, std::optional<int64_t> row,
                     std::string field, std::string expected)
    : std::runtime_error(compose(file, problem, row, field, expected)), m_file(std::move(file)),
      m_problem(std::move(problem)), m_row(row), m_field(std::move(field)),
      m_expected(std::move(expected))
{
}

} // namespace chipfinder
