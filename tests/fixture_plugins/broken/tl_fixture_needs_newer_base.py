from tangerang_live import LocalizedText, Manifest, hookimpl


@hookimpl
def manifest():
    return Manifest(
        name="needs_newer_base",
        title=LocalizedText("Terbaru", "Terbaru"),
        description=LocalizedText("Needs base 2 or later", "Needs base 2 or later"),
        url_prefix="/newer",
        requires=("base_service>=2.0",),
    )
