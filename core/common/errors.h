#pragma once
// Typed errors of the engine. Expected failures (bad input, cancel) are thrown as these and turned
// into translated messages at the UI edge; none may escape a slot or a background task.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace chipfinder {

// Bad input: names the file, the row/feature (0-based, if any), the field (if any) and what was
// expected. what() is a complete English sentence built from those parts.
class DataError : public std::runtime_error
{
public:
    DataError(std::string file, std::string problem, std::optional<int64_t> row = std::nullopt,
              std::string field = {}, std::string expected = {});

    const std::string &file() const { return m_file; }
    const std::string &problem() const { return m_problem; }
    std::optional<int64_t> row() const { return m_row; }
    const std::string &field() const { return m_field; }
    const std::string &expected() const { return m_expected; }

private:
    std::string m_file;
    std::string m_problem;
    std::optional<int64_t> m_row;
    std::string m_field;
    std::string m_expected;
};

// Thrown by Feedback::throwIfCanceled() when the user cancelled a long operation.
class CanceledError : public std::runtime_error
{
public:
    CanceledError() : std::runtime_error("operation canceled") {}
};

// A caller passed arguments that break a documented precondition (e.g. k = 0, unknown strategy).
class UsageError : public std::invalid_argument
{
public:
    using std::invalid_argument::invalid_argument;
};

} // namespace chipfinder
