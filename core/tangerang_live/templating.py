"""Pages: Jinja2 templates looked up theme → plugins → core, and cache-busted static URLs.

Lookup for a plain name such as ``base.html``: the active theme, then the ``default`` theme, then
each plugin's ``templates/`` folder, then the host's. A template that overrides another can extend
the one it replaces with a prefix that skips the earlier places: ``core:`` (the host's),
``plugins:`` (the plugins'), ``default:`` (the default theme's).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, cast

import jinja2
import jinja2.bccache
from markupsafe import Markup
from starlette.staticfiles import StaticFiles
from starlette.types import Message, Receive, Scope, Send

from tangerang_live import i18n

PACKAGE_DIR = Path(__file__).resolve().parent
CORE_TEMPLATES = PACKAGE_DIR / "templates"
CORE_STATIC = PACKAGE_DIR / "static"
DEFAULT_THEME = "default"


class SharedBytecode(jinja2.BytecodeCache):
    """Compiled templates shared by every environment of the process that has the same filters
    and tests (the compiled code depends on which exist): a process that builds many apps, as the
    tests and benchmarks do, compiles each template once. Jinja compares the source's checksum
    before using what is kept, so an edited template is compiled again."""

    _compiled: ClassVar[dict[str, bytes]] = {}

    def __init__(self, environment: jinja2.Environment) -> None:
        names = repr((sorted(environment.filters), sorted(environment.tests)))
        self.salt = hashlib.sha1(names.encode()).hexdigest()

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(name, filename) + self.salt

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


class Templates:
    """One Jinja environment per theme, so switching theme at runtime is a dictionary lookup."""

    def __init__(
        self, theme_root: Path, plugin_template_dirs: list[Path], *, auto_reload: bool = True
    ) -> None:
        self.theme_root = theme_root
        self.plugin_template_dirs = plugin_template_dirs
        self.auto_reload = auto_reload
        """Check template files for changes on every use: in development only."""
        self._environments: dict[str, jinja2.Environment] = {}
        self._plugin_filters: dict[str, Callable[..., Any]] = {}
        self._plugin_globals: dict[str, Any] = {}
        self.static_urls: dict[tuple[str, str, str], str] = {}

    def themes(self) -> list[str]:
        return sorted(
            p.name
            for p in self.theme_root.iterdir()
            if (p / "templates").is_dir() or (p / "static").is_dir()
        )

    def _loader(self, theme: str) -> jinja2.BaseLoader:
        plugins = jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader(d) for d in self.plugin_template_dirs]
        )
        core = jinja2.FileSystemLoader(CORE_TEMPLATES)
        default_theme = jinja2.FileSystemLoader(self.theme_root / DEFAULT_THEME / "templates")
        chain: list[jinja2.BaseLoader] = [
            jinja2.PrefixLoader(
                {"core": core, "plugins": plugins, "default": default_theme}, delimiter=":"
            )
        ]
        if theme != DEFAULT_THEME:
            chain.append(jinja2.FileSystemLoader(self.theme_root / theme / "templates"))
        chain += [default_theme, plugins, core]
        return jinja2.ChoiceLoader(chain)

    def environment(self, theme: str) -> jinja2.Environment:
        if theme not in self._environments:
            env = jinja2.Environment(
                loader=self._loader(theme),
                autoescape=True,
                auto_reload=self.auto_reload,
                extensions=["jinja2.ext.i18n"],
                enable_async=False,
                trim_blocks=True,
                lstrip_blocks=True,
            )
            # Added by the i18n extension, which Jinja's types do not know.
            env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
            env.globals["gettext"] = _memoized(cast(Callable[..., str], env.globals["gettext"]))
            env.filters.update(i18n.TEMPLATE_FILTERS)
            # Plugins add names; they never replace Jinja's or the host's.
            env.filters.update(
                (k, v) for k, v in self._plugin_filters.items() if k not in env.filters
            )
            env.globals.update(
                (k, v) for k, v in self._plugin_globals.items() if k not in env.globals
            )
            env.bytecode_cache = SharedBytecode(env)
            self._environments[theme] = env
        return self._environments[theme]

    def add_plugin_names(
        self, filters: dict[str, Callable[..., Any]], names: dict[str, Any]
    ) -> None:
        """Filters and globals from the plugins' ``template_filters``/``template_globals`` hooks."""
        self._plugin_filters.update(filters)
        self._plugin_globals.update(names)
        self._environments.clear()


def _memoized(gettext: Callable[..., str]) -> Callable[..., str]:
    """Jinja's gettext formats every message, even one without variables: a Markup ``%`` for each
    of the dozens of ``_()`` on a page. Such a message reads the same every time in a language,
    so it is translated and formatted once per language."""
    done: dict[tuple[str, bool, str], str] = {}

    @jinja2.pass_context
    def memoized(context: jinja2.runtime.Context, message: str, **variables: Any) -> str:
        if variables:
            return gettext(context, message, **variables)
        key = (i18n.current_locale.get(), context.eval_ctx.autoescape, message)
        if key not in done:
            done[key] = gettext(context, message)
        return done[key]

    return memoized


@functools.cache
def content_version(path: Path) -> str:
    """A short hash of a static file's content, for cache-busting URLs; read once per process
    (a page may name a dozen files, and a deployment restarts the workers)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    except OSError:
        return "missing"


_VALIDATORS = (b"etag", b"last-modified")


class CachedStaticFiles(StaticFiles):
    """Static files; a URL carrying a ``v`` content hash may be cached for a year, and needs no
    validators (``ETag``, ``Last-Modified``): a changed file gets a new URL."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        immutable = b"v=" in scope.get("query_string", b"")

        async def send_with_cache_header(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                headers = message.get("headers", [])
                if immutable:
                    value = b"public, max-age=31536000, immutable"
                    headers = [(k, v) for k, v in headers if k not in _VALIDATORS]
                else:
                    value = b"no-cache"
                message["headers"] = [*headers, (b"cache-control", value)]
            await send(message)

        await super().__call__(scope, receive, send_with_cache_header)


def markup(html: str) -> Markup:
    """Mark already-escaped HTML as safe for a template (for ``Widget.html``)."""
    return Markup(html)
