#include "errortext.h"

#include "common/errors.h"

#include <new>

namespace chipfinder {

QString ErrorText::describe(const std::exception &error)
{
    if (const auto *data = dynamic_cast<const DataError *>(&error)) {
        const QString file =
            data->file().empty() ? tr("the input") : QString::fromStdString(data->file());
        QString where = file;
        if (data->row())
            where = tr("%1, row %2").arg(where).arg(*data->row());
        if (!data->field().empty())
            where = tr("%1, field “%2”").arg(where, QString::fromStdString(data->field()));
        QString text =
            tr("Cannot read %1: %2.").arg(where, QString::fromStdString(data->problem()));
        if (!data->expected().empty())
            text += QLatin1Char(' ') +
                    tr("Expected: %1.").arg(QString::fromStdString(data->expected()));
        return text;
    }
    if (dynamic_cast<const CanceledError *>(&error))
        return tr("The operation was canceled.");
    if (const auto *usage = dynamic_cast<const UsageError *>(&error))
        return tr("Cannot do this: %1.").arg(QString::fromStdString(usage->what()));
    if (dynamic_cast<const std::bad_alloc *>(&error))
        return tr("Not enough memory for this operation.");
    return tr("Unexpected error: %1.").arg(QString::fromLocal8Bit(error.what()));
}

QString ErrorText::describeCurrent()
{
    try {
        throw;
    } catch (const std::exception &error) {
        return describe(error);
    } catch (...) {
        return tr("Unexpected error of unknown type.");
    }
}

} // namespace chipfinder
