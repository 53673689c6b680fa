from tangerang_live import LocalizedText, Manifest, hookimpl


@hookimpl
def manifest():
    return Manifest(
        name="needs_base_range",
        title=LocalizedText("Rentang", "Rentang"),
        description=LocalizedText("Needs base 1.x", "Needs base 1.x"),
        url_prefix="/range",
        requires=("base_service>=1.0,<2",),
    )
