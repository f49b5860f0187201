// chipfinder: the desktop labeling application.

#include <QApplication>
#include <QLabel>
#include <QMainWindow>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("Chipfinder"));
    QMainWindow window;
    window.setWindowTitle(QCoreApplication::translate("main", "Chipfinder"));
    window.setCentralWidget(new QLabel(QCoreApplication::translate("main", "Chipfinder")));
    window.show();
    return app.exec();
}
