from tangerang_live import LocalizedText, Manifest, hookimpl


@hookimpl
def manifest():
    return Manifest(
        name="misspelt_hook",
        title=LocalizedText("Salah Ketik", "Salah Ketik"),
        description=LocalizedText("A hook name with a typo", "A hook name with a typo"),
        url_prefix="/misspelt",
    )


@hookimpl
def nav_item():  # the hook is nav_items
    return []
