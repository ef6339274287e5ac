"""The scheduler: last request wins, stale work stops early, display-only requests never recompute."""

import threading

import numpy as np
import pytest

from convviz import compute
from convviz.compute import (
    Failed,
    Finished,
    InputReady,
    KernelsReady,
    ManualScheduler,
    Request,
    Scheduler,
    StageReady,
    run_request,
)
from convviz.core.layers import Activation, Conv2D, Pool2D
from convviz.core.network import build_network, forward
from convviz.core.samples import sample_image
from convviz.render import DisplayOptions


def lecture_net(filters=6):
    layers = [Conv2D(filters=filters, kernel_size=(3, 3)), Activation("relu"), Conv2D(10, (3, 3)),
              Activation("relu"), Pool2D("max", (2, 2))]
    return build_network((8, 8, 3), layers, seed=3), sample_image(8, 8, 3, "lecture")


def test_run_request_streams_every_stage_in_order_and_matches_forward():
    net, x = lecture_net()
    events = list(run_request(Request(1, net, x)))
    assert isinstance(events[0], InputReady)
    assert [e.index for e in events if isinstance(e, KernelsReady)] == [0, 2]
    stages = [e for e in events if isinstance(e, StageReady)]
    assert [e.index for e in stages] == list(range(5))
    expected = forward(net, x)
    for ev, ref in zip(stages, expected, strict=True):
        np.testing.assert_array_equal(ev.output, ref)
    assert isinstance(events[-1], Finished) and events[-1].computed == 5
    assert all(e.generation == 1 for e in events)


def test_stack_scope_renders_with_one_scale_after_all_stages():
    net, x = lecture_net()
    events = list(run_request(Request(1, net, x, DisplayOptions(scope="stack"))))
    stages = [e for e in events if isinstance(e, StageReady)]
    assert len(stages) == 5 and isinstance(events[-1], Finished)


def test_a_stale_request_stops_between_layers():
    net, x = lecture_net()
    seen = []

    def stale():
        return len([e for e in seen if isinstance(e, StageReady)]) >= 2

    for ev in run_request(Request(1, net, x), stale):
        seen.append(ev)
    assert [e.index for e in seen if isinstance(e, StageReady)] == [0, 1]
    assert not any(isinstance(e, Finished) for e in seen)


def test_display_only_request_does_not_recompute(monkeypatch):
    net, x = lecture_net()
    stages = tuple(forward(net, x))

    def boom(*a, **k):
        raise AssertionError("the network was recomputed")

    monkeypatch.setattr(compute, "run_layer", boom)
    events = list(run_request(Request(2, net, x, DisplayOptions(colormap="gray"), known=stages)))
    assert isinstance(events[-1], Finished) and events[-1].computed == 0
    assert [e.output for e in events if isinstance(e, StageReady)] == list(stages)


def test_a_stale_request_stops_inside_a_long_convolution():
    layers = [Conv2D(filters=8, kernel_size=(3, 3))]
    net = build_network((256, 256, 3), layers)
    x = sample_image(256, 256, 3)
    asked = []

    def stale():
        asked.append(1)
        return len(asked) > 3  # goes stale after a few blocks of rows

    events = list(run_request(Request(1, net, x), stale))
    assert not any(isinstance(e, (StageReady, Finished, Failed)) for e in events)
    assert len(asked) > 3


def test_known_leading_stages_are_reused_and_the_rest_computed(monkeypatch):
    net, x = lecture_net()
    stages = tuple(forward(net, x))
    first = list(run_request(Request(1, net, x)))
    rendered = tuple(e.rendered for e in first if isinstance(e, StageReady))
    calls = []
    real = compute.run_layer

    def counting(spec, lw, inp, cancel=None, out=None):
        calls.append(spec)
        return real(spec, lw, inp, cancel, out)

    monkeypatch.setattr(compute, "run_layer", counting)
    events = list(run_request(Request(2, net, x, known=stages[:3], known_rendered=rendered[:2])))
    assert calls == list(net.layers[3:])
    got = [e for e in events if isinstance(e, StageReady)]
    assert got[0].rendered is rendered[0] and got[1].rendered is rendered[1]
    assert got[2].rendered is not rendered[2]  # known output, but rendered afresh
    for ev, ref in zip(got, stages, strict=True):
        np.testing.assert_array_equal(ev.output, ref)
    assert events[-1].computed == 2


def test_engine_refusal_becomes_a_failed_event(monkeypatch):
    net, x = lecture_net()

    def refuse(*a, **k):
        raise ValueError("kernel does not fit")

    monkeypatch.setattr(compute, "run_layer", refuse)
    events = list(run_request(Request(1, net, x)))
    assert isinstance(events[-1], Failed) and "does not fit" in events[-1].message


def test_sync_scheduler_runs_in_the_callers_thread():
    net, x = lecture_net()
    got, threads = [], set()

    def emit(ev):
        got.append(ev)
        threads.add(threading.get_ident())

    sched = Scheduler(emit, sync=True)
    sched.submit(Request(1, net, x))
    assert isinstance(got[-1], Finished)
    assert threads == {threading.get_ident()}


def test_threaded_scheduler_runs_only_the_newest_of_a_burst():
    """While the worker is busy, 9 more requests arrive: the running one stops, only the last one runs."""
    net, x = lecture_net()
    release = threading.Event()
    first_event = threading.Event()
    got = []
    lock = threading.Lock()

    def emit(ev):
        with lock:
            got.append(ev)
        if ev.generation == 1 and not first_event.is_set():
            first_event.set()
            release.wait(5)  # hold the worker inside generation 1

    sched = Scheduler(emit)
    try:
        sched.submit(Request(1, net, x))
        assert first_event.wait(5)
        for gen in range(2, 11):
            sched.submit(Request(gen, net, x))
        release.set()
        for _ in range(500):
            if sched.idle() and any(isinstance(e, Finished) for e in got):
                break
            threading.Event().wait(0.01)
        finished = [e.generation for e in got if isinstance(e, Finished)]
        assert finished == [10]
        assert {e.generation for e in got} == {1, 10}  # 2..9 were replaced before they started
        assert sched.latest_generation == 10
    finally:
        assert sched.shutdown(timeout=2)


def test_shutdown_stops_the_worker_quickly():
    net, x = lecture_net()
    sched = Scheduler(lambda ev: None)
    sched.submit(Request(1, net, x))
    assert sched.shutdown(timeout=1.0)
    sched.submit(Request(2, net, x))  # ignored after shutdown, no error


def test_manual_scheduler_delivers_stale_results_for_the_receiver_to_drop():
    net, x = lecture_net()
    got = []
    sched = ManualScheduler(got.append)
    sched.submit(Request(1, net, x))
    sched.submit(Request(2, net, x))
    sched.run_next()
    assert got and all(e.generation == 1 for e in got)
    assert sched.latest_generation == 2


@pytest.mark.parametrize("scope", ["map", "layer", "stack"])
def test_every_scope_renders_without_nan(scope):
    net, x = lecture_net()
    for ev in run_request(Request(1, net, x, DisplayOptions(scope=scope))):
        if isinstance(ev, StageReady):
            assert ev.rendered.rgba.dtype == np.uint8


def test_unchanged_input_and_kernel_images_are_reused():
    net, x = lecture_net()
    first = list(run_request(Request(1, net, x)))
    input_image = next(e.rendered for e in first if isinstance(e, InputReady))
    kernel0 = next(e.rendered for e in first if isinstance(e, KernelsReady) and e.index == 0)
    again = list(run_request(Request(2, net, x, input_rendered=input_image, kernels_rendered={0: kernel0})))
    assert next(e.rendered for e in again if isinstance(e, InputReady)) is input_image
    kernels = {e.index: e.rendered for e in again if isinstance(e, KernelsReady)}
    assert kernels[0] is kernel0 and kernels[2] is not None and kernels[2] is not kernel0


# --- the input lane and extra jobs ----------------------------------------------------------------------


def test_input_lane_runs_on_the_worker_and_only_the_newest_input_arrives():
    events, done = [], threading.Event()
    release = threading.Event()
    sched = Scheduler(lambda e: (events.append(e), done.set()))
    try:
        ran = []

        def slow():  # holds the worker while two more inputs are asked for
            ran.append(("slow", threading.current_thread().name))
            release.wait(5)
            return "slow"

        sched.submit_input(slow)
        while not ran:
            threading.Event().wait(0.001)
        sched.submit_input(lambda: ran.append(("middle", None)) or "middle")  # replaced before it starts
        newest = sched.submit_input(lambda: ran.append(("newest", threading.current_thread().name)) or "newest")
        release.set()
        assert done.wait(5)
        while not sched.idle():
            threading.Event().wait(0.001)
    finally:
        sched.shutdown()
    assert [name for name, _ in ran] == ["slow", "newest"]
    assert {thread for _, thread in ran} == {"convviz-worker"}
    assert len(events) == 1 and isinstance(events[0], compute.InputMade)
    assert events[0].generation == newest == sched.input_ticket and events[0].result == "newest"


def test_input_lane_reports_a_raising_job_and_cancel_drops_a_result():
    events = []
    sched = Scheduler(events.append, sync=True)
    sched.submit_input(lambda: 1 / 0)
    assert isinstance(events[-1], compute.InputMade) and isinstance(events[-1].result, ZeroDivisionError)
    ticket = sched.input_ticket
    sched.cancel_input()
    assert sched.input_ticket == ticket + 1


def test_a_failing_extra_job_is_reported_not_dropped():
    events = []
    sync = Scheduler(events.append, sync=True)
    sync.submit_extra(lambda: {}["missing"])
    assert isinstance(events[-1], compute.JobFailed) and "KeyError" in events[-1].message
    events.clear()
    done = threading.Event()
    threaded = Scheduler(lambda e: (events.append(e), len(events) == 2 and done.set()))
    try:
        threaded.submit_extra(lambda: 1 / 0)
        threaded.submit_extra(lambda: InputReady(0, "fine"))  # the worker goes on after a failure
        assert done.wait(5)
    finally:
        threaded.shutdown()
    assert isinstance(events[0], compute.JobFailed) and "ZeroDivisionError" in events[0].message
    assert isinstance(events[1], InputReady) and events[1].rendered == "fine"


def test_released_results_are_freed_on_the_worker_thread():
    import threading
    import weakref

    events = []
    sched = Scheduler(events.append)
    freed_in = []
    done = threading.Event()

    class Big:
        pass

    holder = [Big()]
    weakref.finalize(holder[0], lambda: (freed_in.append(threading.current_thread().name), done.set()))
    with sched._cond:  # the worker cannot empty its graveyard before this thread's last reference is gone
        sched.release(holder.pop())
    assert done.wait(5)
    sched.shutdown()
    assert freed_in == ["convviz-worker"]


def big_net(seed):
    layers = [Conv2D(16, (3, 3)), Activation("relu"), Pool2D("max", (2, 2)), Conv2D(16, (3, 3))]
    return build_network((160, 160, 3), layers, seed=seed)  # stages of 1.6 MB: from the worker's pool


def test_a_delivered_stage_never_changes_while_held_and_released_buffers_are_reused():
    x = sample_image(160, 160, 3)
    got = {}
    lock = threading.Condition()

    def emit(ev):
        with lock:
            if isinstance(ev, Finished):
                got[ev.generation] = ev.stages
                lock.notify_all()

    sched = Scheduler(emit)

    def run(gen, seed):
        sched.submit(Request(gen, build_network((160, 160, 3), big_net(seed).layers, seed=seed), x))
        with lock:
            assert lock.wait_for(lambda: gen in got, 10)
        return got[gen]

    held = run(1, 1)
    copies = [s.copy() for s in held]
    for gen in range(2, 6):  # later results, each let go of (as the window releases what it replaced)
        stages = run(gen, gen)
        np.testing.assert_array_equal(stages[-1], forward(big_net(gen), x)[-1])
        with lock:
            del got[gen]
        sched.release(stages)
        del stages
    for s, c in zip(held, copies, strict=True):
        np.testing.assert_array_equal(s, c)  # request 1's stages, still held, were never written over
    assert sched.pool.reused > 0  # and the others' buffers were written again
    sched.shutdown()


def test_job_outcome_is_the_result_or_what_stopped_the_job_in_words():
    from convviz.compute import job_outcome
    from convviz.core.errors import ConvvizError

    assert job_outcome(lambda: 42) == 42

    def user_error():
        raise ConvvizError("file_not_found", None, path="gone.png")

    def bug():
        raise ValueError("bad")

    message = job_outcome(user_error)
    assert isinstance(message, str) and "gone.png" in message
    assert job_outcome(bug) == "ValueError: bad"
