// Keeps chipfinder_widgets non-empty until the first widget lands.
namespace chipfinder::widgets {
int placeholder() { return 0; }
}
