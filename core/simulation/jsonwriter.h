#pragma once
// A minimal streaming JSON writer (RFC 8259) for core's reports, which must not depend on Qt.
// Strings are escaped (quotes, backslash, control characters as \uXXXX; UTF-8 passes through);
// non-finite numbers are written as null. The caller nests begin/end calls correctly; keys are
// only valid directly inside an object. Not thread-safe (one writer per stream).

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace chipfinder {

class JsonWriter
{
public:
    // indent = 0 writes everything on one line.
    explicit JsonWriter(std::ostream &out, int indent = 1);

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    // Inside an object: the key of the next value.
    void key(std::string_view name);

    void value(std::string_view text);
    void value(const char *text) { value(std::string_view(text)); }
    void value(double number);
    void value(int64_t number);
    void value(uint64_t number);
    void value(int number) { value(int64_t(number)); }
    void value(bool flag);
    void null();

    template <typename T> void value(const std::optional<T> &v)
    {
        if (v)
            value(*v);
        else
            null();
    }
    // A flat array of numbers or strings, written on one line.
    template <typename T> void array(const std::vector<T> &values)
    {
        beginCompactArray();
        for (const auto &v : values)
            value(v);
        endArray();
    }

    // JSON string literal of text, with quotes.
    static std::string quote(std::string_view text);
    // Shortest decimal that round-trips (std::to_chars), or "null" for NaN/Inf.
    static std::string number(double value);

private:
    void beginCompactArray();
    void beforeValue();
    void newline();

    std::ostream &m_out;
    int m_indent;
    struct Level
    {
        bool array = false;
        bool compact = false;
        size_t count = 0;
    };
    std::vector<Level> m_stack;
    bool m_afterKey = false;
};

} // namespace chipfinder
