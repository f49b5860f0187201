// Keeps chipfinder_app_lib non-empty until the main window lands.
namespace chipfinder::app {
int placeholder() { return 0; }
}
