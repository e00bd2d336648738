"""Two selections at once in two threads, and no copy of C-contiguous float32 features."""

import threading

import numpy as np

import gais
import gais._lib as lib


def test_two_threads_at_once_give_their_own_results():
    rng = np.random.default_rng(1)
    X1 = rng.normal(size=(4000, 6)).astype(np.float32)
    y1 = (X1[:, 0] > 0).astype(int)
    X2 = rng.normal(size=(3000, 9))
    y2 = np.where(X2[:, 1] + X2[:, 2] > 0, "left", "right")
    expected = [gais.select(X1, y1, random_state=4, n_jobs=1),
                gais.select(X2, y2, method="enn", n_jobs=2)]
    results = [None, None]
    errors = []
    start = threading.Barrier(2)

    def work(k):
        try:
            start.wait()
            for _ in range(2):
                if k == 0:
                    results[0] = gais.select(X1, y1, random_state=4, n_jobs=2)
                else:
                    results[1] = gais.select(X2, y2, method="enn", n_jobs=1)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    np.testing.assert_array_equal(results[0], expected[0])
    np.testing.assert_array_equal(results[1], expected[1])


def test_errors_in_two_threads_are_their_own():
    X = np.random.default_rng(0).random((50, 2)).astype(np.float32)
    y = np.arange(50) % 2
    messages = [None, None]

    def work(k):
        try:
            if k == 0:
                gais.select(X, y, method="enn", neighbors=0)
            else:
                gais.select(X, y, method="no-such")
        except ValueError as error:
            messages[k] = str(error)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert messages[0] == "parameter 'neighbors' of enn must be a whole number ≥ 1, got 0"
    assert messages[1].startswith("unknown method 'no-such'")


class _Spy:
    def __init__(self, function):
        self.function = function
        self.pointers = []

    def __call__(self, *args):
        self.pointers.append((args[0], args[1]))
        return self.function(*args)


def test_c_contiguous_float32_is_passed_without_a_copy(monkeypatch):
    X = np.random.default_rng(2).random((500, 4)).astype(np.float32)
    y = np.arange(500) % 2
    spy = _Spy(lib.LIB.gais_select)
    monkeypatch.setattr(lib.LIB, "gais_select", spy)
    gais.select(X, y, method="enn")
    gais.ENNSampler().fit_resample(X, y)
    assert spy.pointers == [(X.ctypes.data, lib.DTYPE_FLOAT32)] * 2
    # float64 is passed in place too (the engine converts it); other layouts are copied once.
    X64 = X.astype(np.float64)
    gais.select(X64, y, method="enn")
    assert spy.pointers[-1] == (X64.ctypes.data, lib.DTYPE_FLOAT64)
    F = np.asfortranarray(X)
    gais.select(F, y, method="enn")
    assert spy.pointers[-1][0] != F.ctypes.data
