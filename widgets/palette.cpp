#include "palette.h"

#include <array>
#include <cstdlib>

namespace chipfinder::Palette {

namespace {
// Okabe–Ito: bluish green, vermillion, orange, dark grey, reddish purple, sky blue, blue; the
// neutral light grey for chips without a state.
constexpr QRgb kPositive = 0xff009e73;
constexpr QRgb kNegative = 0xffd55e00;
constexpr QRgb kCandidate = 0xffe69f00;
constexpr QRgb kSkipped = 0xff555555;
constexpr QRgb kSelection = 0xffcc79a7;
constexpr QRgb kCurrent = 0xff56b4e9;
constexpr QRgb kTruth = 0xff0072b2;
constexpr QRgb kUnlabeled = 0xffc8c8c8;

constexpr std::array<QRgb, 10> kCategories = {0xff0072b2, 0xffe69f00, 0xff009e73, 0xffd55e00,
                                              0xffcc79a7, 0xff56b4e9, 0xff000000, 0xfff0e442,
                                              0xff999999, 0xff8c510a};
} // namespace

QRgb rgb(Role role)
{
    switch (role) {
    case Role::Positive:
        return kPositive;
    case Role::Negative:
        return kNegative;
    case Role::Candidate:
        return kCandidate;
    case Role::Skipped:
        return kSkipped;
    case Role::Selection:
        return kSelection;
    case Role::Current:
        return kCurrent;
    case Role::Truth:
        return kTruth;
    case Role::Unlabeled:
        return kUnlabeled;
    }
    return kUnlabeled;
}

QColor color(Role role)
{
    return QColor::fromRgb(rgb(role));
}

QColor color(Role role, int alpha)
{
    QColor c = color(role);
    c.setAlpha(alpha);
    return c;
}

QColor outline(Role role)
{
    return color(role).darker(150);
}

QString name(Role role)
{
    switch (role) {
    case Role::Positive:
        return QStringLiteral("positive");
    case Role::Negative:
        return QStringLiteral("negative");
    case Role::Candidate:
        return QStringLiteral("candidate");
    case Role::Skipped:
        return QStringLiteral("skipped");
    case Role::Selection:
        return QStringLiteral("selection");
    case Role::Current:
        return QStringLiteral("current");
    case Role::Truth:
        return QStringLiteral("truth");
    case Role::Unlabeled:
        return QStringLiteral("unlabeled");
    }
    return QString();
}

QRgb category(int index)
{
    return kCategories[size_t(std::abs(index) % int(kCategories.size()))];
}

} // namespace chipfinder::Palette
