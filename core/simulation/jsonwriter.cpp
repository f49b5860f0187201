#include "simulation/jsonwriter.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace chipfinder {

JsonWriter::JsonWriter(std::ostream &out, int indent) : m_out(out), m_indent(indent) {}

std::string JsonWriter::quote(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + 2);
    out += '"';
    for (const char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\u%04x", unsigned(c));
                out += buffer;
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}

std::string JsonWriter::number(double value)
{
    if (!std::isfinite(value))
        return "null";
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    if (ec != std::errc())
        return "null";
    return std::string(buffer, end);
}

void JsonWriter::newline()
{
    if (m_indent <= 0)
        return;
    m_out << '\n';
    for (size_t i = 0; i < m_stack.size() * size_t(m_indent); ++i)
        m_out << ' ';
}

void JsonWriter::beforeValue()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_stack.empty())
        return;
    Level &level = m_stack.back();
    if (level.count++ > 0)
        m_out << (level.compact && m_indent > 0 ? ", " : ",");
    if (!level.compact)
        newline();
}

void JsonWriter::key(std::string_view name)
{
    Level &level = m_stack.back();
    if (level.count++ > 0)
        m_out << ',';
    newline();
    m_out << quote(name) << (m_indent > 0 ? ": " : ":");
    m_afterKey = true;
}

void JsonWriter::beginObject()
{
    beforeValue();
    m_out << '{';
    m_stack.push_back({false, false, 0});
}

void JsonWriter::endObject()
{
    const bool empty = m_stack.back().count == 0;
    m_stack.pop_back();
    if (!empty)
        newline();
    m_out << '}';
    if (m_stack.empty() && m_indent > 0)
        m_out << '\n';
}

void JsonWriter::beginArray()
{
    beforeValue();
    m_out << '[';
    m_stack.push_back({true, false, 0});
}

void JsonWriter::beginCompactArray()
{
    beforeValue();
    m_out << '[';
    m_stack.push_back({true, true, 0});
}

void JsonWriter::endArray()
{
    const Level level = m_stack.back();
    m_stack.pop_back();
    if (!level.compact && level.count > 0)
        newline();
    m_out << ']';
    if (m_stack.empty() && m_indent > 0)
        m_out << '\n';
}

void JsonWriter::value(std::string_view text)
{
    beforeValue();
    m_out << quote(text);
}

void JsonWriter::value(double number)
{
    beforeValue();
    m_out << JsonWriter::number(number);
}

void JsonWriter::value(int64_t number)
{
    beforeValue();
    m_out << number;
}

void JsonWriter::value(uint64_t number)
{
    beforeValue();
    m_out << number;
}

void JsonWriter::value(bool flag)
{
    beforeValue();
    m_out << (flag ? "true" : "false");
}

void JsonWriter::null()
{
    beforeValue();
    m_out << "null";
}

} // namespace chipfinder
