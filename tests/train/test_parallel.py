"""run_parts and the thread count a training step takes."""

import threading

import pytest

from convviz.train import parallel


@pytest.mark.parametrize("threads", [1, 2])
def test_parts_come_back_in_order(threads):
    assert parallel.run_parts(lambda i: i * 10, 3, threads) == [0, 10, 20]


def test_with_two_threads_the_first_part_runs_on_another_thread():
    names = parallel.run_parts(lambda i: threading.current_thread().name, 2, 2)
    assert names[0].startswith("convviz-train") and names[1] == threading.current_thread().name


def test_a_failing_part_raises_only_after_the_other_part_is_done():
    finished = threading.Event()

    def work(i):
        if i == 1:
            raise ValueError("part 1")
        finished.wait(0.2)  # still running when part 1 fails
        finished.set()
        return i

    with pytest.raises(ValueError, match="part 1"):
        parallel.run_parts(work, 2, 2)
    assert finished.is_set()


def test_blas_is_one_thread_while_two_parts_run_side_by_side_and_untouched_on_one():
    if parallel.blas_threads() is None:
        pytest.skip("no BLAS library threadpoolctl can see")
    from threadpoolctl import threadpool_limits

    with threadpool_limits(2, user_api="blas"):
        assert parallel.run_parts(lambda i: parallel.blas_threads(), 2, 2) == [1, 1]
        assert parallel.blas_threads() == 2
        assert parallel.run_parts(lambda i: parallel.blas_threads(), 2, 1) == [2, 2]


def test_the_thread_count_follows_the_blas_limit():
    if parallel.blas_threads() is None:
        pytest.skip("no BLAS library threadpoolctl can see")
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1, user_api="blas"):
        assert parallel.training_threads() == 1
    with threadpool_limits(8, user_api="blas"):
        assert 1 <= parallel.training_threads() <= min(parallel.BATCH_PARTS, parallel._cpus())
