"""A browserless Streamlit session: the websocket protocol a browser tab speaks, from asyncio.

One `StreamlitClient` is one viewer. It connects to `/_stcore/stream`, asks for runs the way the
frontend does (`BackMsg.rerun_script`) and reads the `ForwardMsg`s until the run's `script_finished`:

    async with StreamlitClient("http://127.0.0.1:8501") as client:   # connect(); close() at the end
        page = await client.rerun()                  # the page load
        step = await client.set_slider("day", page.widget("day").options[3])
        print(step.latency, step.ok, step.errors)
        await client.select("place_picker", "Hama · حماة")
        await client.click("▶ Play")

Widgets are found by their key (the id ends in "-<key>") or their label, never by a computed id.
Option texts are the *formatted* strings the server lists in the widget's `options` (what the
browser shows); the client treats them as opaque.

How it follows the browser (see /work/shared/notes/streamlit-load-protocol.md):
- each rerun echoes the last `page_info_changed` query string and the `new_session` page script hash,
  and sends the states of the widgets this client has set (the server keeps the others); a value the
  server sets (`set_value`, e.g. a callback moving the slider) replaces the one kept here, and widgets
  that are gone from the page are dropped, as the browser does;
- `cached_message_hashes`: the hashes of the cacheable messages received in the last
  `max_cached_message_age` runs, so the server answers with `ref_hash` stubs as it does for a browser;
  stubs are resolved from this cache;
- a run ends at `script_finished` with FINISHED_SUCCESSFULLY or FINISHED_WITH_COMPILE_ERROR (or
  FINISHED_FRAGMENT_RUN_SUCCESSFULLY when a fragment run was asked for); FINISHED_EARLY_FOR_RERUN
  means another run follows (st.rerun(), callbacks), so reading goes on; the trailing
  `session_status_changed` and anything else before the run's `new_session` is ignored;
- a background task keeps reading the socket (the server drops a connection whose send queue fills up),
  and stamps each frame with its arrival time.

Latency: from just before the request is sent to the arrival of the run's `script_finished`.
Nagle: Streamlit's accepted sockets keep Nagle's algorithm on, so with back-to-back steps a reply can
wait ~40 ms for the client's delayed ACK. By default (`quickack=True`) the client sets TCP_QUICKACK
after every send and receive (Linux), so the figures measure the server's work, not that stall; pass
`quickack=False` to see what a client with delayed ACKs meets.

Errors (in `RunResult.errors`): exception elements, a compile error, a script compilation exception
event, a `ref_hash` to a message this client never received, and for `set_slider`/`select`: the server
showing another value than the one sent (it resets an unknown option to the default and says so with
`set_value`), the widget missing after the run, and whatever the optional `verify` callback reports
(e.g. "the page does not show the requested day").
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED_SUCCESSFULLY = ForwardMsg.FINISHED_SUCCESSFULLY
FINISHED_WITH_COMPILE_ERROR = ForwardMsg.FINISHED_WITH_COMPILE_ERROR
FINISHED_EARLY_FOR_RERUN = ForwardMsg.FINISHED_EARLY_FOR_RERUN
FINISHED_FRAGMENT_RUN_SUCCESSFULLY = ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
#: WidgetState values that last one run only (the browser sends them once).
TRIGGER_FIELDS = {"trigger_value", "string_trigger_value", "json_trigger_value", "chat_input_value"}
#: Element types whose body is text shown on the page.
TEXT_ELEMENTS = {"markdown", "heading"}

Verify = Callable[["RunResult", "Widget", str], "str | None"]


class ProtocolError(RuntimeError):
    """The server said something this client cannot follow (a text frame, a closed connection...)."""


class RunTimeout(TimeoutError):
    """No end of run within the time allowed. The session's state is unknown afterwards: close it."""


class WidgetNotFound(LookupError):
    """No widget of the last run has this key or label (or several have this label)."""


class UnknownOption(ValueError):
    """The option text is not one of the widget's formatted options."""


@dataclass
class Widget:
    """A widget as the last run described it."""

    id: str
    kind: str  # the Element field: "slider" (also select_slider), "selectbox", "button", ...
    label: str
    options: list[str]
    proto: Any  # the element's own message (Slider, Selectbox, Button, ...)
    fragment_id: str = ""  # set when the widget is inside an st.fragment: its changes rerun only that

    @property
    def key(self) -> str:
        """The user key at the end of the id ("None" for most unkeyed widgets)."""
        parts = self.id.split("-", 2)
        return parts[2] if len(parts) == 3 else ""

    @property
    def is_select_slider(self) -> bool:
        """A select_slider (a Slider element of type SELECT_SLIDER): its values are option texts."""
        return self.kind == "slider" and self.proto.type == Slider.SELECT_SLIDER

    def server_value(self) -> Any:
        """The value the server set in this run (`set_value`), or None if it left it to the client."""
        if not getattr(self.proto, "set_value", False):
            return None
        return _proto_value(self, current=True)

    def default_value(self) -> Any:
        """The widget's default as option text(s), what the server uses until a value is sent."""
        return _proto_value(self, current=False)


def _proto_value(widget: Widget, current: bool) -> Any:
    """A widget's value as formatted option text(s) (select_slider: list of str; selectbox: str or None)."""
    p = widget.proto
    if widget.is_select_slider:
        if current and len(p.raw_value):
            return list(p.raw_value)
        indices = p.value if current else p.default
        return [widget.options[int(i)] for i in indices if 0 <= int(i) < len(widget.options)]
    if widget.kind == "slider":
        return list(p.value if current else p.default)
    if widget.kind == "selectbox":
        if current:
            return p.raw_value if p.HasField("raw_value") else None
        return widget.options[p.default] if p.HasField("default") and p.default < len(widget.options) else None
    if widget.kind in ("checkbox", "toggle"):
        return p.value if current else p.default
    if widget.kind == "button_group":
        return list(p.raw_values) if current else [widget.options[i] for i in p.default]
    return None


def _state_for(widget: Widget, value: Any) -> WidgetState | None:
    """The WidgetState the browser would send for `value` (formatted text), for the types this client knows."""
    state = WidgetState(id=widget.id)
    if widget.is_select_slider:
        state.string_array_value.data.extend([value] if isinstance(value, str) else list(value))
    elif widget.kind == "slider":
        state.double_array_value.data.extend([float(v) for v in value])
    elif widget.kind == "selectbox":
        if value is None:
            return None
        state.string_value = value
    elif widget.kind in ("checkbox", "toggle"):
        state.bool_value = bool(value)
    elif widget.kind == "button_group":
        state.string_array_value.data.extend(list(value))
    else:
        return None
    return state


@dataclass
class RunResult:
    """What one request produced: timing, the page content of its (last) run and what went wrong."""

    latency: float = 0.0  # seconds, from the send to the run's script_finished
    status: int | None = None  # the ScriptFinishedStatus that ended it
    run_ids: list[str] = field(default_factory=list)  # one per run (more if runs chained via st.rerun)
    widgets: dict[str, Widget] = field(default_factory=dict)  # by id, from the last run
    markdown: list[str] = field(default_factory=list)  # markdown, caption and heading bodies
    alerts: list[tuple[int, str]] = field(default_factory=list)  # (Alert.Format, body): st.error/warning/info
    exceptions: list[str] = field(default_factory=list)
    query_string: str | None = None  # from page_info_changed in this request, None if unchanged
    errors: list[str] = field(default_factory=list)
    frames: int = 0
    bytes: int = 0
    ref_hits: int = 0  # elements the server sent as ref_hash stubs (the client had them cached)

    @property
    def ok(self) -> bool:
        """True when the request had no error."""
        return not self.errors

    def widget(self, name: str) -> Widget:
        """A widget of this run, by key or label."""
        return find_widget(self.widgets, name)

    def shows(self, text: str) -> bool:
        """Whether some markdown/heading body of the run contains `text`."""
        return any(text in body for body in self.markdown)


def find_widget(widgets: dict[str, Widget], name: str) -> Widget:
    """By key (an id ending in "-<name>"), else by exact label; a label must name one widget only."""
    for widget in widgets.values():
        if widget.id.endswith("-" + name):
            return widget
    matches = [w for w in widgets.values() if w.label == name]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(sorted(f"{w.key or w.id}/{w.label!r}" for w in widgets.values()))
    what = "several widgets have" if matches else "no widget has"
    raise WidgetNotFound(f"{what} the key or label {name!r}; widgets: {known}")


class _MessageCache:
    """The frontend's ForwardMsg cache: cacheable messages by hash, forgotten after `max_age` runs unused."""

    def __init__(self) -> None:
        self.entries: dict[str, tuple[ForwardMsg, int]] = {}
        self.run_count = 0
        self.max_age = 2

    def add(self, msg: ForwardMsg) -> None:
        self.entries[msg.hash] = (msg, self.run_count)

    def get(self, ref: str) -> ForwardMsg | None:
        entry = self.entries.get(ref)
        if entry is None:
            return None
        self.entries[ref] = (entry[0], self.run_count)
        return entry[0]

    def end_of_run(self) -> None:
        self.run_count += 1
        self.entries = {h: e for h, e in self.entries.items() if e[1] + self.max_age >= self.run_count}


def stream_url(url: str) -> str:
    """ws://host:port[/base]/_stcore/stream from an http(s):// page address (or a ws:// URL as is)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme in ("ws", "wss"):
        return url
    scheme = {"http": "ws", "https": "wss"}[parts.scheme]
    path = parts.path.rstrip("/")
    return urllib.parse.urlunsplit((scheme, parts.netloc, f"{path}/_stcore/stream", "", ""))


class StreamlitClient:
    """One protocol-level Streamlit session. One request at a time (as a browser waits for its run)."""

    def __init__(
        self,
        url: str,
        *,
        quickack: bool = True,
        send_cached_hashes: bool = True,
        timeout: float = 60.0,
        verify: Verify | None = None,
        query_string: str = "",
    ):
        self.url = stream_url(url)
        self.quickack = quickack and hasattr(socket, "TCP_QUICKACK")
        self.send_cached_hashes = send_cached_hashes
        self.timeout = timeout
        self.verify = verify
        self.query_string = query_string.lstrip("?")
        self.page_script_hash = ""
        self.session_id = ""
        #: The widgets of the last run, by id.
        self.widgets: dict[str, Widget] = {}
        self.runs = 0
        self._kept: dict[str, WidgetState] = {}  # widget states sent with every rerun
        self._values: dict[str, Any] = {}  # the last value known per widget id (sent or set by the server)
        self._cache = _MessageCache()
        self._frames: asyncio.Queue[tuple[float, bytes | str | None]] = asyncio.Queue()
        self._ws: Any = None
        self._sock: Any = None
        self._reader: asyncio.Task | None = None
        self._closed_reason = ""
        self._busy = False

    # -- connection -------------------------------------------------------------------------------------------

    async def connect(self, query_string: str | None = None) -> None:
        """Open the websocket. Nothing runs until the first `rerun()` (the page load) asks for it; it sends
        `query_string` (the part of the page address after "?"; default: the constructor's)."""
        if query_string is not None:
            self.query_string = query_string.lstrip("?")
        self._ws = await websockets.connect(
            self.url, subprotocols=["streamlit"], max_size=None, open_timeout=self.timeout, compression=None
        )
        self._sock = self._ws.transport.get_extra_info("socket")
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        """Close the websocket (waiting at most 5 s) and stop the reader task."""
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._ws.close(), 5)
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(BaseException):
                await self._reader

    async def __aenter__(self) -> StreamlitClient:
        await self.connect()
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.close()

    def _ack_now(self) -> None:
        if self.quickack and self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)

    async def _read(self) -> None:
        try:
            async for frame in self._ws:
                arrived = time.perf_counter()
                self._ack_now()
                self._frames.put_nowait((arrived, frame))
        except websockets.ConnectionClosed as exc:
            self._closed_reason = f"connection closed: {exc}"
        except Exception as exc:  # noqa: BLE001 - reported to whoever waits for a frame
            self._closed_reason = f"{type(exc).__name__}: {exc}"
        finally:
            self._closed_reason = self._closed_reason or "connection closed by the server"
            self._frames.put_nowait((time.perf_counter(), None))

    # -- widgets ----------------------------------------------------------------------------------------------

    def widget(self, name: str) -> Widget:
        """A widget of the last run, by key or label."""
        return find_widget(self.widgets, name)

    def value(self, name: str) -> Any:
        """The widget's current value as this session knows it: sent by it, set by the server, or the default."""
        widget = self.widget(name)
        return self._values.get(widget.id, widget.default_value())

    # -- runs -------------------------------------------------------------------------------------------------

    async def rerun(
        self, widget_states: Iterable[WidgetState] = (), *, fragment_id: str = "", timeout: float | None = None
    ) -> RunResult:
        """Ask for a run with these widget states (plus the ones kept from earlier) and wait for its end."""
        if self._ws is None:
            raise ProtocolError("connect() first")
        if self._busy:
            raise ProtocolError("one request at a time: the previous rerun has not returned")
        self._busy = True
        try:
            return await self._rerun(list(widget_states), fragment_id, timeout or self.timeout)
        finally:
            self._busy = False

    async def _rerun(self, widget_states: list[WidgetState], fragment_id: str, timeout: float) -> RunResult:
        payload = self._rerun_request(widget_states, fragment_id)
        self._drop_leftovers()
        result = RunResult()
        started = time.perf_counter()
        await self._ws.send(payload)
        self._ack_now()
        deadline = started + timeout
        in_run = False
        while True:
            arrived, fwd = await self._next_message(deadline, timeout, result)
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                in_run = True
                self._on_new_session(fwd, result)
            elif not in_run:
                continue  # belongs to an earlier run (e.g. the trailing session_status_changed)
            elif kind == "script_finished":
                if self._run_ended(fwd.script_finished, fragment_id, result):
                    result.latency = arrived - started
                    return result
            else:
                self._on_message(kind, fwd, result)

    def _rerun_request(self, widget_states: list[WidgetState], fragment_id: str) -> bytes:
        """The serialized `rerun_script` BackMsg a browser would send: the kept widget states plus this request's
        (triggers are sent once, not kept), the query string, page hash, cached hashes and context."""
        triggers = []
        for state in widget_states:
            if state.WhichOneof("value") in TRIGGER_FIELDS:
                triggers.append(state)
            else:
                self._kept[state.id] = state
        msg = BackMsg()
        client_state = msg.rerun_script
        client_state.query_string = self.query_string
        client_state.page_script_hash = self.page_script_hash
        client_state.widget_states.widgets.extend([*self._kept.values(), *triggers])
        if fragment_id:
            client_state.fragment_id = fragment_id
        if self.send_cached_hashes:
            client_state.cached_message_hashes.extend(self._cache.entries)
        context = client_state.context_info
        context.timezone, context.timezone_offset, context.locale = "UTC", 0, "en-US"
        context.url = self.url.replace("/_stcore/stream", "/").replace("ws", "http", 1)
        return msg.SerializeToString()

    def _drop_leftovers(self) -> None:
        """Discard what arrived after the previous request ended (its trailing status message)."""
        while not self._frames.empty():
            _, frame = self._frames.get_nowait()
            if frame is None:
                raise ProtocolError(self._closed_reason)

    async def _next_message(self, deadline: float, timeout: float, result: RunResult) -> tuple[float, ForwardMsg]:
        """The next ForwardMsg and its arrival time (counted in `result`); RunTimeout after the deadline."""
        remaining = deadline - time.perf_counter()
        try:
            arrived, frame = await asyncio.wait_for(self._frames.get(), max(remaining, 0.001))
        except TimeoutError:
            raise RunTimeout(f"no end of run within {timeout:.0f} s") from None
        if frame is None:
            raise ProtocolError(self._closed_reason)
        if isinstance(frame, str):
            raise ProtocolError(f"unexpected text frame: {frame[:80]!r}")
        result.frames += 1
        result.bytes += len(frame)
        fwd = ForwardMsg()
        fwd.ParseFromString(frame)
        return arrived, fwd

    def _run_ended(self, status: int, fragment_id: str, result: RunResult) -> bool:
        """Whether this `script_finished` ends the request. A run finished early for a rerun is followed by
        another; a fragment's own run does not end a full-page request (and a fragment request ends with the
        fragment-finished status)."""
        if status == FINISHED_EARLY_FOR_RERUN:
            self._cache.end_of_run()
            return False
        if status == FINISHED_FRAGMENT_RUN_SUCCESSFULLY and not fragment_id:
            return False
        result.status = status
        if status == FINISHED_WITH_COMPILE_ERROR:
            result.errors.append("the script did not compile (FINISHED_WITH_COMPILE_ERROR)")
        self._on_finished(result, full_run=status != FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
        return True

    def _on_message(self, kind: str | None, fwd: ForwardMsg, result: RunResult) -> None:
        """A message inside the run: the address bar's query string, a compilation exception, or page content
        (a delta, or a `ref_hash` stub resolved from the cache)."""
        if kind == "page_info_changed":
            result.query_string = fwd.page_info_changed.query_string
            self.query_string = result.query_string
        elif kind == "session_event" and fwd.session_event.HasField("script_compilation_exception"):
            exc = fwd.session_event.script_compilation_exception
            result.exceptions.append(f"{exc.type}: {exc.message}")
            result.errors.append(f"script compilation exception: {exc.type}: {exc.message}")
        elif kind == "ref_hash":
            cached = self._cache.get(fwd.ref_hash)
            if cached is None:
                result.errors.append(f"ref_hash {fwd.ref_hash} names a message this client never received")
                return
            result.ref_hits += 1
            self._on_delta(cached.delta, result)
        elif kind == "delta":
            if fwd.metadata.cacheable and fwd.hash:
                self._cache.add(fwd)
            self._on_delta(fwd.delta, result)

    def _on_new_session(self, fwd: ForwardMsg, result: RunResult) -> None:
        new_session = fwd.new_session
        result.run_ids.append(fwd.metadata.run.script_run_id)
        # Each full run sends the whole page again: what counts is the last run's content.
        result.widgets.clear()
        result.markdown.clear()
        result.alerts.clear()
        self.page_script_hash = new_session.page_script_hash or self.page_script_hash
        if new_session.config.max_cached_message_age:
            self._cache.max_age = new_session.config.max_cached_message_age
        if new_session.HasField("initialize") and new_session.initialize.session_id:
            self.session_id = new_session.initialize.session_id

    def _on_delta(self, delta: Any, result: RunResult) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind is None:
            return
        sub = getattr(element, kind)
        if kind in TEXT_ELEMENTS:
            result.markdown.append(sub.body)
        elif kind == "alert":
            result.alerts.append((sub.format, sub.body))
        elif kind == "exception":
            text = f"{sub.type}: {sub.message}".strip(": ")
            result.exceptions.append(text)
            result.errors.append(f"exception element{' (warning)' if sub.is_warning else ''}: {text[:200]}")
        fields = sub.DESCRIPTOR.fields_by_name
        if "id" in fields and sub.id.startswith("$$ID"):
            options: list[str] = []
            if "options" in fields:
                options = [o if isinstance(o, str) else getattr(o, "content", str(o)) for o in sub.options]
            label = sub.label if "label" in fields else ""
            result.widgets[sub.id] = Widget(
                id=sub.id, kind=kind, label=label, options=options, proto=sub, fragment_id=delta.fragment_id
            )

    def _on_finished(self, result: RunResult, full_run: bool) -> None:
        self.runs += 1
        self._cache.end_of_run()
        if full_run:
            self.widgets = dict(result.widgets)
            # The browser forgets the state of widgets that are no longer on the page.
            self._kept = {i: s for i, s in self._kept.items() if i in self.widgets}
        else:
            self.widgets.update(result.widgets)
        for widget in result.widgets.values():
            if not getattr(widget.proto, "set_value", False):
                continue
            value = widget.server_value()
            self._values[widget.id] = value
            state = _state_for(widget, value)
            if state is not None:
                self._kept[widget.id] = state  # the browser takes the server's value as its own
            else:
                self._kept.pop(widget.id, None)  # the server holds it; sending an old one would undo it

    # -- what a person does -----------------------------------------------------------------------------------

    async def set_value(self, name: str, value: Any, *, check: bool = True) -> RunResult:
        """Give a widget a value (formatted option text(s) for option widgets) and wait for the run.

        check: refuse an option text the widget does not list (UnknownOption). With check=False it is
        sent anyway and the result carries an error, as the server silently shows the default instead.
        """
        widget = self.widget(name)
        texts = [value] if isinstance(value, str) else list(value or [])
        if check and widget.options and any(t not in widget.options for t in texts):
            raise UnknownOption(f"{value!r} is not an option of {name!r}: {widget.options}")
        state = _state_for(widget, value)
        if state is None:
            raise TypeError(f"{name!r} is a {widget.kind}: this client does not know its value type")
        self._values[widget.id] = value  # until the server says otherwise
        result = await self.rerun([state], fragment_id=widget.fragment_id)
        unknown = [t for t in texts if widget.options and t not in widget.options]
        if unknown:  # the server quietly shows the default instead
            result.errors.append(f"{unknown[0]!r} is not an option of {widget.key or widget.label!r}")
        self._check_shown(result, widget, value)
        return result

    async def set_slider(self, name: str, option: str, *, check: bool = True) -> RunResult:
        """Move a select_slider (by key or label) to the option with this formatted text."""
        widget = self.widget(name)
        if not widget.is_select_slider:
            raise TypeError(f"{name!r} is not a select_slider ({widget.kind})")
        return await self.set_value(name, [option], check=check)

    async def select(self, name: str, option: str, *, check: bool = True) -> RunResult:
        """Pick the option with this formatted text in a selectbox (by key or label)."""
        widget = self.widget(name)
        if widget.kind != "selectbox":
            raise TypeError(f"{name!r} is not a selectbox ({widget.kind})")
        return await self.set_value(name, option, check=check)

    async def click(self, name: str) -> RunResult:
        """Press a button (by key or label): a trigger_value for one run."""
        widget = self.widget(name)
        if widget.kind not in ("button", "form_submit_button"):
            raise TypeError(f"{name!r} is not a button ({widget.kind})")
        return await self.rerun([WidgetState(id=widget.id, trigger_value=True)], fragment_id=widget.fragment_id)

    def _check_shown(self, result: RunResult, widget: Widget, value: Any) -> None:
        after = result.widgets.get(widget.id)
        if after is None:
            result.errors.append(f"{widget.key or widget.label!r} is not on the page after the run")
            return
        shown = after.server_value()
        if shown is not None and shown != value:
            result.errors.append(f"sent {value!r} to {widget.key or widget.label!r}; the server showed {shown!r}")
            return
        if self.verify is not None:
            text = value[0] if isinstance(value, list) and len(value) == 1 else value
            problem = self.verify(result, after, text)
            if problem:
                result.errors.append(problem)


class OptionMarkers:
    """A `verify` hook that tells whether a run shows the option asked for, without knowing the page.

    `learn()` steps one session through every option of a widget and keeps, per option, the texts
    (markdown and heading bodies) that only that option's run showed: for a date slider, the heading
    with the long date, a "changes up to <day>" caption, and so on. Afterwards a run asked for option X
    that shows none of X's texts is an error ("the page does not show X"). Runs of other widgets are
    not checked. Texts other widgets add (a place panel) do not matter: one of X's texts is enough.
    """

    def __init__(self, name: str, texts_by_option: dict[str, set[str]]):
        self.name = name
        self.markers: dict[str, set[str]] = {}
        for option, texts in texts_by_option.items():
            others = set().union(*(t for o, t in texts_by_option.items() if o != option))
            self.markers[option] = texts - others
        #: Options whose run showed no text of its own: they cannot be checked (each is an error).
        self.unmarked = [o for o, m in self.markers.items() if not m]

    @classmethod
    async def learn(cls, client: StreamlitClient, name: str) -> OptionMarkers:
        """Step `client` (page loaded, nothing else going on) through every option of widget `name`."""
        widget = client.widget(name)
        texts: dict[str, set[str]] = {}
        for option in widget.options:
            result = await client.set_value(name, [option] if widget.is_select_slider else option)
            if not result.ok:
                raise ProtocolError(f"learning what {name!r} = {option!r} shows: {result.errors[0]}")
            texts[option] = set(result.markdown)
        return cls(name, texts)

    def __call__(self, result: RunResult, widget: Widget, option: str) -> str | None:
        """The `verify` hook: a problem when a run asked for `option` shows none of its texts, else None."""
        if self.name not in (widget.key, widget.label):
            return None
        if option not in self.markers:
            return f"{option!r} was not an option of {self.name!r} when its texts were learned"
        markers = self.markers[option]
        if not markers:
            return f"cannot tell whether the page shows {option!r}: no text of its own when learned"
        if markers.isdisjoint(result.markdown):
            return f"the page does not show {option!r}"
        return None
