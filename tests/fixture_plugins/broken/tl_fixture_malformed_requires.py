from tangerang_live import LocalizedText, Manifest, hookimpl


@hookimpl
def manifest():
    return Manifest(
        name="malformed_requires",
        title=LocalizedText("Rusak", "Rusak"),
        description=LocalizedText(
            "A requires entry that is no requirement", "A requires entry that is no requirement"
        ),
        url_prefix="/malformed",
        requires=("base_service>>2",),
    )
