"""Parallel recordings can never overdraw a frame: twelve threads race for the last
5 000 kr of Siva's 2016 frame, each wanting 1 000 kr; exactly five may win."""

import threading
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection

from funding.models import PricedService
from funding.selectors import frame_use
from funding.services import service_record
from tests.funding.conftest import draft_for

THREADS = 12

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Row locks (SELECT … FOR UPDATE) are what is tested; SQLite serialises all writes.",
)


@pytest.mark.django_db(transaction=True)
def test_twelve_threads_racing_for_the_last_5000_kr_never_overdraw_the_frame(
    reference_data, roros, company, roros_adviser, advice
):
    # Use the frame down to its last 5 000 kr (subsidy 1 495 000 kr).
    service_record(
        draft=draft_for(
            company,
            roros_adviser,
            advice,
            hours=None,
            hourly_rate=None,
            fixed_price=Decimal("1993333.33"),
            own_share=Decimal("498333.33"),
        ),
        recorded_by=roros_adviser,
    )
    assert frame_use(naeringshage=roros, year=2016).left == Decimal("5000.00")

    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def record_one():
        try:
            barrier.wait(timeout=30)
            # Price 1 333,33 with 333,33 own share (25 %): a subsidy of 1 000 kr.
            service_record(
                draft=draft_for(
                    company,
                    roros_adviser,
                    advice,
                    hours=None,
                    hourly_rate=None,
                    fixed_price=Decimal("1333.33"),
                    own_share=Decimal("333.33"),
                ),
                recorded_by=roros_adviser,
            )
            result = "recorded"
        except Exception as error:  # every outcome is collected and checked below
            result = type(error).__name__
        finally:
            close_old_connections()
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=record_one) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(outcomes) == ["ValidationError"] * 7 + ["recorded"] * 5
    frame = frame_use(naeringshage=roros, year=2016)
    assert frame.left == 0
    assert frame.used == frame.granted == Decimal("1500000.00")
    assert PricedService.objects.counted().count() == 6
