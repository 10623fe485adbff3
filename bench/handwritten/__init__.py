"""A hand-written FastAPI + SQLModel app, the baseline of `bench/app_throughput.py`."""
