-- wrk: POST one signed Paismo delivery (body and signature come from the environment).
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Paismo-Signature"] = os.getenv("BENCH_SIGNATURE")
