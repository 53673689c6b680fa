from tangerang_live import LocalizedText, Manifest, hookimpl


@hookimpl
def manifest():
    return Manifest(
        name="wrapper_hook",
        title=LocalizedText("Pembungkus", "Pembungkus"),
        description=LocalizedText("Wraps a hook", "Wraps a hook"),
        url_prefix="/wrapper",
    )


@hookimpl(wrapper=True)
def home_widgets():
    widgets = yield
    return widgets
