"""The worker's reusable output buffers: a buffer anything still refers to is never handed out again."""

import numpy as np

from convviz.core.buffers import MIN_POOLED_BYTES, BufferPool

BIG = (256, 256, 8)  # 2 MiB of float32: pooled


def address(a: np.ndarray) -> int:
    return a.__array_interface__["data"][0]


def test_small_arrays_are_not_pooled():
    pool = BufferPool()
    a = pool.take((4, 4, 2))
    assert a.shape == (4, 4, 2) and a.dtype == np.float32 and a.nbytes < MIN_POOLED_BYTES
    assert pool.pooled_bytes == 0


def test_a_dropped_array_is_reused_and_a_held_one_never():
    pool = BufferPool()
    a = pool.take(BIG)
    assert a.shape == BIG and a.dtype == np.float32 and a.flags.c_contiguous
    b = pool.take(BIG)  # a is held: a new buffer
    assert not np.shares_memory(a, b) and pool.allocated == 2 and pool.reused == 0
    where = address(a)
    del a
    c = pool.take(BIG)
    assert address(c) == where and pool.reused == 1
    assert not np.shares_memory(b, c)


def test_a_view_or_a_container_keeps_its_buffer_in_use():
    pool = BufferPool()
    a = pool.take(BIG)
    kept = {"stage": a[10:20, :, 3]}  # a NumPy view held elsewhere (a hover, a view's raw data)
    where = address(a)
    del a
    b = pool.take(BIG)
    assert address(b) != where
    del kept
    c = pool.take(BIG)
    assert address(c) == where


def test_a_slightly_larger_shape_fits_the_headroom_a_much_smaller_one_does_not_take_it():
    pool = BufferPool()
    a = pool.take((512, 512, 16))
    where = address(a)
    del a
    b = pool.take((512, 512, 17))  # one filter more: within the 25 % headroom
    assert address(b) == where and b.shape == (512, 512, 17)
    del b
    small = pool.take((512, 512, 2))  # an eighth: a new buffer, the big one stays for a big stage
    assert address(small) != where


def test_trim_drops_the_oldest_free_buffers_and_keeps_those_in_use():
    pool = BufferPool()
    held = pool.take(BIG)
    old = pool.take(BIG)
    new = pool.take(BIG)
    nbytes = pool.pooled_bytes // 3
    new_at = address(new)
    del old, new
    pool.trim(keep_free_bytes=nbytes)  # room for one free buffer: the newer one stays
    assert pool.pooled_bytes == 2 * nbytes
    again = pool.take(BIG)
    assert address(again) == new_at
    pool.trim(0)
    assert pool.pooled_bytes == 2 * nbytes  # both are held
    held[:] = 1  # still ours to write
