-- wrk script for bench/lib.mjs: replays the requests it encoded into the file WRK_REQUESTS, as
-- records "<length>\n<request bytes>", one thread walking them in order. With WRK_CYCLE=1 it starts
-- over at the end; otherwise the thread stops once every request was sent (appends must not
-- repeat), and lib.mjs refuses the row: wrk would still report its whole duration.
-- done() prints one line, "WRK_RESULT {json}", for lib.mjs to read.
local requests, count, sent = {}, 0, 0
local cycle = os.getenv("WRK_CYCLE") == "1"
local spare
-- Per thread (init and request run in the thread's own Lua state).
setupCpu = 0
exhausted = false

function init(args)
  local f = assert(io.open(os.getenv("WRK_REQUESTS"), "rb"))
  local data = f:read("*a")
  f:close()
  local at = 1
  while at <= #data do
    local nl = data:find("\n", at, true)
    local len = tonumber(data:sub(at, nl - 1))
    requests[count] = data:sub(nl + 1, nl + len)
    count = count + 1
    at = nl + len + 1
  end
  -- What a connection sends after the stop (it is never counted: the loop ends first).
  spare = wrk.format("GET", "/healthz")
  setupCpu = os.clock() -- the process's CPU so far: reading the requests, before the clock starts
end

function request()
  if sent >= count then
    if not cycle then
      exhausted = true
      wrk.thread:stop()
      return spare
    end
    sent = 0
  end
  local r = requests[sent]
  sent = sent + 1
  return r
end

-- setup() and done() run in the main Lua state: they reach a thread's globals through it.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local e = summary.errors
  local t = threads[1]
  io.write(string.format(
    'WRK_RESULT {"requests":%.0f,"durationUs":%.0f,"p50Us":%.0f,"p99Us":%.0f,"maxUs":%.0f,' ..
      '"connect":%.0f,"read":%.0f,"write":%.0f,"status":%.0f,"timeout":%.0f,' ..
      '"setupCpuUs":%.0f,"exhausted":%s}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout,
    t:get("setupCpu") * 1e6, tostring(t:get("exhausted"))))
end
