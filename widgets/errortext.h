#pragma once
// Turns the engine's typed exceptions into translated, user-facing messages (the UI edge of
// core/common/errors.h). The file, row, field and expectation of a DataError are kept; only the
// framing is translated (core's problem text is English).

#include <QCoreApplication>
#include <QString>

#include <exception>

namespace chipfinder {

class ErrorText
{
    Q_DECLARE_TR_FUNCTIONS(ErrorText)
public:
    // A complete sentence for any exception (DataError, UsageError, CanceledError, bad_alloc, ...).
    static QString describe(const std::exception &error);
    // The same for the exception currently being handled (call inside a catch block).
    static QString describeCurrent();
};

} // namespace chipfinder
