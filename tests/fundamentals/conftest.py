"""One BLAS thread for these tests: OpenBLAS threads spin while waiting, and on a busy 2-core machine
the medium-size products here ran up to 10x slower with two threads than with one."""

import pytest


@pytest.fixture(autouse=True, scope="package")
def one_blas_thread():
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield
