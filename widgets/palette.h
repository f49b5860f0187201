#pragma once
// The one palette of Chipfinder: every view (map, review grid, scatter, recall chart, analysis
// report) takes the colour of a role from here, so a positive is the same colour everywhere.
// Roles use the Okabe–Ito colours (Okabe & Ito 2008, "Color Universal Design"), chosen so that
// each pair of roles stays apart (CIE76 ΔE ≥ 15) for viewers with deuteranopia or protanopia
// (Machado et al. 2009 simulation; tests/widgets/tst_palette checks it). Scores use viridis
// (ColorMap::viridis), which is ordered in lightness for every kind of colour vision.

#include <QColor>
#include <QString>

#include <array>

namespace chipfinder {

namespace Palette {

enum class Role
{
    Positive,  // labeled positive, accepted candidate
    Negative,  // labeled negative, rejected candidate
    Candidate, // proposed in the current round, not yet reviewed
    Skipped,   // skipped in review
    Selection, // a set marked in another view (scatter box or lasso, map highlight)
    Current,   // the one chip selected in review or with Ctrl+click
    Truth,     // ground-truth positive (simulation, scatter colour by truth)
    Unlabeled  // every other chip (scatter points)
};

inline constexpr std::array<Role, 8> roles = {Role::Positive, Role::Negative,  Role::Candidate,
                                              Role::Skipped,  Role::Selection, Role::Current,
                                              Role::Truth,    Role::Unlabeled};

// The opaque colour of a role.
QColor color(Role role);
QRgb rgb(Role role);
// The role's colour with an alpha (0..255), e.g. for translucent fills over imagery.
QColor color(Role role, int alpha);
// A darker shade of the role's colour for outlines and point rims.
QColor outline(Role role);
// The role's English name ("positive", ...), for tests and tooltips (not translated).
QString name(Role role);

// Distinct colours for categories (strategies in the recall chart, sets in the analysis
// report): the Okabe–Ito order, then grey and brown, wrapping after 10.
QRgb category(int index);

} // namespace Palette

} // namespace chipfinder
