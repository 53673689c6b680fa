from tangerang_live import LocalizedText, Manifest, hookimpl


@hookimpl
def manifest():
    return Manifest(
        name="needs_missing",
        title=LocalizedText("Yatim", "Orphan"),
        description=LocalizedText("Butuh layanan yang tidak ada", "Needs a missing service"),
        url_prefix="/orphan",
        requires=("not_installed",),
    )
