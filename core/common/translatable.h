#pragma once
// Marks a user-visible English text of the engine for translation without depending on Qt:
// lupdate collects QT_TRANSLATE_NOOP(context, "text") from core/strategies (see i18n/), and the
// GUI and CLI look the text up in that context ("strategy") when they show it. Expands to the
// text itself (the same definition as Qt's, so including Qt afterwards is harmless).

#ifndef QT_TRANSLATE_NOOP
#define QT_TRANSLATE_NOOP(scope, x) x
#endif
