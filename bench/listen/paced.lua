-- wrk: the delivery of post.lua, each connection waiting BENCH_PAUSE_MS between requests, for a steady load below
-- saturation; the latency then shows the receiver's own time, not the queue in front of it.
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Paismo-Signature"] = os.getenv("BENCH_SIGNATURE")
local pause = tonumber(os.getenv("BENCH_PAUSE_MS") or "20")
function delay() return pause end
