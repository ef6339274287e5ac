"""Starting the window: `convviz`, `convviz gui [NET.json] [--input …] [--weights …] [--seed N] [--screenshot]`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")  # pyqtgraph must not pick another binding

from PySide6.QtCore import QTimer, QTranslator  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ..allocator import keep_freed_memory  # noqa: E402
from ..core.errors import ConvvizError  # noqa: E402
from ..fit import DEFAULT_FIT  # noqa: E402
from ..scene import load_scene  # noqa: E402
from .language import choose_language, install_language  # noqa: E402

#: --screenshot gives up (exit 1) if the views are not finished by then
SCREENSHOT_TIMEOUT_MS = 60_000


def _has_display() -> bool:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def limit_blas_threads() -> None:
    """Leave one core to the GUI thread: BLAS threads that take every core make painting wait (measured on
    2 cores: a full recompute of the 512² stack, edit to last paint, p95 208 → 176 ms)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # an optional speed-up, not a requirement
        return
    threadpool_limits(max(1, (os.cpu_count() or 2) - 1), user_api="blas")


def ensure_app() -> QApplication:
    app = QApplication.instance()
    if app is None:
        # The worker runs Python between its NumPy calls; a short GIL switch interval keeps the GUI thread
        # from waiting up to 5 ms each time it needs the interpreter back while painting.
        sys.setswitchinterval(0.0005)
        limit_blas_threads()
        keep_freed_memory()
        install_message_handler()
        app = QApplication(sys.argv[:1])
        # Python's cyclic GC, run at an arbitrary allocation, can destroy a Qt object in the middle of a Qt call
        # that holds the lock its destructor needs (a deadlock seen in the tests): collect from the event loop
        # instead, between events, on the GUI thread.
        from pyqtgraph.util.garbage_collector import GarbageCollector

        app._convviz_gc = GarbageCollector(interval=1.0)
        app.setApplicationName("convviz")
        app.setOrganizationName("convviz")
        set_identity(app)
        install_translator(app)
    return app


def set_identity(app: QApplication) -> None:
    """The icon every window inherits (resources/icons/convviz.svg), the version, and the desktop file's name, which
    Wayland and the X11 task bars use to match the window with packaging/convviz.desktop's icon and name."""
    from PySide6.QtGui import QIcon

    from .. import __version__
    from ..scene import resource_path

    app.setApplicationVersion(__version__)
    app.setDesktopFileName("convviz")
    app.setWindowIcon(QIcon(str(resource_path("icons", "convviz.svg"))))


def install_message_handler() -> None:
    """Qt's own chatter ("libpng error: …", platform plugin notes) stays off stderr, where one line is convviz's
    message; CONVVIZ_DEBUG=1 (``--debug``) lets it through."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind, _context, message) -> None:
        if os.environ.get("CONVVIZ_DEBUG") or kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def install_error_hooks(window) -> None:
    """Exceptions that escape any Qt handler or any thread of the window are said in the window (and a bug
    gets its crash log), never only printed as a traceback."""
    import threading

    def report(exc: BaseException) -> None:
        try:
            window.report(exc)
        except BaseException:  # noqa: BLE001 (the window is gone: one line on stderr instead)
            from ..crash import describe

            print(f"convviz: {describe(exc)[0]}", file=sys.stderr)

    def excepthook(kind, exc, tb) -> None:
        report(exc if exc is not None else kind())

    def thread_hook(args) -> None:  # another thread: hand the report to the GUI thread
        exc = args.exc_value if args.exc_value is not None else args.exc_type()
        QTimer.singleShot(0, window, lambda: report(exc))

    sys.excepthook = excepthook
    threading.excepthook = thread_hook


def install_translator(app: QApplication, language: str | None = None) -> QTranslator | None:
    """Install the translators of ``language``, else of CONVVIZ_LANG or the system's language (settings are not
    read here: a window started by `convviz` applies the remembered choice itself)."""
    install_language(language or choose_language(use_settings=False))
    translators = getattr(app, "_convviz_translators", [])
    return translators[0] if translators else None


def opening(network: str | None, scene, *, overridden: bool):
    """(what the window opens on, the project or None). A project opened as it is comes back exactly as saved —
    its input's file, fit and crop position too; its scene (made by :func:`load_scene`) keeps only what --input,
    --weights or --channels replaced."""
    from ..project import is_project, load_project

    project = load_project(network) if is_project(network) else None
    return (project.state if project is not None and not overridden else scene), project


def run_gui(network: str | None = None, *, input_path: str | None = None, weights_path: str | None = None,
            seed: int = 0, screenshot: str | None = None, inspect: tuple[int, int, int, int] | None = None,
            fit: str = DEFAULT_FIT, animate: tuple[int, int] | None = None, animate_step: int = 0,
            partial: bool = False, channels: str | None = None) -> int:
    # Load before creating the window: a bad file is one clear line and exit status 2, as for `convviz run`.
    scene = load_scene(network, input_path=input_path, weights_path=weights_path, seed=seed, fit=fit,
                       channels=channels, partial=partial)
    if inspect is not None:
        from ..instruments._common import check_unit

        check_unit(scene.network, inspect[0], inspect[1], inspect[2:])  # a bad address: one line, exit 2
    if animate is not None:
        from ..instruments.sliding import sliding_window

        steps = len(sliding_window(scene.network, *animate))  # a layer that does not slide: one line, exit 2
        if not 0 <= animate_step <= steps:
            raise ConvvizError("bad_value", None, where="--animate-step", key="the step",
                               expected=f"in 0…{steps}", value=animate_step)
    if screenshot is not None:
        out = Path(screenshot)
        if not out.parent.exists():
            raise ConvvizError("file_not_found", None, path=str(out.parent))
        from ..core.files import resolve_write_target

        resolve_write_target(out)  # a device or a folder: refused before the window opens
    if not _has_display():
        if screenshot is None:
            print("convviz: no display found (DISPLAY is not set); to render without one, set "
                  "QT_QPA_PLATFORM=offscreen and use --screenshot", file=sys.stderr)
            return 2
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a screenshot needs no screen
    app = ensure_app()
    interactive = screenshot is None
    if interactive:  # the menu's remembered language (CONVVIZ_LANG still wins); a screenshot never reads settings
        install_language(choose_language(use_settings=True))
    from .main_window import MainWindow

    start, project = opening(network, scene, overridden=(input_path, weights_path, channels) != (None, None, None))
    window = MainWindow(start)
    install_error_hooks(window)
    app._convviz_window = window  # a language switch replaces it (qt/language.py)
    window.use_settings = interactive
    if project is not None:  # display settings and selection too
        window.project_actions.adopt(project, network)
    from ..scene import builtin_for_path

    builtin = builtin_for_path(network) if network is not None and project is None else None
    if builtin is not None:  # a lecture scene's file opens as from the Lecture menu
        window.present_scene(builtin)
    if inspect is not None:
        QTimer.singleShot(0, lambda: window.inspect(*inspect))  # once the first result is on screen
    if animate is not None:
        def start_animation() -> None:
            if window.controller.finished_state is None:
                QTimer.singleShot(20, start_animation)
                return
            window.animate(*animate, animate_step)

        QTimer.singleShot(0, start_animation)
    if screenshot is None:
        from . import prefs

        prefs.restore(window)  # layout and colormap as last left
        window.show()
        QTimer.singleShot(0, window.project_actions.offer_recovery)  # after a crash: the autosaved session
        if not prefs.tour_seen():
            from .tour import show_tour

            QTimer.singleShot(0, lambda: show_tour(window))  # the first launch: the guided tour
        return app.exec()

    window.quiet = True
    window.show()
    status = {"code": 1}
    from ..crash import BUG_PREFIX

    def fail(reason) -> None:
        """The computation (or anything) failed: say why at once and exit, no screenshot."""
        if status.get("done"):
            return
        status["done"] = True
        if isinstance(reason, BaseException):
            from ..crash import describe

            text = describe(reason)[0]
        else:
            text = str(reason)
        print(f"convviz: {text}; no screenshot written", file=sys.stderr)
        status["code"] = 1 if text.startswith(BUG_PREFIX) else 2
        window.close()
        app.exit(status["code"])

    window.report = fail  # in --screenshot, any failure the window would show ends the run with its cause
    window.controller.failed.connect(lambda reason: reason is not None and fail(reason))

    def grab_when_done() -> None:
        wants_unit = inspect is not None or (builtin is not None and builtin.inspect is not None)
        waiting_for_unit = (wants_unit or (animate is not None and animate_step > 0)) \
            and window.inspector.unit is None
        if not window.controller.is_idle() or waiting_for_unit:
            QTimer.singleShot(20, grab_when_done)
            return
        if status.get("done"):
            return
        status["done"] = True
        app.processEvents()  # let the last uploads paint
        from ..core.files import atomic_write_bytes
        from .figure_paint import png_bytes

        try:
            atomic_write_bytes(screenshot, png_bytes(window.grab().toImage()))
            status["code"] = 0
        except OSError as exc:
            from ..crash import describe

            print(f"convviz: {describe(exc)[0]}", file=sys.stderr)
            status["code"] = 2
        window.close()
        app.quit()

    def give_up() -> None:
        if status.get("done"):
            return
        status["done"] = True
        print("convviz: the views did not finish in time; no screenshot written", file=sys.stderr)
        window.close()
        app.exit(1)

    window.controller.finished.connect(lambda _g: QTimer.singleShot(0, grab_when_done))
    QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, give_up)
    app.exec()
    return status["code"]
