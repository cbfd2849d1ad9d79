-- push.lua: wrk script of bench/run.sh's push scenario. Every request
-- carries one new point: request n of thread t is number k = n*threads + t,
-- dated base + k milliseconds, for series k mod series, so no two requests
-- of a run share a time and each is a new point of an existing series. The
-- values follow the plan of bench/catalog.toml, so the series stay on track.
--
-- Arguments after "--": target (jalon | pushgateway), number of series,
-- base time (seconds since the epoch), number of wrk threads.
-- Prints one line at the end:
--   RESULT requests=… seconds=… rps=… non2xx=… errors=… notnew=… p50_ms=… p99_ms=…
-- where notnew counts Jalon answers that did not report exactly one new
-- point.

local threads = {}

function setup(thread)
   thread:set("tid", #threads)
   table.insert(threads, thread)
end

function init(args)
   target = args[1] or "jalon"
   series = tonumber(args[2] or "1000")
   base = tonumber(args[3] or "1704067200")
   nthreads = tonumber(args[4] or "2")
   n = 0
   notnew = 0
end

-- planned is the plan of bench_level in bench/catalog.toml, a straight line
-- from 0 on 2023-01-01 to 1 000 000 on 2027-12-31: values on it keep the
-- series on track.
local function planned(t)
   return 1e6 * (t - 1672531200) / (1830211200 - 1672531200)
end

local jalon_headers = { ["Content-Type"] = "application/json" }
local pg_headers = { ["Content-Type"] = "text/plain; version=0.0.4" }

function request()
   local k = n * nthreads + tid
   n = n + 1
   local site = string.format("s%06d", k % series + 1)
   if target == "pushgateway" then
      local body = string.format('bench_push{site="%s"} %d\n', site, k)
      return wrk.format("PUT", "/metrics/job/bench/instance/" .. site, pg_headers, body)
   end
   local s, ms = base + math.floor(k / 1000), k % 1000
   local body = string.format(
      '{"measurements":[{"indicator":"bench_level","labels":{"site":"%s"},"time":"%s.%03dZ","value":%.0f,"source":"wrk"}]}',
      site, os.date("!%Y-%m-%dT%H:%M:%S", s), ms, planned(s))
   return wrk.format("POST", "/api/v1/measurements", jalon_headers, body)
end

function response(status, headers, body)
   if target == "jalon" and not string.find(body, '"new":1,', 1, true) then
      notnew = notnew + 1
   end
end

function done(summary, latency, requests)
   local e = summary.errors
   local seconds = summary.duration / 1e6
   local bad = 0
   for _, t in ipairs(threads) do
      bad = bad + t:get("notnew")
   end
   io.write(string.format(
      "RESULT requests=%d seconds=%.3f rps=%.1f non2xx=%d errors=%d notnew=%d p50_ms=%.2f p99_ms=%.2f\n",
      summary.requests, seconds, summary.requests / seconds, e.status,
      e.connect + e.read + e.write + e.timeout, bad, latency:percentile(50) / 1000,
      latency:percentile(99) / 1000))
end
